import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { at, createSegment } from '../support/facility.js';
import { expectError } from '../support/envelope.js';
import { createRateCard, draftFor, issue, monthFromNow, rawBody, usedTrack } from '../support/billing.js';
import { TestApp, bearer, type TestUser } from '../support/test-app.js';

const run = promisify(execFile);
const HEADER = 'invoiceNumber,type,issuedAt,organizationName,businessNumber,lineNo,description,quantity,unit,unitPrice,amount,taxable,supplyAmount,vat,total';

/** RFC 4180: records end with CRLF; fields with a comma, quote, CR or LF are quoted, quotes doubled. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let i = 0;
  let quoted = false;
  while (i < text.length) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i += 2;
      } else if (c === '"') {
        quoted = false;
        i += 1;
      } else {
        field += c;
        i += 1;
      }
    } else if (c === '"' && field === '') {
      quoted = true;
      i += 1;
    } else if (c === ',') {
      record.push(field);
      field = '';
      i += 1;
    } else if (c === '\r' && text[i + 1] === '\n') {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      i += 2;
    } else {
      if (c === '\n' || c === '\r' || c === '"') throw new Error(`bare ${JSON.stringify(c)} at ${i}`);
      field += c;
      i += 1;
    }
  }
  if (field !== '' || record.length) throw new Error('the last record does not end with CRLF');
  return records;
}

/**
 * The accountant's exports (CSV, JSON) and the PDF of an invoice, checked byte by byte and through poppler
 * (pdffonts, pdftotext) for the embedded Korean font and the text it renders.
 */
