import { at, createSegment, localDay } from '../support/facility.js';
import { expectError } from '../support/envelope.js';
import { createRateCard, draftFor, issue, monthFromNow, nextWeekday, quote, usedTrack } from '../support/billing.js';
import { TestApp, bearer, type TestUser } from '../support/test-app.js';

/**
 * Pricing through HTTP: quotes (POST /quotes) and the track-time lines of generated invoices. Every amount below is
 * worked out by hand in a comment. Past usage is entered as back-office reservations (scheduler, past times) in the
 * previous local month, so the dates are always in the past and always inside one billing month.
 */
describe('billing: pricing, quotes and rate cards', () => {
  let t: TestApp;
  let scheduler: TestUser;
  let finance: TestUser;
  let admin: TestUser;
  let member: TestUser;
  let nonMember: TestUser;
  const period = monthFromNow(-1);
  const day = (dd: number) => `${period}-${String(dd).padStart(2, '0')}`;
  const ALL = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

  beforeAll(async () => {
    t = await TestApp.start();
    scheduler = await t.createUser('scheduler');
    finance = await t.createUser('finance');
    admin = await t.createUser('admin');
    member = await t.createCustomer({ membership: 'member' });
    nonMember = await t.createCustomer({ membership: 'non_member' });
  });
  afterAll(() => t.close());

  /** A segment with a rate card effective since 2020, and a fresh organization to bill. */
  async function priced(card: Record<string, unknown>, segment: Record<string, unknown> = {}, membership = 'non_member') {
    const seg = await createSegment(t, scheduler, segment);
    const res = await createRateCard(t, finance, { segmentId: seg.id, effectiveFrom: '2020-01-01', ...card });
    expect(res.status).toBe(201);
    const org = await t.createOrganization({ membership });
    return { seg, card: res.body, org };
  }

  describe('quotes', () => {
    it('member vs non-member: the discount is a factor inside the line, unitPrice is after the discount, rounded once', async () => {
      const { seg } = await priced({ hourlyRate: 123457, memberDiscountPercent: 15, billingIncrementMinutes: 30, minimumBillableMinutes: 60 });
      const d = localDay(10);
      const body = { segmentId: seg.id, start: at(d, '10:00'), end: at(d, '11:30') };

      // Member, 90 min = 1.5 h:
      //   unitPrice = 123,457 × 0.85 = 104,938.45 → 104,938
      //   amount    = 1.5 × 123,457 × 0.85 = 157,407.675 → 157,408 (rounded once; 1.5 × 104,938 would be 157,407)
      //   VAT = 15,740.8 → 15,740 (truncated); total = 173,148
      const m = await quote(t, member, body).expect(200);
      expect(m.body).toEqual({
        lines: [expect.objectContaining({ quantity: 1.5, unit: 'hour', unitPrice: 104938, amount: 157408, taxable: true })],
        supplyAmount: 157408,
        vat: 15740,
        total: 173148,
      });
      expect(m.body.lines).toHaveLength(1); // no separate discount line

      // Non-member: unitPrice 123,457; amount 1.5 × 123,457 = 185,185.5 → 185,186 (half up);
      //   VAT 18,518.6 → 18,518; total 203,704
      const n = await quote(t, nonMember, body).expect(200);
      expect(n.body).toEqual({
        lines: [expect.objectContaining({ quantity: 1.5, unit: 'hour', unitPrice: 123457, amount: 185186, taxable: true })],
        supplyAmount: 185186,
        vat: 18518,
        total: 203704,
      });

      // Staff quote for an organization they name; without one → 400.
      const s = await quote(t, finance, { ...body, organizationId: member.organizationId }).expect(200);
      expect(s.body.total).toBe(173148);
      expectError(await quote(t, finance, body), 400, 'VALIDATION_FAILED');
      // A customer naming another organization: 404, as for anything of another organization.
      expectError(await quote(t, member, { ...body, organizationId: nonMember.organizationId }), 404, 'NOT_FOUND');
      // start >= end → 400
      expectError(await quote(t, member, { ...body, end: body.start }), 400, 'VALIDATION_FAILED');
    });

    it('minimum billable: a 30-minute booking is billed 60 minutes', async () => {
      const { seg } = await priced({ hourlyRate: 80000, billingIncrementMinutes: 30, minimumBillableMinutes: 60 });
      const d = localDay(10);
      // 30 min → rounded to the increment: 30 → at least the minimum: 60 min = 1 h × 80,000 = 80,000; VAT 8,000
      const q = await quote(t, nonMember, { segmentId: seg.id, start: at(d, '10:00'), end: at(d, '10:30') }).expect(200);
      expect(q.body).toEqual({ lines: [expect.objectContaining({ quantity: 1, unitPrice: 80000, amount: 80000 })], supplyAmount: 80000, vat: 8000, total: 88000 });
    });

    it('increment rounding: 70 minutes are billed 90', async () => {
      const { seg } = await priced({ hourlyRate: 60000, billingIncrementMinutes: 30, minimumBillableMinutes: 60 }, { slotMinutes: 10, minDurationMinutes: 10 });
      const d = localDay(10);
      // 70 min → ceil(70/30) × 30 = 90 min = 1.5 h × 60,000 = 90,000; VAT 9,000
      const q = await quote(t, nonMember, { segmentId: seg.id, start: at(d, '10:00'), end: at(d, '11:10') }).expect(200);
      expect(q.body).toEqual({ lines: [expect.objectContaining({ quantity: 1.5, unitPrice: 60000, amount: 90000 })], supplyAmount: 90000, vat: 9000, total: 99000 });
    });

    it('per-vehicle pricing on a shared segment with 3 vehicles', async () => {
      const { seg } = await priced({ perVehicleHourlyRate: 40000, memberDiscountPercent: 10 }, { capacityMode: 'shared', maxVehicles: 4 });
      const d = localDay(10);
      const body = { segmentId: seg.id, start: at(d, '10:00'), end: at(d, '12:00'), vehicles: 3 };
      // Non-member: unitPrice = 40,000 × 3 = 120,000 per hour; 2 h → 240,000; VAT 24,000
      const n = await quote(t, nonMember, body).expect(200);
      expect(n.body).toEqual({ lines: [expect.objectContaining({ quantity: 2, unitPrice: 120000, amount: 240000 })], supplyAmount: 240000, vat: 24000, total: 264000 });
      expect(n.body.lines[0].description).toContain('3대');
      // Member: 40,000 × 3 × 0.9 = 108,000 per hour; 2 h → 216,000; VAT 21,600
      const m = await quote(t, member, body).expect(200);
      expect(m.body).toEqual({ lines: [expect.objectContaining({ quantity: 2, unitPrice: 108000, amount: 216000 })], supplyAmount: 216000, vat: 21600, total: 237600 });
      // One vehicle: 40,000 per hour.
      const one = await quote(t, nonMember, { ...body, vehicles: 1 }).expect(200);
      expect(one.body.lines[0]).toEqual(expect.objectContaining({ unitPrice: 40000, amount: 80000 }));
    });

    it('night surcharge: 17:30–19:00 with a night window 18:00–20:00 +30 % prices each increment by its start', async () => {
      const { seg } = await priced({
        hourlyRate: 100000,
        billingIncrementMinutes: 30,
        minimumBillableMinutes: 60,
        surcharges: [{ name: '야간 night', days: ALL, from: '18:00', to: '20:00', percent: 30 }],
      });
      const wed = nextWeekday('wed');
      // increments 17:30 (0 %), 18:00 (+30 %), 18:30 (+30 %):
      //   0.5 × 100,000 + 0.5 × 130,000 + 0.5 × 130,000 = 50,000 + 65,000 + 65,000 = 180,000; VAT 18,000
      //   quantity 1.5 h, unitPrice the base rate 100,000
      const q = await quote(t, nonMember, { segmentId: seg.id, start: at(wed, '17:30'), end: at(wed, '19:00') }).expect(200);
      expect(q.body).toEqual({ lines: [expect.objectContaining({ quantity: 1.5, unitPrice: 100000, amount: 180000 })], supplyAmount: 180000, vat: 18000, total: 198000 });
      expect(q.body.lines[0].description).toContain('야간 night');
      // Entirely before the window: no surcharge and not named.
      const before = await quote(t, nonMember, { segmentId: seg.id, start: at(wed, '16:00'), end: at(wed, '18:00') }).expect(200);
      expect(before.body.lines[0].amount).toBe(200000);
      expect(before.body.lines[0].description).not.toContain('야간');
      // The window ends at 20:00 exclusive: 19:30 (+30 %), 20:00 (0 %) → 65,000 + 50,000 = 115,000
      const after = await quote(t, nonMember, { segmentId: seg.id, start: at(wed, '19:30'), end: at(wed, '20:30') }).expect(200);
      expect(after.body.lines[0].amount).toBe(115000);
    });

    it('Saturday +50 % and night +30 % overlap: the highest wins', async () => {
      const { seg } = await priced({
        hourlyRate: 100000,
        surcharges: [
          { name: '야간 night', days: ALL, from: '18:00', to: '20:00', percent: 30 },
          { name: '주말 weekend', days: ['sat', 'sun'], from: '00:00', to: '24:00', percent: 50 },
        ],
      });
      const sat = nextWeekday('sat');
      // Saturday 17:00–19:00: every increment is in "weekend" (+50 %); 18:00 and 18:30 are also "night" (+30 %),
      //   the higher 50 % counts: 2 h × 150,000 = 300,000; VAT 30,000. Only "weekend" is named.
      const s = await quote(t, nonMember, { segmentId: seg.id, start: at(sat, '17:00'), end: at(sat, '19:00') }).expect(200);
      expect(s.body).toEqual({ lines: [expect.objectContaining({ quantity: 2, unitPrice: 100000, amount: 300000 })], supplyAmount: 300000, vat: 30000, total: 330000 });
      expect(s.body.lines[0].description).toContain('주말 weekend');
      expect(s.body.lines[0].description).not.toContain('야간');
      // The same hours on a Wednesday: 50,000 + 50,000 + 65,000 + 65,000 = 230,000, "night" named.
      const wed = nextWeekday('wed');
      const w = await quote(t, nonMember, { segmentId: seg.id, start: at(wed, '17:00'), end: at(wed, '19:00') }).expect(200);
      expect(w.body.lines[0].amount).toBe(230000);
      expect(w.body.lines[0].description).toContain('야간 night');
      expect(w.body.lines[0].description).not.toContain('주말');
    });

    it('VAT is 10 % of the supply, truncated to the won', async () => {
      const { seg } = await priced({ hourlyRate: 123459 });
      const d = localDay(10);
      // 1 h × 123,459 = 123,459; VAT 12,345.9 → 12,345; total 135,804
      const q = await quote(t, nonMember, { segmentId: seg.id, start: at(d, '10:00'), end: at(d, '11:00') }).expect(200);
      expect(q.body).toEqual({ lines: [expect.objectContaining({ amount: 123459 })], supplyAmount: 123459, vat: 12345, total: 135804 });
    });

    it('a quote is for a booking that could be made: the segment\'s booking rules answer 422, fast, for any interval', async () => {
      const { seg } = await priced(
        { perVehicleHourlyRate: 1000, billingIncrementMinutes: 1, surcharges: [{ name: 'n', days: ALL, from: '18:00', to: '20:00', percent: 30 }] },
        { capacityMode: 'shared', maxVehicles: 2, maxDurationMinutes: 240 },
      );
      const plain = await createSegment(t, scheduler);
      await createRateCard(t, finance, { segmentId: plain.id, effectiveFrom: '2020-01-01', hourlyRate: 1000 }).expect(201);
      const d = localDay(10);
      const started = Date.now();
      // Years of track time: refused by the segment's maximum duration, not priced increment by increment.
      const years = await quote(t, nonMember, { segmentId: seg.id, start: at(d, '10:00'), end: '2099-12-31T00:00:00Z', vehicles: 1 });
      expect(expectError(years, 422, 'DURATION_OUT_OF_RANGE').details).toEqual(expect.objectContaining({ maxDurationMinutes: 240 }));
      expectError(await quote(t, finance, { organizationId: nonMember.organizationId, segmentId: seg.id, start: '1900-01-01T00:00:00Z', end: '8999-12-31T00:00:00Z' }), 422, 'DURATION_OUT_OF_RANGE');
      // instants outside the years 1900–9000 are not instants this API takes
      expectError(await quote(t, finance, { organizationId: nonMember.organizationId, segmentId: seg.id, start: '0001-01-01T00:00:00Z', end: '9999-12-31T00:00:00Z' }), 400, 'VALIDATION_FAILED');
      expect(Date.now() - started).toBeLessThan(2000);
      expectError(await quote(t, nonMember, { segmentId: seg.id, start: at(d, '10:00'), end: at(d, '15:00') }), 422, 'DURATION_OUT_OF_RANGE');
      expectError(await quote(t, nonMember, { segmentId: seg.id, start: at(d, '10:10'), end: at(d, '11:10') }), 422, 'SLOT_MISALIGNED');
      expectError(await quote(t, nonMember, { segmentId: seg.id, start: at(d, '10:00'), end: at(d, '11:00'), vehicles: 3 }), 422, 'VEHICLES_EXCEED_CAPACITY');
      // A customer cannot quote the past (as they cannot book it); staff may (back-office entry).
      const past = localDay(-3);
      expectError(await quote(t, nonMember, { segmentId: plain.id, start: at(past, '10:00'), end: at(past, '11:00') }), 422, 'IN_THE_PAST');
      const back = await quote(t, finance, { organizationId: nonMember.organizationId, segmentId: plain.id, start: at(past, '10:00'), end: at(past, '11:00') }).expect(200);
      expect(back.body.total).toBe(1100);
      // Within the rules: 4 h at 1-minute increments, 18:00–19:00 +30 % → 3 h × 1,000 + 1 h × 1,300 = 4,300
      const ok = await quote(t, nonMember, { segmentId: seg.id, start: at(d, '15:00'), end: at(d, '19:00'), vehicles: 1 }).expect(200);
      expect(ok.body.lines[0]).toEqual(expect.objectContaining({ quantity: 4, unitPrice: 1000, amount: 4300 }));
    });

    it('a segment switched from exclusive to shared: its hourly card prices nothing (409), cancelling still works, a new card prices it', async () => {
      const { seg } = await priced({ hourlyRate: 100000 });
      await t.http.patch(`/api/v1/segments/${seg.id}`).set(bearer(scheduler)).send({ capacityMode: 'shared', maxVehicles: 3 }).expect(200);
      const d = localDay(1);
      const body = { segmentId: seg.id, start: at(d, '10:00'), end: at(d, '11:00'), vehicles: 2 };
      expectError(await quote(t, nonMember, body), 409, 'INVALID_STATE');
      const r = await t.http.post('/api/v1/reservations').set(bearer(nonMember)).send(body).expect(201);
      const cancelled = await t.http.post(`/api/v1/reservations/${r.body.id}/cancel`).set(bearer(nonMember)).send({ reason: 'x' }).expect(200);
      expect(cancelled.body.cancellationFee).toBe(0);
      await createRateCard(t, finance, { segmentId: seg.id, effectiveFrom: localDay(0), perVehicleHourlyRate: 30000 }).expect(201);
      // 1 h × 30,000 × 2 vehicles = 60,000
      expect((await quote(t, nonMember, body).expect(200)).body.lines[0]).toEqual(expect.objectContaining({ unitPrice: 60000, amount: 60000 }));
    });

    it('no rate card in force → 409 INVALID_STATE; a card prices only from its effectiveFrom', async () => {
      const seg = await createSegment(t, scheduler);
      const d = localDay(10);
      const body = { segmentId: seg.id, start: at(d, '10:00'), end: at(d, '11:00') };
      expectError(await quote(t, nonMember, body), 409, 'INVALID_STATE');
      await createRateCard(t, finance, { segmentId: seg.id, effectiveFrom: localDay(20), hourlyRate: 50000 }).expect(201);
      expectError(await quote(t, nonMember, body), 409, 'INVALID_STATE');
      const later = localDay(20);
      const q = await quote(t, nonMember, { ...body, start: at(later, '10:00'), end: at(later, '11:00') }).expect(200);
      expect(q.body.total).toBe(55000);
      // An unknown segment → 404.
      expectError(await quote(t, nonMember, { ...body, segmentId: '00000000-0000-4000-8000-000000000000' }), 404, 'NOT_FOUND');
    });
  });

  describe('invoice lines from usage', () => {
    it('a 30-minute booking is billed 60 minutes; 70 minutes (10-minute grid) are billed 90', async () => {
      const { seg, org } = await priced({ hourlyRate: 80000, billingIncrementMinutes: 30, minimumBillableMinutes: 60 }, { slotMinutes: 10, minDurationMinutes: 10 });
      await usedTrack(t, scheduler, { organizationId: org.id, segmentId: seg.id, start: at(day(5), '10:00'), end: at(day(5), '10:30') });
      await usedTrack(t, scheduler, { organizationId: org.id, segmentId: seg.id, start: at(day(6), '10:00'), end: at(day(6), '11:10') });
      const draft = await draftFor(t, finance, period, org.id);
      // line 1: 30 min → minimum 60 → 1 h × 80,000 = 80,000
      // line 2: 70 min → 90 → 1.5 h × 80,000 = 120,000
      // supply 200,000; VAT 20,000; total 220,000
      expect(draft.lines).toEqual([
        expect.objectContaining({ quantity: 1, unit: 'hour', unitPrice: 80000, amount: 80000, taxable: true }),
        expect.objectContaining({ quantity: 1.5, unit: 'hour', unitPrice: 80000, amount: 120000, taxable: true }),
      ]);
      expect(draft).toEqual(expect.objectContaining({ organizationId: org.id, period, status: 'draft', supplyAmount: 200000, vat: 20000, total: 220000 }));
    });

    it('per-vehicle pricing on a shared segment: 3 vehicles of a member and 1 of a non-member at the same time', async () => {
      const { seg, org } = await priced({ perVehicleHourlyRate: 40000, memberDiscountPercent: 10 }, { capacityMode: 'shared', maxVehicles: 4 }, 'member');
      const other = await t.createOrganization({ membership: 'non_member' });
      const r = await usedTrack(t, scheduler, { organizationId: org.id, segmentId: seg.id, start: at(day(7), '10:00'), end: at(day(7), '12:00'), vehicles: 3 });
      await usedTrack(t, scheduler, { organizationId: other.id, segmentId: seg.id, start: at(day(7), '10:00'), end: at(day(7), '12:00'), vehicles: 1 });
      // member, 3 vehicles: unitPrice 40,000 × 3 × 0.9 = 108,000; 2 h → 216,000; VAT 21,600
      const mine = await draftFor(t, finance, period, org.id);
      expect(mine.lines).toEqual([expect.objectContaining({ quantity: 2, unitPrice: 108000, amount: 216000, reservationId: r.id })]);
      expect(mine.lines[0].description).toContain('3대');
      expect(mine).toEqual(expect.objectContaining({ supplyAmount: 216000, vat: 21600, total: 237600 }));
      // non-member, 1 vehicle: 40,000 × 2 h = 80,000
      const theirs = await draftFor(t, finance, period, other.id);
      expect(theirs.lines).toEqual([expect.objectContaining({ quantity: 2, unitPrice: 40000, amount: 80000 })]);
    });

    it('VAT once on the sum of taxable lines, truncated (never per line)', async () => {
      const { seg, org } = await priced({ hourlyRate: 100009 });
      await usedTrack(t, scheduler, { organizationId: org.id, segmentId: seg.id, start: at(day(8), '10:00'), end: at(day(8), '11:00') });
      await usedTrack(t, scheduler, { organizationId: org.id, segmentId: seg.id, start: at(day(8), '13:00'), end: at(day(8), '14:00') });
      // two lines of 100,009: supply 200,018; VAT 20,001.8 → 20,001 (per line it would be 10,000 + 10,000); total 220,019
      const draft = await draftFor(t, finance, period, org.id);
      expect(draft).toEqual(expect.objectContaining({ supplyAmount: 200018, vat: 20001, total: 220019 }));
    });

    it('overrun: a check-out 30 minutes after the end bills the extra time; an early check-out still pays the booking', async () => {
      const { seg, org } = await priced({ hourlyRate: 100000, billingIncrementMinutes: 30, minimumBillableMinutes: 60 });
      const over = await usedTrack(t, scheduler, { organizationId: org.id, segmentId: seg.id, start: at(day(9), '10:00'), end: at(day(9), '11:00') }, { checkOut: at(day(9), '11:30') });
      expect(over.status).toBe('completed');
      const early = await usedTrack(t, scheduler, { organizationId: org.id, segmentId: seg.id, start: at(day(9), '13:00'), end: at(day(9), '15:00') }, { checkIn: at(day(9), '13:20'), checkOut: at(day(9), '14:00') });
      // overrun: max(booked 60, actual 90) = 90 min = 1.5 h × 100,000 = 150,000
      // early:   max(booked 120, actual 40) = 120 min = 2 h × 100,000 = 200,000
      // supply 350,000; VAT 35,000
      const draft = await draftFor(t, finance, period, org.id);
      expect(draft.lines).toEqual([
        expect.objectContaining({ quantity: 1.5, amount: 150000, reservationId: over.id }),
        expect.objectContaining({ quantity: 2, amount: 200000, reservationId: early.id }),
      ]);
      expect(draft.lines[0].description).toContain('overrun');
      expect(draft.lines[1].description).not.toContain('overrun');
      expect(draft).toEqual(expect.objectContaining({ supplyAmount: 350000, vat: 35000, total: 385000 }));
    });

    it('checked in but never checked out after the end bills the booked time; never checked in is not track time', async () => {
      const { seg, org } = await priced({ hourlyRate: 100000 });
      const stuck = await usedTrack(t, scheduler, { organizationId: org.id, segmentId: seg.id, start: at(day(11), '10:00'), end: at(day(11), '12:00') }, { checkIn: at(day(11), '10:10'), checkOut: null });
      expect(stuck.status).toBe('checked_in');
      await usedTrack(t, scheduler, { organizationId: org.id, segmentId: seg.id, start: at(day(11), '14:00'), end: at(day(11), '15:00') }, { checkIn: null });
      // booked 120 min = 2 h × 100,000 = 200,000 (the confirmed, never checked-in booking is not on it)
      const draft = await draftFor(t, finance, period, org.id);
      expect(draft.lines).toEqual([expect.objectContaining({ quantity: 2, amount: 200000, reservationId: stuck.id })]);
    });

    it('rate-card versioning: a later card prices from its date on; a generated and issued invoice keeps the old price', async () => {
      const { seg, org } = await priced({ hourlyRate: 100000 });
      const r1 = await usedTrack(t, scheduler, { organizationId: org.id, segmentId: seg.id, start: at(day(10), '10:00'), end: at(day(10), '12:00') });
      // card of 2020: 2 h × 100,000 = 200,000
      const first = await draftFor(t, finance, period, org.id);
      expect(first.lines).toEqual([expect.objectContaining({ unitPrice: 100000, amount: 200000, reservationId: r1.id })]);

      // A card effective from the 20th: reservations on/after it are priced by it, earlier ones not.
      await createRateCard(t, finance, { segmentId: seg.id, effectiveFrom: day(20), hourlyRate: 150000 }).expect(201);
      const draftAgain = await t.http.get(`/api/v1/invoices/${first.id}`).set(bearer(finance)).expect(200);
      expect(draftAgain.body.lines[0].amount).toBe(200000); // the generated draft is not touched
      const issued = await issue(t, finance, first.id);

      const r2 = await usedTrack(t, scheduler, { organizationId: org.id, segmentId: seg.id, start: at(day(20), '10:00'), end: at(day(20), '12:00') });
      const r3 = await usedTrack(t, scheduler, { organizationId: org.id, segmentId: seg.id, start: at(day(19), '10:00'), end: at(day(19), '11:00') });
      const second = await draftFor(t, finance, period, org.id);
      // r3 (19th, old card): 1 h × 100,000 = 100,000; r2 (20th, new card): 2 h × 150,000 = 300,000; r1 is issued: not again
      expect(second.lines).toEqual([
        expect.objectContaining({ unitPrice: 100000, amount: 100000, reservationId: r3.id }),
        expect.objectContaining({ unitPrice: 150000, amount: 300000, reservationId: r2.id }),
      ]);
      expect(second.supplyAmount).toBe(400000);

      const still = await t.http.get(`/api/v1/invoices/${first.id}`).set(bearer(finance)).expect(200);
      expect(still.body).toEqual(issued);
      expect(still.body).toEqual(expect.objectContaining({ status: 'issued', supplyAmount: 200000, vat: 20000, total: 220000 }));

      // A quote for a future date uses the latest card.
      const d = localDay(10);
      const q = await quote(t, nonMember, { segmentId: seg.id, start: at(d, '10:00'), end: at(d, '11:00') }).expect(200);
      expect(q.body.lines[0].unitPrice).toBe(150000);

      const cards = await t.http.get(`/api/v1/rate-cards?segmentId=${seg.id}`).set(bearer(nonMember)).expect(200);
      expect(cards.body.items.map((c: { effectiveFrom: string }) => c.effectiveFrom).sort()).toEqual(['2020-01-01', day(20)]);
    });
  });

  describe('rate cards and policy: validation and roles', () => {
    it('refuses a card without the rate its segment needs (400), a duplicate effectiveFrom (409 DUPLICATE), a surcharge ending before it starts (400)', async () => {
      const shared = await createSegment(t, scheduler, { capacityMode: 'shared', maxVehicles: 3 });
      const exclusive = await createSegment(t, scheduler);
      const fields = (res: { body: any }) => (res.body.details.fields as { field: string }[]).map((f) => f.field);

      const a = expectError(await createRateCard(t, finance, { segmentId: shared.id, effectiveFrom: '2026-01-01', hourlyRate: 100000 }), 400, 'VALIDATION_FAILED');
      expect(JSON.stringify(a.details)).toContain('perVehicleHourlyRate');
      const b = await createRateCard(t, finance, { segmentId: exclusive.id, effectiveFrom: '2026-01-01', perVehicleHourlyRate: 100000 });
      expectError(b, 400, 'VALIDATION_FAILED');
      expect(fields(b)).toContain('hourlyRate');
      expectError(await createRateCard(t, finance, { segmentId: exclusive.id, effectiveFrom: '2026-01-01' }), 400, 'VALIDATION_FAILED');

      const ok = await createRateCard(t, finance, { segmentId: shared.id, effectiveFrom: '2026-01-01', perVehicleHourlyRate: 30000 }).expect(201);
      expect(ok.body).toEqual(
        expect.objectContaining({ segmentId: shared.id, effectiveFrom: '2026-01-01', perVehicleHourlyRate: 30000, hourlyRate: null, memberDiscountPercent: 0, billingIncrementMinutes: 30, minimumBillableMinutes: 60, surcharges: [] }),
      );
      expectError(await createRateCard(t, finance, { segmentId: shared.id, effectiveFrom: '2026-01-01', perVehicleHourlyRate: 35000 }), 409, 'DUPLICATE');
      await createRateCard(t, finance, { segmentId: shared.id, effectiveFrom: '2026-01-02', perVehicleHourlyRate: 35000 }).expect(201);

      const window = (from: string, to: string) => ({ segmentId: exclusive.id, effectiveFrom: '2026-02-01', hourlyRate: 1000, surcharges: [{ name: 'x', days: ['mon'], from, to, percent: 10 }] });
      const c = await createRateCard(t, finance, window('20:00', '18:00'));
      expectError(c, 400, 'VALIDATION_FAILED');
      expect(fields(c)).toContain('surcharges.0.to');
      expectError(await createRateCard(t, finance, window('18:00', '18:00')), 400, 'VALIDATION_FAILED');
      expectError(await createRateCard(t, finance, window('18:00', '24:30')), 400, 'VALIDATION_FAILED');
      await createRateCard(t, finance, window('22:00', '24:00')).expect(201);

      expectError(await createRateCard(t, finance, { segmentId: '00000000-0000-4000-8000-000000000000', effectiveFrom: '2026-01-01', hourlyRate: 1 }), 404, 'NOT_FOUND');
      expect((await t.query(`SELECT count(*)::int AS n FROM rate_cards WHERE segment_id = ANY($1)`, [[shared.id, exclusive.id]]))[0].n).toBe(3);
    });

    it('roles: only finance and admin write rate cards and the policy (403 otherwise); every role reads them', async () => {
      const seg = await createSegment(t, scheduler);
      const body = { segmentId: seg.id, effectiveFrom: '2026-03-01', hourlyRate: 1000 };
      expectError(await createRateCard(t, member, body), 403, 'FORBIDDEN');
      expectError(await createRateCard(t, scheduler, body), 403, 'FORBIDDEN');
      expectError(await t.http.post('/api/v1/rate-cards').send(body), 401, 'UNAUTHENTICATED');
      await createRateCard(t, admin, body).expect(201);
      for (const user of [member, scheduler, finance, admin]) {
        const res = await t.http.get(`/api/v1/rate-cards?segmentId=${seg.id}`).set(bearer(user)).expect(200);
        expect(res.body).toEqual({ items: [expect.objectContaining({ segmentId: seg.id, hourlyRate: 1000 })], nextCursor: null });
      }

      const policy = { tiers: [{ minNoticeHours: 168, percent: 0 }, { minNoticeHours: 48, percent: 50 }, { minNoticeHours: 0, percent: 100 }], noShowPercent: 100 };
      expectError(await t.http.put('/api/v1/cancellation-policy').set(bearer(member)).send(policy), 403, 'FORBIDDEN');
      expectError(await t.http.put('/api/v1/cancellation-policy').set(bearer(scheduler)).send(policy), 403, 'FORBIDDEN');
      for (const user of [member, scheduler, finance, admin]) {
        const res = await t.http.get('/api/v1/cancellation-policy').set(bearer(user)).expect(200);
        expect(res.body).toEqual(policy);
      }
      await t.http.put('/api/v1/cancellation-policy').set(bearer(admin)).send(policy).expect(200);
      const changed = { tiers: [{ minNoticeHours: 0, percent: 100 }, { minNoticeHours: 72, percent: 25 }], noShowPercent: 80 };
      const put = await t.http.put('/api/v1/cancellation-policy').set(bearer(finance)).send(changed).expect(200);
      expect(put.body).toEqual({ tiers: [{ minNoticeHours: 72, percent: 25 }, { minNoticeHours: 0, percent: 100 }], noShowPercent: 80 });
      expect((await t.http.get('/api/v1/cancellation-policy').set(bearer(member)).expect(200)).body).toEqual(put.body);
      // A policy must say what the shortest notice costs.
      expectError(await t.http.put('/api/v1/cancellation-policy').set(bearer(finance)).send({ tiers: [{ minNoticeHours: 24, percent: 50 }], noShowPercent: 100 }), 400, 'VALIDATION_FAILED');
      await t.http.put('/api/v1/cancellation-policy').set(bearer(finance)).send(policy).expect(200);
    });
  });
});
