import { addLocalDays, weekdayOf } from '../../src/segments/local-time.js';
import { atIn, createRateCard, draftFor, issue, monthFromNow, rawBody, usedTrack } from '../support/billing.js';
import { ZONE, at, book, createSegment, localDay } from '../support/facility.js';
import { expectError } from '../support/envelope.js';
import { TestApp, bearer, type TestUser } from '../support/test-app.js';

const ALL_DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri'];
const iso = (instant: string) => new Date(instant).toISOString();

/** The local dates of month 'YYYY-MM'. */
function daysOf(month: string): string[] {
  const days: string[] = [];
  for (let d = `${month}-01`; d.startsWith(month); d = addLocalDays(d, 1)) days.push(d);
  return days;
}

describe('reports: utilization', () => {
  let t: TestApp;
  let scheduler: TestUser;
  let finance: TestUser;
  let admin: TestUser;
  let alice: TestUser;
  beforeAll(async () => {
    t = await TestApp.start();
    [scheduler, finance, admin, alice] = await Promise.all([t.createUser('scheduler'), t.createUser('finance'), t.createUser('admin'), t.createCustomer()]);
  });
  afterAll(() => t.close());

  const url = (q: Record<string, string | undefined>) => {
    const params = Object.entries(q)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `${k}=${encodeURIComponent(v!)}`)
      .join('&');
    return `/api/v1/reports/utilization?${params}`;
  };
  const report = async (q: Record<string, string | undefined>, user: TestUser = finance) =>
    (await t.http.get(url(q)).set(bearer(user)).expect(200)).body.items as Record<string, any>[];

  it('a local month of one segment: open minutes from opening hours minus a blackout, booked minutes, utilization, revenue of the issued invoice', async () => {
    const month = monthFromNow(-1);
    const days = daysOf(month);
    const weekdays = days.filter((d) => WEEKDAYS.includes(weekdayOf(d)));
    const seg = await createSegment(t, scheduler, { openingHours: [{ days: WEEKDAYS, open: '08:00', close: '18:00' }] });
    await createRateCard(t, finance, { segmentId: seg.id, effectiveFrom: '2020-01-01', hourlyRate: 100000 }).expect(201);

    // A two-hour blackout on one weekday, and one on a Sunday (closed anyway: no effect).
    const [blackoutDay, dayA, dayB] = [weekdays[2], weekdays[5], weekdays[9]];
    const sunday = days.find((d) => weekdayOf(d) === 'sun')!;
    for (const [day, from, to] of [
      [blackoutDay, '10:00', '12:00'],
      [sunday, '10:00', '12:00'],
    ]) {
      const [bo] = await t.query<{ id: string }>(`INSERT INTO blackouts (segment_ids, start_at, end_at, reason) VALUES ($1, $2, $3, 'resurfacing') RETURNING id`, [[seg.id], at(day, from), at(day, to)]);
      await t.query(`INSERT INTO blackout_occurrences (blackout_id, segment_id, during) VALUES ($1, $2, tstzrange($3, $4))`, [bo.id, seg.id, at(day, from), at(day, to)]);
    }
    // Back-office entries for the past month, checked in and out: 2 h + 1.5 h.
    const r1 = await usedTrack(t, scheduler, { organizationId: alice.organizationId!, segmentId: seg.id, start: at(dayA, '09:00'), end: at(dayA, '11:00') });
    const r2 = await usedTrack(t, scheduler, { organizationId: alice.organizationId!, segmentId: seg.id, start: at(dayB, '14:00'), end: at(dayB, '15:30') });
    expect([r1.status, r2.status]).toEqual(['completed', 'completed']);

    const q = { from: at(`${month}-01`, '00:00'), to: at(`${monthFromNow(0)}-01`, '00:00'), granularity: 'month', segmentId: seg.id };
    const openMinutes = weekdays.length * 600 - 120;
    const before = await report(q);
    expect(before).toEqual([
      {
        segmentId: seg.id,
        segmentCode: seg.code,
        periodStart: iso(at(`${month}-01`, '00:00')),
        openMinutes,
        bookedMinutes: 210,
        utilization: Math.round((210 / openMinutes) * 10_000) / 10_000,
        revenue: 0,
      },
    ]);
    expect(String(before[0].utilization).split('.')[1]?.length ?? 0).toBeLessThanOrEqual(4);

    // Drafts are not revenue; the issued invoice is.
    const draft = await draftFor(t, finance, month, alice.organizationId!);
    expect((await report(q))[0].revenue).toBe(0);
    const issued = await issue(t, finance, draft.id);
    const ours = new Set([r1.id, r2.id]);
    const lines = (issued.lines as Record<string, any>[]).filter((l) => ours.has(l.reservationId));
    expect(lines.length).toBeGreaterThan(0);
    const expected = lines.reduce((sum, l) => sum + Number(l.amount), 0);
    expect(expected).toBe(350000);
    expect((await report(q))[0].revenue).toBe(expected);
    // by day: the revenue sits on the reservations' start days
    const byDay = await report({ ...q, granularity: 'day' });
    expect(byDay).toHaveLength(days.length);
    expect(byDay.filter((i) => i.revenue !== 0).map((i) => [i.periodStart, i.revenue])).toEqual([
      [iso(at(dayA, '00:00')), 200000],
      [iso(at(dayB, '00:00')), 150000],
    ]);
    expect(byDay.find((i) => i.periodStart === iso(at(blackoutDay, '00:00')))!.openMinutes).toBe(480);
    expect(byDay.find((i) => i.periodStart === iso(at(sunday, '00:00')))!.openMinutes).toBe(0);
    expect(byDay.find((i) => i.periodStart === iso(at(sunday, '00:00')))!.utilization).toBe(0);

    await t.http.post(`/api/v1/invoices/${draft.id}/void`).set(bearer(finance)).send({ reason: 'wrong rate' }).expect(200);
    const after = await report(q);
    expect(after[0]).toEqual(expect.objectContaining({ revenue: 0, bookedMinutes: 210, openMinutes }));
  });

  it('splits a booking across local midnight (23:30–00:30 → 30 + 30)', async () => {
    const seg = await createSegment(t, scheduler);
    const day = localDay(10);
    const next = addLocalDays(day, 1);
    await book(t, alice, { segmentId: seg.id, start: at(day, '23:30'), end: at(next, '00:30') }).expect(201);
    const items = await report({ from: at(day, '00:00'), to: at(addLocalDays(day, 2), '00:00'), granularity: 'day', segmentId: seg.id });
    expect(items.map((i) => [i.periodStart, i.openMinutes, i.bookedMinutes])).toEqual([
      [iso(at(day, '00:00')), 1440, 30],
      [iso(at(next, '00:00')), 1440, 30],
    ]);
    // clipped to [from, to): only the part inside the range counts
    const clipped = await report({ from: at(day, '12:00'), to: at(next, '00:15'), segmentId: seg.id });
    expect(clipped.map((i) => [i.periodStart, i.openMinutes, i.bookedMinutes])).toEqual([
      [iso(at(day, '00:00')), 720, 30],
      [iso(at(next, '00:00')), 15, 15],
    ]);
  });

  it('counts vehicle-minutes over capacity on a shared segment', async () => {
    const seg = await createSegment(t, scheduler, { capacityMode: 'shared', maxVehicles: 6 });
    const day = localDay(11);
    await book(t, alice, { segmentId: seg.id, start: at(day, '10:00'), end: at(day, '11:00'), vehicles: 3 }).expect(201);
    const items = await report({ from: at(day, '00:00'), to: at(addLocalDays(day, 1), '00:00'), segmentId: seg.id });
    expect(items).toEqual([expect.objectContaining({ openMinutes: 1440, bookedMinutes: 30, utilization: Math.round((30 / 1440) * 10_000) / 10_000 })]);
  });

  it('counts pending, confirmed, checked-in, completed and no-show; not cancelled, rejected, waitlisted, expired', async () => {
    const seg = await createSegment(t, scheduler);
    const day = localDay(12);
    const statuses = ['confirmed', 'pending', 'checked_in', 'completed', 'no_show', 'cancelled', 'rejected', 'waitlisted', 'expired', 'displaced'];
    for (const [i, status] of statuses.entries()) {
      // hour i, lasting i+1 quarter hours... kept simple: 10 minutes × (i + 1), distinct per status
      const start = at(day, `${String(i).padStart(2, '0')}:00`);
      const res = await book(t, scheduler, { organizationId: alice.organizationId, segmentId: seg.id, start, end: at(day, `${String(i + 1).padStart(2, '0')}:00`) }).expect(201);
      await t.query(`UPDATE reservations SET status = $2, end_at = start_at + make_interval(mins => $3) WHERE id = $1`, [res.body.id, status, 10 * (i + 1)]);
    }
    const [item] = await report({ from: at(day, '00:00'), to: at(addLocalDays(day, 1), '00:00'), segmentId: seg.id });
    expect(item.bookedMinutes).toBe(10 + 20 + 30 + 40 + 50);
  });

  it('buckets by ISO week (Monday) and by local month, clipped to the range', async () => {
    const seg = await createSegment(t, scheduler);
    let wed = localDay(3);
    while (weekdayOf(wed) !== 'wed') wed = addLocalDays(wed, 1);
    const monday = addLocalDays(wed, -2);
    const to = addLocalDays(wed, 14);
    const weeks = await report({ from: at(wed, '00:00'), to: at(to, '00:00'), granularity: 'week', segmentId: seg.id });
    expect(weeks.map((i) => [i.periodStart, i.openMinutes])).toEqual([
      [iso(at(monday, '00:00')), 5 * 1440],
      [iso(at(addLocalDays(monday, 7), '00:00')), 7 * 1440],
      [iso(at(addLocalDays(monday, 14), '00:00')), 2 * 1440],
    ]);
    const m0 = monthFromNow(1);
    const m1 = monthFromNow(2);
    const months = await report({ from: at(`${m0}-15`, '00:00'), to: at(`${m1}-10`, '00:00'), granularity: 'month', segmentId: seg.id });
    const daysLeft = daysOf(m0).length - 14;
    expect(months.map((i) => [i.periodStart, i.openMinutes])).toEqual([
      [iso(at(`${m0}-01`, '00:00')), daysLeft * 1440],
      [iso(at(`${m1}-01`, '00:00')), 9 * 1440],
    ]);
  });

  it('filters by segmentId; without it every segment has a row per bucket', async () => {
    const a = await createSegment(t, scheduler);
    const b = await createSegment(t, scheduler);
    const day = localDay(20);
    const q = { from: at(day, '00:00'), to: at(addLocalDays(day, 2), '00:00') };
    const all = await report(q);
    const [{ n }] = await t.query<{ n: number }>('SELECT count(*)::int AS n FROM segments');
    expect(all).toHaveLength(2 * n);
    expect(all.filter((i) => i.segmentId === a.id)).toHaveLength(2);
    expect(all.filter((i) => i.segmentId === b.id)).toHaveLength(2);
    const only = await report({ ...q, segmentId: b.id });
    expect(only.map((i) => i.segmentId)).toEqual([b.id, b.id]);
    expectError(await t.http.get(url({ ...q, segmentId: '00000000-0000-4000-8000-000000000000' })).set(bearer(finance)), 404, 'NOT_FOUND');
  });

  it('CSV: BOM, header, CRLF, one row per segment per bucket', async () => {
    const a = await createSegment(t, scheduler, { code: `CSV,"A"-${Date.now()}` }).catch(() => createSegment(t, scheduler));
    const day = localDay(21);
    const q = { from: at(day, '00:00'), to: at(addLocalDays(day, 3), '00:00'), format: 'csv' };
    const res = await t.http.get(url({ ...q, segmentId: a.id })).set(bearer(finance)).buffer(true).parse(rawBody).expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    const body = res.body as Buffer;
    expect([...body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = body.subarray(3).toString('utf8');
    const lines = text.split('\r\n');
    expect(lines.at(-1)).toBe('');
    expect(text.replace(/\r\n/g, '')).not.toContain('\n');
    expect(lines[0]).toBe('segmentId,segmentCode,periodStart,openMinutes,bookedMinutes,utilization,revenue');
    expect(lines.slice(1, -1)).toHaveLength(3);
    expect(lines[1].startsWith(`${a.id},`)).toBe(true);
    expect(lines[1].endsWith(`,${iso(at(day, '00:00'))},1440,0,0,0`)).toBe(true);

    const all = await t.http.get(url(q)).set(bearer(admin)).buffer(true).parse(rawBody).expect(200);
    const [{ n }] = await t.query<{ n: number }>('SELECT count(*)::int AS n FROM segments');
    expect((all.body as Buffer).toString('utf8').split('\r\n').length - 2).toBe(3 * n);
  });

  it('finance and admin only', async () => {
    const day = localDay(22);
    const q = url({ from: at(day, '00:00'), to: at(addLocalDays(day, 1), '00:00') });
    await t.http.get(q).set(bearer(finance)).expect(200);
    await t.http.get(q).set(bearer(admin)).expect(200);
    expectError(await t.http.get(q).set(bearer(scheduler)), 403, 'FORBIDDEN');
    expectError(await t.http.get(q).set(bearer(alice)), 403, 'FORBIDDEN');
    expectError(await t.http.get(q), 401, 'UNAUTHENTICATED');
  });

  it('bad input → 400', async () => {
    const seg = await createSegment(t, scheduler);
    const day = localDay(23);
    const bad = async (q: Record<string, string | undefined>) => expectError(await t.http.get(url(q)).set(bearer(finance)), 400, 'VALIDATION_FAILED');
    await bad({ from: at(day, '00:00'), to: at(day, '00:00') });
    await bad({ from: at(day, '01:00'), to: at(day, '00:00') });
    await bad({ from: at(day, '00:00'), to: at(addLocalDays(day, 1), '00:00'), granularity: 'hour' });
    await bad({ from: '2026-12-01T00:00:00', to: at(addLocalDays(day, 1), '00:00') });
    await bad({ from: at(day, '00:00') });
    await bad({ from: at(day, '00:00'), to: at(addLocalDays(day, 1), '00:00'), segmentId: 'nope' });
    await bad({ from: at(day, '00:00'), to: at(addLocalDays(day, 1), '00:00'), format: 'xml' });
    // too many rows: 300 years of days of one segment, or 30 years of days of every segment
    await bad({ from: '1800-01-01T00:00:00+09:00', to: '2100-01-01T00:00:00+09:00', segmentId: seg.id });
    const [{ n }] = await t.query<{ n: number }>('SELECT count(*)::int AS n FROM segments');
    const years = Math.ceil(100_001 / n / 365);
    await bad({ from: '2000-01-01T00:00:00+09:00', to: `${2000 + years}-01-01T00:00:00+09:00` });
    // just under the limit is fine
    await t.http.get(url({ from: '2000-01-01T00:00:00+09:00', to: '2000-01-03T00:00:00+09:00' })).set(bearer(finance)).expect(200);
    // an absurd range is refused quickly, without building millions of buckets
    const started = Date.now();
    await bad({ from: '0001-01-01T00:00:00Z', to: '9999-01-01T00:00:00Z', segmentId: seg.id });
    expect(Date.now() - started).toBeLessThan(1000);
  });
});

describe('reports: a DST zone (Europe/Berlin)', () => {
  const BERLIN = 'Europe/Berlin';
  let t: TestApp;
  let scheduler: TestUser;
  let finance: TestUser;
  beforeAll(async () => {
    t = await TestApp.start({ FACILITY_TIMEZONE: BERLIN });
    [scheduler, finance] = await Promise.all([t.createUser('scheduler'), t.createUser('finance')]);
  });
  afterAll(() => t.close());

  it('25-hour and 23-hour local days, and the month around them', async () => {
    expect(ZONE).not.toBe(BERLIN);
    const seg = await createSegment(t, scheduler);
    const get = async (from: string, to: string, granularity: string) =>
      (await t.http.get(`/api/v1/reports/utilization?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}&granularity=${granularity}&segmentId=${seg.id}`).set(bearer(finance)).expect(200)).body
        .items as Record<string, any>[];
    const autumn = await get(atIn(BERLIN, '2026-10-24', '00:00'), atIn(BERLIN, '2026-10-27', '00:00'), 'day');
    expect(autumn.map((i) => [i.periodStart, i.openMinutes])).toEqual([
      ['2026-10-23T22:00:00.000Z', 1440],
      ['2026-10-24T22:00:00.000Z', 1500],
      ['2026-10-25T23:00:00.000Z', 1440],
    ]);
    const spring = await get(atIn(BERLIN, '2026-03-29', '00:00'), atIn(BERLIN, '2026-03-30', '00:00'), 'day');
    expect(spring.map((i) => [i.periodStart, i.openMinutes])).toEqual([['2026-03-28T23:00:00.000Z', 1380]]);
    const october = await get(atIn(BERLIN, '2026-10-01', '00:00'), atIn(BERLIN, '2026-11-01', '00:00'), 'month');
    expect(october.map((i) => [i.periodStart, i.openMinutes])).toEqual([['2026-09-30T22:00:00.000Z', 31 * 1440 + 60]]);
    const week = await get(atIn(BERLIN, '2026-10-19', '00:00'), atIn(BERLIN, '2026-10-26', '00:00'), 'week');
    expect(week.map((i) => [i.periodStart, i.openMinutes])).toEqual([['2026-10-18T22:00:00.000Z', 7 * 1440 + 60]]);
  });
});
