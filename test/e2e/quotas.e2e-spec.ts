import fc from 'fast-check';
import { addLocalDays, mondayOf } from '../../src/segments/local-time.js';
import { expectError } from '../support/envelope.js';
import { at, book, createSegment, localDay } from '../support/facility.js';
import { invalidBodies, tableCounts } from '../support/fuzz.js';
import { TestApp, bearer, type TestUser } from '../support/test-app.js';

/**
 * Quotas (api.md, "Notifications, webhooks, quotas"): customers' bookings, reschedules and series over an
 * organization's weekly or monthly quota → 422 QUOTA_EXCEEDED; staff bookings are exempt; simultaneous bookings
 * never both slip under one quota. Each test books for an organization of its own, so quotas do not mix.
 */

const iso = (instant: string) => new Date(instant).toISOString();
const MINUTE = 60_000;
const minutesOf = (a: string, b: string) => (new Date(b).getTime() - new Date(a).getTime()) / MINUTE;

let t: TestApp;
let admin: TestUser;
let scheduler: TestUser;
let finance: TestUser;

beforeAll(async () => {
  t = await TestApp.start({ DATABASE_POOL_SIZE: '16' });
  [admin, scheduler, finance] = await Promise.all([t.createUser('admin'), t.createUser('scheduler'), t.createUser('finance')]);
});
afterAll(() => t?.close());

const putQuotas = (user: TestUser, organizationId: string, quotas: unknown) =>
  t.http.put(`/api/v1/organizations/${organizationId}/quotas`).set(bearer(user)).send({ quotas });
const getQuotas = (user: TestUser, organizationId: string) => t.http.get(`/api/v1/organizations/${organizationId}/quotas`).set(bearer(user));

/** A customer of a new organization, whose quotas staff set at once. */
async function limited(quotas: unknown[]): Promise<TestUser> {
  const customer = await t.createCustomer();
  await putQuotas(scheduler, customer.organizationId!, quotas).expect(200);
  return customer;
}

let kinds = 0;
/** A segment of a kind of its own (kind quotas and suggestions stay within the test). */
const segment = (overrides: Record<string, unknown> = {}) => createSegment(t, scheduler, { kind: `quota_${++kinds}`, ...overrides });

/** The local dates of two future weeks, from a Monday (week[7] is the next Monday). */
function weekAhead(weeks: number): string[] {
  const monday = mondayOf(localDay(7 * weeks));
  return Array.from({ length: 14 }, (_, i) => addLocalDays(monday, i));
}

/** The instants of a local week and of a local month 'YYYY-MM', as responses show them. */
const weekBounds = (monday: string) => ({ start: iso(at(monday, '00:00')), end: iso(at(addLocalDays(monday, 7), '00:00')) });
const monthBounds = (month: string) => ({ start: iso(at(`${month}-01`, '00:00')), end: iso(at(`${addLocalDays(`${month}-28`, 7).slice(0, 7)}-01`, '00:00')) });
const weekPeriod = (monday: string) => ({ kind: 'week', ...weekBounds(monday) });

/** Minutes the organization holds or has used, by SQL over what was written (independent of the engine). */
async function countedMinutes(organizationId: string, from: string, to: string): Promise<number> {
  const [{ minutes }] = await t.query<{ minutes: number }>(
    `SELECT coalesce(sum(extract(epoch FROM end_at - start_at) / 60), 0)::int AS minutes FROM reservations
      WHERE organization_id = $1 AND status IN ('pending','confirmed','checked_in','completed') AND start_at >= $2 AND start_at < $3`,
    [organizationId, from, to],
  );
  return minutes;
}

