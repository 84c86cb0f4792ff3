import { expectError } from '../support/envelope.js';
import { at, book, createSegment, localDay } from '../support/facility.js';
import { TestApp, bearer, type TestUser } from '../support/test-app.js';

describe('reservations: smoke', () => {
  let t: TestApp;
  let scheduler: TestUser;
  let alice: TestUser;
  let bob: TestUser;
  beforeAll(async () => {
    t = await TestApp.start();
    scheduler = await t.createUser('scheduler');
    alice = await t.createCustomer();
    bob = await t.createCustomer();
  });
  afterAll(() => t.close());

  it('books an exclusive segment and refuses an overlap with suggestions', async () => {
    const seg = await createSegment(t, scheduler, { bufferMinutes: 30, kind: 'braking' });
    const day = localDay(10);
    const first = await book(t, alice, { segmentId: seg.id, start: at(day, '10:00'), end: at(day, '12:00') });
    expect(first.status).toBe(201);
    expect(first.body.status).toBe('confirmed');
    const clash = await book(t, bob, { segmentId: seg.id, start: at(day, '11:00'), end: at(day, '13:00') });
    const body = expectError(clash, 409, 'RESERVATION_CONFLICT');
    expect(body.details).toEqual({
      conflicts: [{ type: 'reservation', start: expect.any(String), end: expect.any(String) }],
      suggestions: expect.any(Array),
    });
    const suggestions = (body.details as { suggestions: { start: string; end: string }[] }).suggestions;
    expect(suggestions.length).toBeGreaterThan(0);
    const buffer = await book(t, bob, { segmentId: seg.id, start: at(day, '12:00'), end: at(day, '13:00') });
    expect(expectError(buffer, 409, 'RESERVATION_CONFLICT').details).toEqual(expect.objectContaining({ conflicts: [expect.objectContaining({ type: 'buffer' })] }));
    // the nearest slot of the same length: right after the first booking's buffer
    expect(suggestions[0]).toEqual({ segmentId: seg.id, start: new Date(at(day, '12:30')).toISOString(), end: new Date(at(day, '14:30')).toISOString() });
    await book(t, bob, { segmentId: seg.id, start: suggestions[0].start, end: suggestions[0].end }).expect(201);
  });

  it('availability subtracts bookings and buffers', async () => {
    const seg = await createSegment(t, scheduler, { bufferMinutes: 15 });
    const day = localDay(11);
    await book(t, alice, { segmentId: seg.id, start: at(day, '10:00'), end: at(day, '11:00') }).expect(201);
    const res = await t.http.get(`/api/v1/availability?from=${encodeURIComponent(at(day, '08:00'))}&to=${encodeURIComponent(at(day, '14:00'))}&segmentIds=${seg.id}`).set(bearer(bob)).expect(200);
    expect(res.body).toEqual({
      segments: [
        {
          segmentId: seg.id,
          free: [
            { start: at(day, '08:00'), end: at(day, '10:00'), remainingVehicles: 1 },
            { start: at(day, '11:15'), end: at(day, '14:00'), remainingVehicles: 1 },
          ].map((f) => ({ ...f, start: new Date(f.start).toISOString(), end: new Date(f.end).toISOString() })),
        },
      ],
    });
  });

  it('shared capacity counts the peak, not the sum', async () => {
    const seg = await createSegment(t, scheduler, { capacityMode: 'shared', maxVehicles: 2 });
    const day = localDay(12);
    await book(t, alice, { segmentId: seg.id, start: at(day, '10:00'), end: at(day, '11:00') }).expect(201);
    await book(t, alice, { segmentId: seg.id, start: at(day, '11:00'), end: at(day, '12:00') }).expect(201);
    await book(t, bob, { segmentId: seg.id, start: at(day, '10:00'), end: at(day, '12:00') }).expect(201);
    const full = await book(t, bob, { segmentId: seg.id, start: at(day, '10:30'), end: at(day, '11:30') });
    expect(expectError(full, 409, 'RESERVATION_CONFLICT').details).toEqual(expect.objectContaining({ conflicts: [expect.objectContaining({ type: 'capacity' })] }));
  });

  it('a composite booking and a booking below it exclude each other', async () => {
    const parent = await createSegment(t, scheduler);
    const child = await createSegment(t, scheduler, { parentId: parent.id, capacityMode: 'shared', maxVehicles: 3 });
    const other = await createSegment(t, scheduler, { parentId: parent.id });
    const day = localDay(13);
    await book(t, alice, { segmentId: child.id, start: at(day, '10:00'), end: at(day, '11:00') }).expect(201);
    expectError(await book(t, bob, { segmentId: parent.id, start: at(day, '10:30'), end: at(day, '12:00') }), 409, 'RESERVATION_CONFLICT');
    await book(t, bob, { segmentId: parent.id, start: at(day, '11:00'), end: at(day, '12:00') }).expect(201);
    expectError(await book(t, alice, { segmentId: other.id, start: at(day, '11:30'), end: at(day, '12:30') }), 409, 'RESERVATION_CONFLICT');
  });

  it('a blackout displaces the reservations under it', async () => {
    const seg = await createSegment(t, scheduler);
    const day = localDay(14);
    const r = await book(t, alice, { segmentId: seg.id, start: at(day, '10:00'), end: at(day, '11:00') }).expect(201);
    const dry = await t.http.post('/api/v1/blackouts').set(bearer(scheduler)).send({ segmentIds: [seg.id], start: at(day, '09:00'), end: at(day, '12:00'), reason: 'x', dryRun: true }).expect(200);
    expect(dry.body.displaced).toEqual([r.body.id]);
    const made = await t.http.post('/api/v1/blackouts').set(bearer(scheduler)).send({ segmentIds: [seg.id], start: at(day, '09:00'), end: at(day, '12:00'), reason: 'x' }).expect(201);
    expect(made.body.displaced).toEqual([r.body.id]);
    const after = await t.http.get(`/api/v1/reservations/${r.body.id}`).set(bearer(alice)).expect(200);
    expect(after.body.status).toBe('displaced');
    const blocked = await book(t, bob, { segmentId: seg.id, start: at(day, '10:00'), end: at(day, '11:00'), waitlist: true });
    expect(expectError(blocked, 409, 'RESERVATION_CONFLICT').details).toEqual(expect.objectContaining({ conflicts: [expect.objectContaining({ type: 'blackout' })] }));
  });

  it('waitlists and promotes on cancel', async () => {
    const seg = await createSegment(t, scheduler);
    const day = localDay(15);
    const first = await book(t, alice, { segmentId: seg.id, start: at(day, '10:00'), end: at(day, '11:00') }).expect(201);
    const waiting = await book(t, bob, { segmentId: seg.id, start: at(day, '10:00'), end: at(day, '11:00'), waitlist: true }).expect(201);
    expect(waiting.body.status).toBe('waitlisted');
    await t.http.post(`/api/v1/reservations/${first.body.id}/cancel`).set(bearer(alice)).send({ reason: 'plans changed' }).expect(200);
    const promoted = await t.http.get(`/api/v1/reservations/${waiting.body.id}`).set(bearer(bob)).expect(200);
    expect(promoted.body.status).toBe('confirmed');
    expectError(await t.http.get(`/api/v1/reservations/${waiting.body.id}`).set(bearer(alice)), 404, 'NOT_FOUND');
  });
});

