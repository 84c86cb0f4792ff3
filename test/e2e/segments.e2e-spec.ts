import { expectError } from '../support/envelope.js';
import { at, book, createSegment, localDay } from '../support/facility.js';
import { TestApp, bearer, type TestUser } from '../support/test-app.js';

const ALL_DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
const MISSING = '00000000-0000-4000-8000-000000000000';

/** The field names of a 400 VALIDATION_FAILED answer. */
function fieldsOf(body: Record<string, unknown>): string[] {
  return ((body.details as { fields: { field: string }[] }).fields ?? []).map((f) => f.field);
}

describe('segments: the track model', () => {
  let t: TestApp;
  let admin: TestUser;
  let scheduler: TestUser;
  let finance: TestUser;
  let alice: TestUser;
  let serial = 0;

  beforeAll(async () => {
    t = await TestApp.start();
    admin = await t.createUser('admin');
    scheduler = await t.createUser('scheduler');
    finance = await t.createUser('finance');
    alice = await t.createCustomer();
  });
  afterAll(() => t.close());

  const code = (prefix = 'S') => `${prefix}${++serial}-${Math.random().toString(36).slice(2, 6)}`;
  const valid = (overrides: Record<string, unknown> = {}) => ({
    code: code(),
    name: '젖은 노면 제동력 시험로',
    nameEn: 'Wet braking track',
    kind: 'braking',
    capacityMode: 'exclusive',
    openingHours: [{ days: ALL_DAYS, open: '00:00', close: '24:00' }],
    ...overrides,
  });
  const post = (body: unknown, user: TestUser = scheduler) => t.http.post('/api/v1/segments').set(bearer(user)).send(body as object);
  const patch = (id: string, body: unknown, user: TestUser = scheduler) => t.http.patch(`/api/v1/segments/${id}`).set(bearer(user)).send(body as object);
  const refused = async (body: unknown, field: string) => {
    const res = await post(body);
    const envelope = expectError(res, 400, 'VALIDATION_FAILED');
    expect(fieldsOf(envelope).some((f) => f === field || f.startsWith(`${field}.`))).toBe(true);
    return envelope;
  };

  describe('creating', () => {
    it('creates an exclusive segment with the documented defaults', async () => {
      const body = { code: code('WBR'), name: '젖은 노면 제동력 시험로', kind: 'braking', capacityMode: 'exclusive' };
      const res = await post(body).expect(201);
      expect(res.body).toEqual({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        code: body.code,
        name: body.name,
        nameEn: null,
        kind: 'braking',
        capacityMode: 'exclusive',
        maxVehicles: null,
        parentId: null,
        isComposite: false,
        requiredDriverLevel: 0,
        slotMinutes: 30,
        minDurationMinutes: 30,
        maxDurationMinutes: 720,
        bufferMinutes: 0,
        minNoticeMinutes: 0,
        maxAdvanceDays: 365,
        approvalRequired: false,
        openingHours: expect.any(Array),
        active: true,
        createdAt: expect.stringMatching(/Z$/),
        updatedAt: expect.stringMatching(/Z$/),
      });
      const got = await t.http.get(`/api/v1/segments/${res.body.id}`).set(bearer(alice)).expect(200);
      expect(got.body).toEqual(res.body);
    });

    it('creates a shared segment with every field given', async () => {
      const body = valid({
        kind: 'high_speed',
        capacityMode: 'shared',
        maxVehicles: 6,
        requiredDriverLevel: 3,
        slotMinutes: 60,
        minDurationMinutes: 60,
        maxDurationMinutes: 480,
        bufferMinutes: 0,
        minNoticeMinutes: 120,
        maxAdvanceDays: 90,
        approvalRequired: true,
        openingHours: [
          { days: ['mon', 'tue', 'wed', 'thu', 'fri'], open: '08:00', close: '20:00' },
          { days: ['sat'], open: '09:00', close: '17:00' },
        ],
        active: true,
      });
      const res = await post(body).expect(201);
      expect(res.body).toEqual(expect.objectContaining({ ...body, parentId: null, isComposite: false }));
    });

    it('creates a composite through parentId; the parent then reports isComposite', async () => {
      const parent = (await post(valid({ kind: 'durability', bufferMinutes: 30 })).expect(201)).body;
      expect(parent.isComposite).toBe(false);
      const shared = (await post(valid({ kind: 'durability', capacityMode: 'shared', maxVehicles: 3, parentId: parent.id })).expect(201)).body;
      const exclusive = (await post(valid({ kind: 'durability', parentId: parent.id, bufferMinutes: 15 })).expect(201)).body;
      expect(shared).toEqual(expect.objectContaining({ parentId: parent.id, isComposite: false, capacityMode: 'shared', maxVehicles: 3 }));
      expect(exclusive).toEqual(expect.objectContaining({ parentId: parent.id, isComposite: false }));
      expect((await t.http.get(`/api/v1/segments/${parent.id}`).set(bearer(alice)).expect(200)).body.isComposite).toBe(true);
      expect((await t.http.get(`/api/v1/segments/${shared.id}`).set(bearer(alice)).expect(200)).body.isComposite).toBe(false);
      // three levels: a composite below a composite
      const grandchild = (await post(valid({ kind: 'durability', parentId: exclusive.id })).expect(201)).body;
      expect(grandchild.parentId).toBe(exclusive.id);
      expect((await t.http.get(`/api/v1/segments/${exclusive.id}`).set(bearer(alice)).expect(200)).body.isComposite).toBe(true);
    });

    it('refuses a code of the wrong form', async () => {
      for (const bad of ['', '-WBR', 'W B R', 'WBR!', 'ㄱ나다', 'A'.repeat(33), 42, null]) await refused(valid({ code: bad }), 'code');
      await post(valid({ code: 'A'.repeat(32) })).expect(201);
      await post(valid({ code: 'x_1-Y' })).expect(201);
    });

    it('refuses a code that exists, also in another case: 409 DUPLICATE', async () => {
      const taken = code('DUP');
      await post(valid({ code: taken })).expect(201);
      expectError(await post(valid({ code: taken })), 409, 'DUPLICATE');
      expectError(await post(valid({ code: taken.toLowerCase() })), 409, 'DUPLICATE');
      expectError(await post(valid({ code: taken.toUpperCase() })), 409, 'DUPLICATE');
      const [{ n }] = await t.query<{ n: number }>('SELECT count(*)::int AS n FROM segments WHERE lower(code) = lower($1)', [taken]);
      expect(n).toBe(1);
    });

    it('refuses missing or malformed name, kind and capacityMode', async () => {
      for (const field of ['code', 'name', 'kind', 'capacityMode']) {
        const body: Record<string, unknown> = valid();
        delete body[field];
        await refused(body, field);
      }
      await refused(valid({ name: '' }), 'name');
      await refused(valid({ kind: 'Braking' }), 'kind');
      await refused(valid({ kind: 'wet braking' }), 'kind');
      await refused(valid({ capacityMode: 'composite' }), 'capacityMode');
      await refused(valid({ nameEn: 5 }), 'nameEn');
      await refused(valid({ active: 'yes' }), 'active');
      await refused(valid({ approvalRequired: 1 }), 'approvalRequired');
      await refused(valid({ parentId: 'not-a-uuid' }), 'parentId');
      await refused(valid({ surprise: true }), 'surprise');
    });

    it('maxVehicles: required for shared, forbidden for exclusive, a positive integer', async () => {
      await refused(valid({ capacityMode: 'shared' }), 'maxVehicles');
      await refused(valid({ capacityMode: 'exclusive', maxVehicles: 2 }), 'maxVehicles');
      for (const bad of [0, -1, 1.5, '3']) await refused(valid({ capacityMode: 'shared', maxVehicles: bad }), 'maxVehicles');
      await post(valid({ capacityMode: 'shared', maxVehicles: 1 })).expect(201);
    });

    it('bufferMinutes: exclusive segments only, 0..1440', async () => {
      await refused(valid({ capacityMode: 'shared', maxVehicles: 2, bufferMinutes: 15 }), 'bufferMinutes');
      await refused(valid({ bufferMinutes: -5 }), 'bufferMinutes');
      await refused(valid({ bufferMinutes: 1441 }), 'bufferMinutes');
      await post(valid({ capacityMode: 'shared', maxVehicles: 2, bufferMinutes: 0 })).expect(201);
      await post(valid({ bufferMinutes: 45 })).expect(201);
    });

    it('slotMinutes must divide a day', async () => {
      for (const bad of [7, 25, 0, -30, 2880, 1441, 30.5]) await refused(valid({ slotMinutes: bad }), 'slotMinutes');
      for (const good of [1, 5, 15, 45, 90, 120, 480, 1440]) {
        expect((await post(valid({ slotMinutes: good, minDurationMinutes: good, maxDurationMinutes: Math.max(good, 720) })).expect(201)).body.slotMinutes).toBe(good);
      }
    });

    it('duration limits: positive, min ≤ max', async () => {
      await refused(valid({ minDurationMinutes: 120, maxDurationMinutes: 60 }), 'minDurationMinutes');
      await refused(valid({ minDurationMinutes: 0 }), 'minDurationMinutes');
      await refused(valid({ maxDurationMinutes: 0 }), 'maxDurationMinutes');
      // the default max (720) counts against a given min
      await refused(valid({ minDurationMinutes: 800 }), 'minDurationMinutes');
      await post(valid({ minDurationMinutes: 60, maxDurationMinutes: 60 })).expect(201);
    });

    it('notice and horizon', async () => {
      await refused(valid({ minNoticeMinutes: -1 }), 'minNoticeMinutes');
      await refused(valid({ maxAdvanceDays: 0 }), 'maxAdvanceDays');
      await refused(valid({ maxAdvanceDays: 1.5 }), 'maxAdvanceDays');
      await post(valid({ minNoticeMinutes: 0, maxAdvanceDays: 1000 })).expect(201);
    });

    it('requiredDriverLevel is 0..4', async () => {
      for (const bad of [-1, 5, 2.5, '2']) await refused(valid({ requiredDriverLevel: bad }), 'requiredDriverLevel');
      for (const good of [0, 1, 2, 3, 4]) expect((await post(valid({ requiredDriverLevel: good })).expect(201)).body.requiredDriverLevel).toBe(good);
    });

    describe('openingHours', () => {
      const hours = (...entries: unknown[]) => valid({ openingHours: entries });

      it('refuses a malformed clock', async () => {
        for (const bad of ['8:00', '08:0', '25:00', '12:60', '24:01', '0800', '', 8, null]) {
          await refused(hours({ days: ['mon'], open: bad, close: '20:00' }), 'openingHours');
          await refused(hours({ days: ['mon'], open: '08:00', close: bad }), 'openingHours');
        }
      });

      it("refuses close at or before open; '24:00' is a closing time only", async () => {
        await refused(hours({ days: ['mon'], open: '10:00', close: '10:00' }), 'openingHours');
        await refused(hours({ days: ['mon'], open: '10:00', close: '09:30' }), 'openingHours');
        await refused(hours({ days: ['mon'], open: '24:00', close: '24:00' }), 'openingHours');
        await refused(hours({ days: ['mon'], open: '24:00', close: '08:00' }), 'openingHours');
        const ok = await post(hours({ days: ['mon'], open: '18:00', close: '24:00' })).expect(201);
        expect(ok.body.openingHours).toEqual([{ days: ['mon'], open: '18:00', close: '24:00' }]);
      });

      it('refuses entries that overlap on one weekday; touching entries are fine', async () => {
        const body = await refused(
          hours({ days: ['mon', 'tue'], open: '08:00', close: '12:00' }, { days: ['tue', 'wed'], open: '11:00', close: '14:00' }),
          'openingHours',
        );
        expect(JSON.stringify(body.details)).toContain('tue');
        await refused(hours({ days: ['fri'], open: '00:00', close: '24:00' }, { days: ['fri'], open: '09:00', close: '10:00' }), 'openingHours');
        await post(hours({ days: ['mon'], open: '08:00', close: '12:00' }, { days: ['mon'], open: '12:00', close: '17:00' })).expect(201);
        await post(hours({ days: ['mon'], open: '08:00', close: '12:00' }, { days: ['tue'], open: '10:00', close: '17:00' })).expect(201);
      });

      it('refuses unknown, repeated and empty days, and malformed entries', async () => {
        for (const days of [['monday'], ['Mon'], ['mon', 'mon'], [], 'mon', null, [1]]) {
          await refused(hours({ days, open: '08:00', close: '20:00' }), 'openingHours');
        }
        await refused(hours({ open: '08:00', close: '20:00' }), 'openingHours');
        await refused(hours({ days: ['mon'], open: '08:00', close: '20:00', extra: 1 }), 'openingHours');
        await refused(valid({ openingHours: 'always' }), 'openingHours');
        await refused(valid({ openingHours: [null] }), 'openingHours');
        await refused(valid({ openingHours: null }), 'openingHours');
      });

      it('an empty schedule is allowed (never open); no schedule means the demo hours', async () => {
        expect((await post(valid({ openingHours: [] })).expect(201)).body.openingHours).toEqual([]);
        const body: Record<string, unknown> = valid();
        delete body.openingHours;
        expect((await post(body).expect(201)).body.openingHours).toEqual([
          { days: ['mon', 'tue', 'wed', 'thu', 'fri'], open: '08:00', close: '20:00' },
          { days: ['sat'], open: '09:00', close: '17:00' },
        ]);
      });
    });

    it('a child of a shared segment: 409 INVALID_STATE', async () => {
      const shared = (await post(valid({ capacityMode: 'shared', maxVehicles: 4 })).expect(201)).body;
      const res = await post(valid({ parentId: shared.id }));
      expectError(res, 409, 'INVALID_STATE');
      expect((await t.http.get(`/api/v1/segments/${shared.id}`).set(bearer(alice)).expect(200)).body.isComposite).toBe(false);
    });

    it('a child of a segment that holds a reservation (or below one that does): 409 INVALID_STATE', async () => {
      const day = localDay(20);
      const leaf = (await post(valid()).expect(201)).body;
      const r = await book(t, alice, { segmentId: leaf.id, start: at(day, '10:00'), end: at(day, '11:00') }).expect(201);
      expectError(await post(valid({ parentId: leaf.id })), 409, 'INVALID_STATE');
      // a composite whose own parent holds a reservation cannot grow either
      const top = (await post(valid()).expect(201)).body;
      const middle = (await post(valid({ parentId: top.id })).expect(201)).body;
      await post(valid({ parentId: middle.id })).expect(201);
      await book(t, alice, { segmentId: top.id, start: at(day, '10:00'), end: at(day, '11:00') }).expect(201);
      expectError(await post(valid({ parentId: middle.id })), 409, 'INVALID_STATE');
      // once the reservation no longer holds time, the leaf may become a composite
      await t.http.post(`/api/v1/reservations/${r.body.id}/cancel`).set(bearer(alice)).send({ reason: 'test' }).expect(200);
      await post(valid({ parentId: leaf.id })).expect(201);
    });

    it('an unknown parent: 404', async () => {
      expectError(await post(valid({ parentId: MISSING })), 404, 'NOT_FOUND');
    });
  });

  describe('updating', () => {
    it('changes opening hours and other fields; the answer is the updated segment', async () => {
      const seg = await createSegment(t, scheduler);
      const res = await patch(seg.id, {
        openingHours: [{ days: ['mon'], open: '09:00', close: '12:00' }],
        name: '새 이름',
        nameEn: 'New name',
        slotMinutes: 15,
        approvalRequired: true,
      }).expect(200);
      expect(res.body).toEqual(
        expect.objectContaining({ id: seg.id, code: seg.code, name: '새 이름', nameEn: 'New name', slotMinutes: 15, approvalRequired: true, openingHours: [{ days: ['mon'], open: '09:00', close: '12:00' }] }),
      );
      expect((await t.http.get(`/api/v1/segments/${seg.id}`).set(bearer(alice)).expect(200)).body).toEqual(res.body);
      // the new hours are the ones bookings are checked against
      const tuesday = [20, 21, 22, 23, 24, 25, 26].map(localDay).find((d) => new Date(`${d}T12:00:00Z`).getUTCDay() === 2)!;
      expectError(await book(t, alice, { segmentId: seg.id, start: at(tuesday, '09:00'), end: at(tuesday, '10:00') }), 422, 'OUTSIDE_OPENING_HOURS');
    });

    it('refuses invalid changes like creation does, also against the stored fields', async () => {
      const seg = await createSegment(t, scheduler, { minDurationMinutes: 60, maxDurationMinutes: 120 });
      expect(fieldsOf(expectError(await patch(seg.id, { minDurationMinutes: 180 }), 400, 'VALIDATION_FAILED'))).toContain('minDurationMinutes');
      expect(fieldsOf(expectError(await patch(seg.id, { slotMinutes: 7 }), 400, 'VALIDATION_FAILED'))).toContain('slotMinutes');
      expect(fieldsOf(expectError(await patch(seg.id, { maxVehicles: 3 }), 400, 'VALIDATION_FAILED'))).toContain('maxVehicles');
      expect(fieldsOf(expectError(await patch(seg.id, { capacityMode: 'shared' }), 400, 'VALIDATION_FAILED'))).toContain('maxVehicles');
      expectError(await patch(seg.id, { openingHours: [{ days: ['mon'], open: '10:00', close: '09:00' }] }), 400, 'VALIDATION_FAILED');
      expectError(await patch(seg.id, { requiredDriverLevel: 5 }), 400, 'VALIDATION_FAILED');
      const shared = await createSegment(t, scheduler, { capacityMode: 'shared', maxVehicles: 2 });
      expect(fieldsOf(expectError(await patch(shared.id, { bufferMinutes: 10 }), 400, 'VALIDATION_FAILED'))).toContain('bufferMinutes');
      expect(fieldsOf(expectError(await patch(shared.id, { maxVehicles: null }), 400, 'VALIDATION_FAILED'))).toContain('maxVehicles');
      const after = await t.http.get(`/api/v1/segments/${seg.id}`).set(bearer(scheduler)).expect(200);
      expect(after.body).toEqual(expect.objectContaining({ minDurationMinutes: 60, slotMinutes: 30, capacityMode: 'exclusive', maxVehicles: null, requiredDriverLevel: 0 }));
    });

    it('switches capacity mode of a plain segment without reservations', async () => {
      const seg = await createSegment(t, scheduler);
      const shared = await patch(seg.id, { capacityMode: 'shared', maxVehicles: 4 }).expect(200);
      expect(shared.body).toEqual(expect.objectContaining({ capacityMode: 'shared', maxVehicles: 4 }));
      const back = await patch(seg.id, { capacityMode: 'exclusive' }).expect(200);
      expect(back.body).toEqual(expect.objectContaining({ capacityMode: 'exclusive', maxVehicles: null }));
    });

    it('deactivating refuses new bookings with 422 SEGMENT_INACTIVE; reactivating allows them', async () => {
      const seg = await createSegment(t, scheduler);
      const day = localDay(21);
      expect((await patch(seg.id, { active: false }).expect(200)).body.active).toBe(false);
      expectError(await book(t, alice, { segmentId: seg.id, start: at(day, '10:00'), end: at(day, '11:00') }), 422, 'SEGMENT_INACTIVE');
      expectError(await book(t, scheduler, { organizationId: alice.organizationId, segmentId: seg.id, start: at(day, '10:00'), end: at(day, '11:00') }), 422, 'SEGMENT_INACTIVE');
      await patch(seg.id, { active: true }).expect(200);
      await book(t, alice, { segmentId: seg.id, start: at(day, '10:00'), end: at(day, '11:00') }).expect(201);
    });

    it('a code change to a taken code (in any case): 409 DUPLICATE; to its own code in another case: fine', async () => {
      const a = await createSegment(t, scheduler);
      const b = await createSegment(t, scheduler);
      expectError(await patch(b.id, { code: a.code }), 409, 'DUPLICATE');
      expectError(await patch(b.id, { code: String(a.code).toLowerCase() }), 409, 'DUPLICATE');
      expect((await patch(b.id, { code: String(b.code).toLowerCase() }).expect(200)).body.code).toBe(String(b.code).toLowerCase());
      expectError(await patch(b.id, { code: 'no spaces' }), 400, 'VALIDATION_FAILED');
    });

    it('a composite cannot switch capacity mode: 409 INVALID_STATE', async () => {
      const parent = await createSegment(t, scheduler);
      await createSegment(t, scheduler, { parentId: parent.id });
      expectError(await patch(parent.id, { capacityMode: 'shared', maxVehicles: 3 }), 409, 'INVALID_STATE');
      expect((await t.http.get(`/api/v1/segments/${parent.id}`).set(bearer(scheduler)).expect(200)).body.capacityMode).toBe('exclusive');
      // other changes to a composite are fine, and it stays a composite
      expect((await patch(parent.id, { name: 'renamed' }).expect(200)).body).toEqual(expect.objectContaining({ name: 'renamed', isComposite: true }));
    });

    it('a segment holding reservations cannot switch capacity mode: 409 INVALID_STATE', async () => {
      const day = localDay(22);
      const exclusive = await createSegment(t, scheduler);
      await book(t, alice, { segmentId: exclusive.id, start: at(day, '10:00'), end: at(day, '11:00') }).expect(201);
      expectError(await patch(exclusive.id, { capacityMode: 'shared', maxVehicles: 3 }), 409, 'INVALID_STATE');
      const shared = await createSegment(t, scheduler, { capacityMode: 'shared', maxVehicles: 3 });
      await book(t, alice, { segmentId: shared.id, start: at(day, '10:00'), end: at(day, '11:00'), vehicles: 2 }).expect(201);
      expectError(await patch(shared.id, { capacityMode: 'exclusive' }), 409, 'INVALID_STATE');
      expectError(await patch(shared.id, { capacityMode: 'exclusive', maxVehicles: null }), 409, 'INVALID_STATE');
    });

    it('a leaf below a booked composite holds that booking: it cannot switch capacity mode either', async () => {
      const day = localDay(23);
      const parent = await createSegment(t, scheduler);
      const child = await createSegment(t, scheduler, { parentId: parent.id });
      await book(t, alice, { segmentId: parent.id, start: at(day, '10:00'), end: at(day, '12:00') }).expect(201);
      expectError(await patch(child.id, { capacityMode: 'shared', maxVehicles: 3 }), 409, 'INVALID_STATE');
      // the parent's booking still fills the child completely
      expectError(await book(t, alice, { segmentId: child.id, start: at(day, '10:00'), end: at(day, '11:00') }), 409, 'RESERVATION_CONFLICT');
    });

    it('raising the capacity of a shared leaf below a booked composite keeps the composite booking whole', async () => {
      const day = localDay(24);
      const parent = await createSegment(t, scheduler);
      const child = await createSegment(t, scheduler, { parentId: parent.id, capacityMode: 'shared', maxVehicles: 2 });
      await book(t, alice, { segmentId: parent.id, start: at(day, '10:00'), end: at(day, '12:00') }).expect(201);
      await book(t, alice, { segmentId: child.id, start: at(day, '13:00'), end: at(day, '14:00'), vehicles: 2 }).expect(201);
      expect((await patch(child.id, { maxVehicles: 4 }).expect(200)).body.maxVehicles).toBe(4);
      expectError(await book(t, alice, { segmentId: child.id, start: at(day, '10:00'), end: at(day, '11:00') }), 409, 'RESERVATION_CONFLICT');
      // the leaf's own bookings keep their vehicles: two more fit beside them now
      await book(t, alice, { segmentId: child.id, start: at(day, '13:00'), end: at(day, '14:00'), vehicles: 2 }).expect(201);
      const free = await t.http
        .get(`/api/v1/availability?from=${encodeURIComponent(at(day, '09:00'))}&to=${encodeURIComponent(at(day, '15:00'))}&segmentIds=${child.id}`)
        .set(bearer(alice))
        .expect(200);
      expect(free.body.segments[0].free).toEqual([
        { start: new Date(at(day, '09:00')).toISOString(), end: new Date(at(day, '10:00')).toISOString(), remainingVehicles: 4 },
        { start: new Date(at(day, '12:00')).toISOString(), end: new Date(at(day, '13:00')).toISOString(), remainingVehicles: 4 },
        { start: new Date(at(day, '14:00')).toISOString(), end: new Date(at(day, '15:00')).toISOString(), remainingVehicles: 4 },
      ]);
      // and lowering it keeps the composite booking whole too
      await patch(child.id, { maxVehicles: 5 }).expect(200);
      expectError(await book(t, alice, { segmentId: child.id, start: at(day, '11:00'), end: at(day, '12:00'), vehicles: 1 }), 409, 'RESERVATION_CONFLICT');
    });

    it('parentId is not a field of PATCH, unknown fields are refused, null only clears maxVehicles', async () => {
      const parent = await createSegment(t, scheduler);
      const seg = await createSegment(t, scheduler);
      expect(fieldsOf(expectError(await patch(seg.id, { parentId: parent.id }), 400, 'VALIDATION_FAILED'))).toContain('parentId');
      expect(fieldsOf(expectError(await patch(seg.id, { isComposite: true }), 400, 'VALIDATION_FAILED'))).toContain('isComposite');
      expect(fieldsOf(expectError(await patch(seg.id, { id: parent.id }), 400, 'VALIDATION_FAILED'))).toContain('id');
      for (const field of ['code', 'name', 'kind', 'capacityMode', 'requiredDriverLevel', 'slotMinutes', 'minDurationMinutes', 'maxDurationMinutes', 'bufferMinutes', 'minNoticeMinutes', 'maxAdvanceDays', 'approvalRequired', 'openingHours', 'active']) {
        expect(fieldsOf(expectError(await patch(seg.id, { [field]: null }), 400, 'VALIDATION_FAILED'))).toContain(field);
      }
      expect((await patch(seg.id, { maxVehicles: null }).expect(200)).body.maxVehicles).toBeNull();
      expect((await patch(seg.id, {}).expect(200)).body.parentId).toBeNull();
      const [row] = await t.query<{ parent_id: string | null }>('SELECT parent_id FROM segments WHERE id = $1', [seg.id]);
      expect(row.parent_id).toBeNull();
    });

    it('unknown segment: 404; malformed id: 400', async () => {
      expectError(await patch(MISSING, { name: 'x' }), 404, 'NOT_FOUND');
      expectError(await patch('nope', { name: 'x' }), 400, 'VALIDATION_FAILED');
    });
  });

  describe('reading', () => {
    it('lists segments, filtered by kind, page by page', async () => {
      const kind = `k${Math.random().toString(36).slice(2, 8)}`;
      const made = [];
      for (let i = 0; i < 5; i++) made.push(await createSegment(t, scheduler, { kind }));
      await createSegment(t, scheduler, { kind: `${kind}x` });
      const all = await t.http.get(`/api/v1/segments?kind=${kind}`).set(bearer(alice)).expect(200);
      expect(all.body).toEqual({ items: made.map((s) => expect.objectContaining({ id: s.id, kind })), nextCursor: null });
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const url: string = `/api/v1/segments?kind=${kind}&limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
        const page = await t.http.get(url).set(bearer(finance)).expect(200);
        expect(page.body.items.length).toBeLessThanOrEqual(2);
        seen.push(...page.body.items.map((s: { id: string }) => s.id));
        cursor = page.body.nextCursor;
        pages += 1;
      } while (cursor);
      expect(pages).toBe(3);
      expect(seen).toEqual(made.map((s) => s.id));
      expect((await t.http.get('/api/v1/segments?kind=nothing_here').set(bearer(alice)).expect(200)).body).toEqual({ items: [], nextCursor: null });
      const everything = await t.http.get('/api/v1/segments?limit=500').set(bearer(alice)).expect(200);
      const [{ n }] = await t.query<{ n: number }>('SELECT count(*)::int AS n FROM segments');
      expect(everything.body.items).toHaveLength(n);
      expectError(await t.http.get('/api/v1/segments?limit=0').set(bearer(alice)), 400, 'VALIDATION_FAILED');
      expectError(await t.http.get('/api/v1/segments?limit=501').set(bearer(alice)), 400, 'VALIDATION_FAILED');
      expectError(await t.http.get('/api/v1/segments?cursor=garbage').set(bearer(alice)), 400, 'VALIDATION_FAILED');
      expectError(await t.http.get('/api/v1/segments?color=red').set(bearer(alice)), 400, 'VALIDATION_FAILED');
    });

    it('the list reports composites', async () => {
      const kind = `c${Math.random().toString(36).slice(2, 8)}`;
      const parent = await createSegment(t, scheduler, { kind });
      const child = await createSegment(t, scheduler, { kind, parentId: parent.id });
      const res = await t.http.get(`/api/v1/segments?kind=${kind}`).set(bearer(alice)).expect(200);
      expect(res.body.items).toEqual([
        expect.objectContaining({ id: parent.id, isComposite: true, parentId: null }),
        expect.objectContaining({ id: child.id, isComposite: false, parentId: parent.id }),
      ]);
    });

    it('GET by id: 404 unknown, 400 malformed', async () => {
      expectError(await t.http.get(`/api/v1/segments/${MISSING}`).set(bearer(alice)), 404, 'NOT_FOUND');
      expectError(await t.http.get('/api/v1/segments/123').set(bearer(alice)), 400, 'VALIDATION_FAILED');
    });
  });

  describe('roles', () => {
    it('customers and finance cannot create or change segments: 403, even with a bad body', async () => {
      const seg = await createSegment(t, scheduler);
      for (const user of [alice, finance]) {
        expectError(await post(valid(), user), 403, 'FORBIDDEN');
        expectError(await post({}, user), 403, 'FORBIDDEN');
        expectError(await patch(seg.id, { name: 'x' }, user), 403, 'FORBIDDEN');
        expectError(await patch(seg.id, { name: null }, user), 403, 'FORBIDDEN');
      }
      expect((await t.http.get(`/api/v1/segments/${seg.id}`).set(bearer(scheduler)).expect(200)).body.name).toBe(seg.name);
    });

    it('schedulers and admins manage segments; every role reads them; no token is 401', async () => {
      const mine = (await post(valid(), admin).expect(201)).body;
      await patch(mine.id, { name: 'by admin' }, admin).expect(200);
      for (const user of [alice, finance, scheduler, admin]) {
        await t.http.get('/api/v1/segments').set(bearer(user)).expect(200);
        await t.http.get(`/api/v1/segments/${mine.id}`).set(bearer(user)).expect(200);
      }
      expectError(await t.http.get('/api/v1/segments'), 401, 'UNAUTHENTICATED');
      expectError(await t.http.post('/api/v1/segments').send(valid()), 401, 'UNAUTHENTICATED');
    });
  });
});
