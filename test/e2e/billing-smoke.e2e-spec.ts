import { at, book, createSegment, localDay } from '../support/facility.js';
import { expectError } from '../support/envelope.js';
import { TestApp, bearer, type TestUser } from '../support/test-app.js';

describe('billing: smoke', () => {
  let t: TestApp;
  let scheduler: TestUser;
  let finance: TestUser;
  let alice: TestUser;
  beforeAll(async () => {
    t = await TestApp.start();
    scheduler = await t.createUser('scheduler');
    finance = await t.createUser('finance');
    alice = await t.createCustomer({ membership: 'member' });
  });
  afterAll(() => t.close());

  it('quotes, bills a completed reservation, issues, voids and exports', async () => {
    const seg = await createSegment(t, scheduler, { kind: 'braking' });
    await t.http
      .post('/api/v1/rate-cards')
      .set(bearer(finance))
      .send({ segmentId: seg.id, effectiveFrom: '2020-01-01', hourlyRate: 250000, memberDiscountPercent: 20, billingIncrementMinutes: 30, minimumBillableMinutes: 60 })
      .expect(201);
    const day = localDay(9);
    const quote = await t.http.post('/api/v1/quotes').set(bearer(alice)).send({ segmentId: seg.id, start: at(day, '10:00'), end: at(day, '11:30'), vehicles: 1, addOns: [] }).expect(200);
    // 1.5 h × ₩250,000 × 0.8 = ₩300,000; VAT ₩30,000
    expect(quote.body).toEqual({ lines: [expect.objectContaining({ quantity: 1.5, unit: 'hour', unitPrice: 200000, amount: 300000, taxable: true })], supplyAmount: 300000, vat: 30000, total: 330000 });

    const past = localDay(-3);
    const period = past.slice(0, 7);
    const r = await book(t, scheduler, { organizationId: alice.organizationId, segmentId: seg.id, start: at(past, '10:00'), end: at(past, '11:30') }).expect(201);
    await t.http.post(`/api/v1/reservations/${r.body.id}/check-in`).set(bearer(scheduler)).send({ at: at(past, '10:00') }).expect(200);
    await t.http.post(`/api/v1/reservations/${r.body.id}/check-out`).set(bearer(scheduler)).send({ at: at(past, '11:30') }).expect(200);

    const generated = await t.http.post('/api/v1/invoices/generate').set(bearer(finance)).send({ period, organizationId: alice.organizationId }).expect(200);
    expect(generated.body.items).toHaveLength(1);
    const draft = generated.body.items[0];
    expect(draft).toEqual(expect.objectContaining({ status: 'draft', number: null, supplyAmount: 300000, vat: 30000, total: 330000 }));
    expectError(await t.http.get(`/api/v1/invoices/${draft.id}`).set(bearer(alice)), 404, 'NOT_FOUND');

    const issued = await t.http.post(`/api/v1/invoices/${draft.id}/issue`).set(bearer(finance)).expect(200);
    expect(issued.body.number).toMatch(/^DPG-\d{4}-\d{6}$/);
    await t.http.get(`/api/v1/invoices/${draft.id}`).set(bearer(alice)).expect(200);
    expectError(await t.http.post(`/api/v1/invoices/${draft.id}/issue`).set(bearer(finance)), 409, 'INVALID_STATE');

    const again = await t.http.post('/api/v1/invoices/generate').set(bearer(finance)).send({ period, organizationId: alice.organizationId }).expect(200);
    expect(again.body.items).toEqual([]);

    const pdf = await t.http.get(`/api/v1/invoices/${draft.id}/pdf`).set(bearer(alice)).expect(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');

    const voided = await t.http.post(`/api/v1/invoices/${draft.id}/void`).set(bearer(finance)).send({ reason: 'wrong rate' }).expect(200);
    expect(voided.body.status).toBe('void');
    expect(voided.body.creditNote).toEqual(expect.objectContaining({ type: 'credit_note', total: -330000, creditedInvoiceId: draft.id, period }));

    const csv = await t.http.get(`/api/v1/invoices/export?period=${period}&format=csv`).set(bearer(finance)).buffer(true).parse((res, cb) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => cb(null, Buffer.concat(chunks)));
    }).expect(200);
    const body = csv.body as Buffer;
    expect(body.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(body.toString('utf8')).toContain('credit_note');
  });

  it('charges the policy fee on cancellation, and staff may waive it', async () => {
    const seg = await createSegment(t, scheduler);
    await t.http.post('/api/v1/rate-cards').set(bearer(finance)).send({ segmentId: seg.id, effectiveFrom: '2020-01-01', hourlyRate: 100000 }).expect(201);
    const day = localDay(1);
    const r = await book(t, alice, { segmentId: seg.id, start: at(day, '10:00'), end: at(day, '12:00') }).expect(201);
    const cancelled = await t.http.post(`/api/v1/reservations/${r.body.id}/cancel`).set(bearer(alice)).send({ reason: 'x' }).expect(200);
    // < 48 h notice → 100 % of 2 h × ₩100,000 (the card has no member discount) = ₩200,000
    expect(cancelled.body.cancellationFee).toBe(200000);
    const r2 = await book(t, alice, { segmentId: seg.id, start: at(day, '13:00'), end: at(day, '14:00') }).expect(201);
    const waived = await t.http.post(`/api/v1/reservations/${r2.body.id}/cancel`).set(bearer(scheduler)).send({ reason: 'x', waiveFee: true }).expect(200);
    expect(waived.body.cancellationFee).toBe(0);
  });
});

describe('billing: add-on prices are kept from the booking', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start();
  });
  afterAll(() => t.close());

  it('a later price change does not reach a booked add-on', async () => {
    const scheduler = await t.createUser('scheduler');
    const finance = await t.createUser('finance');
    const admin = await t.createUser('admin');
    const customer = await t.createCustomer({ membership: 'non_member' });
    const seg = await createSegment(t, scheduler);
    await t.http.post('/api/v1/rate-cards').set(bearer(finance)).send({ segmentId: seg.id, effectiveFrom: '2020-01-01', hourlyRate: 100000 }).expect(201);
    const item = await t.http
      .post('/api/v1/catalog/items')
      .set(bearer(admin))
      .send({ code: 'KEEP-1', name: 'logger', category: 'equipment', unit: 'day', memberPrice: 1000, nonMemberPrice: 1000, provider: 'f', addOn: true })
      .expect(201);
    const day = localDay(1);
    const r = await book(t, customer, { segmentId: seg.id, start: at(day, '10:00'), end: at(day, '11:00'), addOns: [{ itemCode: 'KEEP-1', quantity: 1 }] }).expect(201);
    await t.http.patch(`/api/v1/catalog/items/${item.body.id}`).set(bearer(admin)).send({ nonMemberPrice: 5000 }).expect(200);
    const cancelled = await t.http.post(`/api/v1/reservations/${r.body.id}/cancel`).set(bearer(customer)).send({ reason: 'x' }).expect(200);
    // < 48 h: 100 % of (₩100,000 track + ₩1,000 add-on as booked)
    expect(cancelled.body.cancellationFee).toBe(101000);
  });
});
