import { addLocalDays } from '../../src/segments/local-time.js';
import { at, book, createSegment, localDay } from '../support/facility.js';
import { expectError } from '../support/envelope.js';
import { tableCounts } from '../support/fuzz.js';
import { createRateCard, draftFor, generate, issue, monthFromNow, quote } from '../support/billing.js';
import { TestApp, bearer, type TestUser } from '../support/test-app.js';

let serial = 0;
const code = (prefix: string) => `${prefix}-${++serial}-${Math.random().toString(36).slice(2, 6)}`.toUpperCase();
const pad = (n: number) => String(n).padStart(2, '0');

/**
 * Funding programmes (product.md "Billing", api.md "Support catalog"): created by finance, organizations enrolled
 * when every eligibility condition holds, and applied on invoices as a negative line per programme (split in a
 * taxable and an exempt part when it covers both) that lowers the supply and the VAT base, limited by the annual cap
 * that issued invoices of the local calendar year consume, computed again at issue and given back by a void.
 *
 * Every money figure below is worked out by hand. The segment costs ₩100,000 an hour with no member discount; the
 * test driver add-on ₩80,000 an hour for members (taxable); the workshop bay ₩50,000 a day for members (VAT exempt).
 */
describe('funding programmes', () => {
  let t: TestApp;
  let admin: TestUser;
  let scheduler: TestUser;
  let finance: TestUser;
  let customer: TestUser;
  let segmentId: string;
  let driverCode: string;
  let bayCode: string;

  const today = localDay(0);
  const year = Number(today.slice(0, 4));
  const month = Number(today.slice(5, 7));
  /** Three past months of one local year: this year's when there are three, else the previous year's last three. */
  const capMonths = month > 3 ? [month - 3, month - 2, month - 1].map((m) => `${year}-${pad(m)}`) : [10, 11, 12].map((m) => `${year - 1}-${pad(m)}`);
  /** Valid over every month these tests use. */
  const validity = { validFrom: `${year - 1}-01-01`, validTo: `${year + 1}-12-31` };

  beforeAll(async () => {
    t = await TestApp.start();
    admin = await t.createUser('admin');
    scheduler = await t.createUser('scheduler');
    finance = await t.createUser('finance');
    customer = await t.createCustomer();
    segmentId = (await createSegment(t, scheduler)).id;
    await createRateCard(t, finance, { segmentId, effectiveFrom: '2020-01-01', hourlyRate: 100000, memberDiscountPercent: 0 }).expect(201);
    driverCode = code('DRV');
    bayCode = code('BAY');
    const item = { category: 'equipment', provider: '(재)지능형자동차부품진흥원', addOn: true };
    await t.http.post('/api/v1/catalog/items').set(bearer(admin)).send({ ...item, code: driverCode, name: '테스트 드라이버', unit: 'hour', memberPrice: 80000, nonMemberPrice: 100000, taxable: true }).expect(201);
    await t.http.post('/api/v1/catalog/items').set(bearer(admin)).send({ ...item, code: bayCode, name: '작업장', unit: 'day', memberPrice: 50000, nonMemberPrice: 60000, taxable: false }).expect(201);
  });
  afterAll(() => t.close());

  const createProgram = (body: Record<string, unknown>, user: TestUser = finance) => t.http.post('/api/v1/funding-programs').set(bearer(user)).send(body);
  const programBody = (overrides: Record<string, unknown> = {}) => ({
    code: code('FP'),
    name: '시험 지원사업 (test subsidy)',
    coveragePercent: 30,
    annualCap: 20_000_000,
    appliesTo: 'track',
    ...validity,
    ...overrides,
  });
  async function program(overrides: Record<string, unknown> = {}): Promise<Record<string, any>> {
    const res = await createProgram(programBody(overrides));
    if (res.status !== 201) throw new Error(`programme not created: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  }
  const enroll = (programId: string, organizationId: string, user: TestUser = finance) =>
    t.http.post(`/api/v1/funding-programs/${programId}/enrollments`).set(bearer(user)).send({ organizationId });

  /** A new member organization enrolled in the given programmes. */
  async function enrolledOrg(programs: Record<string, any>[], overrides: Record<string, unknown> = {}): Promise<string> {
    const org = await t.createOrganization({ membership: 'member', ...overrides });
    for (const p of programs) await enroll(p.id, org.id).expect(201);
    return org.id;
  }

  let slots = 0;
  /** A free slot on the segment in a month: up to 224 distinct three-hour windows (days 1–28, 00:00–24:00). */
  const slotIn = (period: string, hours: number) => {
    const n = slots++;
    const day = `${period}-${pad(1 + (Math.floor(n / 8) % 28))}`;
    const from = (n % 8) * 3;
    return { start: at(day, `${pad(from)}:00`), end: at(day, `${pad(from + hours)}:00`) };
  };
  /** A completed back-office reservation in a past month (checked in at its start, out at its end). */
  async function used(organizationId: string, period: string, hours: number, addOns: { itemCode: string; quantity: number }[] = []): Promise<Record<string, any>> {
    return usedAt(organizationId, slotIn(period, hours), addOns);
  }
  async function usedAt(organizationId: string, { start, end }: { start: string; end: string }, addOns: { itemCode: string; quantity: number }[] = []): Promise<Record<string, any>> {
    const r = await book(t, scheduler, { organizationId, segmentId, start, end, addOns }).expect(201);
    await t.http.post(`/api/v1/reservations/${r.body.id}/check-in`).set(bearer(scheduler)).send({ at: start }).expect(200);
    await t.http.post(`/api/v1/reservations/${r.body.id}/check-out`).set(bearer(scheduler)).send({ at: end }).expect(200);
    return r.body;
  }
  /** A back-office reservation in a past month, cancelled: after its start, the fee is 100 % of its charge. */
  async function cancelled(organizationId: string, period: string, hours: number): Promise<number> {
    const r = await book(t, scheduler, { organizationId, segmentId, ...slotIn(period, hours) }).expect(201);
    const res = await t.http.post(`/api/v1/reservations/${r.body.id}/cancel`).set(bearer(scheduler)).send({ reason: '취소' }).expect(200);
    return res.body.cancellationFee as number;
  }
  const fundingLines = (invoice: Record<string, any>) => (invoice.lines as Record<string, any>[]).filter((l) => l.programCode);
  const totals = (invoice: Record<string, any>) => ({ supplyAmount: invoice.supplyAmount, vat: invoice.vat, total: invoice.total });

  describe('programmes and enrolments', () => {
    it('finance (or an admin) creates a programme; every role lists them', async () => {
      const body = programBody({ coveragePercent: 50, annualCap: 10_000_000, appliesTo: 'all', eligibility: { starCompanyOnly: true } });
      const res = await createProgram(body).expect(201);
      expect(res.body).toEqual(
        expect.objectContaining({ id: expect.any(String), code: body.code, name: body.name, coveragePercent: 50, annualCap: 10_000_000, appliesTo: 'all', ...validity, eligibility: { starCompanyOnly: true } }),
      );
      await createProgram(programBody(), admin).expect(201);
      // validTo may equal validFrom (a one-day programme); eligibility defaults to none
      const oneDay = await createProgram(programBody({ validFrom: today, validTo: today, coveragePercent: 1, annualCap: 0 })).expect(201);
      expect(oneDay.body.eligibility).toEqual({});
      for (const user of [customer, scheduler, finance]) {
        const list = await t.http.get('/api/v1/funding-programs?limit=500').set(bearer(user)).expect(200);
        expect(list.body.items.map((p: { code: string }) => p.code)).toEqual(expect.arrayContaining([body.code, oneDay.body.code]));
      }
    });

    it('validation: coverage 1..100, a whole cap ≥ 0, appliesTo track|all, real dates, validTo ≥ validFrom → 400; a taken code → 409; nothing written', async () => {
      const taken = await program();
      const before = await tableCounts(t);
      const cases: [string, Record<string, unknown>][] = [
        ['coveragePercent', { coveragePercent: 0 }],
        ['coveragePercent', { coveragePercent: 101 }],
        ['coveragePercent', { coveragePercent: 30.5 }],
        ['annualCap', { annualCap: -1 }],
        ['annualCap', { annualCap: 1000.5 }],
        ['appliesTo', { appliesTo: 'fees' }],
        ['validFrom', { validFrom: `${year}-02-30` }],
        ['validTo', { validTo: `${year}-12-31T00:00:00Z` }],
        ['validTo', { validFrom: `${year}-06-01`, validTo: `${year}-05-31` }],
        ['code', { code: 'bad code' }],
        ['eligibility.kinds', { eligibility: { kinds: ['bank'] } }],
        ['eligibility.membersOnly', { eligibility: { membersOnly: 'yes' } }],
        ['extra', { extra: 1 }],
      ];
      for (const [field, patch] of cases) {
        const body = expectError(await createProgram(programBody(patch)), 400, 'VALIDATION_FAILED');
        const fields = (body.details as { fields: { field: string }[] }).fields.map((f) => f.field);
        expect({ patch, fields }).toEqual({ patch, fields: expect.arrayContaining([field]) });
      }
      for (const missing of ['code', 'name', 'coveragePercent', 'annualCap', 'appliesTo', 'validFrom', 'validTo']) {
        const body: Record<string, unknown> = programBody();
        delete body[missing];
        expectError(await createProgram(body), 400, 'VALIDATION_FAILED');
      }
      expectError(await createProgram(programBody({ code: taken.code })), 409, 'DUPLICATE');
      expectError(await createProgram(programBody({ code: taken.code.toLowerCase() })), 409, 'DUPLICATE');
      for (const user of [scheduler, customer]) expectError(await createProgram(programBody(), user), 403, 'FORBIDDEN');
      expect(await tableCounts(t)).toEqual(before);
    });

    it('enrols an eligible organization (201); an ineligible one → 422 NOT_ELIGIBLE — every condition must hold; twice → 409', async () => {
      const membersOnly = await program({ eligibility: { membersOnly: true } });
      const starOnly = await program({ eligibility: { starCompanyOnly: true } });
      const both = await program({ eligibility: { membersOnly: true, starCompanyOnly: true } });
      const suppliers = await program({ eligibility: { kinds: ['supplier'] } });
      const memberOem = await t.createOrganization({ kind: 'oem', membership: 'member' });
      const nonMemberOem = await t.createOrganization({ kind: 'oem', membership: 'non_member' });
      const nonMemberStar = await t.createOrganization({ kind: 'supplier', membership: 'non_member', starCompany: true });
      const memberStar = await t.createOrganization({ kind: 'supplier', membership: 'member', starCompany: true });

      const before = await tableCounts(t);
      const refused: [Record<string, any>, { id: string }][] = [
        [membersOnly, nonMemberOem],
        [starOnly, memberOem],
        [both, nonMemberStar], // a star company, but not a member
        [both, memberOem], // a member, but not a star company
        [suppliers, memberOem],
      ];
      for (const [p, org] of refused) {
        const body = expectError(await enroll(p.id, org.id), 422, 'NOT_ELIGIBLE');
        expect(body.details).toEqual(expect.objectContaining({ programCode: p.code }));
      }
      expectError(await enroll('00000000-0000-4000-8000-000000000000', memberOem.id), 404, 'NOT_FOUND');
      expectError(await enroll(membersOnly.id, '00000000-0000-4000-8000-000000000000'), 404, 'NOT_FOUND');
      expectError(await enroll(membersOnly.id, 'not-a-uuid'), 400, 'VALIDATION_FAILED');
      expectError(await enroll(membersOnly.id, memberOem.id, scheduler), 403, 'FORBIDDEN');
      expectError(await enroll(membersOnly.id, memberOem.id, customer), 403, 'FORBIDDEN');
      expect(await tableCounts(t)).toEqual(before);

      const ok = await enroll(membersOnly.id, memberOem.id).expect(201);
      expect(ok.body).toEqual({ programId: membersOnly.id, organizationId: memberOem.id, createdAt: expect.any(String) });
      await enroll(membersOnly.id, memberStar.id, admin).expect(201);
      await enroll(starOnly.id, nonMemberStar.id).expect(201);
      await enroll(both.id, memberStar.id).expect(201);
      await enroll(suppliers.id, nonMemberStar.id).expect(201);
      expectError(await enroll(membersOnly.id, memberOem.id), 409, 'DUPLICATE');

      const list = await t.http.get(`/api/v1/funding-programs/${membersOnly.id}/enrollments`).set(bearer(finance)).expect(200);
      expect(list.body.items).toEqual([
        { programId: membersOnly.id, organizationId: memberOem.id, createdAt: ok.body.createdAt },
        { programId: membersOnly.id, organizationId: memberStar.id, createdAt: expect.any(String) },
      ]);
      expect(list.body.nextCursor).toBeNull();
      // a list pages like every other (api.md: { items, nextCursor })
      const first = await t.http.get(`/api/v1/funding-programs/${membersOnly.id}/enrollments?limit=1`).set(bearer(finance)).expect(200);
      expect(first.body.items).toEqual([list.body.items[0]]);
      expect(first.body.nextCursor).toEqual(expect.any(String));
      const second = await t.http.get(`/api/v1/funding-programs/${membersOnly.id}/enrollments?limit=1&cursor=${encodeURIComponent(first.body.nextCursor)}`).set(bearer(finance)).expect(200);
      expect(second.body).toEqual({ items: [list.body.items[1]], nextCursor: null });
      expectError(await t.http.get(`/api/v1/funding-programs/${membersOnly.id}/enrollments?cursor=nonsense`).set(bearer(finance)), 400, 'VALIDATION_FAILED');
      const bothList = await t.http.get(`/api/v1/funding-programs/${both.id}/enrollments`).set(bearer(scheduler)).expect(200);
      expect(bothList.body.items.map((e: { organizationId: string }) => e.organizationId)).toEqual([memberStar.id]);
      expectError(await t.http.get(`/api/v1/funding-programs/${both.id}/enrollments`).set(bearer(customer)), 403, 'FORBIDDEN');
      expectError(await t.http.get('/api/v1/funding-programs/00000000-0000-4000-8000-000000000000/enrollments').set(bearer(finance)), 404, 'NOT_FOUND');
    });
  });

  describe('on invoices', () => {
    it("'track': coverage % of the track lines only (not add-ons, not fees), lowering supply and the VAT base", async () => {
      const p = await program({ coveragePercent: 30, appliesTo: 'track' });
      const org = await enrolledOrg([p]);
      const period = monthFromNow(-1);
      await used(org, period, 2, [{ itemCode: driverCode, quantity: 2 }, { itemCode: bayCode, quantity: 1 }]);
      expect(await cancelled(org, period, 1)).toBe(100000);

      const draft = await draftFor(t, finance, period, org);
      // track 2 h × 100,000 = 200,000; driver 2 × 80,000 = 160,000; bay 50,000 (exempt); fee 100,000 (exempt)
      // funding 30 % × 200,000 = 60,000, taxable
      // supply 200,000 + 160,000 + 50,000 + 100,000 − 60,000 = 450,000
      // VAT 10 % × (200,000 + 160,000 − 60,000) = 30,000; total 480,000
      expect(fundingLines(draft)).toEqual([expect.objectContaining({ programCode: p.code, quantity: 1, unitPrice: -60000, amount: -60000, taxable: true })]);
      expect(fundingLines(draft)[0].reservationId).toBeUndefined();
      expect(fundingLines(draft)[0].itemCode).toBeUndefined();
      expect(totals(draft)).toEqual({ supplyAmount: 450000, vat: 30000, total: 480000 });
      const issued = await issue(t, finance, draft.id);
      expect(fundingLines(issued)).toEqual(fundingLines(draft));
      expect(totals(issued)).toEqual(totals(draft));
    });

    it("'all': coverage % of track and add-ons, a taxable and an exempt part; fees never", async () => {
      const p = await program({ coveragePercent: 50, appliesTo: 'all' });
      const org = await enrolledOrg([p]);
      const period = monthFromNow(-1);
      await used(org, period, 2, [{ itemCode: driverCode, quantity: 2 }, { itemCode: bayCode, quantity: 1 }]);
      expect(await cancelled(org, period, 1)).toBe(100000);

      const draft = await draftFor(t, finance, period, org);
      // taxable lines 200,000 + 160,000 = 360,000 → funding 180,000 (taxable)
      // exempt add-on 50,000 → funding 25,000 (exempt); the 100,000 fee is not covered
      // supply 360,000 + 50,000 + 100,000 − 180,000 − 25,000 = 305,000
      // VAT 10 % × (360,000 − 180,000) = 18,000; total 323,000
      expect(fundingLines(draft)).toEqual([
        expect.objectContaining({ programCode: p.code, amount: -180000, taxable: true }),
        expect.objectContaining({ programCode: p.code, amount: -25000, taxable: false }),
      ]);
      expect(totals(draft)).toEqual({ supplyAmount: 305000, vat: 18000, total: 323000 });
    });

    it('rounds the funding once, half up; VAT on the reduced base is truncated', async () => {
      const odd = code('ODD');
      await t.http
        .post('/api/v1/catalog/items')
        .set(bearer(admin))
        .send({ code: odd, name: '보정 odd', category: 'equipment', unit: 'each', memberPrice: 12350, nonMemberPrice: 12350, provider: 'x', addOn: true, taxable: true })
        .expect(201);
      const p = await program({ coveragePercent: 33, appliesTo: 'all' });
      const org = await enrolledOrg([p]);
      const period = monthFromNow(-2);
      await used(org, period, 1, [{ itemCode: odd, quantity: 1 }, { itemCode: bayCode, quantity: 3 }]);
      const draft = await draftFor(t, finance, period, org);
      // taxable: track 100,000 + odd 12,350 = 112,350 × 33 % = 37,075.5 → 37,076 (half up)
      // exempt: bay 3 × 50,000 = 150,000 × 33 % = 49,500
      // supply 112,350 + 150,000 − 37,076 − 49,500 = 175,774; VAT 10 % × 75,274 = 7,527.4 → 7,527; total 183,301
      expect(fundingLines(draft).map((l) => [l.amount, l.taxable])).toEqual([[-37076, true], [-49500, false]]);
      expect(totals(draft)).toEqual({ supplyAmount: 175774, vat: 7527, total: 183301 });
    });

    it('the annual cap: issued invoices of the local year consume it until it is exhausted', async () => {
      const p = await program({ coveragePercent: 50, annualCap: 120000 });
      const org = await enrolledOrg([p]);
      for (const m of capMonths) await used(org, m, 1); // 100,000 of track time a month → 50,000 of funding each

      const first = await issue(t, finance, (await draftFor(t, finance, capMonths[0], org)).id);
      expect(fundingLines(first).map((l) => l.amount)).toEqual([-50000]);
      expect(totals(first)).toEqual({ supplyAmount: 50000, vat: 5000, total: 55000 });
      const second = await issue(t, finance, (await draftFor(t, finance, capMonths[1], org)).id);
      expect(fundingLines(second).map((l) => l.amount)).toEqual([-50000]);
      // 120,000 − 100,000 used = 20,000 left: a partial line
      const third = await issue(t, finance, (await draftFor(t, finance, capMonths[2], org)).id);
      expect(fundingLines(third).map((l) => l.amount)).toEqual([-20000]);
      expect(totals(third)).toEqual({ supplyAmount: 80000, vat: 8000, total: 88000 });

      // the cap is spent: more use that year gets no funding line at all
      await used(org, capMonths[2], 2);
      const fourth = await draftFor(t, finance, capMonths[2], org);
      expect(fundingLines(fourth)).toEqual([]);
      expect(totals(fourth)).toEqual({ supplyAmount: 200000, vat: 20000, total: 220000 });
      // … and a quote shows none either for a date of that year (a staff quote may be in the past)
      const day = `${capMonths[2]}-27`;
      const quoted = await quote(t, finance, { organizationId: org, segmentId, start: at(day, '10:00'), end: at(day, '11:00') }).expect(200);
      expect(quoted.body.lines.filter((l: { programCode?: string }) => l.programCode)).toEqual([]);

      // another year has a cap of its own
      const otherYear = `${Number(capMonths[0].slice(0, 4)) - 1}-06`;
      await used(org, otherYear, 1);
      const fresh = await draftFor(t, finance, otherYear, org);
      expect(fundingLines(fresh).map((l) => l.amount)).toEqual([-50000]);
    });

    it('funding is computed again at issue, against the cap left at that moment', async () => {
      const p = await program({ coveragePercent: 50, annualCap: 80000 });
      const org = await enrolledOrg([p]);
      await used(org, capMonths[0], 1);
      await used(org, capMonths[1], 1);
      const a = await draftFor(t, finance, capMonths[0], org);
      const b = await draftFor(t, finance, capMonths[1], org);
      // each draft alone: 50,000 of the 80,000 cap
      expect(fundingLines(a).map((l) => l.amount)).toEqual([-50000]);
      expect(fundingLines(b).map((l) => l.amount)).toEqual([-50000]);

      const issuedB = await issue(t, finance, b.id);
      expect(fundingLines(issuedB).map((l) => l.amount)).toEqual([-50000]);
      const issuedA = await issue(t, finance, a.id);
      // 80,000 − 50,000 = 30,000 left; supply 100,000 − 30,000 = 70,000; VAT 7,000; total 77,000
      expect(fundingLines(issuedA).map((l) => l.amount)).toEqual([-30000]);
      expect(totals(issuedA)).toEqual({ supplyAmount: 70000, vat: 7000, total: 77000 });
      const read = await t.http.get(`/api/v1/invoices/${a.id}`).set(bearer(finance)).expect(200);
      expect(read.body).toEqual(issuedA);
    });

    it('two drafts issued at the same moment never spend more than the cap together', async () => {
      const p = await program({ coveragePercent: 50, annualCap: 80000 });
      const org = await enrolledOrg([p]);
      await used(org, capMonths[0], 1);
      await used(org, capMonths[2], 1);
      const drafts = [await draftFor(t, finance, capMonths[0], org), await draftFor(t, finance, capMonths[2], org)];
      const answers = await Promise.all(drafts.map((d) => t.http.post(`/api/v1/invoices/${d.id}/issue`).set(bearer(finance))));
      expect(answers.map((a) => a.status)).toEqual([200, 200]);
      const amounts = answers.map((a) => fundingLines(a.body).map((l) => l.amount)).flat();
      expect(amounts.sort((a, b) => a - b)).toEqual([-50000, -30000]);
    });

    it('a void gives the cap back: generating again finds the funding available', async () => {
      const p = await program({ coveragePercent: 50, annualCap: 50000 });
      const org = await enrolledOrg([p]);
      await used(org, capMonths[0], 1);
      await used(org, capMonths[1], 1);
      const first = await issue(t, finance, (await draftFor(t, finance, capMonths[0], org)).id);
      expect(fundingLines(first).map((l) => l.amount)).toEqual([-50000]);
      const exhausted = await draftFor(t, finance, capMonths[1], org);
      expect(fundingLines(exhausted)).toEqual([]);

      const voided = await t.http.post(`/api/v1/invoices/${first.id}/void`).set(bearer(finance)).send({ reason: '재발행 reissue' }).expect(200);
      // the credit note gives the funding line back, negated
      expect(voided.body.creditNote.lines.filter((l: { programCode?: string }) => l.programCode)).toEqual([expect.objectContaining({ programCode: p.code, amount: 50000 })]);

      const again = await draftFor(t, finance, capMonths[1], org);
      expect(fundingLines(again).map((l) => l.amount)).toEqual([-50000]);
      expect(totals(again)).toEqual({ supplyAmount: 50000, vat: 5000, total: 55000 });
      await issue(t, finance, again.id);
      // now the re-billed first month finds the cap spent
      const rebilled = await draftFor(t, finance, capMonths[0], org);
      expect(fundingLines(rebilled)).toEqual([]);
    });

    it('a programme valid only on other dates does not apply; nor one the organization is no longer eligible for', async () => {
      const period = monthFromNow(-1);
      const firstOfNext = addLocalDays(`${period}-28`, 7).slice(0, 7) + '-01';
      const past = await program({ validFrom: `${year - 3}-01-01`, validTo: `${year - 3}-12-31` });
      const future = await program({ validFrom: firstOfNext, validTo: `${year + 2}-12-31` });
      const ended = await program({ validFrom: `${year - 3}-01-01`, validTo: addLocalDays(`${period}-01`, -1) });
      const membersOnly = await program({ eligibility: { membersOnly: true } });
      const org = await enrolledOrg([past, future, ended, membersOnly]);
      await t.query(`UPDATE organizations SET membership = 'non_member' WHERE id = $1`, [org]);
      await used(org, period, 1);
      const draft = await draftFor(t, finance, period, org);
      expect(fundingLines(draft)).toEqual([]);
      expect(totals(draft)).toEqual({ supplyAmount: 100000, vat: 10000, total: 110000 });
      // an organization not enrolled gets nothing either
      const outsider = (await t.createOrganization({ membership: 'member' })).id;
      await used(outsider, period, 1);
      expect(fundingLines(await draftFor(t, finance, period, outsider))).toEqual([]);
    });

    it('a programme that starts or ends within the month covers only the use on its valid days', async () => {
      const period = monthFromNow(-4);
      const starts = await program({ coveragePercent: 50, appliesTo: 'all', validFrom: `${period}-15`, validTo: `${year + 1}-12-31` });
      const ends = await program({ coveragePercent: 10, appliesTo: 'track', validFrom: `${year - 2}-01-01`, validTo: `${period}-10` });
      const org = await enrolledOrg([starts, ends]);
      // the 5th: only the programme that ends on the 10th; the 15th at 00:00 local (still the 14th in UTC): only the
      // one that starts on the 15th
      await usedAt(org, { start: at(`${period}-05`, '10:00'), end: at(`${period}-05`, '11:00') }, [{ itemCode: driverCode, quantity: 1 }]);
      const late = await usedAt(org, { start: at(`${period}-15`, '00:00'), end: at(`${period}-15`, '02:00') }, [{ itemCode: driverCode, quantity: 1 }]);
      expect(late.start.slice(0, 10)).toBe(addLocalDays(`${period}-15`, -1));
      const draft = await draftFor(t, finance, period, org);
      // the 5th: track 100,000 (+ driver 80,000, not covered by a 'track' programme) → 10 % = 10,000
      // the 15th: track 200,000 + driver 80,000 = 280,000 → 50 % = 140,000
      // supply 180,000 + 280,000 − 10,000 − 140,000 = 310,000; VAT 31,000; total 341,000
      expect(fundingLines(draft).map((l) => [l.programCode, l.amount])).toEqual(
        [
          [starts.code, -140000],
          [ends.code, -10000],
        ].sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
      );
      expect(totals(draft)).toEqual({ supplyAmount: 310000, vat: 31000, total: 341000 });
      // the same in an issued invoice (funding computed again at issue from the stored lines)
      const issued = await issue(t, finance, draft.id);
      expect(fundingLines(issued)).toEqual(fundingLines(draft));
    });

    it('a quote on a day of the month before a programme starts shows no funding line for it', async () => {
      // a future month: staff quote it; the programme starts on the 15th
      const period = localDay(70).slice(0, 7);
      const starts = await program({ coveragePercent: 50, validFrom: `${period}-15`, validTo: `${year + 2}-12-31` });
      const org = await enrolledOrg([starts]);
      const quote = (day: string) =>
        t.http.post('/api/v1/quotes').set(bearer(scheduler)).send({ organizationId: org, segmentId, start: at(day, '10:00'), end: at(day, '11:00'), vehicles: 1, addOns: [] }).expect(200);
      expect(fundingLines((await quote(`${period}-05`)).body)).toEqual([]);
      // 1 h × ₩100,000 → 50 % = −₩50,000
      expect(fundingLines((await quote(`${period}-20`)).body).map((l) => l.amount)).toEqual([-50000]);
    });

    it('two programmes together never fund more than the lines they cover (80 % + 50 %)', async () => {
      const prefix = code('TWO');
      const p80 = await program({ code: `${prefix}-A80`, coveragePercent: 80, appliesTo: 'track' });
      const p50 = await program({ code: `${prefix}-B50`, coveragePercent: 50, appliesTo: 'track', annualCap: 30000 });
      const org = await enrolledOrg([p50, p80]);
      const [period, period2] = capMonths.slice(1);
      await used(org, period, 1, [{ itemCode: driverCode, quantity: 1 }]);
      const draft = await draftFor(t, finance, period, org);
      // track 100,000: 80 % = 80,000, then 50 % = 50,000 but only 20,000 of the track line is left (never the driver's)
      // supply 100,000 + 80,000 − 100,000 = 80,000; VAT 8,000; total 88,000
      expect(fundingLines(draft).map((l) => [l.programCode, l.amount])).toEqual([
        [p80.code, -80000],
        [p50.code, -20000],
      ]);
      expect(totals(draft)).toEqual({ supplyAmount: 80000, vat: 8000, total: 88000 });
      // issued, the second programme consumed only what it paid: 30,000 − 20,000 = 10,000 of its cap is left
      await issue(t, finance, draft.id);
      await used(org, period2, 1);
      const next = await draftFor(t, finance, period2, org);
      expect(fundingLines(next).map((l) => [l.programCode, l.amount])).toEqual([
        [p80.code, -80000],
        [p50.code, -10000],
      ]);
      expect(totals(next)).toEqual({ supplyAmount: 10000, vat: 1000, total: 11000 });
    });

    it("an 'all' programme and a 'track' programme together: the track programme funds only what is left of the track lines", async () => {
      const prefix = code('MIX');
      const all = await program({ code: `${prefix}-A-ALL`, coveragePercent: 80, appliesTo: 'all' });
      const track = await program({ code: `${prefix}-B-TRACK`, coveragePercent: 50, appliesTo: 'track' });
      const org = await enrolledOrg([all, track]);
      const period = monthFromNow(-1);
      await used(org, period, 1, [{ itemCode: driverCode, quantity: 1 }]);
      const draft = await draftFor(t, finance, period, org);
      // track 100,000 + driver 80,000: 'all' takes 80 % of each (80,000 + 64,000 = 144,000);
      // 'track' would take 50 % of the track line but only 20,000 of it is left (never the driver's 16,000)
      // supply 180,000 − 164,000 = 16,000; VAT 1,600; total 17,600
      expect(fundingLines(draft).map((l) => [l.programCode, l.amount])).toEqual([
        [all.code, -144000],
        [track.code, -20000],
      ]);
      expect(totals(draft)).toEqual({ supplyAmount: 16000, vat: 1600, total: 17600 });
    });

    it('a quote shows the funding line estimate', async () => {
      const p = await program({ coveragePercent: 30, appliesTo: 'track', annualCap: 20_000_000 });
      const payer = await t.createCustomer({ membership: 'member' });
      await enroll(p.id, payer.organizationId!).expect(201);
      const day = localDay(30);
      const res = await quote(t, payer, { segmentId, start: at(day, '10:00'), end: at(day, '12:00'), addOns: [{ itemCode: driverCode, quantity: 2 }] }).expect(200);
      // track 200,000 + driver 160,000; funding 30 % × 200,000 = 60,000
      // supply 300,000; VAT 30,000; total 330,000
      expect(res.body.lines).toEqual([
        expect.objectContaining({ amount: 200000, taxable: true }),
        expect.objectContaining({ itemCode: driverCode, amount: 160000, taxable: true }),
        expect.objectContaining({ programCode: p.code, quantity: 1, unitPrice: -60000, amount: -60000, taxable: true }),
      ]);
      expect(res.body).toEqual(expect.objectContaining({ supplyAmount: 300000, vat: 30000, total: 330000 }));
      // a customer who is not enrolled sees no funding line
      const plain = await quote(t, customer, { segmentId, start: at(day, '10:00'), end: at(day, '12:00') }).expect(200);
      expect(plain.body.lines.filter((l: { programCode?: string }) => l.programCode)).toEqual([]);
      // the estimate is limited by the cap left
      const small = await program({ coveragePercent: 30, annualCap: 12345 });
      const capped = await t.createCustomer({ membership: 'member' });
      await enroll(small.id, capped.organizationId!).expect(201);
      const q2 = await quote(t, capped, { segmentId, start: at(day, '10:00'), end: at(day, '12:00') }).expect(200);
      // 200,000 − 12,345 = 187,655; VAT 18,765; total 206,420
      expect(q2.body.lines.filter((l: { programCode?: string }) => l.programCode).map((l: { amount: number }) => l.amount)).toEqual([-12345]);
      expect(q2.body).toEqual(expect.objectContaining({ supplyAmount: 187655, vat: 18765, total: 206420 }));
    });
  });

  it('generating all organizations of a month at once funds each by its own programmes', async () => {
    const p = await program({ coveragePercent: 40 });
    const period = monthFromNow(-3);
    const funded = await enrolledOrg([p]);
    const plain = (await t.createOrganization({ membership: 'member' })).id;
    await used(funded, period, 1);
    await used(plain, period, 1);
    const drafts = await generate(t, finance, period);
    const mine = drafts.filter((d) => d.organizationId === funded);
    expect(mine.map(fundingLines).flat().map((l) => l.amount)).toEqual([-40000]);
    expect(drafts.filter((d) => d.organizationId === plain).map(fundingLines).flat()).toEqual([]);
  });
});