describe('series, idempotency, lifecycle: smoke', () => {
  let t: TestApp;
  let scheduler: TestUser;
  let alice: TestUser;
  beforeAll(async () => {
    t = await TestApp.start();
    scheduler = await t.createUser('scheduler');
    alice = await t.createCustomer();
  });
  afterAll(() => t.close());

  it('creates a weekly series and skips conflicts when asked', async () => {
    const seg = await createSegment(t, scheduler);
    const day = localDay(20);
    await book(t, alice, { segmentId: seg.id, start: at(localDay(27), '09:00'), end: at(localDay(27), '10:00') }).expect(201);
    const refused = await t.http.post('/api/v1/reservation-series').set(bearer(alice)).send({ segmentId: seg.id, firstStart: at(day, '09:00'), durationMinutes: 60, rrule: 'FREQ=WEEKLY;COUNT=4' });
    const details = expectError(refused, 409, 'RESERVATION_CONFLICT').details as { occurrences: unknown[] };
    expect(details.occurrences).toHaveLength(1);
    const made = await t.http
      .post('/api/v1/reservation-series')
      .set(bearer(alice))
      .send({ segmentId: seg.id, firstStart: at(day, '09:00'), durationMinutes: 60, rrule: 'FREQ=WEEKLY;COUNT=4', conflictPolicy: 'skip_conflicts' })
      .expect(201);
    expect(made.body.created).toHaveLength(3);
    expect(made.body.skipped).toHaveLength(1);
    const got = await t.http.get(`/api/v1/reservation-series/${made.body.series.id}`).set(bearer(alice)).expect(200);
    expect(got.body.reservations).toHaveLength(3);
    const cancelled = await t.http.post(`/api/v1/reservation-series/${made.body.series.id}/cancel`).set(bearer(alice)).send({ reason: 'project ended' }).expect(200);
    expect(cancelled.body.cancelled).toHaveLength(3);
    expect(cancelled.body.status).toBe('cancelled');
    expectError(
      await t.http.post('/api/v1/reservation-series').set(bearer(alice)).send({ segmentId: seg.id, firstStart: at(day, '09:00'), durationMinutes: 60, rrule: 'FREQ=DAILY;COUNT=501' }),
      422,
      'TOO_MANY_OCCURRENCES',
    );
  });

  it('replays the first response for a retried Idempotency-Key and refuses another body', async () => {
    const seg = await createSegment(t, scheduler);
    const day = localDay(21);
    const body = { segmentId: seg.id, start: at(day, '09:00'), end: at(day, '10:00') };
    const results = await Promise.all(Array.from({ length: 8 }, () => book(t, alice, body).set('Idempotency-Key', 'k-1')));
    const ids = new Set(results.map((r) => r.body.id));
    expect(results.map((r) => r.status)).toEqual(Array(8).fill(201));
    expect(ids.size).toBe(1);
    const [{ n }] = await t.query<{ n: number }>('SELECT count(*)::int AS n FROM reservations WHERE segment_id = $1', [seg.id]);
    expect(n).toBe(1);
    expectError(await book(t, alice, { ...body, end: at(day, '11:00') }).set('Idempotency-Key', 'k-1'), 422, 'IDEMPOTENCY_KEY_REUSED');
  });

  it('expires waitlisted entries and marks no-shows', async () => {
    const seg = await createSegment(t, scheduler);
    const past = localDay(-1);
    const back = await book(t, scheduler, { organizationId: alice.organizationId, segmentId: seg.id, start: at(past, '09:00'), end: at(past, '10:00') }).expect(201);
    await t.query(`UPDATE reservations SET created_at = start_at - interval '1 day' WHERE id = $1`, [back.body.id]);
    const { LifecycleService } = await import('../../src/jobs/lifecycle.service.js');
    const summary = await t.app.get(LifecycleService).sweep();
    expect(summary.no_show).toBeGreaterThanOrEqual(1);
    const after = await t.http.get(`/api/v1/reservations/${back.body.id}`).set(bearer(alice)).expect(200);
    expect(after.body.status).toBe('no_show');
  });
});

