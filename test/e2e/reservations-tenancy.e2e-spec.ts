import { randomUUID } from 'node:crypto';
import type { Response } from 'supertest';
import { expectError } from '../support/envelope.js';
import { at, book, createSegment, localDay } from '../support/facility.js';
import { TestApp, bearer, type TestUser } from '../support/test-app.js';

/**
 * "A customer must never see or touch another organization's data. Asking for another
 * organization's reservation ... by id answers 404, exactly as for an id that does not exist."
 * (product.md, "Who uses it"; api.md, "Reservations", "Series", Conventions.)
 */
describe('reservations: tenancy', () => {
  let t: TestApp;
  let scheduler: TestUser;
  let finance: TestUser;
  let alice: TestUser; // organization A
  let alice2: TestUser; // organization A, another user
  let bob: TestUser; // organization B
  let seg: Record<string, any>;
  let shared: Record<string, any>;
  let day: string;
  let aliceRes: Record<string, any>;
  let bobRes: Record<string, any>;
  let aliceSeries: Record<string, any>;

  const send = (user: TestUser, method: 'get' | 'post' | 'patch', path: string, body?: Record<string, unknown>) => {
    const req = t.http[method](path).set(bearer(user));
    return body === undefined ? req : req.send(body);
  };
  const reservationStatus = async (id: string) => (await t.query<{ status: string }>(`SELECT status FROM reservations WHERE id = $1`, [id]))[0].status;

  beforeAll(async () => {
    t = await TestApp.start();
    scheduler = await t.createUser('scheduler');
    finance = await t.createUser('finance');
    alice = await t.createCustomer();
    alice2 = await t.createUser('customer', alice.organizationId);
    bob = await t.createCustomer();
    seg = await createSegment(t, scheduler, { kind: 'tenancy', bufferMinutes: 30 });
    shared = await createSegment(t, scheduler, { kind: 'tenancy_shared', capacityMode: 'shared', maxVehicles: 2 });
    day = localDay(30);
    aliceRes = (await book(t, alice, { segmentId: seg.id, start: at(day, '10:00'), end: at(day, '12:00'), purpose: 'secret A' }).expect(201)).body;
    bobRes = (await book(t, bob, { segmentId: seg.id, start: at(day, '14:00'), end: at(day, '15:00') }).expect(201)).body;
    aliceSeries = (
      await t.http
        .post('/api/v1/reservation-series')
        .set(bearer(alice))
        .send({ segmentId: seg.id, firstStart: at(localDay(31), '08:00'), durationMinutes: 60, rrule: 'FREQ=DAILY;COUNT=3' })
        .expect(201)
    ).body;
  });
  afterAll(() => t?.close());

  // ------------------------------------------------------------------ 404 for another organization's things

  const routes: { name: string; method: 'get' | 'post' | 'patch'; path: (id: string) => string; body?: Record<string, unknown>; kind: 'reservation' | 'series' }[] = [
    { name: 'GET /reservations/:id', method: 'get', path: (id) => `/api/v1/reservations/${id}`, kind: 'reservation' },
    { name: 'PATCH /reservations/:id', method: 'patch', path: (id) => `/api/v1/reservations/${id}`, body: { purpose: 'hijacked' }, kind: 'reservation' },
    { name: 'PATCH /reservations/:id (a move)', method: 'patch', path: (id) => `/api/v1/reservations/${id}`, body: { start: at(localDay(30), '16:00'), end: at(localDay(30), '17:00') }, kind: 'reservation' },
    { name: 'POST /reservations/:id/cancel', method: 'post', path: (id) => `/api/v1/reservations/${id}/cancel`, body: { reason: 'not mine' }, kind: 'reservation' },
    { name: 'GET /reservations/:id/audit', method: 'get', path: (id) => `/api/v1/reservations/${id}/audit`, kind: 'reservation' },
    { name: 'GET /reservation-series/:id', method: 'get', path: (id) => `/api/v1/reservation-series/${id}`, kind: 'series' },
    { name: 'POST /reservation-series/:id/cancel', method: 'post', path: (id) => `/api/v1/reservation-series/${id}/cancel`, body: { reason: 'not mine' }, kind: 'series' },
  ];

  it.each(routes)('$name: another organization\'s id answers exactly like an unknown id (404), and changes nothing', async (route) => {
    const foreignId = route.kind === 'reservation' ? aliceRes.id : aliceSeries.series.id;
    const before = await t.query(`SELECT * FROM reservations WHERE organization_id = $1 ORDER BY id`, [alice.organizationId]);
    const foreign = await send(bob, route.method, route.path(foreignId), route.body);
    const unknown = await send(bob, route.method, route.path(randomUUID()), route.body);
    expectError(foreign, 404, 'NOT_FOUND');
    expectError(unknown, 404, 'NOT_FOUND');
    expect(foreign.body).toEqual(unknown.body);
    expect(JSON.stringify(foreign.body)).not.toContain(foreignId);
    // upper-case ids are the same ids
    expectError(await send(bob, route.method, route.path(foreignId.toUpperCase()), route.body), 404, 'NOT_FOUND');
    // nothing of organization A moved
    expect(await t.query(`SELECT * FROM reservations WHERE organization_id = $1 ORDER BY id`, [alice.organizationId])).toEqual(before);
    const [{ status }] = await t.query<{ status: string }>(`SELECT status FROM reservation_series WHERE id = $1`, [aliceSeries.series.id]);
    expect(status).toBe('active');
    // and the owner's colleague reaches it (the route works; it is the organization that differs)
    if (route.method === 'get') expect((await send(alice2, 'get', route.path(foreignId))).status).toBe(200);
  });

  it('the owner and staff see the reservation; another customer cannot find it in any list', async () => {
    expect((await send(alice, 'get', `/api/v1/reservations/${aliceRes.id}`)).body).toEqual(aliceRes);
    expect((await send(scheduler, 'get', `/api/v1/reservations/${aliceRes.id}`)).status).toBe(200);
    expectError(await send(scheduler, 'get', `/api/v1/reservations/${randomUUID()}`), 404, 'NOT_FOUND');
  });

  // ------------------------------------------------------------------ lists

  it('a customer lists only their own organization, whatever the filters and however they page', async () => {
    const own = await send(bob, 'get', `/api/v1/reservations?segmentId=${seg.id}&limit=500`);
    expect(own.status).toBe(200);
    expect(own.body.items.map((r: { id: string }) => r.id)).toEqual([bobRes.id]);

    const mine = new Set<string>();
    let cursor: string | null = null;
    do {
      const page: Response = await send(alice, 'get', `/api/v1/reservations?limit=1${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      expect(page.status).toBe(200);
      for (const r of page.body.items) {
        expect(r.organizationId).toBe(alice.organizationId);
        mine.add(r.id);
      }
      cursor = page.body.nextCursor;
    } while (cursor);
    const [{ n }] = await t.query<{ n: number }>(`SELECT count(*)::int AS n FROM reservations WHERE organization_id = $1`, [alice.organizationId]);
    expect(mine.size).toBe(n);
    expect(mine.has(bobRes.id)).toBe(false);

    // naming another organization: 404, as for an unknown one; naming one's own is fine
    const other = await send(bob, 'get', `/api/v1/reservations?organizationId=${alice.organizationId}`);
    const nowhere = await send(bob, 'get', `/api/v1/reservations?organizationId=${randomUUID()}`);
    expectError(other, 404, 'NOT_FOUND');
    expect(other.body).toEqual(nowhere.body);
    expect((await send(bob, 'get', `/api/v1/reservations?organizationId=${bob.organizationId}`)).body.items.map((r: { id: string }) => r.id)).toEqual([bobRes.id]);
    // staff see every organization, or the one they name
    const all = await send(scheduler, 'get', `/api/v1/reservations?segmentId=${seg.id}&limit=500`);
    expect(new Set(all.body.items.map((r: { organizationId: string }) => r.organizationId))).toEqual(new Set([alice.organizationId, bob.organizationId]));
    const a = await send(scheduler, 'get', `/api/v1/reservations?organizationId=${alice.organizationId}&limit=500`);
    expect(a.body.items.every((r: { organizationId: string }) => r.organizationId === alice.organizationId)).toBe(true);
  });

  // ------------------------------------------------------------------ creating for another organization

  it('a customer cannot book, waitlist or start a series for another organization (404), nor name its drivers', async () => {
    const count = async () => (await t.query<{ n: number }>(`SELECT count(*)::int AS n FROM reservations`))[0].n;
    const before = await count();
    const body = { segmentId: seg.id, start: at(localDay(32), '10:00'), end: at(localDay(32), '11:00') };
    expectError(await book(t, bob, { ...body, organizationId: alice.organizationId }), 404, 'NOT_FOUND');
    expectError(await book(t, bob, { ...body, organizationId: alice.organizationId, waitlist: true }), 404, 'NOT_FOUND');
    expectError(
      await send(bob, 'post', '/api/v1/reservation-series', { organizationId: alice.organizationId, segmentId: seg.id, firstStart: body.start, durationMinutes: 60, rrule: 'FREQ=DAILY;COUNT=2' }),
      404,
      'NOT_FOUND',
    );
    const driver = await send(alice, 'post', `/api/v1/organizations/${alice.organizationId}/drivers`, { name: 'Kim', licenseNumber: '11-22-333333-44' });
    expect(driver.status).toBe(201);
    expectError(await book(t, bob, { ...body, driverIds: [driver.body.id] }), 404, 'NOT_FOUND');
    expectError(await send(bob, 'patch', `/api/v1/reservations/${bobRes.id}`, { driverIds: [driver.body.id] }), 404, 'NOT_FOUND');
    expect(await count()).toBe(before);
    expect((await send(bob, 'get', `/api/v1/reservations/${bobRes.id}`)).body.driverIds).toEqual([]);
  });

  it("an Idempotency-Key is the caller's own: another organization's identical key neither replays nor refuses", async () => {
    const d = localDay(37);
    const body = { segmentId: shared.id, start: at(d, '10:00'), end: at(d, '11:00'), vehicles: 1 };
    const first = await book(t, alice, body).set('Idempotency-Key', 'same-key');
    expect(first.status).toBe(201);
    const same = await book(t, bob, body).set('Idempotency-Key', 'same-key');
    expect(same.status).toBe(201);
    expect(same.body.id).not.toBe(first.body.id);
    expect(same.body.organizationId).toBe(bob.organizationId);
    // another body with that key: no IDEMPOTENCY_KEY_REUSED, which would tell bob the key exists
    const other = await book(t, bob, { ...body, start: at(d, '12:00'), end: at(d, '13:00') }).set('Idempotency-Key', 'other-key');
    expect(other.status).toBe(201);
    const reuse = await book(t, alice2, { ...body, start: at(d, '14:00'), end: at(d, '15:00') }).set('Idempotency-Key', 'same-key');
    expect(reuse.status).toBe(201);
    expect(reuse.body.createdBy).toBe(alice2.id);
  });

  // ------------------------------------------------------------------ roles

  it('staff-only fields: a customer sending priority or waiveFee gets 403 and nothing happens', async () => {
    const count = async () => (await t.query<{ n: number }>(`SELECT count(*)::int AS n FROM reservations`))[0].n;
    const before = await count();
    expectError(await book(t, bob, { segmentId: seg.id, start: at(localDay(33), '10:00'), end: at(localDay(33), '11:00'), priority: true }), 403, 'FORBIDDEN');
    // priority over someone else's booking: still 403, and the other booking stays
    expectError(await book(t, bob, { segmentId: seg.id, start: at(day, '10:00'), end: at(day, '12:00'), priority: true }), 403, 'FORBIDDEN');
    expect(await count()).toBe(before);
    expect(await reservationStatus(aliceRes.id)).toBe('confirmed');
    expectError(await send(bob, 'post', `/api/v1/reservations/${bobRes.id}/cancel`, { reason: 'free please', waiveFee: true }), 403, 'FORBIDDEN');
    expect(await reservationStatus(bobRes.id)).toBe('confirmed');
    // with priority: false and waiveFee: false the same requests are fine for a customer
    const ok = await book(t, bob, { segmentId: seg.id, start: at(localDay(33), '10:00'), end: at(localDay(33), '11:00'), priority: false });
    expect(ok.status).toBe(201);
    expect((await send(bob, 'post', `/api/v1/reservations/${ok.body.id}/cancel`, { reason: 'done', waiveFee: false })).status).toBe(200);
  });

  it('a customer may not approve, reject, check in, check out or resolve, even their own reservation (403)', async () => {
    const own = aliceRes.id;
    const actions: [string, Record<string, unknown>][] = [
      ['approve', {}],
      ['reject', { reason: 'no' }],
      ['check-in', { at: at(day, '10:00') }],
      ['check-out', { at: at(day, '12:00') }],
      ['resolve', { action: 'cancel' }],
    ];
    for (const [action, body] of actions) {
      expectError(await send(alice, 'post', `/api/v1/reservations/${own}/${action}`, body), 403, 'FORBIDDEN');
      // on another organization's reservation too: the role is refused before the id is looked at
      expectError(await send(bob, 'post', `/api/v1/reservations/${own}/${action}`, body), 403, 'FORBIDDEN');
    }
    expectError(await send(alice, 'get', '/api/v1/conflicts'), 403, 'FORBIDDEN');
    expect(await reservationStatus(own)).toBe('confirmed');
    const audit = await send(alice, 'get', `/api/v1/reservations/${own}/audit`);
    expect(audit.status).toBe(200);
    expect(audit.body.map((e: { action: string }) => e.action)).toEqual(['create']);
  });

  it('finance reads reservations of every organization but cannot book, move or cancel them (403)', async () => {
    const list = await send(finance, 'get', `/api/v1/reservations?segmentId=${seg.id}&limit=500`);
    expect(list.status).toBe(200);
    expect(list.body.items.map((r: { id: string }) => r.id)).toEqual(expect.arrayContaining([aliceRes.id, bobRes.id]));
    expect((await send(finance, 'get', `/api/v1/reservations/${aliceRes.id}`)).body).toEqual(aliceRes);
    expect((await send(finance, 'get', `/api/v1/reservations/${aliceRes.id}/audit`)).status).toBe(200);
    expect((await send(finance, 'get', `/api/v1/reservation-series/${aliceSeries.series.id}`)).status).toBe(200);

    const before = (await t.query<{ n: number }>(`SELECT count(*)::int AS n FROM reservations`))[0].n;
    const slot = { segmentId: seg.id, start: at(localDay(34), '10:00'), end: at(localDay(34), '11:00') };
    expectError(await book(t, finance, { ...slot, organizationId: alice.organizationId }), 403, 'FORBIDDEN');
    expectError(
      await send(finance, 'post', '/api/v1/reservation-series', { organizationId: alice.organizationId, segmentId: seg.id, firstStart: slot.start, durationMinutes: 60, rrule: 'FREQ=DAILY;COUNT=2' }),
      403,
      'FORBIDDEN',
    );
    expectError(await send(finance, 'patch', `/api/v1/reservations/${aliceRes.id}`, { purpose: 'x' }), 403, 'FORBIDDEN');
    expectError(await send(finance, 'post', `/api/v1/reservations/${aliceRes.id}/cancel`, { reason: 'x' }), 403, 'FORBIDDEN');
    expectError(await send(finance, 'post', `/api/v1/reservations/${aliceRes.id}/approve`, {}), 403, 'FORBIDDEN');
    expectError(await send(finance, 'post', `/api/v1/reservation-series/${aliceSeries.series.id}/cancel`, { reason: 'x' }), 403, 'FORBIDDEN');
    expect((await t.query<{ n: number }>(`SELECT count(*)::int AS n FROM reservations`))[0].n).toBe(before);
    expect(await reservationStatus(aliceRes.id)).toBe('confirmed');
  });

  // ------------------------------------------------------------------ what a 409 reveals

  type ConflictBody = { conflicts: { type: string; reservationId?: string }[]; suggestions: unknown[] };

  it("a 409 names another organization's reservation to a scheduler, never to a customer", async () => {
    // bob runs into alice's booking (10–12) and into its buffer (12–12:30)
    for (const [start, end, type] of [
      ['11:00', '13:00', 'reservation'],
      ['12:00', '13:00', 'buffer'],
    ] as const) {
      const clash = await book(t, bob, { segmentId: seg.id, start: at(day, start), end: at(day, end) });
      const details = expectError(clash, 409, 'RESERVATION_CONFLICT').details as ConflictBody;
      expect(details.conflicts).toEqual([expect.objectContaining({ type })]);
      expect(details.conflicts.every((c) => !('reservationId' in c))).toBe(true);
      expect(JSON.stringify(clash.body)).not.toContain(aliceRes.id);
      expect(JSON.stringify(clash.body)).not.toContain(alice.organizationId);

      const staff = await book(t, scheduler, { organizationId: bob.organizationId, segmentId: seg.id, start: at(day, start), end: at(day, end) });
      expect((expectError(staff, 409, 'RESERVATION_CONFLICT').details as ConflictBody).conflicts).toEqual([expect.objectContaining({ type, reservationId: aliceRes.id })]);
    }
    // a colleague of alice's organization may see it
    const colleague = await book(t, alice2, { segmentId: seg.id, start: at(day, '11:00'), end: at(day, '13:00') });
    expect((expectError(colleague, 409, 'RESERVATION_CONFLICT').details as ConflictBody).conflicts).toEqual([expect.objectContaining({ reservationId: aliceRes.id })]);
  });

  it('a 409 of a reschedule, a waitlist-less booking on a composite and a series hides foreign ids from customers', async () => {
    // reschedule bob's 14:00 booking onto alice's time
    const move = await send(bob, 'patch', `/api/v1/reservations/${bobRes.id}`, { start: at(day, '11:00'), end: at(day, '12:00') });
    const moveDetails = expectError(move, 409, 'RESERVATION_CONFLICT').details as ConflictBody;
    expect(moveDetails.conflicts.length).toBeGreaterThan(0);
    expect(moveDetails.conflicts.every((c) => !('reservationId' in c))).toBe(true);
    expect(JSON.stringify(move.body)).not.toContain(aliceRes.id);
    expect((await send(bob, 'get', `/api/v1/reservations/${bobRes.id}`)).body.start).toBe(new Date(at(day, '14:00')).toISOString());

    // a composite whose child alice holds
    const parent = await createSegment(t, scheduler, { kind: 'tenancy_parent' });
    const child = await createSegment(t, scheduler, { kind: 'tenancy_child', parentId: parent.id });
    const d = localDay(35);
    const held = await book(t, alice, { segmentId: child.id, start: at(d, '10:00'), end: at(d, '11:00') }).expect(201);
    const onParent = await book(t, bob, { segmentId: parent.id, start: at(d, '09:00'), end: at(d, '12:00') });
    expect(((expectError(onParent, 409, 'RESERVATION_CONFLICT').details as ConflictBody).conflicts).every((c) => !('reservationId' in c))).toBe(true);
    expect(JSON.stringify(onParent.body)).not.toContain(held.body.id);
    const staffOnParent = await book(t, scheduler, { organizationId: bob.organizationId, segmentId: parent.id, start: at(d, '09:00'), end: at(d, '12:00') });
    expect((expectError(staffOnParent, 409, 'RESERVATION_CONFLICT').details as ConflictBody).conflicts).toEqual([expect.objectContaining({ reservationId: held.body.id })]);

    // a series over alice's series
    const series = await send(bob, 'post', '/api/v1/reservation-series', { segmentId: seg.id, firstStart: at(localDay(31), '08:00'), durationMinutes: 60, rrule: 'FREQ=DAILY;COUNT=3' });
    const occurrences = (expectError(series, 409, 'RESERVATION_CONFLICT').details as { occurrences: { conflicts: { reservationId?: string }[] }[] }).occurrences;
    expect(occurrences).toHaveLength(3);
    for (const o of occurrences) expect(o.conflicts.every((c) => !('reservationId' in c))).toBe(true);
    for (const r of aliceSeries.created) expect(JSON.stringify(series.body)).not.toContain(r.id);
    const staffSeries = await send(scheduler, 'post', '/api/v1/reservation-series', { organizationId: bob.organizationId, segmentId: seg.id, firstStart: at(localDay(31), '08:00'), durationMinutes: 60, rrule: 'FREQ=DAILY;COUNT=3' });
    const staffOccurrences = (expectError(staffSeries, 409, 'RESERVATION_CONFLICT').details as { occurrences: { conflicts: { reservationId?: string }[] }[] }).occurrences;
    expect(staffOccurrences.map((o) => o.conflicts[0].reservationId).sort()).toEqual(aliceSeries.created.map((r: { id: string }) => r.id).sort());
  });

  it('capacity conflicts on a shared segment never name anyone, and a waitlisted customer sees only their own entry', async () => {
    const d = localDay(36);
    await book(t, alice, { segmentId: shared.id, start: at(d, '10:00'), end: at(d, '12:00'), vehicles: 2 }).expect(201);
    const full = await book(t, bob, { segmentId: shared.id, start: at(d, '11:00'), end: at(d, '12:00'), vehicles: 1 });
    const details = expectError(full, 409, 'RESERVATION_CONFLICT').details as ConflictBody;
    expect(details.conflicts).toEqual([{ type: 'capacity', start: new Date(at(d, '11:00')).toISOString(), end: new Date(at(d, '12:00')).toISOString() }]);
    const waiting = await book(t, bob, { segmentId: shared.id, start: at(d, '11:00'), end: at(d, '12:00'), vehicles: 1, waitlist: true });
    expect(waiting.status).toBe(201);
    expect(waiting.body.status).toBe('waitlisted');
    expectError(await send(alice, 'get', `/api/v1/reservations/${waiting.body.id}`), 404, 'NOT_FOUND');
    expect((await send(alice, 'get', `/api/v1/reservations?segmentId=${shared.id}`)).body.items.every((r: { organizationId: string }) => r.organizationId === alice.organizationId)).toBe(true);
  });
});
