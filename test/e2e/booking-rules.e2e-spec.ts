import { addLocalDays } from '../../src/segments/local-time.js';
import { expectError } from '../support/envelope.js';
import { at, book, createSegment, localDay } from '../support/facility.js';
import { TestApp, bearer, type TestUser } from '../support/test-app.js';

const ALL_DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
const iso = (instant: string) => new Date(instant).toISOString();

/** Every 422 booking rule, black-box through POST /api/v1/reservations (Asia/Seoul, the default zone). */
describe('booking rules (Asia/Seoul)', () => {
  let t: TestApp;
  let scheduler: TestUser;
  let admin: TestUser;
  let alice: TestUser;
  let bob: TestUser;

  beforeAll(async () => {
    t = await TestApp.start();
    scheduler = await t.createUser('scheduler');
    admin = await t.createUser('admin');
    alice = await t.createCustomer();
    bob = await t.createCustomer();
  });
  afterAll(() => t.close());

  const slot = (day: string, from: string, to: string) => ({ start: at(day, from), end: at(day, to) });

  it('OUTSIDE_OPENING_HOURS: inside one opening interval, wall-clock hours, with a lunch gap', async () => {
    const seg = await createSegment(t, scheduler, {
      openingHours: [
        { days: ALL_DAYS, open: '08:00', close: '12:00' },
        { days: ALL_DAYS, open: '13:00', close: '17:00' },
      ],
    });
    const day = localDay(30);
    const gap = await book(t, alice, { segmentId: seg.id, ...slot(day, '11:00', '14:00') });
    expect(expectError(gap, 422, 'OUTSIDE_OPENING_HOURS').details).toEqual({
      timeZone: 'Asia/Seoul',
      openIntervals: [
        { start: iso(at(day, '08:00')), end: iso(at(day, '12:00')) },
        { start: iso(at(day, '13:00')), end: iso(at(day, '17:00')) },
      ],
    });
    for (const [from, to] of [['07:30', '08:30'], ['16:30', '17:30'], ['12:00', '13:00'], ['11:30', '12:30'], ['06:00', '07:00'], ['17:00', '18:00']]) {
      expectError(await book(t, alice, { segmentId: seg.id, ...slot(day, from, to) }), 422, 'OUTSIDE_OPENING_HOURS');
    }
    // exactly filling an opening interval is fine, at both ends
    await book(t, alice, { segmentId: seg.id, ...slot(day, '08:00', '12:00') }).expect(201);
    await book(t, alice, { segmentId: seg.id, ...slot(day, '13:00', '17:00') }).expect(201);
    // the rule binds staff too
    expectError(await book(t, scheduler, { organizationId: alice.organizationId, segmentId: seg.id, ...slot(addLocalDays(day, 1), '17:00', '18:00') }), 422, 'OUTSIDE_OPENING_HOURS');
  });

  it('OUTSIDE_OPENING_HOURS: a weekday that is closed; a day that closes at 24:00 runs into one that opens at 00:00', async () => {
    const days = [31, 32, 33, 34, 35, 36, 37].map(localDay);
    const weekday = (d: string) => ALL_DAYS[(new Date(`${d}T12:00:00Z`).getUTCDay() + 6) % 7];
    const monday = days.find((d) => weekday(d) === 'mon')!;
    const seg = await createSegment(t, scheduler, {
      openingHours: [
        { days: ['mon'], open: '18:00', close: '24:00' },
        { days: ['tue'], open: '00:00', close: '06:00' },
      ],
    });
    const tuesday = addLocalDays(monday, 1);
    const wednesday = addLocalDays(monday, 2);
    expectError(await book(t, alice, { segmentId: seg.id, ...slot(wednesday, '01:00', '02:00') }), 422, 'OUTSIDE_OPENING_HOURS');
    await book(t, alice, { segmentId: seg.id, start: at(monday, '22:00'), end: at(tuesday, '02:00') }).expect(201);
    expectError(await book(t, alice, { segmentId: seg.id, start: at(tuesday, '05:00'), end: at(tuesday, '07:00') }), 422, 'OUTSIDE_OPENING_HOURS');
  });

  it('SLOT_MISALIGNED: start and end on the grid counted from local midnight', async () => {
    // A 120-minute grid from Seoul midnight has 10:00 but not 09:00; one from UTC midnight would be the other way round.
    const seg = await createSegment(t, scheduler, { slotMinutes: 120, minDurationMinutes: 60 });
    const day = localDay(31);
    await book(t, alice, { segmentId: seg.id, ...slot(day, '10:00', '12:00') }).expect(201);
    expect(expectError(await book(t, alice, { segmentId: seg.id, ...slot(day, '13:00', '16:00') }), 422, 'SLOT_MISALIGNED').details).toEqual(
      expect.objectContaining({ slotMinutes: 120, field: 'start' }),
    );
    expect(expectError(await book(t, alice, { segmentId: seg.id, ...slot(day, '14:00', '15:00') }), 422, 'SLOT_MISALIGNED').details).toEqual(
      expect.objectContaining({ slotMinutes: 120, field: 'end' }),
    );
    await book(t, alice, { segmentId: seg.id, ...slot(day, '22:00', '24:00') }).expect(201);
    // seconds are off every grid
    const seconds = at(day, '14:00').replace('Z', '').replace(/:00$/, ':30') + 'Z';
    expectError(await book(t, alice, { segmentId: seg.id, start: seconds, end: at(day, '16:00') }), 422, 'SLOT_MISALIGNED');
    // the grid binds staff too
    expectError(await book(t, scheduler, { organizationId: alice.organizationId, segmentId: seg.id, ...slot(day, '15:00', '17:00') }), 422, 'SLOT_MISALIGNED');
    // a 30-minute default grid
    const fine = await createSegment(t, scheduler);
    expectError(await book(t, alice, { segmentId: fine.id, ...slot(day, '10:15', '11:15') }), 422, 'SLOT_MISALIGNED');
    await book(t, alice, { segmentId: fine.id, ...slot(day, '10:30', '11:00') }).expect(201);
  });

  it('DURATION_OUT_OF_RANGE: between minDurationMinutes and maxDurationMinutes', async () => {
    const seg = await createSegment(t, scheduler, { minDurationMinutes: 60, maxDurationMinutes: 120 });
    const day = localDay(32);
    expect(expectError(await book(t, alice, { segmentId: seg.id, ...slot(day, '08:00', '08:30') }), 422, 'DURATION_OUT_OF_RANGE').details).toEqual(
      expect.objectContaining({ durationMinutes: 30, minDurationMinutes: 60, maxDurationMinutes: 120 }),
    );
    expectError(await book(t, alice, { segmentId: seg.id, ...slot(day, '08:00', '10:30') }), 422, 'DURATION_OUT_OF_RANGE');
    expectError(await book(t, scheduler, { organizationId: alice.organizationId, segmentId: seg.id, ...slot(day, '08:00', '10:30') }), 422, 'DURATION_OUT_OF_RANGE');
    await book(t, alice, { segmentId: seg.id, ...slot(day, '08:00', '09:00') }).expect(201);
    await book(t, alice, { segmentId: seg.id, ...slot(day, '10:00', '12:00') }).expect(201);
  });

  it('NOTICE_TOO_SHORT: customers book minNoticeMinutes ahead; staff are exempt', async () => {
    const seg = await createSegment(t, scheduler, { minNoticeMinutes: 3 * 24 * 60 });
    const soon = localDay(1);
    const body = expectError(await book(t, alice, { segmentId: seg.id, ...slot(soon, '10:00', '11:00') }), 422, 'NOTICE_TOO_SHORT');
    expect(body.details).toEqual(expect.objectContaining({ minNoticeMinutes: 4320, earliestStart: expect.any(String) }));
    const earliest = Date.parse((body.details as { earliestStart: string }).earliestStart);
    expect(Math.abs(earliest - (Date.now() + 4320 * 60_000))).toBeLessThan(60_000);
    await book(t, alice, { segmentId: seg.id, ...slot(localDay(5), '10:00', '11:00') }).expect(201);
    await book(t, scheduler, { organizationId: alice.organizationId, segmentId: seg.id, ...slot(soon, '10:00', '11:00') }).expect(201);
    await book(t, admin, { organizationId: bob.organizationId, segmentId: seg.id, ...slot(soon, '12:00', '13:00') }).expect(201);
  });

  it('BEYOND_HORIZON: customers book at most maxAdvanceDays ahead; staff are exempt', async () => {
    const seg = await createSegment(t, scheduler, { maxAdvanceDays: 5 });
    expect(expectError(await book(t, alice, { segmentId: seg.id, ...slot(localDay(7), '10:00', '11:00') }), 422, 'BEYOND_HORIZON').details).toEqual(
      expect.objectContaining({ maxAdvanceDays: 5, latestStart: expect.any(String) }),
    );
    await book(t, alice, { segmentId: seg.id, ...slot(localDay(4), '10:00', '11:00') }).expect(201);
    await book(t, scheduler, { organizationId: alice.organizationId, segmentId: seg.id, ...slot(localDay(7), '10:00', '11:00') }).expect(201);
    // the default horizon is 365 days
    const plain = await createSegment(t, scheduler);
    expectError(await book(t, alice, { segmentId: plain.id, ...slot(localDay(367), '10:00', '11:00') }), 422, 'BEYOND_HORIZON');
    await book(t, alice, { segmentId: plain.id, ...slot(localDay(360), '10:00', '11:00') }).expect(201);
  });

  it('IN_THE_PAST: customers cannot book a start before now, and it wins over notice; staff may (back-office entry)', async () => {
    const seg = await createSegment(t, scheduler, { minNoticeMinutes: 600 });
    const yesterday = localDay(-1);
    const past = expectError(await book(t, alice, { segmentId: seg.id, ...slot(yesterday, '10:00', '11:00') }), 422, 'IN_THE_PAST');
    expect(past.details).toEqual({ start: iso(at(yesterday, '10:00')), now: expect.any(String) });
    // started a minute ago (on a 1-minute grid): still the past, not too short a notice
    const minuteGrid = await createSegment(t, scheduler, { slotMinutes: 1, minDurationMinutes: 1, minNoticeMinutes: 600 });
    const aMinuteAgo = new Date(Math.floor(Date.now() / 60_000) * 60_000 - 60_000);
    expectError(
      await book(t, alice, { segmentId: minuteGrid.id, start: aMinuteAgo.toISOString(), end: new Date(aMinuteAgo.getTime() + 60 * 60_000).toISOString() }),
      422,
      'IN_THE_PAST',
    );
    const entry = await book(t, scheduler, { organizationId: alice.organizationId, segmentId: seg.id, ...slot(yesterday, '10:00', '11:00'), purpose: 'walk-in' }).expect(201);
    expect(entry.body).toEqual(expect.objectContaining({ organizationId: alice.organizationId, status: 'confirmed', start: iso(at(yesterday, '10:00')) }));
    await book(t, admin, { organizationId: bob.organizationId, segmentId: seg.id, ...slot(localDay(-30), '10:00', '11:00') }).expect(201);
    // the customer sees the back-office entry of their organization
    await t.http.get(`/api/v1/reservations/${entry.body.id}`).set(bearer(alice)).expect(200);
  });

  it('VEHICLES_EXCEED_CAPACITY on a shared segment; exclusive segments and composites take any number', async () => {
    const shared = await createSegment(t, scheduler, { capacityMode: 'shared', maxVehicles: 3 });
    const day = localDay(33);
    expect(expectError(await book(t, alice, { segmentId: shared.id, ...slot(day, '10:00', '11:00'), vehicles: 4 }), 422, 'VEHICLES_EXCEED_CAPACITY').details).toEqual({
      maxVehicles: 3,
      vehicles: 4,
    });
    expectError(await book(t, scheduler, { organizationId: alice.organizationId, segmentId: shared.id, ...slot(day, '10:00', '11:00'), vehicles: 4 }), 422, 'VEHICLES_EXCEED_CAPACITY');
    expect((await book(t, alice, { segmentId: shared.id, ...slot(day, '10:00', '11:00'), vehicles: 3 }).expect(201)).body.vehicles).toBe(3);
    const exclusive = await createSegment(t, scheduler);
    await book(t, alice, { segmentId: exclusive.id, ...slot(day, '10:00', '11:00'), vehicles: 12 }).expect(201);
    const parent = await createSegment(t, scheduler);
    await createSegment(t, scheduler, { parentId: parent.id, capacityMode: 'shared', maxVehicles: 2 });
    await book(t, alice, { segmentId: parent.id, ...slot(day, '10:00', '11:00'), vehicles: 9 }).expect(201);
    // vehicles must be a positive integer: 400
    for (const vehicles of [0, -1, 1.5, '2']) expectError(await book(t, alice, { segmentId: shared.id, ...slot(day, '12:00', '13:00'), vehicles }), 400, 'VALIDATION_FAILED');
  });

  it('SEGMENT_INACTIVE, for customers and staff', async () => {
    const seg = await createSegment(t, scheduler, { active: false });
    const day = localDay(34);
    expectError(await book(t, alice, { segmentId: seg.id, ...slot(day, '10:00', '11:00') }), 422, 'SEGMENT_INACTIVE');
    expectError(await book(t, scheduler, { organizationId: alice.organizationId, segmentId: seg.id, ...slot(day, '10:00', '11:00') }), 422, 'SEGMENT_INACTIVE');
  });

  describe('DRIVER_NOT_CERTIFIED', () => {
    const addDriver = async (customer: TestUser) =>
      (await t.http.post(`/api/v1/organizations/${customer.organizationId}/drivers`).set(bearer(customer)).send({ name: 'Kim', licenseNumber: `L-${Math.random()}` }).expect(201)).body as {
        id: string;
      };
    const certify = (id: string, level: number, certifiedUntil: string) =>
      t.http.post(`/api/v1/drivers/${id}/certify`).set(bearer(scheduler)).send({ level, certifiedUntil }).expect(200);

    it('needs a named driver of the organization with the level, valid on the local date', async () => {
      const seg = await createSegment(t, scheduler, { requiredDriverLevel: 2 });
      const day = localDay(35);
      const at10 = slot(day, '10:00', '11:00');
      const body = expectError(await book(t, alice, { segmentId: seg.id, ...at10 }), 422, 'DRIVER_NOT_CERTIFIED');
      expect(body.details).toEqual({ requiredLevel: 2, date: day });
      const uncertified = await addDriver(alice);
      expectError(await book(t, alice, { segmentId: seg.id, ...at10, driverIds: [uncertified.id] }), 422, 'DRIVER_NOT_CERTIFIED');
      const low = await addDriver(alice);
      await certify(low.id, 1, addLocalDays(day, 30));
      expectError(await book(t, alice, { segmentId: seg.id, ...at10, driverIds: [low.id] }), 422, 'DRIVER_NOT_CERTIFIED');
      const expired = await addDriver(alice);
      await certify(expired.id, 4, addLocalDays(day, -1));
      expectError(await book(t, alice, { segmentId: seg.id, ...at10, driverIds: [expired.id] }), 422, 'DRIVER_NOT_CERTIFIED');
      // staff are not exempt
      expectError(await book(t, scheduler, { organizationId: alice.organizationId, segmentId: seg.id, ...at10, driverIds: [expired.id] }), 422, 'DRIVER_NOT_CERTIFIED');
      // valid up to and including certifiedUntil; one qualified driver among several is enough
      const lastDay = await addDriver(alice);
      await certify(lastDay.id, 2, day);
      await book(t, alice, { segmentId: seg.id, ...at10, driverIds: [low.id, lastDay.id, expired.id] }).expect(201);
      await book(t, alice, { segmentId: seg.id, ...slot(day, '22:00', '23:00'), driverIds: [lastDay.id] }).expect(201);
      expectError(await book(t, alice, { segmentId: seg.id, ...slot(addLocalDays(day, 1), '10:00', '11:00'), driverIds: [lastDay.id] }), 422, 'DRIVER_NOT_CERTIFIED');
    });

    it('the date is the local (Seoul) date of the start, not the UTC date', async () => {
      const seg = await createSegment(t, scheduler, { requiredDriverLevel: 1 });
      const day = localDay(36);
      const driver = await addDriver(alice);
      await certify(driver.id, 1, addLocalDays(day, -1));
      // 00:30 in Seoul is still the previous day in UTC
      expect(at(day, '00:30').slice(0, 10)).toBe(addLocalDays(day, -1));
      expectError(await book(t, alice, { segmentId: seg.id, ...slot(day, '00:30', '01:30'), driverIds: [driver.id] }), 422, 'DRIVER_NOT_CERTIFIED');
      await book(t, alice, { segmentId: seg.id, start: at(addLocalDays(day, -1), '23:00'), end: at(day, '00:00'), driverIds: [driver.id] }).expect(201);
    });

    it("another organization's driver id is 404, as for an unknown id, whatever the level", async () => {
      const seg = await createSegment(t, scheduler, { requiredDriverLevel: 1 });
      const plain = await createSegment(t, scheduler);
      const day = localDay(37);
      const bobs = await addDriver(bob);
      await certify(bobs.id, 4, addLocalDays(day, 30));
      const mine = await addDriver(alice);
      await certify(mine.id, 4, addLocalDays(day, 30));
      expectError(await book(t, alice, { segmentId: seg.id, ...slot(day, '10:00', '11:00'), driverIds: [bobs.id] }), 404, 'NOT_FOUND');
      expectError(await book(t, alice, { segmentId: seg.id, ...slot(day, '10:00', '11:00'), driverIds: [mine.id, bobs.id] }), 404, 'NOT_FOUND');
      expectError(await book(t, alice, { segmentId: plain.id, ...slot(day, '10:00', '11:00'), driverIds: [bobs.id] }), 404, 'NOT_FOUND');
      expectError(await book(t, alice, { segmentId: seg.id, ...slot(day, '10:00', '11:00'), driverIds: ['00000000-0000-4000-8000-000000000000'] }), 404, 'NOT_FOUND');
      // staff booking for alice's organization cannot name bob's driver either
      expectError(await book(t, scheduler, { organizationId: alice.organizationId, segmentId: seg.id, ...slot(day, '10:00', '11:00'), driverIds: [bobs.id] }), 404, 'NOT_FOUND');
      await book(t, alice, { segmentId: seg.id, ...slot(day, '10:00', '11:00'), driverIds: [mine.id] }).expect(201);
      const [{ n }] = await t.query<{ n: number }>('SELECT count(*)::int AS n FROM reservations WHERE segment_id = ANY($1::uuid[])', [[seg.id, plain.id]]);
      expect(n).toBe(1);
    });
  });

  it('400: instants without offset, start ≥ end, staff without organizationId, malformed fields', async () => {
    const seg = await createSegment(t, scheduler);
    const day = localDay(38);
    const noOffset = await book(t, alice, { segmentId: seg.id, start: `${day}T10:00:00`, end: at(day, '11:00') });
    expect(expectError(noOffset, 400, 'VALIDATION_FAILED').details).toEqual({ fields: [expect.objectContaining({ field: 'start' })] });
    expectError(await book(t, alice, { segmentId: seg.id, start: at(day, '10:00'), end: `${day}T11:00` }), 400, 'VALIDATION_FAILED');
    expectError(await book(t, alice, { segmentId: seg.id, start: `${day} 10:00+09:00`, end: at(day, '11:00') }), 400, 'VALIDATION_FAILED');
    expect(expectError(await book(t, alice, { segmentId: seg.id, ...slot(day, '11:00', '10:00') }), 400, 'VALIDATION_FAILED').details).toEqual({
      fields: [expect.objectContaining({ field: 'end' })],
    });
    expectError(await book(t, alice, { segmentId: seg.id, ...slot(day, '10:00', '10:00') }), 400, 'VALIDATION_FAILED');
    // the same instant written with two offsets is still start = end
    expectError(await book(t, alice, { segmentId: seg.id, start: `${day}T10:00:00+09:00`, end: `${day}T01:00:00Z` }), 400, 'VALIDATION_FAILED');
    expect(expectError(await book(t, scheduler, { segmentId: seg.id, ...slot(day, '10:00', '11:00') }), 400, 'VALIDATION_FAILED').details).toEqual({
      fields: [expect.objectContaining({ field: 'organizationId' })],
    });
    expectError(await book(t, alice, { segmentId: 'nope', ...slot(day, '10:00', '11:00') }), 400, 'VALIDATION_FAILED');
    expectError(await book(t, alice, { segmentId: seg.id, ...slot(day, '10:00', '11:00'), colour: 'red' }), 400, 'VALIDATION_FAILED');
    expectError(await book(t, alice, { segmentId: '00000000-0000-4000-8000-000000000000', ...slot(day, '10:00', '11:00') }), 404, 'NOT_FOUND');
    const [{ n }] = await t.query<{ n: number }>('SELECT count(*)::int AS n FROM reservations WHERE segment_id = $1', [seg.id]);
    expect(n).toBe(0);
  });

  it('a malformed body with an unknown segment is 400 before 404 (checks run 400, 404, 422, 409)', async () => {
    const day = localDay(38);
    expectError(await book(t, alice, { segmentId: '00000000-0000-4000-8000-000000000000', ...slot(day, '11:00', '10:00') }), 400, 'VALIDATION_FAILED');
  });
});

