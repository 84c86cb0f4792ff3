import { addLocalDays, weekdayOf } from '../../src/segments/local-time.js';
import { expectError } from '../support/envelope.js';
import { at, book, createSegment, localDay } from '../support/facility.js';
import { tableCounts } from '../support/fuzz.js';
import { TestApp, bearer, type TestUser } from '../support/test-app.js';

const iso = (instant: string) => new Date(instant).toISOString();

/** The first Monday at least `days` days from today (facility-local). */
function mondayAfter(days: number): string {
  let day = localDay(days);
  while (weekdayOf(day) !== 'mon') day = addLocalDays(day, 1);
  return day;
}

describe('blackouts', () => {
  let t: TestApp;
  let scheduler: TestUser;
  let admin: TestUser;
  let finance: TestUser;
  let alice: TestUser;
  let bob: TestUser;

  beforeAll(async () => {
    t = await TestApp.start();
    scheduler = await t.createUser('scheduler');
    admin = await t.createUser('admin');
    finance = await t.createUser('finance');
    alice = await t.createCustomer();
    bob = await t.createCustomer();
  });
  afterAll(() => t.close());

  const slot = (day: string, from: string, to: string) => ({ start: at(day, from), end: at(day, to) });
  const post = (body: Record<string, unknown>, user: TestUser = scheduler) => t.http.post('/api/v1/blackouts').set(bearer(user)).send(body);
  const reservation = async (id: string) => (await t.http.get(`/api/v1/reservations/${id}`).set(bearer(scheduler)).expect(200)).body;
  const freeOf = async (segmentId: string, from: string, to: string) =>
    (await t.http.get(`/api/v1/availability?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}&segmentIds=${segmentId}`).set(bearer(alice)).expect(200)).body.segments[0].free as {
      start: string;
      end: string;
    }[];
  const blockedBy = async (user: TestUser, body: Record<string, unknown>) =>
    (expectError(await book(t, user, body), 409, 'RESERVATION_CONFLICT').details as { conflicts: { type: string }[] }).conflicts;
  const list = async (from: string, to: string) =>
    (await t.http.get(`/api/v1/blackouts?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}&limit=500`).set(bearer(alice)).expect(200)).body.items as Record<string, any>[];

  it('a one-off blackout on a segment: created, listed, blocks bookings there only', async () => {
    const seg = await createSegment(t, scheduler);
    const other = await createSegment(t, scheduler);
    const day = localDay(60);
    const res = await post({ segmentIds: [seg.id], ...slot(day, '08:00', '12:00'), reason: '노면 재포장 (resurfacing)' }).expect(201);
    expect(res.body).toEqual({
      blackout: {
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        segmentIds: [seg.id],
        start: iso(at(day, '08:00')),
        end: iso(at(day, '12:00')),
        rrule: null,
        reason: '노면 재포장 (resurfacing)',
        occurrences: [{ start: iso(at(day, '08:00')), end: iso(at(day, '12:00')) }],
        createdAt: expect.stringMatching(/Z$/),
      },
      displaced: [],
    });
    expect(await blockedBy(alice, { segmentId: seg.id, ...slot(day, '11:30', '12:30') })).toEqual([{ type: 'blackout', start: iso(at(day, '08:00')), end: iso(at(day, '12:00')) }]);
    // half-open: right after it is fine; other segments are untouched
    await book(t, alice, { segmentId: seg.id, ...slot(day, '12:00', '13:00') }).expect(201);
    await book(t, alice, { segmentId: seg.id, ...slot(day, '07:00', '08:00') }).expect(201);
    await book(t, alice, { segmentId: other.id, ...slot(day, '09:00', '10:00') }).expect(201);
    // staff cannot book into a blackout either, not even with priority
    expect(await blockedBy(scheduler, { organizationId: alice.organizationId, segmentId: seg.id, ...slot(day, '09:00', '10:00'), priority: true })).toEqual([
      expect.objectContaining({ type: 'blackout' }),
    ]);
    expect((await list(at(day, '00:00'), at(addLocalDays(day, 1), '00:00'))).map((b) => b.id)).toContain(res.body.blackout.id);
  });

  it('a facility-wide blackout blocks every segment', async () => {
    const a = await createSegment(t, scheduler);
    const b = await createSegment(t, scheduler, { capacityMode: 'shared', maxVehicles: 5 });
    const day = localDay(61);
    const res = await post({ ...slot(day, '14:00', '15:00'), reason: 'facility inspection' }).expect(201);
    expect(res.body.blackout.segmentIds).toBeNull();
    for (const segmentId of [a.id, b.id]) {
      expect(await blockedBy(alice, { segmentId, ...slot(day, '14:30', '15:30') })).toEqual([expect.objectContaining({ type: 'blackout' })]);
    }
    // and a segment created afterwards too
    const later = await createSegment(t, scheduler);
    expect(await blockedBy(alice, { segmentId: later.id, ...slot(day, '14:00', '14:30') })).toEqual([expect.objectContaining({ type: 'blackout' })]);
    expect(await freeOf(later.id, at(day, '13:00'), at(day, '16:00'))).toEqual([
      { start: iso(at(day, '13:00')), end: iso(at(day, '14:00')), remainingVehicles: 1 },
      { start: iso(at(day, '15:00')), end: iso(at(day, '16:00')), remainingVehicles: 1 },
    ]);
  });

  it('a recurring blackout (FREQ=WEEKLY;BYDAY=MO;COUNT=4) blocks four Mondays, in local time', async () => {
    const seg = await createSegment(t, scheduler);
    const monday = mondayAfter(62);
    const mondays = [0, 7, 14, 21].map((n) => addLocalDays(monday, n));
    const res = await post({ segmentIds: [seg.id], ...slot(monday, '08:00', '10:00'), rrule: 'FREQ=WEEKLY;BYDAY=MO;COUNT=4', reason: 'weekly maintenance' }).expect(201);
    expect(res.body.blackout.rrule).toBe('FREQ=WEEKLY;BYDAY=MO;COUNT=4');
    expect(res.body.blackout.occurrences).toEqual(mondays.map((d) => ({ start: iso(at(d, '08:00')), end: iso(at(d, '10:00')) })));
    expect(await blockedBy(alice, { segmentId: seg.id, ...slot(mondays[2], '09:00', '11:00') })).toEqual([
      { type: 'blackout', start: iso(at(mondays[2], '08:00')), end: iso(at(mondays[2], '10:00')) },
    ]);
    expect(await freeOf(seg.id, at(mondays[3], '07:00'), at(mondays[3], '11:00'))).toEqual([
      { start: iso(at(mondays[3], '07:00')), end: iso(at(mondays[3], '08:00')), remainingVehicles: 1 },
      { start: iso(at(mondays[3], '10:00')), end: iso(at(mondays[3], '11:00')), remainingVehicles: 1 },
    ]);
    // the fifth Monday and the Tuesdays between are free
    await book(t, alice, { segmentId: seg.id, ...slot(addLocalDays(monday, 28), '08:00', '10:00') }).expect(201);
    await book(t, alice, { segmentId: seg.id, ...slot(addLocalDays(monday, 8), '08:00', '10:00') }).expect(201);
  });

  it('a recurring facility-wide blackout', async () => {
    const seg = await createSegment(t, scheduler);
    const monday = mondayAfter(100);
    const res = await post({ ...slot(monday, '12:00', '13:00'), rrule: 'FREQ=WEEKLY;BYDAY=MO;COUNT=4', reason: 'lunch closure' }).expect(201);
    expect(res.body.blackout.occurrences).toHaveLength(4);
    expect(await blockedBy(alice, { segmentId: seg.id, ...slot(addLocalDays(monday, 21), '12:00', '13:00') })).toEqual([expect.objectContaining({ type: 'blackout' })]);
    await book(t, alice, { segmentId: seg.id, ...slot(addLocalDays(monday, 28), '12:00', '13:00') }).expect(201);
  });

  it('dryRun answers 200 with the reservations it would displace and writes nothing', async () => {
    const seg = await createSegment(t, scheduler);
    const day = localDay(63);
    const r1 = await book(t, alice, { segmentId: seg.id, ...slot(day, '09:00', '10:00') }).expect(201);
    const r2 = await book(t, bob, { segmentId: seg.id, ...slot(day, '11:00', '12:00') }).expect(201);
    await book(t, bob, { segmentId: seg.id, ...slot(day, '13:00', '14:00') }).expect(201);
    const before = await tableCounts(t);
    const dry = await post({ segmentIds: [seg.id], ...slot(day, '08:00', '13:00'), reason: 'what if', dryRun: true }).expect(200);
    expect(dry.body).toEqual({ blackout: expect.objectContaining({ id: null, segmentIds: [seg.id], reason: 'what if', occurrences: [expect.any(Object)] }), displaced: [r1.body.id, r2.body.id] });
    const recurring = await post({ ...slot(day, '13:00', '14:00'), rrule: 'FREQ=DAILY;COUNT=3', reason: 'what if', dryRun: true }).expect(200);
    expect(recurring.body.displaced).toHaveLength(1);
    expect(recurring.body.blackout.occurrences).toHaveLength(3);
    expect(await tableCounts(t)).toEqual(before);
    expect((await reservation(r1.body.id)).status).toBe('confirmed');
    expect((await list(at(day, '00:00'), at(addLocalDays(day, 1), '00:00'))).filter((b) => b.reason === 'what if')).toEqual([]);
    // customers may not even ask
    expectError(await post({ segmentIds: [seg.id], ...slot(day, '08:00', '13:00'), reason: 'what if', dryRun: true }, alice), 403, 'FORBIDDEN');
  });

  it('creating displaces the holding reservations under it, audits it and returns them', async () => {
    const seg = await createSegment(t, scheduler);
    const approval = await createSegment(t, scheduler, { approvalRequired: true });
    const day = localDay(64);
    const confirmed = await book(t, alice, { segmentId: seg.id, ...slot(day, '09:00', '10:00') }).expect(201);
    const pending = await book(t, bob, { segmentId: approval.id, ...slot(day, '09:00', '10:00') }).expect(201);
    expect(pending.body.status).toBe('pending');
    const touching = await book(t, alice, { segmentId: seg.id, ...slot(day, '12:00', '13:00') }).expect(201);
    const cancelled = await book(t, bob, { segmentId: seg.id, ...slot(day, '10:00', '11:00') }).expect(201);
    await t.http.post(`/api/v1/reservations/${cancelled.body.id}/cancel`).set(bearer(bob)).send({ reason: 'no longer needed' }).expect(200);
    const res = await post({ segmentIds: [seg.id, approval.id], ...slot(day, '08:00', '12:00'), reason: 'drainage repair' }).expect(201);
    expect([...res.body.displaced].sort()).toEqual([confirmed.body.id, pending.body.id].sort());
    expect((await reservation(confirmed.body.id)).status).toBe('displaced');
    expect((await reservation(pending.body.id)).status).toBe('displaced');
    expect((await reservation(touching.body.id)).status).toBe('confirmed');
    expect((await reservation(cancelled.body.id)).status).toBe('cancelled');
    const audit = await t.http.get(`/api/v1/reservations/${confirmed.body.id}/audit`).set(bearer(alice)).expect(200);
    const entries = (Array.isArray(audit.body) ? audit.body : audit.body.items) as Record<string, unknown>[];
    expect(entries.map((e) => [e.from, e.to])).toEqual([
      [null, 'confirmed'],
      ['confirmed', 'displaced'],
    ]);
    expect(entries[1]).toEqual(expect.objectContaining({ actorId: scheduler.id, reason: expect.stringContaining('drainage repair') }));
    // displaced reservations no longer hold time (the blackout does)
    const [{ n }] = await t.query<{ n: number }>('SELECT count(*)::int AS n FROM reservation_occupancy WHERE reservation_id = ANY($1::uuid[])', [[confirmed.body.id, pending.body.id]]);
    expect(n).toBe(0);
    // they wait in the conflict queue
    const queue = await t.http.get('/api/v1/conflicts').set(bearer(scheduler)).expect(200);
    expect(queue.body.items.map((i: { reservation: { id: string } }) => i.reservation.id)).toEqual(expect.arrayContaining([confirmed.body.id, pending.body.id]));
  });

  it('time released by a displacement goes to the waitlist, oldest first', async () => {
    const seg = await createSegment(t, scheduler);
    const day = localDay(64);
    const long = await book(t, alice, { segmentId: seg.id, ...slot(day, '14:00', '17:00') }).expect(201);
    const waiting = await book(t, bob, { segmentId: seg.id, ...slot(day, '14:00', '15:00'), waitlist: true }).expect(201);
    const later = await book(t, alice, { segmentId: seg.id, ...slot(day, '14:00', '15:00'), waitlist: true }).expect(201);
    const underBlackout = await book(t, alice, { segmentId: seg.id, ...slot(day, '16:00', '17:00'), waitlist: true }).expect(201);
    expect(waiting.body.status).toBe('waitlisted');
    const res = await post({ segmentIds: [seg.id], ...slot(day, '16:00', '17:00'), reason: 'pump failure' }).expect(201);
    expect(res.body.displaced).toEqual([long.body.id]);
    expect((await reservation(waiting.body.id)).status).toBe('confirmed');
    expect((await reservation(later.body.id)).status).toBe('waitlisted');
    expect((await reservation(underBlackout.body.id)).status).toBe('waitlisted');
  });

  it('the tree: a blackout on a child displaces a booking of the parent, one on the parent a booking of a child', async () => {
    const parent = await createSegment(t, scheduler);
    const child = await createSegment(t, scheduler, { parentId: parent.id });
    const sibling = await createSegment(t, scheduler, { parentId: parent.id });
    const day = localDay(65);
    const onParent = await book(t, alice, { segmentId: parent.id, ...slot(day, '08:00', '09:00') }).expect(201);
    const onSibling = await book(t, alice, { segmentId: sibling.id, ...slot(day, '10:00', '11:00') }).expect(201);
    const onChild = await book(t, bob, { segmentId: child.id, ...slot(day, '12:00', '13:00') }).expect(201);
    const first = await post({ segmentIds: [child.id], ...slot(day, '08:00', '11:00'), reason: 'child work' }).expect(201);
    expect(first.body.displaced).toEqual([onParent.body.id]);
    expect((await reservation(onSibling.body.id)).status).toBe('confirmed');
    const second = await post({ segmentIds: [parent.id], ...slot(day, '12:00', '13:00'), reason: 'parent work' }).expect(201);
    expect(second.body.displaced).toEqual([onChild.body.id]);
  });

  it('a recurring blackout displaces reservations under any occurrence', async () => {
    const seg = await createSegment(t, scheduler);
    const monday = mondayAfter(70);
    const third = addLocalDays(monday, 14);
    const r = await book(t, alice, { segmentId: seg.id, ...slot(third, '09:00', '10:00') }).expect(201);
    const tuesday = await book(t, alice, { segmentId: seg.id, ...slot(addLocalDays(third, 1), '09:00', '10:00') }).expect(201);
    const res = await post({ segmentIds: [seg.id], ...slot(monday, '08:00', '12:00'), rrule: 'FREQ=WEEKLY;BYDAY=MO;COUNT=4', reason: 'weekly' }).expect(201);
    expect(res.body.displaced).toEqual([r.body.id]);
    expect((await reservation(tuesday.body.id)).status).toBe('confirmed');
  });

  it('GET /blackouts?from&to lists those with an occurrence in the window', async () => {
    const seg = await createSegment(t, scheduler);
    const monday = mondayAfter(120);
    const weekly = (await post({ segmentIds: [seg.id], ...slot(monday, '08:00', '10:00'), rrule: 'FREQ=WEEKLY;BYDAY=MO;COUNT=4', reason: 'listed weekly' }).expect(201)).body.blackout;
    const once = (await post({ ...slot(addLocalDays(monday, 2), '08:00', '10:00'), reason: 'listed once' }).expect(201)).body.blackout;
    const ids = (items: Record<string, any>[]) => items.map((b) => b.id).filter((id) => id === weekly.id || id === once.id);
    // a window around the fourth Monday only
    const fourth = addLocalDays(monday, 21);
    const around = await list(at(fourth, '00:00'), at(addLocalDays(fourth, 1), '00:00'));
    expect(ids(around)).toEqual([weekly.id]);
    expect(around.find((b) => b.id === weekly.id)!.occurrences).toEqual([{ start: iso(at(fourth, '08:00')), end: iso(at(fourth, '10:00')) }]);
    // the first week holds both
    expect(ids(await list(at(monday, '00:00'), at(addLocalDays(monday, 7), '00:00'))).sort()).toEqual([weekly.id, once.id].sort());
    // half-open windows: ending where an occurrence starts, or starting where it ends, do not list it
    expect(ids(await list(at(fourth, '00:00'), at(fourth, '08:00')))).toEqual([]);
    expect(ids(await list(at(fourth, '10:00'), at(fourth, '12:00')))).toEqual([]);
    // after the last occurrence: nothing
    expect(ids(await list(at(addLocalDays(monday, 28), '00:00'), at(addLocalDays(monday, 35), '00:00')))).toEqual([]);
    // every role reads blackouts; the window is optional; from ≥ to is 400
    for (const user of [alice, finance, scheduler]) await t.http.get('/api/v1/blackouts').set(bearer(user)).expect(200);
    expectError(await t.http.get(`/api/v1/blackouts?from=${encodeURIComponent(at(fourth, '10:00'))}&to=${encodeURIComponent(at(fourth, '09:00'))}`).set(bearer(alice)), 400, 'VALIDATION_FAILED');
    expectError(await t.http.get(`/api/v1/blackouts?from=${fourth}T10:00:00`).set(bearer(alice)), 400, 'VALIDATION_FAILED');
  });

  it('DELETE answers 204, and the time is bookable again', async () => {
    const seg = await createSegment(t, scheduler);
    const day = localDay(66);
    const made = (await post({ segmentIds: [seg.id], ...slot(day, '08:00', '12:00'), rrule: 'FREQ=DAILY;COUNT=2', reason: 'temporary' }).expect(201)).body.blackout;
    await blockedBy(alice, { segmentId: seg.id, ...slot(addLocalDays(day, 1), '09:00', '10:00') });
    expectError(await t.http.delete(`/api/v1/blackouts/${made.id}`).set(bearer(alice)), 403, 'FORBIDDEN');
    expectError(await t.http.delete(`/api/v1/blackouts/${made.id}`).set(bearer(finance)), 403, 'FORBIDDEN');
    const res = await t.http.delete(`/api/v1/blackouts/${made.id}`).set(bearer(admin)).expect(204);
    expect(res.text).toBe('');
    await book(t, alice, { segmentId: seg.id, ...slot(addLocalDays(day, 1), '09:00', '10:00') }).expect(201);
    await book(t, alice, { segmentId: seg.id, ...slot(day, '08:00', '12:00') }).expect(201);
    expect((await list(at(day, '00:00'), at(addLocalDays(day, 2), '00:00'))).map((b) => b.id)).not.toContain(made.id);
    const [{ n }] = await t.query<{ n: number }>('SELECT count(*)::int AS n FROM blackout_occurrences WHERE blackout_id = $1', [made.id]);
    expect(n).toBe(0);
    expectError(await t.http.delete(`/api/v1/blackouts/${made.id}`).set(bearer(scheduler)), 404, 'NOT_FOUND');
    expectError(await t.http.delete('/api/v1/blackouts/not-an-id').set(bearer(scheduler)), 400, 'VALIDATION_FAILED');
  });

  it('a booking into a blackout with waitlist: true is still 409, with conflict type blackout', async () => {
    const seg = await createSegment(t, scheduler);
    const day = localDay(67);
    await book(t, bob, { segmentId: seg.id, ...slot(day, '10:00', '11:00') }).expect(201);
    await post({ segmentIds: [seg.id], ...slot(day, '11:00', '12:00'), reason: 'closed' }).expect(201);
    const conflicts = await blockedBy(alice, { segmentId: seg.id, ...slot(day, '10:30', '11:30'), waitlist: true });
    expect(conflicts.map((c) => c.type).sort()).toEqual(['blackout', 'reservation']);
    const onlyBlackout = await blockedBy(alice, { segmentId: seg.id, ...slot(day, '11:00', '12:00'), waitlist: true });
    expect(onlyBlackout).toEqual([{ type: 'blackout', start: iso(at(day, '11:00')), end: iso(at(day, '12:00')) }]);
    const [{ n }] = await t.query<{ n: number }>(`SELECT count(*)::int AS n FROM reservations WHERE segment_id = $1 AND status = 'waitlisted'`, [seg.id]);
    expect(n).toBe(0);
    // blocked only by the reservation: waitlisted
    expect((await book(t, alice, { segmentId: seg.id, ...slot(day, '10:00', '11:00'), waitlist: true }).expect(201)).body.status).toBe('waitlisted');
  });

  it('refuses malformed blackouts: 400 for an invalid rrule or body, 404 for an unknown segment', async () => {
    const seg = await createSegment(t, scheduler);
    const day = localDay(68);
    const valid = { segmentIds: [seg.id], ...slot(day, '08:00', '10:00'), reason: 'x' };
    for (const rrule of ['FREQ=HOURLY;COUNT=3', 'BYDAY=MO;COUNT=4', 'FREQ=WEEKLY;COUNT=0', 'FREQ=WEEKLY;BYDAY=XX', 'DTSTART:20270101T000000Z\nRRULE:FREQ=DAILY', 'garbage', '', 'FREQ=DAILY;COUNT=2;UNTIL=20300101', 'FREQ=DAILY;BYHOUR=8']) {
      const body = expectError(await post({ ...valid, rrule }), 400, 'VALIDATION_FAILED');
      expect((body.details as { fields: { field: string }[] }).fields.map((f) => f.field)).toContain('rrule');
    }
    expectError(await post({ ...valid, rrule: 'FREQ=DAILY;COUNT=5001' }), 422, 'TOO_MANY_OCCURRENCES');
    expectError(await post({ ...valid, ...slot(day, '10:00', '10:00') }), 400, 'VALIDATION_FAILED');
    expectError(await post({ ...valid, ...slot(day, '10:00', '08:00') }), 400, 'VALIDATION_FAILED');
    expectError(await post({ ...valid, start: `${day}T08:00:00` }), 400, 'VALIDATION_FAILED');
    expectError(await post({ ...valid, segmentIds: [] }), 400, 'VALIDATION_FAILED');
    expectError(await post({ ...valid, segmentIds: ['nope'] }), 400, 'VALIDATION_FAILED');
    expectError(await post({ ...valid, segmentIds: [seg.id, seg.id] }), 400, 'VALIDATION_FAILED');
    expectError(await post({ ...valid, segmentIds: null }), 400, 'VALIDATION_FAILED');
    expectError(await post({ ...valid, reason: '' }), 400, 'VALIDATION_FAILED');
    expectError(await post({ ...valid, dryRun: 'yes' }), 400, 'VALIDATION_FAILED');
    expectError(await post({ ...valid, colour: 'red' }), 400, 'VALIDATION_FAILED');
    expectError(await post({ ...valid, segmentIds: [seg.id, '00000000-0000-4000-8000-000000000000'] }), 404, 'NOT_FOUND');
    const [{ n }] = await t.query<{ n: number }>('SELECT count(*)::int AS n FROM blackouts WHERE $1::uuid = ANY(segment_ids)', [seg.id]);
    expect(n).toBe(0);
  });

  it('customers and finance cannot create or delete blackouts: 403', async () => {
    const seg = await createSegment(t, scheduler);
    const day = localDay(69);
    for (const user of [alice, finance]) {
      expectError(await post({ segmentIds: [seg.id], ...slot(day, '08:00', '10:00'), reason: 'x' }, user), 403, 'FORBIDDEN');
      expectError(await post({}, user), 403, 'FORBIDDEN');
    }
    const made = (await post({ segmentIds: [seg.id], ...slot(day, '08:00', '10:00'), reason: 'x' }, admin).expect(201)).body.blackout;
    expectError(await t.http.delete(`/api/v1/blackouts/${made.id}`).set(bearer(alice)), 403, 'FORBIDDEN');
    expectError(await t.http.post('/api/v1/blackouts').send({}), 401, 'UNAUTHENTICATED');
    await t.http.delete(`/api/v1/blackouts/${made.id}`).set(bearer(scheduler)).expect(204);
  });
});