describe('PUT and GET /organizations/:id/quotas', () => {
  it('staff replace the whole list, positions kept; customers read their own; audited', async () => {
    const customer = await t.createCustomer();
    const org = customer.organizationId!;
    const seg = await segment();
    const first = await putQuotas(scheduler, org, [
      { period: 'week', maxMinutes: 600 },
      { segmentId: seg.id, period: 'month', maxMinutes: 1200 },
      { kind: 'braking', period: 'week', maxMinutes: 0 },
    ]).expect(200);
    expect(first.body).toEqual({
      quotas: [
        { id: expect.any(String), segmentId: null, kind: null, period: 'week', maxMinutes: 600 },
        { id: expect.any(String), segmentId: seg.id, kind: null, period: 'month', maxMinutes: 1200 },
        { id: expect.any(String), segmentId: null, kind: 'braking', period: 'week', maxMinutes: 0 },
      ],
    });
    const second = await putQuotas(admin, org, [
      { kind: 'noise', period: 'month', maxMinutes: 90 },
      { segmentId: seg.id, kind: 'x', period: 'week', maxMinutes: 30 },
    ]).expect(200);
    expect(second.body.quotas.map((q: Record<string, unknown>) => [q.kind, q.period, q.maxMinutes])).toEqual([
      ['noise', 'month', 90],
      ['x', 'week', 30],
    ]);

    const today = localDay(0);
    for (const reader of [customer, scheduler, admin, finance]) {
      const got = await getQuotas(reader, org).expect(200);
      expect(got.body).toEqual({
        quotas: [
          { ...second.body.quotas[0], current: { ...monthBounds(today.slice(0, 7)), usedMinutes: 0 } },
          { ...second.body.quotas[1], current: { ...weekBounds(mondayOf(today)), usedMinutes: 0 } },
        ],
      });
    }

    const audit = await t.query<{ action: string; from_state: string; to_state: string; actor_id: string; data: { before: unknown[]; after: unknown[] } }>(
      `SELECT action, from_state, to_state, actor_id, data FROM audit_log WHERE entity_type = 'organization' AND entity_id = $1 ORDER BY id`,
      [org],
    );
    expect(audit.map((a) => [a.action, a.from_state, a.to_state, a.actor_id])).toEqual([
      ['set_quotas', '0 quotas', '3 quotas', scheduler.id],
      ['set_quotas', '3 quotas', '2 quotas', admin.id],
    ]);
    expect(audit[1].data).toEqual({ before: first.body.quotas, after: second.body.quotas });

    expect((await putQuotas(scheduler, org, []).expect(200)).body).toEqual({ quotas: [] });
    expect((await getQuotas(customer, org).expect(200)).body).toEqual({ quotas: [] });
  });

  it('shows the use of the current week and month, staff bookings included', async () => {
    const customer = await limited([
      { period: 'week', maxMinutes: 600 },
      { period: 'month', maxMinutes: 6000 },
    ]);
    const seg = await segment();
    const today = localDay(0);
    // staff may book today's first hour even when it is past (back-office entry): it is in this week and month
    await book(t, scheduler, { organizationId: customer.organizationId, segmentId: seg.id, start: at(today, '00:00'), end: at(today, '01:30') }).expect(201);
    const got = await getQuotas(customer, customer.organizationId!).expect(200);
    expect(got.body.quotas.map((q: { current: unknown }) => q.current)).toEqual([
      { ...weekBounds(mondayOf(today)), usedMinutes: 90 },
      { ...monthBounds(today.slice(0, 7)), usedMinutes: 90 },
    ]);
  });

  it('refuses by role, by organization, and unknown ids, in the order of api.md', async () => {
    const customer = await t.createCustomer();
    const other = await t.createCustomer();
    const org = customer.organizationId!;
    const valid = [{ period: 'week', maxMinutes: 60 }];
    expectError(await t.http.put(`/api/v1/organizations/${org}/quotas`).send({ quotas: valid }), 401, 'UNAUTHENTICATED');
    expectError(await t.http.get(`/api/v1/organizations/${org}/quotas`), 401, 'UNAUTHENTICATED');
    expectError(await putQuotas(customer, org, valid), 403, 'FORBIDDEN');
    expectError(await putQuotas(finance, org, valid), 403, 'FORBIDDEN');
    // a role that may not write is refused before its body is looked at
    expectError(await putQuotas(customer, org, 'nonsense'), 403, 'FORBIDDEN');
    expectError(await getQuotas(other, org), 404, 'NOT_FOUND');
    const unknown = '00000000-0000-4000-8000-000000000000';
    expectError(await getQuotas(scheduler, unknown), 404, 'NOT_FOUND');
    expectError(await putQuotas(scheduler, unknown, valid), 404, 'NOT_FOUND');
    expectError(await getQuotas(scheduler, 'not-a-uuid'), 400, 'VALIDATION_FAILED');

    // an unknown segment: 404 like any unknown id, and the list stays as it was
    await putQuotas(scheduler, org, valid).expect(200);
    const before = await tableCounts(t);
    expectError(await putQuotas(scheduler, org, [{ period: 'week', maxMinutes: 10 }, { segmentId: unknown, period: 'month', maxMinutes: 10 }]), 404, 'NOT_FOUND');
    expect(await tableCounts(t)).toEqual(before);
    expect((await getQuotas(customer, org).expect(200)).body.quotas.map((q: { maxMinutes: number }) => q.maxMinutes)).toEqual([60]);
  });

  it.each<[string, unknown, string]>([
    ['no list', undefined, 'quotas'],
    ['a list that is not one', { period: 'week', maxMinutes: 1 }, 'quotas'],
    ['more than 50', Array.from({ length: 51 }, () => ({ period: 'week', maxMinutes: 1 })), 'quotas'],
    ['an unknown period', [{ period: 'year', maxMinutes: 1 }], 'quotas.0.period'],
    ['no period', [{ maxMinutes: 1 }], 'quotas.0.period'],
    ['no maxMinutes', [{ period: 'week' }], 'quotas.0.maxMinutes'],
    ['negative minutes', [{ period: 'week', maxMinutes: -1 }], 'quotas.0.maxMinutes'],
    ['fractional minutes', [{ period: 'week', maxMinutes: 1.5 }], 'quotas.0.maxMinutes'],
    ['too many minutes', [{ period: 'week', maxMinutes: 1_000_001 }], 'quotas.0.maxMinutes'],
    ['minutes as text', [{ period: 'week', maxMinutes: '60' }], 'quotas.0.maxMinutes'],
    ['a segment id that is no uuid', [{ period: 'week', maxMinutes: 1, segmentId: 'seg-1' }], 'quotas.0.segmentId'],
    ['a null segment id', [{ period: 'week', maxMinutes: 1, segmentId: null }], 'quotas.0.segmentId'],
    ['an empty kind', [{ period: 'week', maxMinutes: 1, kind: '' }], 'quotas.0.kind'],
    ['a kind of 65 characters', [{ period: 'week', maxMinutes: 1, kind: 'k'.repeat(65) }], 'quotas.0.kind'],
    ['an unknown field in a quota', [{ period: 'week', maxMinutes: 1, vehicles: 2 }], 'quotas.0.vehicles'],
    ['a quota that is not an object', [{ period: 'week', maxMinutes: 1 }, 7], 'quotas'],
    ['a quota that is a list', [[]], 'quotas'],
  ])('400 VALIDATION_FAILED for %s', async (_, quotas, field) => {
    const customer = await t.createCustomer();
    const res = await putQuotas(scheduler, customer.organizationId!, quotas);
    const body = expectError(res, 400, 'VALIDATION_FAILED');
    expect((body.details as { fields: { field: string }[] }).fields.map((f) => f.field)).toContain(field);
  });

  it('is described in the OpenAPI document', async () => {
    const doc = await t.http.get('/docs-json').expect(200);
    expect(Object.keys(doc.body.paths['/api/v1/organizations/{id}/quotas']).sort()).toEqual(['get', 'put']);
  });

  it('400 for an unknown top-level field', async () => {
    const customer = await t.createCustomer();
    const res = await t.http.put(`/api/v1/organizations/${customer.organizationId}/quotas`).set(bearer(admin)).send({ quotas: [], replace: true });
    expect((expectError(res, 400, 'VALIDATION_FAILED').details as { fields: { field: string }[] }).fields).toEqual([{ field: 'replace', problems: [expect.any(String)] }]);
  });

  it('fuzzed quota entries: only 4xx, nothing written', async () => {
    const customer = await t.createCustomer();
    const seg = await segment();
    const entry = { method: 'put' as const, path: () => '', as: () => scheduler, valid: () => ({ segmentId: seg.id, kind: 'braking', period: 'month', maxMinutes: 600 }), required: ['period', 'maxMinutes'] };
    const before = await tableCounts(t);
    await fc.assert(
      fc.asyncProperty(invalidBodies(entry), fc.nat({ max: 2 }), async (bad, position) => {
        const quotas: unknown[] = [entry.valid(), entry.valid()];
        quotas.splice(position, 0, bad);
        const res = await putQuotas(scheduler, customer.organizationId!, quotas);
        if (res.status !== 400) throw new Error(`answered ${res.status} to ${JSON.stringify(quotas)}: ${JSON.stringify(res.body)}`);
        expect(res.body.code).toBe('VALIDATION_FAILED');
      }),
      { numRuns: 60 },
    );
    expect(await tableCounts(t)).toEqual(before);
  });
});

