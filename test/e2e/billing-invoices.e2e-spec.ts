import { addLocalDays } from '../../src/segments/local-time.js';
import { LifecycleService } from '../../src/jobs/lifecycle.service.js';
import { at, book, createSegment, localDay } from '../support/facility.js';
import { expectError } from '../support/envelope.js';
import { atIn, createRateCard, draftFor, generate, issue, monthBefore, monthFromNow, usedTrack } from '../support/billing.js';
import { TestApp, bearer, type TestUser } from '../support/test-app.js';

const NUMBER = /^DPG-(\d{4})-(\d{6})$/;
const seq = (number: string) => Number(NUMBER.exec(number)![2]);
const DEFAULT_POLICY = { tiers: [{ minNoticeHours: 168, percent: 0 }, { minNoticeHours: 48, percent: 50 }, { minNoticeHours: 0, percent: 100 }], noShowPercent: 100 };

/**
 * Invoices through HTTP (and SQL where the database must enforce an invariant): local billing months, regeneration,
 * gapless numbers under concurrent issuing, one issued invoice per charge, immutability, paid and void with credit
 * notes, cancellation and no-show fees, tenancy and roles.
 */
describe('billing: invoices (Asia/Seoul)', () => {
  let t: TestApp;
  let scheduler: TestUser;
  let finance: TestUser;
  let admin: TestUser;
  let alice: TestUser;
  let bob: TestUser;
  const year = localDay(0).slice(0, 4);

  beforeAll(async () => {
    t = await TestApp.start();
    scheduler = await t.createUser('scheduler');
    finance = await t.createUser('finance');
    admin = await t.createUser('admin');
    alice = await t.createCustomer({ membership: 'non_member' });
    bob = await t.createCustomer({ membership: 'non_member' });
  });
  afterAll(() => t.close());

  async function pricedSegment(hourlyRate = 100000, overrides: Record<string, unknown> = {}) {
    const seg = await createSegment(t, scheduler, overrides);
    await createRateCard(t, finance, { segmentId: seg.id, effectiveFrom: '2020-01-01', hourlyRate }).expect(201);
    return seg;
  }
  const getInvoice = (id: string, user: TestUser = finance) => t.http.get(`/api/v1/invoices/${id}`).set(bearer(user));

  it('a reservation at 00:30 on the 1st (facility time) belongs to the new month, though it is the previous month in UTC', async () => {
    const seg = await pricedSegment();
    const org = await t.createOrganization({ membership: 'non_member' });
    const month = monthFromNow(-1);
    const earlier = monthBefore(month);
    const first = `${month}-01`;
    const lastOfEarlier = addLocalDays(first, -1);
    // 00:30 KST on the 1st is 15:30 UTC on the last day of the month before.
    const r1 = await usedTrack(t, scheduler, { organizationId: org.id, segmentId: seg.id, start: at(first, '00:30'), end: at(first, '01:30') });
    expect(r1.start.slice(0, 10)).toBe(lastOfEarlier);
    // 23:00–24:00 KST on the last day of the earlier month (14:00–15:00 UTC) stays in that month.
    const r2 = await usedTrack(t, scheduler, { organizationId: org.id, segmentId: seg.id, start: at(lastOfEarlier, '23:00'), end: at(lastOfEarlier, '24:00') });

    const inMonth = await draftFor(t, finance, month, org.id);
    // 1 h × 100,000 = 100,000
    expect(inMonth.lines).toEqual([expect.objectContaining({ reservationId: r1.id, amount: 100000 })]);
    expect(inMonth.lines[0].description).toContain(`${first} 00:30`);
    const inEarlier = await draftFor(t, finance, earlier, org.id);
    expect(inEarlier.lines).toEqual([expect.objectContaining({ reservationId: r2.id, amount: 100000 })]);
  });

  it('regenerating replaces drafts and never touches issued invoices', async () => {
    const seg = await pricedSegment();
    const org = await t.createOrganization({ membership: 'non_member' });
    const period = monthFromNow(-2);
    const r1 = await usedTrack(t, scheduler, { organizationId: org.id, segmentId: seg.id, start: at(`${period}-03`, '10:00'), end: at(`${period}-03`, '12:00') });

    const d1 = await draftFor(t, finance, period, org.id);
    const d2 = await draftFor(t, finance, period, org.id);
    expect(d2.id).not.toBe(d1.id);
    expectError(await getInvoice(d1.id), 404, 'NOT_FOUND');
    expect(d2).toEqual({ ...d1, id: d2.id });

    const issued = await issue(t, finance, d2.id);
    expect(issued).toEqual(expect.objectContaining({ status: 'issued', number: expect.stringMatching(NUMBER), issuedAt: expect.any(String) }));
    expect(await generate(t, finance, period, org.id)).toEqual([]);

    const r2 = await usedTrack(t, scheduler, { organizationId: org.id, segmentId: seg.id, start: at(`${period}-04`, '10:00'), end: at(`${period}-04`, '11:00') });
    const d3 = await draftFor(t, finance, period, org.id);
    expect(d3.lines).toEqual([expect.objectContaining({ reservationId: r2.id, amount: 100000 })]);
    // Generating the whole month (every organization) again: one draft for the organization, the issued one intact.
    const all = await generate(t, admin, period);
    const mine = all.filter((i) => i.organizationId === org.id);
    expect(mine).toHaveLength(1);
    expect(mine[0].lines).toEqual(d3.lines);
    expect((await getInvoice(d2.id).expect(200)).body).toEqual(issued);
    expect(issued.lines).toEqual([expect.objectContaining({ reservationId: r1.id, amount: 200000 })]);
    const rows = await t.query<{ status: string; n: number }>(`SELECT status, count(*)::int AS n FROM invoices WHERE organization_id = $1 GROUP BY status ORDER BY status`, [org.id]);
    expect(rows).toEqual([{ status: 'draft', n: 1 }, { status: 'issued', n: 1 }]);
  });

  it('12 drafts of 12 organizations issued at once get unique, gapless numbers', async () => {
    const seg = await pricedSegment(50000);
    const period = monthFromNow(-3);
    const orgs = await Promise.all(Array.from({ length: 12 }, () => t.createOrganization({ membership: 'non_member' })));
    for (const [i, org] of orgs.entries()) {
      const hour = String(i + 8).padStart(2, '0');
      await usedTrack(t, scheduler, { organizationId: org.id, segmentId: seg.id, start: at(`${period}-05`, `${hour}:00`), end: at(`${period}-05`, `${hour}:30`) });
    }
    const drafts = (await generate(t, finance, period)).filter((d) => orgs.some((o) => o.id === d.organizationId));
    expect(drafts).toHaveLength(12);

    const answers = await Promise.all(drafts.map((d) => t.http.post(`/api/v1/invoices/${d.id}/issue`).set(bearer(finance))));
    expect(answers.map((a) => a.status)).toEqual(Array(12).fill(200));
    const numbers = answers.map((a) => a.body.number as string);
    expect(new Set(numbers).size).toBe(12);
    for (const n of numbers) expect(n).toMatch(new RegExp(`^DPG-${year}-\\d{6}$`));
    const sorted = numbers.map(seq).sort((a, b) => a - b);
    expect(sorted).toEqual(Array.from({ length: 12 }, (_, i) => sorted[0] + i));
    // Numbers follow the order of issue: sorted by number, the issue instants never go back.
    const byNumber = answers.map((a) => a.body).sort((x, y) => seq(x.number) - seq(y.number));
    for (let i = 1; i < byNumber.length; i++) expect(Date.parse(byNumber[i].issuedAt)).toBeGreaterThanOrEqual(Date.parse(byNumber[i - 1].issuedAt));
  });

  it('issuing while the month is generated again: never a draft that carries a charge already issued', async () => {
    const seg = await pricedSegment(50000);
    const period = monthFromNow(-8);
    for (let i = 0; i < 8; i++) {
      const org = await t.createOrganization({ membership: 'non_member' });
      const hour = String(i + 8).padStart(2, '0');
      await usedTrack(t, scheduler, { organizationId: org.id, segmentId: seg.id, start: at(`${period}-05`, `${hour}:00`), end: at(`${period}-05`, `${hour}:30`) });
      const draft = await draftFor(t, finance, period, org.id);
      const [issued, generated] = await Promise.all([
        t.http.post(`/api/v1/invoices/${draft.id}/issue`).set(bearer(finance)),
        t.http.post('/api/v1/invoices/generate').set(bearer(finance)).send({ period, organizationId: org.id }),
      ]);
      // Either order is fine: issued first (then nothing is left to generate) or generated first (the old draft is
      // gone: 404, and the new draft is the only invoice). Never both an issued invoice and a draft of the charge.
      expect(generated.status).toBe(200);
      expect([200, 404]).toContain(issued.status);
      const rows = await t.query<{ status: string }>(`SELECT status FROM invoices WHERE organization_id = $1`, [org.id]);
      expect(rows.map((r) => r.status)).toEqual([issued.status === 200 ? 'issued' : 'draft']);
    }
    const [{ n }] = await t.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM invoice_lines l JOIN invoices i ON i.id = l.invoice_id JOIN issued_charges c ON c.charge_key = l.charge_key
        WHERE i.status = 'draft'`,
    );
    expect(n).toBe(0);
  });

  it('many generate requests at once (four times the connection pool) all succeed', async () => {
    const seg = await pricedSegment(50000);
    const period = monthFromNow(-9);
    const orgs = await Promise.all(Array.from({ length: 12 }, () => t.createOrganization({ membership: 'non_member' })));
    for (const [i, org] of orgs.entries()) {
      const hour = String(i + 8).padStart(2, '0');
      await usedTrack(t, scheduler, { organizationId: org.id, segmentId: seg.id, start: at(`${period}-05`, `${hour}:00`), end: at(`${period}-05`, `${hour}:30`) });
    }
    const answers = await Promise.all([...orgs, ...orgs, ...orgs, ...orgs].map((o) => t.http.post('/api/v1/invoices/generate').set(bearer(finance)).send({ period, organizationId: o.id })));
    expect(answers.map((a) => a.status)).toEqual(Array(48).fill(200));
    const rows = await t.query<{ n: number }>(`SELECT count(*)::int AS n FROM invoices WHERE period = $1 AND status = 'draft' GROUP BY organization_id`, [period]);
    expect(rows).toEqual(Array(12).fill({ n: 1 }));
  });

  it('a charge can never be on two issued invoices: a second draft carrying it is refused (409) and takes no number', async () => {
    const seg = await pricedSegment();
    const org = await t.createOrganization({ membership: 'non_member' });
    const period = monthFromNow(-4);
    await usedTrack(t, scheduler, { organizationId: org.id, segmentId: seg.id, start: at(`${period}-06`, '10:00'), end: at(`${period}-06`, '11:00') });
    const first = await draftFor(t, finance, period, org.id);
    // A second draft with the same charge, written behind the API's back.
    const [{ id: second }] = await t.query<{ id: string }>(
      `INSERT INTO invoices (type, organization_id, period, status, supply_amount, vat, total) VALUES ('invoice', $1, $2, 'draft', 100000, 10000, 110000) RETURNING id`,
      [org.id, period],
    );
    await t.query(`INSERT INTO invoice_lines SELECT $2, line_no, description, quantity, unit, unit_price, amount, taxable, reservation_id, item_code, program_code, charge_key FROM invoice_lines WHERE invoice_id = $1`, [first.id, second]);

    const a = await issue(t, finance, first.id);
    expectError(await t.http.post(`/api/v1/invoices/${second}/issue`).set(bearer(finance)), 409, 'INVALID_STATE');
    const b = await getInvoice(second).expect(200);
    expect(b.body).toEqual(expect.objectContaining({ status: 'draft', number: null, issuedAt: null }));
    // The refused issue rolled its number back: the next issue takes the one right after `a`.
    const other = await t.createOrganization({ membership: 'non_member' });
    await usedTrack(t, scheduler, { organizationId: other.id, segmentId: seg.id, start: at(`${period}-06`, '12:00'), end: at(`${period}-06`, '13:00') });
    const next = await issue(t, finance, (await draftFor(t, finance, period, other.id)).id);
    expect(seq(next.number)).toBe(seq(a.number) + 1);
    // The database itself refuses a second claim of the charge.
    await expect(t.query(`INSERT INTO issued_charges (charge_key, invoice_id) SELECT charge_key, $1 FROM invoice_lines WHERE invoice_id = $1`, [second])).rejects.toThrow(/duplicate key/);
  });

  it('issued invoices are immutable: SQL updates and deletes raise, and the API has no way to edit', async () => {
    const seg = await pricedSegment();
    const org = await t.createOrganization({ membership: 'non_member' });
    const period = monthFromNow(-4);
    await usedTrack(t, scheduler, { organizationId: org.id, segmentId: seg.id, start: at(`${period}-07`, '10:00'), end: at(`${period}-07`, '11:00') });
    const invoice = await issue(t, finance, (await draftFor(t, finance, period, org.id)).id);
    const id = invoice.id;
    const refused = /cannot (change|be deleted)/;
    await expect(t.query(`UPDATE invoice_lines SET amount = 1 WHERE invoice_id = $1`, [id])).rejects.toThrow(refused);
    await expect(t.query(`UPDATE invoice_lines SET description = 'x' WHERE invoice_id = $1`, [id])).rejects.toThrow(refused);
    await expect(t.query(`DELETE FROM invoice_lines WHERE invoice_id = $1`, [id])).rejects.toThrow(refused);
    await expect(t.query(`UPDATE invoices SET supply_amount = 1, vat = 0, total = 1 WHERE id = $1`, [id])).rejects.toThrow(refused);
    await expect(t.query(`UPDATE invoices SET total = total + 1 WHERE id = $1`, [id])).rejects.toThrow(refused);
    await expect(t.query(`UPDATE invoices SET number = 'DPG-1999-000001' WHERE id = $1`, [id])).rejects.toThrow(refused);
    await expect(t.query(`UPDATE invoices SET status = 'draft', number = NULL WHERE id = $1`, [id])).rejects.toThrow(refused);
    await expect(t.query(`UPDATE invoices SET period = '1999-01' WHERE id = $1`, [id])).rejects.toThrow(refused);
    await expect(t.query(`DELETE FROM invoices WHERE id = $1`, [id])).rejects.toThrow(refused);
    for (const method of ['patch', 'put', 'delete'] as const) {
      const res = await t.http[method](`/api/v1/invoices/${id}`).set(bearer(admin)).send({ total: 1 });
      expect([404, 405]).toContain(res.status);
    }
    expect((await getInvoice(id).expect(200)).body).toEqual(invoice);
  });

  it('the database itself guards issued invoices: no new lines, charges claimed on issue whoever issues, no date or type change', async () => {
    const seg = await pricedSegment();
    const org = await t.createOrganization({ membership: 'non_member' });
    const period = monthFromNow(-4);
    await usedTrack(t, scheduler, { organizationId: org.id, segmentId: seg.id, start: at(`${period}-08`, '10:00'), end: at(`${period}-08`, '11:00') });
    const draft = await draftFor(t, finance, period, org.id);
    const twin = await t.query<{ id: string }>(
      `INSERT INTO invoices (type, organization_id, period, status, supply_amount, vat, total) VALUES ('invoice', $1, $2, 'draft', 0, 0, 0) RETURNING id`,
      [org.id, period],
    );
    await t.query(`INSERT INTO invoice_lines SELECT $2, line_no, description, quantity, unit, unit_price, amount, taxable, reservation_id, item_code, program_code, charge_key FROM invoice_lines WHERE invoice_id = $1`, [draft.id, twin[0].id]);
    const issued = await issue(t, finance, draft.id);
    // issuing the twin behind the API's back: the trigger claims its charges and the key refuses the second claim
    await expect(t.query(`UPDATE invoices SET status = 'issued', number = 'DPG-1999-999999', issued_at = now() WHERE id = $1`, [twin[0].id])).rejects.toThrow(/duplicate key/);
    await expect(
      t.query(`INSERT INTO invoice_lines (invoice_id, line_no, description, quantity, unit, unit_price, amount, taxable) VALUES ($1, 99, 'x', 1, 'each', 1, 1, true)`, [issued.id]),
    ).rejects.toThrow(/no new lines/);
    for (const change of [`issued_at = now() - interval '1 day'`, `type = 'credit_note'`, `credited_invoice_id = id`]) {
      await expect(t.query(`UPDATE invoices SET ${change} WHERE id = $1`, [issued.id])).rejects.toThrow(/cannot change/);
    }
  });

  it('mark-paid: issued → paid once; a paid, draft or credit note cannot be marked paid (409)', async () => {
    const seg = await pricedSegment();
    const org = await t.createOrganization({ membership: 'non_member' });
    const period = monthFromNow(-5);
    await usedTrack(t, scheduler, { organizationId: org.id, segmentId: seg.id, start: at(`${period}-08`, '10:00'), end: at(`${period}-08`, '11:00') });
    const draft = await draftFor(t, finance, period, org.id);
    const body = { paidAt: '2026-01-15T10:00:00+09:00', reference: '입금 KB 123-456' };
    expectError(await t.http.post(`/api/v1/invoices/${draft.id}/mark-paid`).set(bearer(finance)).send(body), 409, 'INVALID_STATE');
    await issue(t, finance, draft.id);
    expectError(await t.http.post(`/api/v1/invoices/${draft.id}/mark-paid`).set(bearer(finance)).send({ reference: 'x' }), 400, 'VALIDATION_FAILED');
    expectError(await t.http.post(`/api/v1/invoices/${draft.id}/mark-paid`).set(bearer(finance)).send({ ...body, paidAt: '2026-01-15T10:00:00' }), 400, 'VALIDATION_FAILED');
    const paid = await t.http.post(`/api/v1/invoices/${draft.id}/mark-paid`).set(bearer(finance)).send(body).expect(200);
    expect(paid.body).toEqual(expect.objectContaining({ id: draft.id, status: 'paid', paidAt: '2026-01-15T01:00:00.000Z', paidReference: '입금 KB 123-456', total: 110000 }));
    expectError(await t.http.post(`/api/v1/invoices/${draft.id}/mark-paid`).set(bearer(finance)).send(body), 409, 'INVALID_STATE');

    // A paid invoice may still be voided; its credit note cannot be marked paid.
    const voided = await t.http.post(`/api/v1/invoices/${draft.id}/void`).set(bearer(finance)).send({ reason: 'refund' }).expect(200);
    expectError(await t.http.post(`/api/v1/invoices/${voided.body.creditNote.id}/mark-paid`).set(bearer(finance)).send(body), 409, 'INVALID_STATE');
    expectError(await t.http.post(`/api/v1/invoices/${draft.id}/mark-paid`).set(bearer(finance)).send(body), 409, 'INVALID_STATE');
  });

  it('void: a credit note with its own next number, negated lines and totals, same period and organization; charges billable again', async () => {
    const seg = await pricedSegment(123459);
    const org = await t.createOrganization({ membership: 'non_member' });
    const period = monthFromNow(-6);
    const r1 = await usedTrack(t, scheduler, { organizationId: org.id, segmentId: seg.id, start: at(`${period}-09`, '10:00'), end: at(`${period}-09`, '11:00') });
    const r2 = await usedTrack(t, scheduler, { organizationId: org.id, segmentId: seg.id, start: at(`${period}-10`, '10:00'), end: at(`${period}-10`, '11:30') });
    const draft = await draftFor(t, finance, period, org.id);
    // r1: 1 h × 123,459 = 123,459; r2: 1.5 h × 123,459 = 185,188.5 → 185,189
    // supply 308,648; VAT 30,864.8 → 30,864; total 339,512
    expect(draft).toEqual(expect.objectContaining({ supplyAmount: 308648, vat: 30864, total: 339512 }));
    expectError(await t.http.post(`/api/v1/invoices/${draft.id}/void`).set(bearer(finance)).send({ reason: 'draft' }), 409, 'INVALID_STATE');
    const issued = await issue(t, finance, draft.id);

    expectError(await t.http.post(`/api/v1/invoices/${draft.id}/void`).set(bearer(finance)).send({}), 400, 'VALIDATION_FAILED');
    expectError(await t.http.post(`/api/v1/invoices/${draft.id}/void`).set(bearer(finance)).send({ reason: '' }), 400, 'VALIDATION_FAILED');
    const res = await t.http.post(`/api/v1/invoices/${draft.id}/void`).set(bearer(finance)).send({ reason: '요금 오류 wrong rate' }).expect(200);
    expect(res.body).toEqual(expect.objectContaining({ id: draft.id, status: 'void', voidReason: '요금 오류 wrong rate', number: issued.number, total: 339512 }));
    const credit = res.body.creditNote;
    expect(credit).toEqual(
      expect.objectContaining({
        type: 'credit_note',
        status: 'issued',
        number: expect.stringMatching(NUMBER),
        issuedAt: expect.any(String),
        organizationId: org.id,
        period,
        creditedInvoiceId: draft.id,
        supplyAmount: -308648,
        vat: -30864,
        total: -339512,
      }),
    );
    expect(seq(credit.number)).toBe(seq(issued.number) + 1);
    expect(credit.lines).toHaveLength(issued.lines.length);
    credit.lines.forEach((line: Record<string, any>, i: number) => {
      const original = issued.lines[i];
      expect(line).toEqual(expect.objectContaining({ quantity: original.quantity, unit: original.unit, unitPrice: -original.unitPrice, amount: -original.amount, taxable: original.taxable, reservationId: original.reservationId }));
    });
    expect((await getInvoice(credit.id).expect(200)).body).toEqual(credit);
    // voided twice, or a credit note voided: 409
    expectError(await t.http.post(`/api/v1/invoices/${draft.id}/void`).set(bearer(finance)).send({ reason: 'again' }), 409, 'INVALID_STATE');
    expectError(await t.http.post(`/api/v1/invoices/${credit.id}/void`).set(bearer(finance)).send({ reason: 'again' }), 409, 'INVALID_STATE');

    // The voided charges may be billed again.
    const again = await draftFor(t, finance, period, org.id);
    expect(again.lines.map((l: { reservationId: string; amount: number }) => [l.reservationId, l.amount])).toEqual([
      [r1.id, 123459],
      [r2.id, 185189],
    ]);
    const reissued = await issue(t, finance, again.id);
    expect(seq(reissued.number)).toBe(seq(credit.number) + 1);
  });

  describe('cancellation and no-show fees', () => {
    afterAll(() => t.http.put('/api/v1/cancellation-policy').set(bearer(finance)).send(DEFAULT_POLICY).expect(200));

    /** The fee lines of an organization over the months the given dates fall in. */
    async function feeLines(organizationId: string, dates: string[]): Promise<Record<string, any>[]> {
      const lines: Record<string, any>[] = [];
      for (const period of [...new Set(dates.map((d) => d.slice(0, 7)))].sort()) {
        for (const invoice of await generate(t, finance, period, organizationId)) {
          lines.push(...invoice.lines.filter((l: { unit: string }) => l.unit === 'each'));
          if (invoice.lines.every((l: { taxable: boolean }) => !l.taxable)) expect(invoice.vat).toBe(0);
        }
      }
      return lines;
    }

    it('default tiers: ≥ 168 h → 0, ≥ 48 h → 50 %, < 48 h → 100 %; a waived fee makes no line', async () => {
      const seg = await pricedSegment();
      const customer = await t.createCustomer({ membership: 'non_member' });
      const cancel = async (user: TestUser, days: number, from: string, to: string, waiveFee?: boolean) => {
        const d = localDay(days);
        const r = await book(t, customer, { segmentId: seg.id, start: at(d, from), end: at(d, to) }).expect(201);
        const res = await t.http.post(`/api/v1/reservations/${r.body.id}/cancel`).set(bearer(user)).send(waiveFee ? { reason: 'x', waiveFee } : { reason: 'x' }).expect(200);
        expect(res.body.reservation.status).toBe('cancelled');
        return { id: r.body.id as string, fee: res.body.cancellationFee as number, date: d };
      };
      expect((await t.http.get('/api/v1/cancellation-policy').set(bearer(customer)).expect(200)).body).toEqual(DEFAULT_POLICY);
      // 2 h × 100,000 = 200,000 is the whole charge of each booking.
      const far = await cancel(customer, 9, '10:00', '12:00'); // ≥ 192 h notice → 0 %
      const mid = await cancel(customer, 4, '10:00', '12:00'); // 72–120 h → 50 % = 100,000
      const near = await cancel(customer, 1, '10:00', '12:00'); // < 48 h → 100 % = 200,000
      const waived = await cancel(scheduler, 1, '13:00', '15:00', true); // staff waive → 0
      expectError(
        await t.http.post(`/api/v1/reservations/${(await book(t, customer, { segmentId: seg.id, start: at(localDay(1), '16:00'), end: at(localDay(1), '17:00') })).body.id}/cancel`).set(bearer(customer)).send({ reason: 'x', waiveFee: true }),
        403,
        'FORBIDDEN',
      );
      expect([far.fee, mid.fee, near.fee, waived.fee]).toEqual([0, 100000, 200000, 0]);

      const lines = await feeLines(customer.organizationId!, [far.date, mid.date, near.date]);
      expect(lines.map((l) => l.reservationId).sort()).toEqual([mid.id, near.id].sort());
      for (const { id, fee } of [mid, near]) {
        const line = lines.find((l) => l.reservationId === id)!;
        expect(line).toEqual(expect.objectContaining({ quantity: 1, unit: 'each', unitPrice: fee, amount: fee, taxable: false }));
        expect(line.description).toContain('cancellation fee');
      }
    });

    it('PUT /cancellation-policy changes the tiers and noShowPercent; GET shows it; fees follow it', async () => {
      const seg = await pricedSegment();
      const customer = await t.createCustomer({ membership: 'non_member' });
      const policy = { tiers: [{ minNoticeHours: 72, percent: 10 }, { minNoticeHours: 0, percent: 40 }], noShowPercent: 60 };
      expect((await t.http.put('/api/v1/cancellation-policy').set(bearer(finance)).send(policy).expect(200)).body).toEqual(policy);
      expect((await t.http.get('/api/v1/cancellation-policy').set(bearer(customer)).expect(200)).body).toEqual(policy);

      const d4 = localDay(4);
      const d1 = localDay(1);
      const a = await book(t, customer, { segmentId: seg.id, start: at(d4, '10:00'), end: at(d4, '12:00') }).expect(201);
      const b = await book(t, customer, { segmentId: seg.id, start: at(d1, '10:00'), end: at(d1, '11:00') }).expect(201);
      // ≥ 72 h → 10 % of 200,000 = 20,000; < 72 h → 40 % of 100,000 = 40,000
      const fa = await t.http.post(`/api/v1/reservations/${a.body.id}/cancel`).set(bearer(customer)).send({ reason: 'x' }).expect(200);
      const fb = await t.http.post(`/api/v1/reservations/${b.body.id}/cancel`).set(bearer(customer)).send({ reason: 'x' }).expect(200);
      expect([fa.body.cancellationFee, fb.body.cancellationFee]).toEqual([20000, 40000]);
      const lines = await feeLines(customer.organizationId!, [d4, d1]);
      expect(lines.map((l) => [l.reservationId, l.amount]).sort()).toEqual(
        [
          [a.body.id, 20000],
          [b.body.id, 40000],
        ].sort(),
      );

      // A no-show: confirmed, in the past, made before its start (created_at moved back), swept → noShowPercent 60 %.
      const past = localDay(-2);
      const r = await book(t, scheduler, { organizationId: customer.organizationId, segmentId: seg.id, start: at(past, '10:00'), end: at(past, '12:00') }).expect(201);
      await t.query(`UPDATE reservations SET created_at = start_at - interval '3 days' WHERE id = $1`, [r.body.id]);
      const summary = await t.app.get(LifecycleService).sweep();
      expect(summary.no_show).toBeGreaterThanOrEqual(1);
      expect((await t.http.get(`/api/v1/reservations/${r.body.id}`).set(bearer(customer)).expect(200)).body.status).toBe('no_show');
      // 60 % of 2 h × 100,000 = 120,000, non-taxable, its own line
      const month = await generate(t, finance, past.slice(0, 7), customer.organizationId!);
      expect(month).toHaveLength(1);
      const line = month[0].lines.find((l: { reservationId: string }) => l.reservationId === r.body.id);
      expect(line).toEqual(expect.objectContaining({ quantity: 1, unit: 'each', unitPrice: 120000, amount: 120000, taxable: false }));
      expect(line.description).toContain('no-show fee');
      expect(month[0].lines.filter((l: { reservationId: string }) => l.reservationId === r.body.id)).toHaveLength(1); // no track line
    });

    it('a fee appears on the month of the reservation with the track time: non-taxable, outside VAT', async () => {
      const seg = await pricedSegment(123459);
      const customer = await t.createCustomer({ membership: 'non_member' });
      await t.http.put('/api/v1/cancellation-policy').set(bearer(finance)).send(DEFAULT_POLICY).expect(200);
      const past = localDay(-1);
      const period = past.slice(0, 7);
      const used = await usedTrack(t, scheduler, { organizationId: customer.organizationId!, segmentId: seg.id, start: at(past, '08:00'), end: at(past, '09:00') });
      // A no-show at 100 % of 1 h × 123,459 = 123,459
      const r = await book(t, scheduler, { organizationId: customer.organizationId, segmentId: seg.id, start: at(past, '10:00'), end: at(past, '11:00') }).expect(201);
      await t.query(`UPDATE reservations SET created_at = start_at - interval '1 day' WHERE id = $1`, [r.body.id]);
      await t.app.get(LifecycleService).sweep();
      const draft = await draftFor(t, finance, period, customer.organizationId!);
      // track 123,459 (taxable) + fee 123,459 (not taxable): supply 246,918; VAT 10 % of 123,459 → 12,345; total 259,263
      expect(draft.lines).toEqual([
        expect.objectContaining({ reservationId: used.id, amount: 123459, taxable: true }),
        expect.objectContaining({ reservationId: r.body.id, amount: 123459, taxable: false, unit: 'each' }),
      ]);
      expect(draft).toEqual(expect.objectContaining({ supplyAmount: 246918, vat: 12345, total: 259263 }));
    });
  });

  it('tenancy and roles: a customer sees only their organization’s issued invoices; finance and admin manage; scheduler cannot', async () => {
    const seg = await pricedSegment();
    const period = monthFromNow(-7);
    const mk = async (user: TestUser, dd: string) => {
      await usedTrack(t, scheduler, { organizationId: user.organizationId!, segmentId: seg.id, start: at(`${period}-${dd}`, '10:00'), end: at(`${period}-${dd}`, '11:00') });
    };
    await mk(alice, '11');
    await mk(bob, '12');
    const aliceIssued = await issue(t, finance, (await draftFor(t, finance, period, alice.organizationId!)).id);
    const bobIssued = await issue(t, admin, (await draftFor(t, admin, period, bob.organizationId!)).id);
    await mk(alice, '13');
    await mk(bob, '14');
    const aliceDraft = await draftFor(t, finance, period, alice.organizationId!);
    const bobDraft = await draftFor(t, finance, period, bob.organizationId!);

    const list = await t.http.get(`/api/v1/invoices?period=${period}`).set(bearer(alice)).expect(200);
    expect(list.body.items.map((i: { id: string }) => i.id)).toEqual([aliceIssued.id]);
    expect((await t.http.get('/api/v1/invoices').set(bearer(alice)).expect(200)).body.items.every((i: any) => i.organizationId === alice.organizationId && i.status !== 'draft')).toBe(true);
    expect((await t.http.get('/api/v1/invoices?status=draft').set(bearer(alice)).expect(200)).body.items).toEqual([]);
    expectError(await t.http.get(`/api/v1/invoices?organizationId=${bob.organizationId}`).set(bearer(alice)), 404, 'NOT_FOUND');
    await t.http.get(`/api/v1/invoices?organizationId=${alice.organizationId}`).set(bearer(alice)).expect(200);

    await getInvoice(aliceIssued.id, alice).expect(200);
    expectError(await getInvoice(aliceDraft.id, alice), 404, 'NOT_FOUND');
    expectError(await getInvoice(bobIssued.id, alice), 404, 'NOT_FOUND');
    expectError(await getInvoice(bobDraft.id, alice), 404, 'NOT_FOUND');
    expectError(await getInvoice('00000000-0000-4000-8000-000000000000', alice), 404, 'NOT_FOUND');
    const pdf = await t.http.get(`/api/v1/invoices/${aliceIssued.id}/pdf`).set(bearer(alice)).expect(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expectError(await t.http.get(`/api/v1/invoices/${bobIssued.id}/pdf`).set(bearer(alice)), 404, 'NOT_FOUND');
    expectError(await t.http.get(`/api/v1/invoices/${aliceDraft.id}/pdf`).set(bearer(alice)), 404, 'NOT_FOUND');

    // Customers manage nothing; the scheduler does not do money.
    for (const user of [alice, scheduler]) {
      expectError(await t.http.post('/api/v1/invoices/generate').set(bearer(user)).send({ period }), 403, 'FORBIDDEN');
      expectError(await t.http.post(`/api/v1/invoices/${aliceDraft.id}/issue`).set(bearer(user)), 403, 'FORBIDDEN');
      expectError(await t.http.post(`/api/v1/invoices/${aliceIssued.id}/mark-paid`).set(bearer(user)).send({ paidAt: '2026-01-01T00:00:00Z', reference: 'x' }), 403, 'FORBIDDEN');
      expectError(await t.http.post(`/api/v1/invoices/${aliceIssued.id}/void`).set(bearer(user)).send({ reason: 'x' }), 403, 'FORBIDDEN');
    }
    expectError(await t.http.get('/api/v1/invoices').set(bearer(scheduler)), 403, 'FORBIDDEN');

    // Finance and admin see every organization, drafts included.
    for (const user of [finance, admin]) {
      const all = await t.http.get(`/api/v1/invoices?period=${period}&limit=500`).set(bearer(user)).expect(200);
      expect(all.body.items.map((i: { id: string }) => i.id).sort()).toEqual([aliceIssued.id, bobIssued.id, aliceDraft.id, bobDraft.id].sort());
      const drafts = await t.http.get(`/api/v1/invoices?period=${period}&status=draft&organizationId=${bob.organizationId}`).set(bearer(user)).expect(200);
      expect(drafts.body.items.map((i: { id: string }) => i.id)).toEqual([bobDraft.id]);
      await getInvoice(aliceDraft.id, user).expect(200);
    }
    // Admin manages too.
    await t.http.post(`/api/v1/invoices/${bobIssued.id}/mark-paid`).set(bearer(admin)).send({ paidAt: '2026-01-01T00:00:00Z', reference: 'x' }).expect(200);
    await t.http.post(`/api/v1/invoices/${aliceIssued.id}/void`).set(bearer(admin)).send({ reason: 'x' }).expect(200);
  });

  it('the numbers of the year are gapless: 1..N, and the counter says N', async () => {
    const rows = await t.query<{ number: string }>(`SELECT number FROM invoices WHERE number LIKE $1`, [`DPG-${year}-%`]);
    const seqs = rows.map((r) => seq(r.number)).sort((a, b) => a - b);
    expect(seqs.length).toBeGreaterThan(20);
    expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => i + 1));
    const [counter] = await t.query<{ last: number }>(`SELECT last FROM invoice_counters WHERE year = $1`, [Number(year)]);
    expect(counter.last).toBe(seqs.length);
  });
});

/**
 * A facility zone with daylight-saving time. Europe/Berlin 2026: summer time (CEST, +02:00) ends on Sunday 25 October
 * at 03:00 CEST → 02:00 CET (+01:00), a 25-hour day; it began on Sunday 29 March at 02:00 CET → 03:00 CEST, a 23-hour
 * day. All of 2026 is in the past now, so the reservations are back-office entries.
 */
describe('billing: invoices in a daylight-saving zone (Europe/Berlin)', () => {
  const ZONE = 'Europe/Berlin';
  const when = (date: string, clock: string) => atIn(ZONE, date, clock);
  let t: TestApp;
  let scheduler: TestUser;
  let finance: TestUser;

  beforeAll(async () => {
    t = await TestApp.start({ FACILITY_TIMEZONE: ZONE });
    scheduler = await t.createUser('scheduler');
    finance = await t.createUser('finance');
  });
  afterAll(() => t.close());

  it('local months in CEST and CET, a 25-hour and a 23-hour day, surcharges by wall-clock time', async () => {
    const seg = await createSegment(t, scheduler);
    await createRateCard(t, finance, {
      segmentId: seg.id,
      effectiveFrom: '2020-01-01',
      hourlyRate: 10000,
      surcharges: [{ name: '심야 late night', days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], from: '02:00', to: '03:00', percent: 100 }],
    }).expect(201);
    const org = await t.createOrganization({ membership: 'non_member' });
    const use = (start: string, end: string) => usedTrack(t, scheduler, { organizationId: org.id, segmentId: seg.id, start, end });

    // 00:30 CEST on 1 October = 22:30 UTC on 30 September → October.
    const oct1 = await use(when('2026-10-01', '00:30'), when('2026-10-01', '01:30'));
    expect(oct1.start).toBe('2026-09-30T22:30:00.000Z');
    // 01:00 CEST → 04:00 CET on 25 October: 4 real hours (02:00–03:00 happens twice).
    const fallBack = await use(when('2026-10-25', '01:00'), when('2026-10-25', '04:00'));
    expect([fallBack.start, fallBack.end]).toEqual(['2026-10-24T23:00:00.000Z', '2026-10-25T03:00:00.000Z']);
    // 23:00–24:00 CET on 31 October = 22:00–23:00 UTC → October.
    const oct31 = await use(when('2026-10-31', '23:00'), when('2026-10-31', '24:00'));
    // 00:30 CET on 1 November = 23:30 UTC on 31 October → November.
    const nov1 = await use(when('2026-11-01', '00:30'), when('2026-11-01', '01:30'));
    expect(nov1.start).toBe('2026-10-31T23:30:00.000Z');
    // 01:00 CET → 04:00 CEST on 29 March: 2 real hours (02:00–03:00 does not exist).
    const spring = await use(when('2026-03-29', '01:00'), when('2026-03-29', '04:00'));

    const october = await draftFor(t, finance, '2026-10', org.id);
    // oct1: 1 h × 10,000 = 10,000
    // fallBack: 8 increments of 30 min starting 01:00, 01:30, 02:00 CEST, 02:30 CEST, 02:00 CET, 02:30 CET, 03:00, 03:30;
    //   four start inside 02:00–03:00 (+100 %): 2 h × 10,000 + 2 h × 20,000 = 60,000; quantity 4 h
    // oct31: 1 h × 10,000 = 10,000
    // supply 80,000; VAT 8,000
    expect(october.lines.map((l: any) => [l.reservationId, l.quantity, l.amount])).toEqual([
      [oct1.id, 1, 10000],
      [fallBack.id, 4, 60000],
      [oct31.id, 1, 10000],
    ]);
    expect(october.lines[1].description).toContain('심야 late night');
    expect(october).toEqual(expect.objectContaining({ period: '2026-10', supplyAmount: 80000, vat: 8000, total: 88000 }));

    const november = await draftFor(t, finance, '2026-11', org.id);
    expect(november.lines.map((l: any) => [l.reservationId, l.amount])).toEqual([[nov1.id, 10000]]);
    expect(november.lines[0].description).toContain('2026-11-01 00:30');
    expect(await generate(t, finance, '2026-09', org.id)).toEqual([]);

    // spring: 2 real hours, 01:00 CET (0 %), 01:30 CET (0 %), 03:00 CEST, 03:30 CEST (0 %): 2 h × 10,000 = 20,000
    const march = await draftFor(t, finance, '2026-03', org.id);
    expect(march.lines.map((l: any) => [l.reservationId, l.quantity, l.amount])).toEqual([[spring.id, 2, 20000]]);

    // Issued in Berlin: the number's year is the local year of issue.
    const issued = await issue(t, finance, october.id);
    expect(issued.number).toMatch(new RegExp(`^DPG-${new Intl.DateTimeFormat('en-CA', { timeZone: ZONE, year: 'numeric' }).format(new Date())}-\\d{6}$`));
  });
});
