import { randomUUID } from 'node:crypto';
import { expectError } from '../support/envelope.js';
import { at, book, createSegment, localDay } from '../support/facility.js';
import { TestApp, bearer, type TestUser } from '../support/test-app.js';

/**
 * GET /reservations/:id/cancellation-fee: what POST /reservations/:id/cancel would charge now, shown to the customer
 * before they confirm (docs/billing.md, "Fees"). One computation serves both, so the two always agree.
 */
describe('reservations: the cancellation fee before cancelling', () => {
  let t: TestApp;
  let scheduler: TestUser;
  let finance: TestUser;
  let alice: TestUser; // a non-member organization: no discount
  let bob: TestUser; // another organization
  let seg: Record<string, any>;

  const feeOf = (user: TestUser, id: string) => t.http.get(`/api/v1/reservations/${id}/cancellation-fee`).set(bearer(user));
  const cancel = (user: TestUser, id: string, body: Record<string, unknown> = { reason: 'plans changed' }) =>
    t.http.post(`/api/v1/reservations/${id}/cancel`).set(bearer(user)).send(body);
  const recordedFees = async (id: string) => (await t.query(`SELECT 1 FROM reservation_fees WHERE reservation_id = $1`, [id])).length;

  beforeAll(async () => {
    t = await TestApp.start();
    scheduler = await t.createUser('scheduler');
    finance = await t.createUser('finance');
    const admin = await t.createUser('admin');
    alice = await t.createCustomer({ membership: 'non_member' });
    bob = await t.createCustomer();
    seg = await createSegment(t, scheduler, { kind: 'fee' });
    await t.http.post('/api/v1/rate-cards').set(bearer(finance)).send({ segmentId: seg.id, effectiveFrom: '2020-01-01', hourlyRate: 100000 }).expect(201);
    await t.http
      .post('/api/v1/catalog/items')
      .set(bearer(admin))
      .send({ code: 'FEE-LOGGER', name: 'logger', category: 'equipment', unit: 'day', memberPrice: 1000, nonMemberPrice: 1000, provider: 'f', addOn: true })
      .expect(201);
  });
  afterAll(() => t?.close());

  // 2 h × ₩100,000 + one ₩1,000 add-on = ₩201,000, by the default policy's tier for the notice left
  it.each([
    { notice: 'under 48 h', day: 1, percent: 100, fee: 201000 },
    { notice: 'between 48 h and 168 h', day: 4, percent: 50, fee: 100500 },
    { notice: '168 h or more', day: 10, percent: 0, fee: 0 },
  ])('$notice: the fee shown equals what cancelling then charges ($percent %)', async ({ day, percent, fee }) => {
    const date = localDay(day);
    const r = await book(t, alice, { segmentId: seg.id, start: at(date, '10:00'), end: at(date, '12:00'), addOns: [{ itemCode: 'FEE-LOGGER', quantity: 1 }] }).expect(201);

    const shown = await feeOf(alice, r.body.id).expect(200);
    expect(shown.body).toEqual({ percent, charge: 201000, fee });
    expect(await recordedFees(r.body.id)).toBe(0); // asking records nothing

    const cancelled = await cancel(alice, r.body.id).expect(200);
    expect(cancelled.body.cancellationFee).toBe(shown.body.fee);
    const [recorded] = await t.query<{ percent: number; charge: string; amount: string }>(
      `SELECT percent, charge, amount FROM reservation_fees WHERE reservation_id = $1`,
      [r.body.id],
    );
    expect({ percent: Number(recorded.percent), charge: Number(recorded.charge), fee: Number(recorded.amount) }).toEqual(shown.body);
  });

  it('a pending reservation owes the fee like a confirmed one', async () => {
    const approved = await createSegment(t, scheduler, { kind: 'fee', approvalRequired: true });
    await t.http.post('/api/v1/rate-cards').set(bearer(finance)).send({ segmentId: approved.id, effectiveFrom: '2020-01-01', hourlyRate: 50000 }).expect(201);
    const date = localDay(1);
    const r = await book(t, alice, { segmentId: approved.id, start: at(date, '10:00'), end: at(date, '11:00') }).expect(201);
    expect(r.body.status).toBe('pending');
    expect((await feeOf(alice, r.body.id).expect(200)).body).toEqual({ percent: 100, charge: 50000, fee: 50000 });
    expect((await cancel(alice, r.body.id).expect(200)).body.cancellationFee).toBe(50000);
  });

  it('owes nothing for a reservation that holds no time: waitlisted, or already cancelled', async () => {
    const date = localDay(2);
    const holder = await book(t, bob, { segmentId: seg.id, start: at(date, '14:00'), end: at(date, '15:00') }).expect(201);
    const waiting = await book(t, alice, { segmentId: seg.id, start: at(date, '14:00'), end: at(date, '15:00'), waitlist: true }).expect(201);
    expect(waiting.body.status).toBe('waitlisted');
    expect((await feeOf(alice, waiting.body.id).expect(200)).body).toEqual({ percent: 0, charge: 0, fee: 0 });
    expect((await cancel(alice, waiting.body.id).expect(200)).body.cancellationFee).toBe(0);
    // cancelled: nothing more to owe
    expect((await feeOf(alice, waiting.body.id).expect(200)).body).toEqual({ percent: 0, charge: 0, fee: 0 });
    await cancel(bob, holder.body.id).expect(200);
  });

  it('owes nothing where no rate card prices the segment', async () => {
    const unpriced = await createSegment(t, scheduler, { kind: 'fee' });
    const date = localDay(1);
    const r = await book(t, alice, { segmentId: unpriced.id, start: at(date, '10:00'), end: at(date, '11:00') }).expect(201);
    expect((await feeOf(alice, r.body.id).expect(200)).body).toEqual({ percent: 0, charge: 0, fee: 0 });
    expect((await cancel(alice, r.body.id).expect(200)).body.cancellationFee).toBe(0);
  });

  it('shows the fee before any waiver; a scheduler who waives it charges 0', async () => {
    const date = localDay(1);
    const r = await book(t, alice, { segmentId: seg.id, start: at(date, '16:00'), end: at(date, '17:00') }).expect(201);
    expect((await feeOf(scheduler, r.body.id).expect(200)).body).toEqual({ percent: 100, charge: 100000, fee: 100000 });
    expect((await cancel(scheduler, r.body.id, { reason: 'track closed', waiveFee: true }).expect(200)).body.cancellationFee).toBe(0);
  });

  describe('tenancy', () => {
    let mine: Record<string, any>;
    beforeAll(async () => {
      const date = localDay(3);
      mine = (await book(t, alice, { segmentId: seg.id, start: at(date, '08:00'), end: at(date, '09:00') }).expect(201)).body;
    });

    it("another organization's reservation answers exactly like an unknown id (404)", async () => {
      const foreign = expectError(await feeOf(bob, mine.id), 404, 'NOT_FOUND');
      const unknown = expectError(await feeOf(bob, randomUUID()), 404, 'NOT_FOUND');
      expect(foreign).toEqual(unknown);
      expect(JSON.stringify(foreign)).not.toContain(mine.id);
    });

    it('the organization and staff see it; an unknown id is 404 for them too', async () => {
      for (const user of [alice, scheduler, finance]) await feeOf(user, mine.id).expect(200);
      expectError(await feeOf(scheduler, randomUUID()), 404, 'NOT_FOUND');
      expectError(await feeOf(alice, randomUUID()), 404, 'NOT_FOUND');
    });

    it('asks for a token and a UUID', async () => {
      expectError(await t.http.get(`/api/v1/reservations/${mine.id}/cancellation-fee`), 401, 'UNAUTHENTICATED');
      expectError(await feeOf(alice, 'not-a-uuid'), 400, 'VALIDATION_FAILED');
    });
  });
});