describe('customer bookings over a quota', () => {
  it('a weekly quota (Monday to Sunday, local): 422 with the exact details; reaching it exactly is fine; the next week is free', async () => {
    const customer = await limited([{ period: 'week', maxMinutes: 180 }]);
    const org = customer.organizationId!;
    const seg = await segment();
    const week = weekAhead(3);
    await book(t, customer, { segmentId: seg.id, start: at(week[0], '10:00'), end: at(week[0], '12:00') }).expect(201);
    await book(t, customer, { segmentId: seg.id, start: at(week[2], '10:00'), end: at(week[2], '11:00') }).expect(201);
    const before = await tableCounts(t);
    // Sunday 23:00–23:30 is still this week
    const over = await book(t, customer, { segmentId: seg.id, start: at(week[6], '23:00'), end: at(week[6], '23:30') });
    const [quota] = (await getQuotas(customer, org).expect(200)).body.quotas;
    expect(expectError(over, 422, 'QUOTA_EXCEEDED').details).toEqual({
      quota: { id: quota.id, segmentId: null, kind: null, period: 'week', maxMinutes: 180 },
      usedMinutes: 180,
      requestedMinutes: 30,
      period: weekPeriod(week[0]),
    });
    // as a waitlist entry, and over a taken slot (422 comes before 409): refused alike, nothing written
    expectError(await book(t, customer, { segmentId: seg.id, start: at(week[0], '10:00'), end: at(week[0], '11:00'), waitlist: true }), 422, 'QUOTA_EXCEEDED');
    expectError(await book(t, customer, { segmentId: seg.id, start: at(week[0], '11:00'), end: at(week[0], '12:00') }), 422, 'QUOTA_EXCEEDED');
    expect(await tableCounts(t)).toEqual(before);
    // the following Monday 00:00 starts a new week
    await book(t, customer, { segmentId: seg.id, start: at(week[7], '00:00'), end: at(week[7], '03:00') }).expect(201);
    expect(await countedMinutes(org, at(week[0], '00:00'), at(week[7], '00:00'))).toBe(180);
  });

  it('a monthly quota counts across the weeks of the local month', async () => {
    const customer = await limited([{ period: 'month', maxMinutes: 120 }]);
    const seg = await segment();
    const month = localDay(60).slice(0, 7);
    await book(t, customer, { segmentId: seg.id, start: at(`${month}-01`, '00:00'), end: at(`${month}-01`, '01:00') }).expect(201);
    await book(t, customer, { segmentId: seg.id, start: at(`${month}-20`, '10:00'), end: at(`${month}-20`, '10:30') }).expect(201);
    const over = await book(t, customer, { segmentId: seg.id, start: at(`${month}-27`, '23:00'), end: at(`${month}-28`, '00:00') });
    expect(expectError(over, 422, 'QUOTA_EXCEEDED').details).toEqual(
      expect.objectContaining({ usedMinutes: 90, requestedMinutes: 60, period: { kind: 'month', ...monthBounds(month) } }),
    );
    const nextFirst = `${addLocalDays(`${month}-28`, 7).slice(0, 7)}-01`;
    // the last 30 minutes fit; the next month is free
    await book(t, customer, { segmentId: seg.id, start: at(`${month}-27`, '23:00'), end: at(`${month}-27`, '23:30') }).expect(201);
    await book(t, customer, { segmentId: seg.id, start: at(nextFirst, '00:00'), end: at(nextFirst, '02:00') }).expect(201);
  });

  it('a kind quota counts every segment of that kind and no other', async () => {
    const a = await segment();
    const b = await segment({ kind: a.kind });
    const other = await segment();
    const customer = await limited([{ kind: a.kind, period: 'week', maxMinutes: 60 }]);
    const week = weekAhead(4);
    await book(t, customer, { segmentId: a.id, start: at(week[1], '10:00'), end: at(week[1], '11:00') }).expect(201);
    const over = expectError(await book(t, customer, { segmentId: b.id, start: at(week[3], '10:00'), end: at(week[3], '10:30') }), 422, 'QUOTA_EXCEEDED');
    expect(over.details).toEqual(expect.objectContaining({ quota: expect.objectContaining({ kind: a.kind, segmentId: null }), usedMinutes: 60, requestedMinutes: 30 }));
    await book(t, customer, { segmentId: other.id, start: at(week[3], '10:00'), end: at(week[3], '14:00') }).expect(201);
  });

  it('a segment quota counts what shares its track: the composite above and the children below, not the siblings', async () => {
    const parent = await segment();
    const c1 = await segment({ parentId: parent.id });
    const c2 = await segment({ parentId: parent.id });
    const unrelated = await segment();
    const customer = await limited([
      { segmentId: c1.id, period: 'week', maxMinutes: 60 },
      { segmentId: parent.id, period: 'week', maxMinutes: 90 },
    ]);
    const day = weekAhead(5)[2];
    const on = (seg: Record<string, unknown>, from: string, to: string) => book(t, customer, { segmentId: seg.id, start: at(day, from), end: at(day, to) });
    await on(parent, '08:00', '08:30').expect(201); // c1 track 30, parent track 30
    await on(c2, '09:00', '09:30').expect(201); // c1 track 30 (a sibling), parent track 60
    await on(unrelated, '09:00', '11:00').expect(201); // neither
    await on(c1, '10:00', '10:30').expect(201); // c1 track 60, parent track 90
    const overParent = expectError(await on(c2, '11:00', '11:30'), 422, 'QUOTA_EXCEEDED');
    expect(overParent.details).toEqual(expect.objectContaining({ quota: expect.objectContaining({ segmentId: parent.id }), usedMinutes: 90, requestedMinutes: 30 }));
    // over both: the first quota of the list answers
    const overChild = expectError(await on(c1, '11:00', '11:30'), 422, 'QUOTA_EXCEEDED');
    expect(overChild.details).toEqual(expect.objectContaining({ quota: expect.objectContaining({ segmentId: c1.id }), usedMinutes: 60, requestedMinutes: 30 }));
  });

  it('completed reservations count, cancelled ones do not; buffers and vehicles do not multiply', async () => {
    const customer = await limited([{ period: 'week', maxMinutes: 120 }]);
    const seg = await segment({ capacityMode: 'shared', maxVehicles: 4 });
    const buffered = await segment({ bufferMinutes: 60 });
    const week = weekAhead(6);
    const done = await book(t, customer, { segmentId: seg.id, start: at(week[0], '10:00'), end: at(week[0], '11:00'), vehicles: 3 }).expect(201);
    await t.http.post(`/api/v1/reservations/${done.body.id}/check-in`).set(bearer(scheduler)).send({ at: at(week[0], '10:00') }).expect(200);
    await t.http.post(`/api/v1/reservations/${done.body.id}/check-out`).set(bearer(scheduler)).send({ at: at(week[0], '11:00') }).expect(200);
    const dropped = await book(t, customer, { segmentId: buffered.id, start: at(week[1], '10:00'), end: at(week[1], '11:00') }).expect(201);
    await t.http.post(`/api/v1/reservations/${dropped.body.id}/cancel`).set(bearer(customer)).send({ reason: 'plans changed' }).expect(200);
    const over = expectError(await book(t, customer, { segmentId: buffered.id, start: at(week[2], '10:00'), end: at(week[2], '11:30') }), 422, 'QUOTA_EXCEEDED');
    expect(over.details).toEqual(expect.objectContaining({ usedMinutes: 60, requestedMinutes: 90 }));
    await book(t, customer, { segmentId: buffered.id, start: at(week[2], '10:00'), end: at(week[2], '11:00') }).expect(201);
  });

  it('staff bookings for the organization are exempt, yet count against what its customers may book', async () => {
    const customer = await limited([{ period: 'week', maxMinutes: 0 }]);
    const seg = await segment();
    const week = weekAhead(7);
    const over = expectError(await book(t, customer, { segmentId: seg.id, start: at(week[0], '10:00'), end: at(week[0], '11:00') }), 422, 'QUOTA_EXCEEDED');
    expect(over.details).toEqual(expect.objectContaining({ usedMinutes: 0, requestedMinutes: 60 }));
    await book(t, scheduler, { organizationId: customer.organizationId, segmentId: seg.id, start: at(week[0], '10:00'), end: at(week[0], '11:00') }).expect(201);
    await book(t, admin, { organizationId: customer.organizationId, segmentId: seg.id, start: at(week[1], '10:00'), end: at(week[1], '11:00') }).expect(201);
    const again = expectError(await book(t, customer, { segmentId: seg.id, start: at(week[2], '10:00'), end: at(week[2], '10:30') }), 422, 'QUOTA_EXCEEDED');
    expect(again.details).toEqual(expect.objectContaining({ usedMinutes: 120, requestedMinutes: 30 }));
  });

  it('a reschedule counts the new time minus the reservation itself; staff reschedules are exempt', async () => {
    const customer = await limited([{ period: 'week', maxMinutes: 120 }]);
    const seg = await segment();
    const week = weekAhead(8);
    const next = week.slice(7);
    const r = await book(t, customer, { segmentId: seg.id, start: at(week[0], '10:00'), end: at(week[0], '12:00') }).expect(201);
    const move = (user: TestUser, body: Record<string, unknown>) => t.http.patch(`/api/v1/reservations/${r.body.id}`).set(bearer(user)).send(body);
    await move(customer, { start: at(week[1], '10:00'), end: at(week[1], '12:00') }).expect(200);
    const longer = expectError(await move(customer, { start: at(week[1], '10:00'), end: at(week[1], '12:30') }), 422, 'QUOTA_EXCEEDED');
    expect(longer.details).toEqual(expect.objectContaining({ usedMinutes: 0, requestedMinutes: 150, period: weekPeriod(week[0]) }));
    const kept = await t.http.get(`/api/v1/reservations/${r.body.id}`).set(bearer(customer)).expect(200);
    expect([kept.body.start, kept.body.end]).toEqual([iso(at(week[1], '10:00')), iso(at(week[1], '12:00'))]);
    expectError(await book(t, customer, { segmentId: seg.id, start: at(week[3], '10:00'), end: at(week[3], '10:30') }), 422, 'QUOTA_EXCEEDED');
    // moved to the next week, it frees this one
    await move(customer, { start: at(next[1], '10:00'), end: at(next[1], '12:00') }).expect(200);
    await book(t, customer, { segmentId: seg.id, start: at(week[3], '10:00'), end: at(week[3], '10:30') }).expect(201);
    await move(scheduler, { start: at(next[1], '10:00'), end: at(next[1], '14:00') }).expect(200);
  });

  it('a series counts every occurrence it would book: over → 422 and nothing written; under → 201', async () => {
    const customer = await limited([{ period: 'week', maxMinutes: 120 }]);
    const seg = await segment();
    const week = weekAhead(10);
    const series = (body: Record<string, unknown>) => t.http.post('/api/v1/reservation-series').set(bearer(customer)).send({ segmentId: seg.id, durationMinutes: 60, ...body });
    const before = await tableCounts(t);
    // Monday, Wednesday, Friday: 180 minutes in the first week
    const over = expectError(await series({ firstStart: at(week[0], '09:00'), rrule: 'FREQ=WEEKLY;BYDAY=MO,WE,FR;COUNT=6' }), 422, 'QUOTA_EXCEEDED');
    expect(over.details).toEqual(expect.objectContaining({ usedMinutes: 0, requestedMinutes: 180, period: weekPeriod(week[0]) }));
    expect(await tableCounts(t)).toEqual(before);

    // one booking already in the second week: a weekly series of 60 minutes still fits there (60 + 60)
    await book(t, customer, { segmentId: seg.id, start: at(week[9], '15:00'), end: at(week[9], '16:00') }).expect(201);
    const made = await series({ firstStart: at(week[0], '09:00'), rrule: 'FREQ=WEEKLY;COUNT=3' }).expect(201);
    expect(made.body.created).toHaveLength(3);
    // now the second week is full: a daily series that reaches into it is refused there
    const into = expectError(await series({ firstStart: at(week[6], '12:00'), rrule: 'FREQ=DAILY;COUNT=2' }), 422, 'QUOTA_EXCEEDED');
    expect(into.details).toEqual(expect.objectContaining({ usedMinutes: 120, requestedMinutes: 60, period: weekPeriod(week[7]) }));
  });

  it('skip_conflicts counts the occurrences it books; all_or_nothing counts them all (422 before 409)', async () => {
    const customer = await limited([{ period: 'week', maxMinutes: 120 }]);
    const someoneElse = await t.createCustomer();
    const seg = await segment();
    const week = weekAhead(12);
    await book(t, someoneElse, { segmentId: seg.id, start: at(week[0], '09:00'), end: at(week[0], '10:00') }).expect(201);
    const body = { segmentId: seg.id, firstStart: at(week[0], '09:00'), durationMinutes: 60, rrule: 'FREQ=DAILY;COUNT=3' };
    expectError(await t.http.post('/api/v1/reservation-series').set(bearer(customer)).send(body), 422, 'QUOTA_EXCEEDED');
    const made = await t.http.post('/api/v1/reservation-series').set(bearer(customer)).send({ ...body, conflictPolicy: 'skip_conflicts' }).expect(201);
    expect([made.body.created.length, made.body.skipped.length]).toEqual([2, 1]);
  });
});