describe('billing: exports and PDF', () => {
  let t: TestApp;
  let scheduler: TestUser;
  let finance: TestUser;
  let admin: TestUser;
  let customer: TestUser;
  let dir: string;
  const period = monthFromNow(-1);
  const day = (dd: number) => `${period}-${String(dd).padStart(2, '0')}`;
  const orgA = { name: '대구모터스(주)', businessNumber: TestApp.businessNumber() };
  const orgB = { name: '한빛 "부품", 주식회사', businessNumber: TestApp.businessNumber() };
  const orgF = { name: '=HYPERLINK("http://evil")', businessNumber: TestApp.businessNumber() };
  let a: Record<string, any>; // issued, then paid: 2 lines
  let b: Record<string, any>; // issued, then void
  let credit: Record<string, any>; // the credit note of b
  let f: Record<string, any>; // issued, formula-like organization name
  let draft: Record<string, any>; // a draft: never exported
  let elsewhere: Record<string, any>; // issued in another month

  const download = (url: string, user: TestUser) => t.http.get(url).set(bearer(user)).buffer(true).parse(rawBody);

  beforeAll(async () => {
    t = await TestApp.start();
    dir = await mkdtemp(path.join(os.tmpdir(), 'invoice-pdf-'));
    scheduler = await t.createUser('scheduler');
    finance = await t.createUser('finance');
    admin = await t.createUser('admin');
    const seg = await createSegment(t, scheduler, { name: '젖은 노면 제동 시험로' });
    await createRateCard(t, finance, { segmentId: seg.id, effectiveFrom: '2020-01-01', hourlyRate: 123459 }).expect(201);
    const oa = await t.createOrganization({ ...orgA, membership: 'non_member' });
    const ob = await t.createOrganization({ ...orgB, membership: 'non_member' });
    const of = await t.createOrganization({ ...orgF, membership: 'non_member' });
    const oc = await t.createOrganization({ name: '초안만 있는 회사', membership: 'non_member' });
    customer = await t.createUser('customer', oa.id);
    const use = (org: string, dd: number, from: string, to: string, p = period) =>
      usedTrack(t, scheduler, { organizationId: org, segmentId: seg.id, start: at(`${p}-${String(dd).padStart(2, '0')}`, from), end: at(`${p}-${String(dd).padStart(2, '0')}`, to) });

    await use(oa.id, 3, '10:00', '11:30');
    await use(oa.id, 4, '10:00', '11:00');
    await use(ob.id, 5, '10:00', '11:00');
    await use(of.id, 6, '10:00', '11:00');
    await use(oc.id, 7, '10:00', '11:00');
    a = await issue(t, finance, (await draftFor(t, finance, period, oa.id)).id);
    await t.http.post(`/api/v1/invoices/${a.id}/mark-paid`).set(bearer(finance)).send({ paidAt: `${day(20)}T10:00:00+09:00`, reference: 'KB' }).expect(200);
    b = await issue(t, finance, (await draftFor(t, finance, period, ob.id)).id);
    const voided = await t.http.post(`/api/v1/invoices/${b.id}/void`).set(bearer(finance)).send({ reason: '중복 청구' }).expect(200);
    credit = voided.body.creditNote;
    f = await issue(t, finance, (await draftFor(t, finance, period, of.id)).id);
    draft = await draftFor(t, finance, period, oc.id);
    const other = monthFromNow(-2);
    await use(oa.id, 8, '10:00', '11:00', other);
    elsewhere = await issue(t, finance, (await draftFor(t, finance, other, oa.id)).id);
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
    await t.close();
  });

  it('sets up what the exports show (hand-worked totals)', () => {
    // a: 1.5 h × 123,459 = 185,188.5 → 185,189 and 1 h = 123,459; supply 308,648; VAT 30,864; total 339,512
    expect(a).toEqual(expect.objectContaining({ supplyAmount: 308648, vat: 30864, total: 339512 }));
    // b: 123,459; VAT 12,345; total 135,804 — its credit note the exact negation
    expect(b).toEqual(expect.objectContaining({ supplyAmount: 123459, vat: 12345, total: 135804 }));
    expect(credit).toEqual(expect.objectContaining({ supplyAmount: -123459, vat: -12345, total: -135804, creditedInvoiceId: b.id }));
    expect(draft.status).toBe('draft');
  });

  it('CSV: BOM, CRLF, the header of api.md, one row per line, Korean intact, credit notes negative, drafts excluded', async () => {
    const res = await download(`/api/v1/invoices/export?period=${period}&format=csv`, finance).expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    expect(res.headers['content-disposition']).toBe(`attachment; filename="invoices-${period}.csv"`);
    const bytes = res.body as Buffer;
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.subarray(3).toString('utf8');
    expect(Buffer.from(text, 'utf8').equals(bytes.subarray(3))).toBe(true); // valid UTF-8, nothing replaced
    expect(text.startsWith(`${HEADER}\r\n`)).toBe(true);
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    // RFC 4180 quoting of a name with a comma and quotes, exactly as written
    expect(text).toContain(`,"한빛 ""부품"", 주식회사",`);

    const [header, ...rows] = parseCsv(text);
    expect(header.join(',')).toBe(HEADER);
    const col = (name: string) => header.indexOf(name);
    const numbers = [a.number, b.number, credit.number, f.number].sort();
    // one row per line: a has 2, b 1, its credit note 1, f 1; ordered by number, lineNo from 1
    expect(rows.map((r) => [r[col('invoiceNumber')], r[col('lineNo')]])).toEqual(
      numbers.flatMap((n) => (n === a.number ? [[n, '1'], [n, '2']] : [[n, '1']])),
    );
    expect(rows.every((r) => r.length === header.length)).toBe(true);
    expect(text).not.toContain(elsewhere.number);
    expect(text).not.toContain('초안만 있는 회사');

    const rowsOf = (n: string) => rows.filter((r) => r[col('invoiceNumber')] === n);
    const pick = (r: string[]) => Object.fromEntries(header.map((h, i) => [h, r[i]]));
    const [a1, a2] = rowsOf(a.number).map(pick);
    expect(a1).toEqual({
      invoiceNumber: a.number,
      type: 'invoice',
      issuedAt: a.issuedAt,
      organizationName: '대구모터스(주)',
      businessNumber: orgA.businessNumber,
      lineNo: '1',
      description: a.lines[0].description,
      quantity: '1.5',
      unit: 'hour',
      unitPrice: '123459',
      amount: '185189',
      taxable: 'true',
      supplyAmount: '308648',
      vat: '30864',
      total: '339512',
    });
    expect(a1.description).toContain('젖은 노면 제동 시험로');
    expect(a2).toEqual(expect.objectContaining({ lineNo: '2', quantity: '1', amount: '123459', supplyAmount: '308648' }));

    const [cn] = rowsOf(credit.number).map(pick);
    expect(cn).toEqual(
      expect.objectContaining({ type: 'credit_note', organizationName: orgB.name, unitPrice: '-123459', amount: '-123459', taxable: 'true', supplyAmount: '-123459', vat: '-12345', total: '-135804' }),
    );
    expect(cn.description).toContain('젖은 노면 제동 시험로');
    const [voided] = rowsOf(b.number).map(pick);
    expect(voided).toEqual(expect.objectContaining({ type: 'invoice', amount: '123459', total: '135804' }));
    // A name a spreadsheet would run as a formula is defused with a leading apostrophe; numbers never are.
    const [formula] = rowsOf(f.number).map(pick);
    expect(formula.organizationName).toBe(`'${orgF.name}`);
  });

  it('JSON: the same data, lines nested in their invoice', async () => {
    const res = await t.http.get(`/api/v1/invoices/export?period=${period}&format=json`).set(bearer(admin)).expect(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.body.period).toBe(period);
    expect(res.body.invoices.map((i: { invoiceNumber: string }) => i.invoiceNumber)).toEqual([a.number, b.number, credit.number, f.number].sort());
    const byNumber = (n: string) => res.body.invoices.find((i: { invoiceNumber: string }) => i.invoiceNumber === n);
    expect(byNumber(a.number)).toEqual({
      invoiceNumber: a.number,
      type: 'invoice',
      status: 'paid',
      period,
      issuedAt: a.issuedAt,
      organization: { name: orgA.name, businessNumber: orgA.businessNumber },
      lines: [
        { lineNo: 1, description: a.lines[0].description, quantity: 1.5, unit: 'hour', unitPrice: 123459, amount: 185189, taxable: true },
        { lineNo: 2, description: a.lines[1].description, quantity: 1, unit: 'hour', unitPrice: 123459, amount: 123459, taxable: true },
      ],
      supplyAmount: 308648,
      vat: 30864,
      total: 339512,
    });
    expect(byNumber(b.number)).toEqual(expect.objectContaining({ status: 'void', total: 135804 }));
    expect(byNumber(credit.number)).toEqual(
      expect.objectContaining({ type: 'credit_note', status: 'issued', period, creditedInvoiceNumber: b.number, supplyAmount: -123459, vat: -12345, total: -135804 }),
    );
    expect(byNumber(credit.number).lines).toEqual([expect.objectContaining({ lineNo: 1, unitPrice: -123459, amount: -123459, taxable: true })]);
    // A month without issued invoices: an empty export, not an error.
    const empty = await t.http.get('/api/v1/invoices/export?period=2001-01&format=json').set(bearer(finance)).expect(200);
    expect(empty.body).toEqual({ period: '2001-01', invoices: [] });
    const emptyCsv = await download('/api/v1/invoices/export?period=2001-01', finance).expect(200);
    expect((emptyCsv.body as Buffer).toString('utf8')).toBe(`\ufeff${HEADER}\r\n`);
  });

  async function pdfOf(id: string, user: TestUser = finance): Promise<{ fonts: string; text: string }> {
    const res = await download(`/api/v1/invoices/${id}/pdf`, user).expect(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    const bytes = res.body as Buffer;
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const file = path.join(dir, `${id}.pdf`);
    await writeFile(file, bytes);
    const fonts = (await run('pdffonts', [file])).stdout;
    const text = (await run('pdftotext', ['-enc', 'UTF-8', file, '-'])).stdout;
    return { fonts, text };
  }

  it('PDF: an embedded Noto Sans KR font; the number, 청구서 and the Korean organization name come back out as text', async () => {
    const { fonts, text } = await pdfOf(a.id, customer);
    const noto = fonts.split('\n').filter((l) => /NotoSansKR/.test(l));
    expect(noto.length).toBeGreaterThan(0);
    // columns: name type encoding emb sub uni object ID — embedded (and subset) fonts say "yes yes"
    for (const line of noto) expect(line).toMatch(/\byes\s+yes\s+yes\b/);
    expect(fonts.split('\n').slice(2).filter((l) => l.trim() && !/NotoSansKR/.test(l))).toEqual([]);
    expect(text).toContain(a.number);
    expect(text).toContain('청구서');
    expect(text).toContain('대구모터스(주)');
    expect(text).toContain(orgA.businessNumber);
    expect(text).toContain('₩339,512');
    expect(text).toContain('젖은 노면 제동 시험로');
  });

  it('PDF of a credit note and of a draft', async () => {
    const cn = await pdfOf(credit.id);
    expect(cn.text).toContain(credit.number);
    expect(cn.text).toContain('크레딧 노트');
    expect(cn.text).toContain(b.number);
    expect(cn.text).toContain('한빛 "부품", 주식회사');
    expect(cn.text).toContain('-₩135,804');
    const d = await pdfOf(draft.id, admin);
    expect(d.text).toContain('DRAFT');
    expect(d.text).toContain('초안만 있는 회사');
  });

  it('roles: exports are for finance and admin only; bad queries are 400', async () => {
    expectError(await t.http.get(`/api/v1/invoices/export?period=${period}&format=csv`).set(bearer(customer)), 403, 'FORBIDDEN');
    expectError(await t.http.get(`/api/v1/invoices/export?period=${period}&format=json`).set(bearer(scheduler)), 403, 'FORBIDDEN');
    expectError(await t.http.get(`/api/v1/invoices/export?period=${period}`), 401, 'UNAUTHENTICATED');
    await download(`/api/v1/invoices/export?period=${period}`, admin).expect(200);
    expectError(await t.http.get(`/api/v1/invoices/export?period=${period}&format=xml`).set(bearer(finance)), 400, 'VALIDATION_FAILED');
    expectError(await t.http.get(`/api/v1/invoices/export?period=2026-13`).set(bearer(finance)), 400, 'VALIDATION_FAILED');
    expectError(await t.http.get(`/api/v1/invoices/export`).set(bearer(finance)), 400, 'VALIDATION_FAILED');
    // PDF: a customer of another organization gets 404; the scheduler has no business with invoices.
    const stranger = await t.createCustomer();
    expectError(await t.http.get(`/api/v1/invoices/${a.id}/pdf`).set(bearer(stranger)), 404, 'NOT_FOUND');
    expectError(await t.http.get(`/api/v1/invoices/${a.id}/pdf`).set(bearer(scheduler)), 403, 'FORBIDDEN');
  });
});