/**
 * A facility with daylight-saving time. In Europe/Berlin 2027 the clocks go forward on Sunday 28 March (02:00 CET →
 * 03:00 CEST, a 23-hour day) and back on Sunday 31 October (03:00 CEST → 02:00 CET, a 25-hour day). Every instant
 * below is written by hand with its offset: +01:00 in winter (CET), +02:00 in summer (CEST).
 */
describe('booking rules across daylight-saving switches (Europe/Berlin)', () => {
  let t: TestApp;
  let scheduler: TestUser;
  let alice: TestUser;

  beforeAll(async () => {
    t = await TestApp.start({ FACILITY_TIMEZONE: 'Europe/Berlin' });
    scheduler = await t.createUser('scheduler');
    alice = await t.createCustomer();
  });
  afterAll(() => t.close());

  /** Customers book while the day is ahead (the segments' horizon is 1000 days); staff record it once it has passed. */
  const bookDst = (segmentId: string, start: string, end: string) =>
    Date.parse(start) > Date.now() + 60 * 60_000
      ? book(t, alice, { segmentId, start, end })
      : book(t, scheduler, { organizationId: alice.organizationId, segmentId, start, end });
  const dstSegment = (overrides: Record<string, unknown>) => createSegment(t, scheduler, { maxAdvanceDays: 1000, ...overrides });
  const availability = (segmentId: string, from: string, to: string) =>
    t.http.get(`/api/v1/availability?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}&segmentIds=${segmentId}`).set(bearer(alice)).expect(200);

  it('2027-03-28 and 2027-10-31 are the switch days, and both are Sundays', () => {
    const offset = (instant: string) =>
      new Intl.DateTimeFormat('en-US', { timeZone: 'Europe/Berlin', timeZoneName: 'shortOffset' }).formatToParts(new Date(instant)).find((p) => p.type === 'timeZoneName')!.value;
    expect([offset('2027-03-28T00:59:00Z'), offset('2027-03-28T01:00:00Z')]).toEqual(['GMT+1', 'GMT+2']);
    expect([offset('2027-10-31T00:59:00Z'), offset('2027-10-31T01:00:00Z')]).toEqual(['GMT+2', 'GMT+1']);
    expect([offset('2027-03-27T12:00:00Z'), offset('2027-10-30T12:00:00Z'), offset('2027-11-01T12:00:00Z')]).toEqual(['GMT+1', 'GMT+2', 'GMT+1']);
    expect(new Date('2027-03-28T12:00:00Z').getUTCDay()).toBe(0);
    expect(new Date('2027-10-31T12:00:00Z').getUTCDay()).toBe(0);
  });

  it('opening hours 08:00–20:00 hold in wall-clock time on the 23-hour day', async () => {
    const seg = await dstSegment({ openingHours: [{ days: ALL_DAYS, open: '08:00', close: '20:00' }] });
    await bookDst(seg.id, '2027-03-28T08:00:00+02:00', '2027-03-28T09:00:00+02:00').expect(201);
    await bookDst(seg.id, '2027-03-28T19:00:00+02:00', '2027-03-28T20:00:00+02:00').expect(201);
    const late = await bookDst(seg.id, '2027-03-28T20:00:00+02:00', '2027-03-28T20:30:00+02:00');
    expect(expectError(late, 422, 'OUTSIDE_OPENING_HOURS').details).toEqual({
      timeZone: 'Europe/Berlin',
      openIntervals: [{ start: '2027-03-28T06:00:00.000Z', end: '2027-03-28T18:00:00.000Z' }],
    });
    expectError(await bookDst(seg.id, '2027-03-28T07:30:00+02:00', '2027-03-28T08:00:00+02:00'), 422, 'OUTSIDE_OPENING_HOURS');
    // the day before is a plain CET day: 08:00+01:00
    await bookDst(seg.id, '2027-03-27T08:00:00+01:00', '2027-03-27T09:00:00+01:00').expect(201);
    expectError(await bookDst(seg.id, '2027-03-27T19:30:00+01:00', '2027-03-27T20:30:00+01:00'), 422, 'OUTSIDE_OPENING_HOURS');
  });

  it('opening hours 08:00–20:00 hold in wall-clock time on the 25-hour day', async () => {
    const seg = await dstSegment({ openingHours: [{ days: ALL_DAYS, open: '08:00', close: '20:00' }] });
    await bookDst(seg.id, '2027-10-31T08:00:00+01:00', '2027-10-31T09:00:00+01:00').expect(201);
    await bookDst(seg.id, '2027-10-31T19:00:00+01:00', '2027-10-31T20:00:00+01:00').expect(201);
    const early = await bookDst(seg.id, '2027-10-31T07:00:00+01:00', '2027-10-31T08:00:00+01:00');
    expect(expectError(early, 422, 'OUTSIDE_OPENING_HOURS').details).toEqual({
      timeZone: 'Europe/Berlin',
      openIntervals: [{ start: '2027-10-31T07:00:00.000Z', end: '2027-10-31T19:00:00.000Z' }],
    });
    expectError(await bookDst(seg.id, '2027-10-31T19:30:00+01:00', '2027-10-31T20:30:00+01:00'), 422, 'OUTSIDE_OPENING_HOURS');
    // the day before is still summer time: 08:00+02:00
    await bookDst(seg.id, '2027-10-30T08:00:00+02:00', '2027-10-30T09:00:00+02:00').expect(201);
  });

  it('the slot grid counts wall-clock minutes from local midnight on both switch days', async () => {
    // 90-minute grid: ..., 07:30, 09:00, 10:30, ... in wall-clock time. Counting real minutes from midnight would
    // put the grid at 08:30 (CEST) on the 23-hour day and at 08:00 (CET) on the 25-hour day instead.
    const seg = await dstSegment({ slotMinutes: 90, minDurationMinutes: 90 });
    await bookDst(seg.id, '2027-03-28T09:00:00+02:00', '2027-03-28T10:30:00+02:00').expect(201);
    expect(expectError(await bookDst(seg.id, '2027-03-28T13:00:00+02:00', '2027-03-28T14:30:00+02:00'), 422, 'SLOT_MISALIGNED').details).toEqual(
      expect.objectContaining({ field: 'start', slotMinutes: 90 }),
    );
    await bookDst(seg.id, '2027-10-31T09:00:00+01:00', '2027-10-31T10:30:00+01:00').expect(201);
    expectError(await bookDst(seg.id, '2027-10-31T11:00:00+01:00', '2027-10-31T12:30:00+01:00'), 422, 'SLOT_MISALIGNED');
    // 03:00 CEST is wall minute 180 (on the grid) although only two hours have passed since midnight
    await bookDst(seg.id, '2027-03-28T01:30:00+01:00', '2027-03-28T04:30:00+02:00').expect(201);
  });

  it('the repeated hour of the 25-hour day is on the grid twice; both are bookable', async () => {
    const seg = await dstSegment({});
    const first = await bookDst(seg.id, '2027-10-31T02:00:00+02:00', '2027-10-31T02:30:00+02:00').expect(201);
    const second = await bookDst(seg.id, '2027-10-31T02:00:00+01:00', '2027-10-31T02:30:00+01:00').expect(201);
    expect([first.body.start, second.body.start]).toEqual(['2027-10-31T00:00:00.000Z', '2027-10-31T01:00:00.000Z']);
  });

  it('availability on the switch days has the right absolute bounds', async () => {
    const daytime = await dstSegment({ openingHours: [{ days: ALL_DAYS, open: '08:00', close: '20:00' }] });
    const allDay = await dstSegment({});
    const spring = ['2027-03-28T00:00:00+01:00', '2027-03-29T00:00:00+02:00'] as const;
    const autumn = ['2027-10-31T00:00:00+02:00', '2027-11-01T00:00:00+01:00'] as const;
    expect((await availability(daytime.id, ...spring)).body.segments[0].free).toEqual([{ start: '2027-03-28T06:00:00.000Z', end: '2027-03-28T18:00:00.000Z', remainingVehicles: 1 }]);
    expect((await availability(daytime.id, ...autumn)).body.segments[0].free).toEqual([{ start: '2027-10-31T07:00:00.000Z', end: '2027-10-31T19:00:00.000Z', remainingVehicles: 1 }]);
    // the whole local day: 23 hours, then 25 hours
    expect((await availability(allDay.id, ...spring)).body.segments[0].free).toEqual([{ start: '2027-03-27T23:00:00.000Z', end: '2027-03-28T22:00:00.000Z', remainingVehicles: 1 }]);
    expect((await availability(allDay.id, ...autumn)).body.segments[0].free).toEqual([{ start: '2027-10-30T22:00:00.000Z', end: '2027-10-31T23:00:00.000Z', remainingVehicles: 1 }]);
    // a booking in the afternoon of the 25-hour day cuts the free time at the right instants
    await bookDst(daytime.id, '2027-10-31T13:00:00+01:00', '2027-10-31T15:00:00+01:00').expect(201);
    expect((await availability(daytime.id, ...autumn)).body.segments[0].free).toEqual([
      { start: '2027-10-31T07:00:00.000Z', end: '2027-10-31T12:00:00.000Z', remainingVehicles: 1 },
      { start: '2027-10-31T14:00:00.000Z', end: '2027-10-31T19:00:00.000Z', remainingVehicles: 1 },
    ]);
  });

  it('availability takes at most 62 local days per call, also across the autumn switch (62 × 24 hours + 1)', async () => {
    const seg = await dstSegment({});
    const url = (from: string, to: string) => `/api/v1/availability?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}&segmentIds=${seg.id}`;
    // 1 October to 2 December: 62 local days, one of them 25 hours long
    const res = await t.http.get(url('2027-10-01T00:00:00+02:00', '2027-12-02T00:00:00+01:00')).set(bearer(alice)).expect(200);
    expect(res.body.segments[0].free).toEqual([{ start: '2027-09-30T22:00:00.000Z', end: '2027-12-01T23:00:00.000Z', remainingVehicles: 1 }]);
    expectError(await t.http.get(url('2027-10-01T00:00:00+02:00', '2027-12-02T00:30:00+01:00')).set(bearer(alice)), 400, 'VALIDATION_FAILED');
    // and across the spring switch 62 local days are 62 × 24 hours − 1
    await t.http.get(url('2027-03-01T00:00:00+01:00', '2027-05-02T00:00:00+02:00')).set(bearer(alice)).expect(200);
    expectError(await t.http.get(url('2027-03-01T00:00:00+01:00', '2027-05-02T00:30:00+02:00')).set(bearer(alice)), 400, 'VALIDATION_FAILED');
  });

  it('a recurring blackout keeps its wall-clock time across the spring switch', async () => {
    const seg = await dstSegment({});
    const res = await t.http
      .post('/api/v1/blackouts')
      .set(bearer(scheduler))
      .send({ segmentIds: [seg.id], start: '2027-03-21T08:00:00+01:00', end: '2027-03-21T10:00:00+01:00', rrule: 'FREQ=WEEKLY;BYDAY=SU;COUNT=2', reason: 'Sunday maintenance' })
      .expect(201);
    expect(res.body.blackout.occurrences).toEqual([
      { start: '2027-03-21T07:00:00.000Z', end: '2027-03-21T09:00:00.000Z' },
      { start: '2027-03-28T06:00:00.000Z', end: '2027-03-28T08:00:00.000Z' },
    ]);
    expectError(await bookDst(seg.id, '2027-03-28T09:00:00+02:00', '2027-03-28T10:30:00+02:00'), 409, 'RESERVATION_CONFLICT');
    await bookDst(seg.id, '2027-03-28T10:00:00+02:00', '2027-03-28T11:00:00+02:00').expect(201);
  });

  it('suggestions on the 23-hour day start on the wall-clock grid', async () => {
    const seg = await dstSegment({ slotMinutes: 90, minDurationMinutes: 90, openingHours: [{ days: ALL_DAYS, open: '08:00', close: '20:00' }] });
    const res = await t.http
      .get(`/api/v1/availability/suggestions?segmentId=${seg.id}&durationMinutes=90&notBefore=${encodeURIComponent('2027-03-28T00:00:00+01:00')}&limit=1`)
      .set(bearer(scheduler))
      .expect(200);
    // 08:00 is not on the 90-minute grid (480 is not a multiple of 90); 09:00 CEST is
    expect(res.body.items).toEqual([{ segmentId: seg.id, start: '2027-03-28T07:00:00.000Z', end: '2027-03-28T08:30:00.000Z' }]);
    await bookDst(seg.id, res.body.items[0].start, res.body.items[0].end).expect(201);
  });
});