describe('quota races', () => {
  /** Fires the bookings together; returns the answers. */
  const together = (requests: Promise<import('supertest').Response>[]) => Promise.all(requests);

  it.each([1, 2, 3])('round %i: 8 simultaneous 60-minute bookings by 4 customers of one organization on 8 free segments, weekly quota 240: exactly 4 succeed', async (round) => {
    const customer = await limited([{ period: 'week', maxMinutes: 240 }]);
    const colleagues = [customer, ...(await Promise.all([1, 2, 3].map(() => t.createUser('customer', customer.organizationId))))];
    const segments = await Promise.all(Array.from({ length: 8 }, () => segment()));
    const week = weekAhead(13 + round);
    const before = await tableCounts(t);
    const results = await together(
      segments.map((seg, i) => book(t, colleagues[i % 4], { segmentId: seg.id, start: at(week[i % 7], '10:00'), end: at(week[i % 7], '11:00') }).then((r) => r)),
    );
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([201, 201, 201, 201, 422, 422, 422, 422]);
    for (const r of results.filter((x) => x.status === 422)) {
      expect(r.body.code).toBe('QUOTA_EXCEEDED');
      expect(r.body.details).toEqual(expect.objectContaining({ usedMinutes: 240, requestedMinutes: 60 }));
    }
    expect(await countedMinutes(customer.organizationId!, at(week[0], '00:00'), at(week[7], '00:00'))).toBe(240);
    // nothing but the four bookings was written: their reservations, occupancy rows and audit entries
    const after = await tableCounts(t);
    expect({ reservations: after.reservations - before.reservations, reservation_occupancy: after.reservation_occupancy - before.reservation_occupancy, audit_log: after.audit_log - before.audit_log }).toEqual({
      reservations: 4,
      reservation_occupancy: 4,
      audit_log: 4,
    });
  });

  it('simultaneous bookings, reschedules and series of varied lengths: the total never passes the quota, and every refusal is justified', async () => {
    const max = 300;
    const customer = await limited([{ period: 'week', maxMinutes: max }]);
    const colleague = await t.createUser('customer', customer.organizationId);
    const week = weekAhead(18);
    const org = customer.organizationId!;
    const existing = await book(t, customer, { segmentId: (await segment()).id, start: at(week[0], '08:00'), end: at(week[0], '09:00') }).expect(201);
    const lengths = fc.sample(fc.integer({ min: 1, max: 4 }), { numRuns: 10, seed: 7007 }).map((n) => n * 30);
    const segments = await Promise.all(lengths.map(() => segment()));
    const requests = lengths.map((len, i) => {
      const day = week[i % 7];
      const start = at(day, '12:00');
      const end = new Date(new Date(start).getTime() + len * MINUTE).toISOString();
      if (i === 0) return { minutes: 2 * len, send: () => t.http.post('/api/v1/reservation-series').set(bearer(colleague)).send({ segmentId: segments[i].id, firstStart: start, durationMinutes: len, rrule: 'FREQ=DAILY;COUNT=2' }) };
      // the existing booking grows from 60 minutes to 60 + len
      if (i === 1) return { minutes: len, send: () => t.http.patch(`/api/v1/reservations/${existing.body.id}`).set(bearer(customer)).send({ end: new Date(new Date(at(week[0], '09:00')).getTime() + len * MINUTE).toISOString() }) };
      return { minutes: len, send: () => book(t, i % 2 ? customer : colleague, { segmentId: segments[i].id, start, end }) };
    });
    const results = await together(requests.map((r) => r.send().then((x) => x)));
    for (const r of results) expect([200, 201, 422]).toContain(r.status);
    const total = await countedMinutes(org, at(week[0], '00:00'), at(week[7], '00:00'));
    expect(total).toBeLessThanOrEqual(max);
    expect(total).toBe(60 + requests.reduce((sum, r, i) => sum + (results[i].status < 400 ? r.minutes : 0), 0));
    // nothing is released here, so the total only grew: each refusal still does not fit beside it
    requests.forEach((r, i) => {
      if (results[i].status === 422) expect(total + r.minutes).toBeGreaterThan(max);
    });
    expect(results.some((r) => r.status === 422)).toBe(true);
  });
});