describe('the gate checks driver certification again at check-in', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start();
  });
  afterAll(() => t.close());

  it('refuses an expired certification unless a scheduler overrides it with a reason', async () => {
    const scheduler = await t.createUser('scheduler');
    const customer = await t.createCustomer();
    const seg = await createSegment(t, scheduler, { requiredDriverLevel: 2 });
    const [driver] = await t.query<{ id: string }>(
      `INSERT INTO drivers (organization_id, name, license_number, level, certified_until) VALUES ($1, 'Kim', 'L-9', 3, $2) RETURNING id`,
      [customer.organizationId, localDay(30)],
    );
    const day = localDay(3);
    const r = await book(t, customer, { segmentId: seg.id, start: at(day, '10:00'), end: at(day, '11:00'), driverIds: [driver.id] }).expect(201);
    // the certification lapses before the test day
    await t.query(`UPDATE drivers SET certified_until = $2 WHERE id = $1`, [driver.id, localDay(1)]);
    expectError(await t.http.post(`/api/v1/reservations/${r.body.id}/check-in`).set(bearer(scheduler)).send({ at: at(day, '09:50') }), 422, 'DRIVER_NOT_CERTIFIED');
    expectError(await t.http.post(`/api/v1/reservations/${r.body.id}/check-in`).set(bearer(scheduler)).send({ at: at(day, '09:50'), override: true }), 400, 'VALIDATION_FAILED');
    const ok = await t.http.post(`/api/v1/reservations/${r.body.id}/check-in`).set(bearer(scheduler)).send({ at: at(day, '09:50'), override: true, reason: 'renewal papers shown at the gate' }).expect(200);
    expect(ok.body.status).toBe('checked_in');
    const audit = await t.http.get(`/api/v1/reservations/${r.body.id}/audit`).set(bearer(scheduler)).expect(200);
    expect(audit.body.at(-1)).toEqual(expect.objectContaining({ action: 'check_in', reason: expect.stringContaining('renewal papers') }));
  });
});
