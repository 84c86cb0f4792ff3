import { addLocalDays } from '../../src/segments/local-time.js';
import { expectError } from '../support/envelope.js';
import { at, book, createSegment, localDay } from '../support/facility.js';
import { TestApp, bearer, type TestUser } from '../support/test-app.js';

const ALL_DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
const iso = (instant: string) => new Date(instant).toISOString();

interface Free {
  start: string;
  end: string;
  remainingVehicles: number;
}

describe('availability and suggestions', () => {
  let t: TestApp;
  let scheduler: TestUser;
  let finance: TestUser;
  let alice: TestUser;
  let bob: TestUser;

  beforeAll(async () => {
    t = await TestApp.start();
    scheduler = await t.createUser('scheduler');
    finance = await t.createUser('finance');
    alice = await t.createCustomer();
    bob = await t.createCustomer();
  });
  afterAll(() => t.close());

  const url = (from: string, to: string, segmentIds?: string[]) =>
    `/api/v1/availability?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}${segmentIds ? `&segmentIds=${segmentIds.join(',')}` : ''}`;
  /** Free intervals per segment id. */
  async function freeOf(segmentIds: string[], from: string, to: string, user: TestUser = alice): Promise<Record<string, Free[]>> {
    const res = await t.http.get(url(from, to, segmentIds)).set(bearer(user)).expect(200);
    expect(res.body.segments.map((s: { segmentId: string }) => s.segmentId).sort()).toEqual([...segmentIds].sort());
    return Object.fromEntries(res.body.segments.map((s: { segmentId: string; free: Free[] }) => [s.segmentId, s.free]));
  }
  /** A free interval on local `day` from clock to clock (both '24:00'-safe through `at`). */
  const free = (day: string, from: string, to: string, remainingVehicles = 1): Free => ({ start: iso(at(day, from)), end: iso(at(day, to)), remainingVehicles });
  const slot = (day: string, from: string, to: string) => ({ start: at(day, from), end: at(day, to) });

  describe('free time', () => {
    it('an exclusive segment with a buffer: free again only after the buffer, which may run past closing', async () => {
      const seg = await createSegment(t, scheduler, { bufferMinutes: 30, openingHours: [{ days: ALL_DAYS, open: '08:00', close: '18:00' }] });
      const day = localDay(40);
      await book(t, alice, { segmentId: seg.id, ...slot(day, '10:00', '11:00') }).expect(201);
      await book(t, alice, { segmentId: seg.id, ...slot(day, '17:00', '18:00') }).expect(201);
      const got = await freeOf([seg.id], at(day, '00:00'), at(addLocalDays(day, 1), '00:00'));
      expect(got[seg.id]).toEqual([free(day, '08:00', '10:00'), free(day, '11:30', '17:00')]);
      // the buffer is real: a booking inside it is refused, one at its end fits
      expect(expectError(await book(t, bob, { segmentId: seg.id, ...slot(day, '11:00', '12:00') }), 409, 'RESERVATION_CONFLICT').details).toEqual(
        expect.objectContaining({ conflicts: [{ type: 'buffer', start: iso(at(day, '10:00')), end: iso(at(day, '11:30')) }] }),
      );
      await book(t, bob, { segmentId: seg.id, ...slot(day, '11:30', '12:00') }).expect(201);
      // a window that starts inside a booking is clipped to the window
      expect((await freeOf([seg.id], at(day, '10:30'), at(day, '13:00')))[seg.id]).toEqual([free(day, '12:30', '13:00')]);
    });

    it('a shared segment: intervals split exactly where the remaining capacity changes, equal touching pieces merged', async () => {
      const seg = await createSegment(t, scheduler, { capacityMode: 'shared', maxVehicles: 3 });
      const day = localDay(41);
      await book(t, alice, { segmentId: seg.id, ...slot(day, '10:00', '12:00'), vehicles: 1 }).expect(201);
      await book(t, bob, { segmentId: seg.id, ...slot(day, '11:00', '13:00'), vehicles: 2 }).expect(201);
      await book(t, alice, { segmentId: seg.id, ...slot(day, '13:00', '14:00'), vehicles: 1 }).expect(201);
      await book(t, bob, { segmentId: seg.id, ...slot(day, '14:00', '15:00'), vehicles: 1 }).expect(201);
      const got = await freeOf([seg.id], at(day, '09:00'), at(day, '16:00'));
      expect(got[seg.id]).toEqual([
        free(day, '09:00', '10:00', 3),
        free(day, '10:00', '11:00', 2),
        // 11:00–12:00 is full (1 + 2)
        free(day, '12:00', '13:00', 1),
        free(day, '13:00', '15:00', 2),
        free(day, '15:00', '16:00', 3),
      ]);
      // what availability promises holds: one vehicle fits 12:00–13:00, a second does not
      await book(t, alice, { segmentId: seg.id, ...slot(day, '12:00', '13:00'), vehicles: 1 }).expect(201);
      expectError(await book(t, alice, { segmentId: seg.id, ...slot(day, '12:30', '13:00'), vehicles: 1 }), 409, 'RESERVATION_CONFLICT');
      expect((await freeOf([seg.id], at(day, '09:00'), at(day, '16:00')))[seg.id]).toEqual([
        free(day, '09:00', '10:00', 3),
        free(day, '10:00', '11:00', 2),
        free(day, '13:00', '15:00', 2),
        free(day, '15:00', '16:00', 3),
      ]);
    });

    it('a composite: a booking on a child (buffer included) blocks the parent; a booking on the parent blocks every child', async () => {
      const parent = await createSegment(t, scheduler);
      const exclusive = await createSegment(t, scheduler, { parentId: parent.id, bufferMinutes: 30 });
      const shared = await createSegment(t, scheduler, { parentId: parent.id, capacityMode: 'shared', maxVehicles: 2 });
      const day = localDay(42);
      await book(t, alice, { segmentId: exclusive.id, ...slot(day, '10:00', '11:00') }).expect(201);
      await book(t, bob, { segmentId: shared.id, ...slot(day, '12:00', '12:30'), vehicles: 1 }).expect(201);
      await book(t, bob, { segmentId: parent.id, ...slot(day, '13:00', '14:00') }).expect(201);
      const got = await freeOf([parent.id, exclusive.id, shared.id], at(day, '09:00'), at(day, '15:00'));
      expect(got[parent.id]).toEqual([free(day, '09:00', '10:00'), free(day, '11:30', '12:00'), free(day, '12:30', '13:00'), free(day, '14:00', '15:00')]);
      expect(got[exclusive.id]).toEqual([free(day, '09:00', '10:00'), free(day, '11:30', '13:00'), free(day, '14:00', '15:00')]);
      // the parent's booking takes the shared child at full capacity
      expect(got[shared.id]).toEqual([free(day, '09:00', '12:00', 2), free(day, '12:00', '12:30', 1), free(day, '12:30', '13:00', 2), free(day, '14:00', '15:00', 2)]);
      expect(expectError(await book(t, alice, { segmentId: shared.id, ...slot(day, '13:30', '14:00'), vehicles: 1 }), 409, 'RESERVATION_CONFLICT').details).toEqual(
        expect.objectContaining({ conflicts: [expect.objectContaining({ type: 'capacity' })] }),
      );
      expect(expectError(await book(t, alice, { segmentId: parent.id, ...slot(day, '11:00', '12:00') }), 409, 'RESERVATION_CONFLICT').details).toEqual(
        expect.objectContaining({ conflicts: [expect.objectContaining({ type: 'buffer' })] }),
      );
      await book(t, alice, { segmentId: parent.id, ...slot(day, '11:30', '12:00') }).expect(201);
    });

    it('blackouts: on a composite they cover its descendants, on a child they block the parent, facility-wide they block everything', async () => {
      const parent = await createSegment(t, scheduler);
      const a = await createSegment(t, scheduler, { parentId: parent.id });
      const b = await createSegment(t, scheduler, { parentId: parent.id, capacityMode: 'shared', maxVehicles: 4 });
      const other = await createSegment(t, scheduler);
      const day = localDay(43);
      const blackout = (segmentIds: string[] | undefined, from: string, to: string) =>
        t.http.post('/api/v1/blackouts').set(bearer(scheduler)).send({ segmentIds, ...slot(day, from, to), reason: 'maintenance' }).expect(201);
      await blackout([parent.id], '08:00', '09:00');
      await blackout([a.id], '10:00', '11:00');
      await blackout(undefined, '12:00', '13:00');
      const got = await freeOf([parent.id, a.id, b.id, other.id], at(day, '07:00'), at(day, '14:00'));
      expect(got[parent.id]).toEqual([free(day, '07:00', '08:00'), free(day, '09:00', '10:00'), free(day, '11:00', '12:00'), free(day, '13:00', '14:00')]);
      expect(got[a.id]).toEqual([free(day, '07:00', '08:00'), free(day, '09:00', '10:00'), free(day, '11:00', '12:00'), free(day, '13:00', '14:00')]);
      expect(got[b.id]).toEqual([free(day, '07:00', '08:00', 4), free(day, '09:00', '12:00', 4), free(day, '13:00', '14:00', 4)]);
      expect(got[other.id]).toEqual([free(day, '07:00', '12:00'), free(day, '13:00', '14:00')]);
      // bookings agree
      for (const [segmentId, from, to] of [
        [b.id, '08:00', '08:30'],
        [parent.id, '10:00', '10:30'],
        [other.id, '12:00', '12:30'],
      ]) {
        expect(expectError(await book(t, alice, { segmentId, ...slot(day, from, to) }), 409, 'RESERVATION_CONFLICT').details).toEqual(
          expect.objectContaining({ conflicts: [expect.objectContaining({ type: 'blackout' })] }),
        );
      }
      await book(t, alice, { segmentId: b.id, ...slot(day, '10:00', '10:30') }).expect(201);
    });

    it('opening hours with a lunch gap; an inactive segment and one never open have no free time', async () => {
      const lunch = await createSegment(t, scheduler, {
        openingHours: [
          { days: ALL_DAYS, open: '08:00', close: '12:00' },
          { days: ALL_DAYS, open: '13:00', close: '17:00' },
        ],
      });
      const inactive = await createSegment(t, scheduler, { active: false });
      const never = await createSegment(t, scheduler, { openingHours: [] });
      const day = localDay(44);
      const got = await freeOf([lunch.id, inactive.id, never.id], at(day, '00:00'), at(addLocalDays(day, 2), '00:00'));
      const next = addLocalDays(day, 1);
      expect(got[lunch.id]).toEqual([free(day, '08:00', '12:00'), free(day, '13:00', '17:00'), free(next, '08:00', '12:00'), free(next, '13:00', '17:00')]);
      expect(got[inactive.id]).toEqual([]);
      expect(got[never.id]).toEqual([]);
      // a day closing at 24:00 and the next opening at 00:00 are one interval
      const allDay = await createSegment(t, scheduler);
      expect((await freeOf([allDay.id], at(day, '20:00'), at(next, '04:00')))[allDay.id]).toEqual([{ start: iso(at(day, '20:00')), end: iso(at(next, '04:00')), remainingVehicles: 1 }]);
    });

    it('cancelled reservations free their time', async () => {
      const seg = await createSegment(t, scheduler, { bufferMinutes: 15 });
      const day = localDay(45);
      const r = await book(t, alice, { segmentId: seg.id, ...slot(day, '10:00', '11:00') }).expect(201);
      expect((await freeOf([seg.id], at(day, '09:00'), at(day, '12:00')))[seg.id]).toEqual([free(day, '09:00', '10:00'), free(day, '11:15', '12:00')]);
      await t.http.post(`/api/v1/reservations/${r.body.id}/cancel`).set(bearer(alice)).send({ reason: 'plans changed' }).expect(200);
      expect((await freeOf([seg.id], at(day, '09:00'), at(day, '12:00')))[seg.id]).toEqual([free(day, '09:00', '12:00')]);
      await book(t, bob, { segmentId: seg.id, ...slot(day, '10:00', '11:00') }).expect(201);
    });

    it('segmentIds omitted: every segment; every role may ask', async () => {
      await createSegment(t, scheduler);
      const day = localDay(46);
      const res = await t.http.get(url(at(day, '10:00'), at(day, '11:00'))).set(bearer(finance)).expect(200);
      const rows = await t.query<{ id: string }>('SELECT id FROM segments');
      expect(res.body.segments.map((s: { segmentId: string }) => s.segmentId).sort()).toEqual(rows.map((r) => r.id).sort());
      await t.http.get(url(at(day, '10:00'), at(day, '11:00'))).set(bearer(scheduler)).expect(200);
      expectError(await t.http.get(url(at(day, '10:00'), at(day, '11:00'))), 401, 'UNAUTHENTICATED');
    });

    it('never shows who holds the time', async () => {
      const seg = await createSegment(t, scheduler);
      const day = localDay(46);
      await book(t, bob, { segmentId: seg.id, ...slot(day, '10:00', '11:00'), purpose: 'secret prototype' }).expect(201);
      const res = await t.http.get(url(at(day, '09:00'), at(day, '12:00'), [seg.id])).set(bearer(alice)).expect(200);
      expect(JSON.stringify(res.body)).not.toContain(bob.organizationId!);
      expect(JSON.stringify(res.body)).not.toContain('secret');
      expect(res.body.segments[0]).toEqual({ segmentId: seg.id, free: [free(day, '09:00', '10:00'), free(day, '11:00', '12:00')] });
    });

    it('400: over 62 days, from ≥ to, malformed parameters; 404: an unknown segment', async () => {
      const seg = await createSegment(t, scheduler);
      const day = localDay(47);
      await t.http.get(url(at(day, '00:00'), at(addLocalDays(day, 62), '00:00'), [seg.id])).set(bearer(alice)).expect(200);
      expect(expectError(await t.http.get(url(at(day, '00:00'), at(addLocalDays(day, 62), '00:30'), [seg.id])).set(bearer(alice)), 400, 'VALIDATION_FAILED').details).toEqual({
        fields: [expect.objectContaining({ field: 'to' })],
      });
      expectError(await t.http.get(url(at(day, '00:00'), at(addLocalDays(day, 90), '00:00'), [seg.id])).set(bearer(alice)), 400, 'VALIDATION_FAILED');
      expectError(await t.http.get(url(at(day, '10:00'), at(day, '10:00'), [seg.id])).set(bearer(alice)), 400, 'VALIDATION_FAILED');
      expectError(await t.http.get(url(at(day, '11:00'), at(day, '10:00'), [seg.id])).set(bearer(alice)), 400, 'VALIDATION_FAILED');
      expectError(await t.http.get(url(`${day}T10:00:00`, at(day, '11:00'), [seg.id])).set(bearer(alice)), 400, 'VALIDATION_FAILED');
      expectError(await t.http.get(url(at(day, '10:00'), at(day, '11:00'), ['nope'])).set(bearer(alice)), 400, 'VALIDATION_FAILED');
      expectError(await t.http.get(`/api/v1/availability?to=${encodeURIComponent(at(day, '11:00'))}`).set(bearer(alice)), 400, 'VALIDATION_FAILED');
      expectError(await t.http.get(`${url(at(day, '10:00'), at(day, '11:00'))}&extra=1`).set(bearer(alice)), 400, 'VALIDATION_FAILED');
      expectError(await t.http.get(url(at(day, '10:00'), at(day, '11:00'), [seg.id, '00000000-0000-4000-8000-000000000000'])).set(bearer(alice)), 404, 'NOT_FOUND');
    });
  });

  describe('suggestions', () => {
    const suggestions = (user: TestUser, params: Record<string, string | number>) =>
      t.http.get(`/api/v1/availability/suggestions?${new URLSearchParams(Object.entries(params).map(([k, v]): [string, string] => [k, String(v)])).toString()}`).set(bearer(user));

    it('earliest first, on the grid, of the requested length: the same segment first, then segments of its kind; each one bookable', async () => {
      const kind = `sg${Math.random().toString(36).slice(2, 7)}`;
      const hours = [{ days: ALL_DAYS, open: '08:00', close: '18:00' }];
      const first = await createSegment(t, scheduler, { kind, bufferMinutes: 30, openingHours: hours });
      const sibling = await createSegment(t, scheduler, { kind, openingHours: hours });
      const unrelated = await createSegment(t, scheduler, { kind: `${kind}x`, openingHours: hours });
      const inactive = await createSegment(t, scheduler, { kind, openingHours: hours, active: false });
      const day = localDay(50);
      // `first` is free only on `day`, between its bookings' buffers; closed by a blackout afterwards
      await book(t, bob, { segmentId: first.id, ...slot(day, '08:00', '10:00') }).expect(201);
      await book(t, bob, { segmentId: first.id, ...slot(day, '12:00', '17:00') }).expect(201);
      await t.http
        .post('/api/v1/blackouts')
        .set(bearer(scheduler))
        .send({ segmentIds: [first.id], start: at(addLocalDays(day, 1), '00:00'), end: at(addLocalDays(day, 40), '00:00'), reason: 'resurfacing' })
        .expect(201);
      await book(t, bob, { segmentId: sibling.id, ...slot(day, '08:00', '09:00') }).expect(201);
      const res = await suggestions(alice, { segmentId: first.id, durationMinutes: 60, notBefore: at(day, '07:00') }).expect(200);
      expect(res.body).toEqual({
        items: [
          // after the 30-minute buffer, and its own buffer ends where the next booking starts
          { segmentId: first.id, start: iso(at(day, '10:30')), end: iso(at(day, '11:30')) },
          { segmentId: sibling.id, start: iso(at(day, '09:00')), end: iso(at(day, '10:00')) },
          expect.objectContaining({ segmentId: sibling.id }),
          expect.objectContaining({ segmentId: sibling.id }),
          expect.objectContaining({ segmentId: sibling.id }),
        ],
      });
      const items = res.body.items as { segmentId: string; start: string; end: string }[];
      const siblingStarts = items.filter((s) => s.segmentId === sibling.id).map((s) => Date.parse(s.start));
      expect(siblingStarts).toEqual([...siblingStarts].sort((x, y) => x - y));
      for (const s of items) {
        expect(Date.parse(s.end) - Date.parse(s.start)).toBe(60 * 60_000);
        expect([unrelated.id, inactive.id]).not.toContain(s.segmentId);
        expect(new Date(s.start).getUTCMinutes() % 30).toBe(0);
      }
      for (const s of items) await book(t, alice, { segmentId: s.segmentId, start: s.start, end: s.end }).expect(201);
      // limit
      const one = await suggestions(alice, { segmentId: sibling.id, durationMinutes: 60, notBefore: at(day, '07:00'), limit: 1 }).expect(200);
      expect(one.body.items).toHaveLength(1);
    });

    it('respects notBefore and the slot grid counted from local midnight', async () => {
      const seg = await createSegment(t, scheduler, { kind: `nb${Math.random().toString(36).slice(2, 7)}`, slotMinutes: 120, minDurationMinutes: 120 });
      const day = localDay(51);
      const res = await suggestions(alice, { segmentId: seg.id, durationMinutes: 120, notBefore: at(day, '09:10'), limit: 1 }).expect(200);
      expect(res.body.items).toEqual([{ segmentId: seg.id, start: iso(at(day, '10:00')), end: iso(at(day, '12:00')) }]);
      const exact = await suggestions(alice, { segmentId: seg.id, durationMinutes: 120, notBefore: at(day, '14:00'), limit: 1 }).expect(200);
      expect(exact.body.items).toEqual([{ segmentId: seg.id, start: iso(at(day, '14:00')), end: iso(at(day, '16:00')) }]);
      await book(t, alice, { segmentId: seg.id, start: exact.body.items[0].start, end: exact.body.items[0].end }).expect(201);
      // a notBefore in the past gives nothing in the past to a customer
      const past = await suggestions(alice, { segmentId: seg.id, durationMinutes: 120, notBefore: at(localDay(-3), '10:00'), limit: 3 }).expect(200);
      for (const s of past.body.items) expect(Date.parse(s.start)).toBeGreaterThanOrEqual(Date.now() - 1000);
      // and a customer never gets a slot they could not book for want of notice
      const noticed = await createSegment(t, scheduler, { kind: `nn${Math.random().toString(36).slice(2, 7)}`, minNoticeMinutes: 2 * 24 * 60 });
      const soon = await suggestions(alice, { segmentId: noticed.id, durationMinutes: 60, notBefore: at(localDay(0), '00:00'), limit: 1 }).expect(200);
      expect(Date.parse(soon.body.items[0].start)).toBeGreaterThanOrEqual(Date.now() + 2 * 24 * 60 * 60_000 - 1000);
      await book(t, alice, { segmentId: noticed.id, start: soon.body.items[0].start, end: soon.body.items[0].end }).expect(201);
    });

    it("each segment of the kind is offered from its own notice on", async () => {
      const kind = `kn${Math.random().toString(36).slice(2, 7)}`;
      const closed = await createSegment(t, scheduler, { kind });
      const noticed = await createSegment(t, scheduler, { kind, minNoticeMinutes: 3 * 24 * 60 });
      await t.http
        .post('/api/v1/blackouts')
        .set(bearer(scheduler))
        .send({ segmentIds: [closed.id], start: at(localDay(-1), '00:00'), end: at(localDay(40), '00:00'), reason: 'closed' })
        .expect(201);
      const res = await suggestions(alice, { segmentId: closed.id, durationMinutes: 60, notBefore: at(localDay(0), '00:00'), limit: 2 }).expect(200);
      expect(res.body.items).toHaveLength(2);
      for (const s of res.body.items) {
        expect(s.segmentId).toBe(noticed.id);
        expect(Date.parse(s.start)).toBeGreaterThanOrEqual(Date.now() + 3 * 24 * 60 * 60_000 - 1000);
        expect(Date.parse(s.start)).toBeLessThan(Date.now() + 3 * 24 * 60 * 60_000 + 3 * 60 * 60_000);
      }
      for (const s of res.body.items) await book(t, alice, { segmentId: s.segmentId, start: s.start, end: s.end }).expect(201);
    });

    it('respects vehicles on a shared segment', async () => {
      const seg = await createSegment(t, scheduler, { kind: `vh${Math.random().toString(36).slice(2, 7)}`, capacityMode: 'shared', maxVehicles: 3, openingHours: [{ days: ALL_DAYS, open: '08:00', close: '18:00' }] });
      const day = localDay(52);
      await book(t, bob, { segmentId: seg.id, ...slot(day, '08:00', '12:00'), vehicles: 2 }).expect(201);
      const one = await suggestions(alice, { segmentId: seg.id, durationMinutes: 60, notBefore: at(day, '08:00'), vehicles: 1, limit: 1 }).expect(200);
      expect(one.body.items).toEqual([{ segmentId: seg.id, start: iso(at(day, '08:00')), end: iso(at(day, '09:00')) }]);
      const two = await suggestions(alice, { segmentId: seg.id, durationMinutes: 60, notBefore: at(day, '08:00'), vehicles: 2, limit: 1 }).expect(200);
      expect(two.body.items).toEqual([{ segmentId: seg.id, start: iso(at(day, '12:00')), end: iso(at(day, '13:00')) }]);
      await book(t, alice, { segmentId: seg.id, start: two.body.items[0].start, end: two.body.items[0].end, vehicles: 2 }).expect(201);
      // more vehicles than the segment takes: nothing to suggest
      expect((await suggestions(alice, { segmentId: seg.id, durationMinutes: 60, notBefore: at(day, '08:00'), vehicles: 4 }).expect(200)).body.items).toEqual([]);
    });

    it('vehicles do not limit exclusive segments and composites, which take any number', async () => {
      const seg = await createSegment(t, scheduler, { kind: `vx${Math.random().toString(36).slice(2, 7)}` });
      const day = localDay(53);
      const res = await suggestions(alice, { segmentId: seg.id, durationMinutes: 60, notBefore: at(day, '10:00'), vehicles: 5, limit: 1 }).expect(200);
      expect(res.body.items).toEqual([{ segmentId: seg.id, start: iso(at(day, '10:00')), end: iso(at(day, '11:00')) }]);
      await book(t, alice, { segmentId: seg.id, start: res.body.items[0].start, end: res.body.items[0].end, vehicles: 5 }).expect(201);
      const parent = await createSegment(t, scheduler, { kind: `vp${Math.random().toString(36).slice(2, 7)}` });
      await createSegment(t, scheduler, { parentId: parent.id, capacityMode: 'shared', maxVehicles: 2 });
      const composite = await suggestions(alice, { segmentId: parent.id, durationMinutes: 60, notBefore: at(day, '10:00'), vehicles: 5, limit: 1 }).expect(200);
      expect(composite.body.items).toEqual([{ segmentId: parent.id, start: iso(at(day, '10:00')), end: iso(at(day, '11:00')) }]);
      await book(t, alice, { segmentId: parent.id, start: composite.body.items[0].start, end: composite.body.items[0].end, vehicles: 5 }).expect(201);
    });

    it('400 for malformed parameters, 404 for an unknown segment', async () => {
      const seg = await createSegment(t, scheduler);
      const notBefore = at(localDay(54), '10:00');
      expectError(await suggestions(alice, { segmentId: '00000000-0000-4000-8000-000000000000', durationMinutes: 60, notBefore }), 404, 'NOT_FOUND');
      expectError(await suggestions(alice, { segmentId: 'nope', durationMinutes: 60, notBefore }), 400, 'VALIDATION_FAILED');
      expectError(await suggestions(alice, { segmentId: seg.id, durationMinutes: 0, notBefore }), 400, 'VALIDATION_FAILED');
      expectError(await suggestions(alice, { segmentId: seg.id, durationMinutes: 'an hour', notBefore }), 400, 'VALIDATION_FAILED');
      expectError(await suggestions(alice, { segmentId: seg.id, durationMinutes: 60, notBefore: `${localDay(54)}T10:00:00` }), 400, 'VALIDATION_FAILED');
      expectError(await suggestions(alice, { segmentId: seg.id, durationMinutes: 60, notBefore, limit: 51 }), 400, 'VALIDATION_FAILED');
      expectError(await suggestions(alice, { segmentId: seg.id, durationMinutes: 60, notBefore, vehicles: 0 }), 400, 'VALIDATION_FAILED');
      expectError(await suggestions(alice, { segmentId: seg.id, notBefore }), 400, 'VALIDATION_FAILED');
    });

    it('a 409 from POST /reservations carries bookable suggestions', async () => {
      const seg = await createSegment(t, scheduler, { kind: `cf${Math.random().toString(36).slice(2, 7)}`, bufferMinutes: 15, openingHours: [{ days: ALL_DAYS, open: '08:00', close: '18:00' }] });
      const day = localDay(55);
      await book(t, bob, { segmentId: seg.id, ...slot(day, '10:00', '12:00') }).expect(201);
      const clash = await book(t, alice, { segmentId: seg.id, ...slot(day, '11:00', '12:00') });
      const details = expectError(clash, 409, 'RESERVATION_CONFLICT').details as { conflicts: unknown[]; suggestions: { segmentId: string; start: string; end: string }[] };
      expect(details.conflicts).toEqual([{ type: 'reservation', start: iso(at(day, '10:00')), end: iso(at(day, '12:00')) }]);
      expect(details.suggestions.length).toBeGreaterThan(0);
      expect(details.suggestions.length).toBeLessThanOrEqual(5);
      // the nearest slot: the first grid point after the buffer (12:15 is not on the 30-minute grid)
      expect(details.suggestions[0]).toEqual({ segmentId: seg.id, start: iso(at(day, '12:30')), end: iso(at(day, '13:30')) });
      for (const s of details.suggestions) {
        expect(s.segmentId).toBe(seg.id);
        expect(Date.parse(s.end) - Date.parse(s.start)).toBe(60 * 60_000);
      }
      await book(t, alice, { segmentId: seg.id, start: details.suggestions[0].start, end: details.suggestions[0].end }).expect(201);
    });

    it('the nearest slots on an always-open segment: before and after the conflict, each bookable after the others', async () => {
      const seg = await createSegment(t, scheduler, { kind: `ao${Math.random().toString(36).slice(2, 7)}`, bufferMinutes: 30 });
      const day = localDay(57);
      await book(t, bob, { segmentId: seg.id, ...slot(day, '10:00', '12:00') }).expect(201);
      const clash = await book(t, alice, { segmentId: seg.id, ...slot(day, '11:00', '12:00') });
      const { suggestions: near } = expectError(clash, 409, 'RESERVATION_CONFLICT').details as { suggestions: { segmentId: string; start: string; end: string }[] };
      // nearest to 11:00 first; 30 minutes of buffer after each, so none of them overlaps another or bob's booking
      expect(near).toEqual(
        [
          ['12:30', '13:30'],
          ['08:30', '09:30'],
          ['14:00', '15:00'],
          ['07:00', '08:00'],
          ['15:30', '16:30'],
        ].map(([from, to]) => ({ segmentId: seg.id, start: iso(at(day, from)), end: iso(at(day, to)) })),
      );
      for (const s of near) await book(t, alice, { segmentId: s.segmentId, start: s.start, end: s.end }).expect(201);
      // earliest first from notBefore, one after the other with the buffer between them
      const next = addLocalDays(day, 1);
      const res = await suggestions(alice, { segmentId: seg.id, durationMinutes: 60, notBefore: at(next, '10:00') }).expect(200);
      expect(res.body.items).toEqual(
        ['10:00', '11:30', '13:00', '14:30', '16:00'].map((from) => ({ segmentId: seg.id, start: iso(at(next, from)), end: new Date(Date.parse(at(next, from)) + 3_600_000).toISOString() })),
      );
      for (const s of res.body.items) await book(t, alice, { segmentId: s.segmentId, start: s.start, end: s.end }).expect(201);
    });

    it("a customer never sees another organization's reservation id in the conflicts, but sees their own; staff see all", async () => {
      const seg = await createSegment(t, scheduler);
      const day = localDay(56);
      const bobs = await book(t, bob, { segmentId: seg.id, ...slot(day, '10:00', '11:00') }).expect(201);
      const alices = await book(t, alice, { segmentId: seg.id, ...slot(day, '11:00', '12:00') }).expect(201);
      const request = { segmentId: seg.id, ...slot(day, '10:30', '11:30') };
      const conflictsOf = async (user: TestUser, body: Record<string, unknown>) =>
        (expectError(await book(t, user, body), 409, 'RESERVATION_CONFLICT').details as { conflicts: Record<string, unknown>[] }).conflicts;
      const seenByAlice = await conflictsOf(alice, request);
      expect(seenByAlice).toEqual(
        expect.arrayContaining([
          { type: 'reservation', start: iso(at(day, '10:00')), end: iso(at(day, '11:00')) },
          { type: 'reservation', start: iso(at(day, '11:00')), end: iso(at(day, '12:00')), reservationId: alices.body.id },
        ]),
      );
      expect(seenByAlice).toHaveLength(2);
      expect(JSON.stringify(seenByAlice)).not.toContain(bobs.body.id);
      const seenByBob = await conflictsOf(bob, request);
      expect(JSON.stringify(seenByBob)).toContain(bobs.body.id);
      expect(JSON.stringify(seenByBob)).not.toContain(alices.body.id);
      const seenByStaff = await conflictsOf(scheduler, { ...request, organizationId: alice.organizationId });
      expect(seenByStaff.map((c) => c.reservationId).sort()).toEqual([alices.body.id, bobs.body.id].sort());
    });
  });
});
