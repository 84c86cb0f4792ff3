import fc from 'fast-check';
import { periodContaining, periodsContaining, QUOTA_PERIODS, type Period } from '../../../src/quotas/periods.js';
import { addLocalDays, localDate, localWeekday } from '../../../src/segments/local-time.js';

const SEOUL = 'Asia/Seoul';
const BERLIN = 'Europe/Berlin';
/** DST switches at local midnight: some days start at 01:00. */
const SANTIAGO = 'America/Santiago';
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const iso = (d: Date) => d.toISOString();
const span = (p: Period) => [iso(p.start), iso(p.end)];

/**
 * An oracle independent of the code under test: Intl's local fields, and local midnight found by trying every
 * whole-hour offset (enough for Seoul and Berlin).
 */
const formatters = new Map<string, Intl.DateTimeFormat>();
function localFields(t: number, zone: string): { date: string; clock: string } {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
    formatters.set(zone, f);
  }
  const parts = Object.fromEntries(f.formatToParts(new Date(t)).map((p) => [p.type, p.value]));
  return { date: `${parts.year}-${parts.month}-${parts.day}`, clock: `${parts.hour}:${parts.minute}:${parts.second}` };
}
const midnights = new Map<string, number>();
function oracleMidnight(date: string, zone: string): number {
  const key = `${zone}|${date}`;
  if (!midnights.has(key)) {
    const utcMidnight = Date.parse(`${date}T00:00:00Z`);
    const found = [];
    for (let h = -14; h <= 14; h++) {
      const t = utcMidnight - h * HOUR;
      const local = localFields(t, zone);
      if (local.date === date && local.clock === '00:00:00') found.push(t);
    }
    if (found.length === 0) throw new Error(`no local midnight on ${date} in ${zone}`);
    midnights.set(key, Math.min(...found));
  }
  return midnights.get(key)!;
}
function oracle(t: number, kind: 'week' | 'month', zone: string): [string, string] {
  const date = localFields(t, zone).date;
  if (kind === 'week') {
    const weekday = (new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7; // 0 = Monday
    const monday = new Date(Date.parse(`${date}T00:00:00Z`) - weekday * DAY).toISOString().slice(0, 10);
    const next = new Date(Date.parse(`${monday}T00:00:00Z`) + 7 * DAY).toISOString().slice(0, 10);
    return [iso(new Date(oracleMidnight(monday, zone))), iso(new Date(oracleMidnight(next, zone)))];
  }
  const [y, m] = date.split('-').map(Number);
  const next = m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
  return [iso(new Date(oracleMidnight(`${date.slice(0, 7)}-01`, zone))), iso(new Date(oracleMidnight(next, zone)))];
}

const instants = (from: string, to: string) => fc.date({ min: new Date(from), max: new Date(to), noInvalidDate: true });

describe('periodContaining', () => {
  test.each<[string, string, 'week' | 'month', string, string]>([
    // Seoul, +09:00 all year: a week runs Monday 00:00 to the next Monday 00:00
    [SEOUL, '2026-03-04T03:00:00Z', 'week', '2026-03-01T15:00:00.000Z', '2026-03-08T15:00:00.000Z'],
    [SEOUL, '2026-03-01T15:00:00Z', 'week', '2026-03-01T15:00:00.000Z', '2026-03-08T15:00:00.000Z'], // Monday 00:00 starts it
    [SEOUL, '2026-03-01T14:59:59.999Z', 'week', '2026-02-22T15:00:00.000Z', '2026-03-01T15:00:00.000Z'], // Sunday 23:59:59.999 ends the one before
    [SEOUL, '2026-12-31T15:00:00Z', 'week', '2026-12-27T15:00:00.000Z', '2027-01-03T15:00:00.000Z'], // across the year end
    [SEOUL, '2026-03-04T03:00:00Z', 'month', '2026-02-28T15:00:00.000Z', '2026-03-31T15:00:00.000Z'],
    [SEOUL, '2026-02-28T14:59:59.999Z', 'month', '2026-01-31T15:00:00.000Z', '2026-02-28T15:00:00.000Z'], // Feb 28th 23:59 local is still February
    [SEOUL, '2026-02-28T15:00:00Z', 'month', '2026-02-28T15:00:00.000Z', '2026-03-31T15:00:00.000Z'], // and March 1st 00:00 local is March
    [SEOUL, '2028-02-15T00:00:00Z', 'month', '2028-01-31T15:00:00.000Z', '2028-02-29T15:00:00.000Z'], // leap year: 29 days
    [SEOUL, '2100-02-15T00:00:00Z', 'month', '2100-01-31T15:00:00.000Z', '2100-02-28T15:00:00.000Z'], // 2100 is not a leap year
    [SEOUL, '2000-02-15T00:00:00Z', 'month', '2000-01-31T15:00:00.000Z', '2000-02-29T15:00:00.000Z'], // 2000 is
    [SEOUL, '2026-12-31T14:00:00Z', 'month', '2026-11-30T15:00:00.000Z', '2026-12-31T15:00:00.000Z'],
    // Berlin: the spring-forward week has 167 hours, the fall-back week 169
    [BERLIN, '2026-03-29T12:00:00Z', 'week', '2026-03-22T23:00:00.000Z', '2026-03-29T22:00:00.000Z'],
    [BERLIN, '2026-03-29T22:00:00Z', 'week', '2026-03-29T22:00:00.000Z', '2026-04-05T22:00:00.000Z'],
    [BERLIN, '2026-10-25T01:30:00Z', 'week', '2026-10-18T22:00:00.000Z', '2026-10-25T23:00:00.000Z'],
    [BERLIN, '2026-03-15T12:00:00Z', 'month', '2026-02-28T23:00:00.000Z', '2026-03-31T22:00:00.000Z'],
    [BERLIN, '2026-10-15T12:00:00Z', 'month', '2026-09-30T22:00:00.000Z', '2026-10-31T23:00:00.000Z'],
  ])('%s %s %s → [%s, %s)', (zone, instant, kind, start, end) => {
    expect(span(periodContaining(new Date(instant), kind, zone))).toEqual([start, end]);
  });

  test('exhaustive, every local day of 2023–2029 in Seoul and Berlin, at its first, middle and last instants: as the oracle says', () => {
    const wrong: string[] = [];
    let checked = 0;
    for (const zone of [SEOUL, BERLIN]) {
      for (let day = Date.parse('2023-01-01T00:00:00Z'); day < Date.parse('2030-01-01T00:00:00Z'); day += DAY) {
        const date = new Date(day).toISOString().slice(0, 10);
        const midnight = oracleMidnight(date, zone);
        const next = oracleMidnight(addLocalDays(date, 1), zone);
        for (const t of [midnight, midnight + 12 * HOUR, next - 1]) {
          for (const kind of QUOTA_PERIODS) {
            const got = span(periodContaining(new Date(t), kind, zone)).join(' ');
            const expected = oracle(t, kind, zone).join(' ');
            if (got !== expected) wrong.push(`${zone} ${kind} ${iso(new Date(t))}: ${got}, expected ${expected}`);
            checked++;
          }
        }
      }
    }
    expect(wrong).toEqual([]);
    expect(checked).toBe(2 * 2557 * 3 * 2); // 7 years, 2024 and 2028 leap
  });

  test('property: Seoul has no DST since 1989, so a week is 168 hours and a month its days × 24 hours, bounded by local midnights', () => {
    fc.assert(
      fc.property(instants('1989-01-01T00:00:00Z', '2999-12-31T00:00:00Z'), (instant) => {
        const week = periodContaining(instant, 'week', SEOUL);
        expect(week.end.getTime() - week.start.getTime()).toBe(168 * HOUR);
        // Monday 00:00 +09:00 is Sunday 15:00Z
        expect([week.start.getUTCDay(), week.start.getUTCHours(), week.start.getUTCMinutes()]).toEqual([0, 15, 0]);
        const month = periodContaining(instant, 'month', SEOUL);
        const [y, m] = localDate(instant, SEOUL).split('-').map(Number);
        const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
        expect(month.end.getTime() - month.start.getTime()).toBe(days * DAY);
        expect(iso(month.start)).toBe(iso(new Date(Date.UTC(y, m - 1, 1) - 9 * HOUR)));
      }),
      { numRuns: 500 },
    );
  });

  test.each([SEOUL, BERLIN, SANTIAGO])('property (%s): the period contains the instant, starts on a local Monday or 1st, and periods tile time', (zone) => {
    fc.assert(
      fc.property(instants('1971-01-01T00:00:00Z', '2099-12-31T00:00:00Z'), (instant) => {
        const date = localDate(instant, zone);
        for (const kind of QUOTA_PERIODS) {
          const p = periodContaining(instant, kind, zone);
          expect(p.kind).toBe(kind);
          expect(p.start.getTime()).toBeLessThanOrEqual(instant.getTime());
          expect(instant.getTime()).toBeLessThan(p.end.getTime());
          // the bounds are local day starts (local midnight, or the first instant after a gap at midnight)
          for (const bound of [p.start, p.end]) expect(localDate(new Date(bound.getTime() - 1), zone)).not.toBe(localDate(bound, zone));
          if (kind === 'week') {
            expect([localWeekday(p.start, zone), localWeekday(p.end, zone)]).toEqual(['mon', 'mon']);
            expect(localDate(p.end, zone)).toBe(addLocalDays(localDate(p.start, zone), 7));
            expect(date >= localDate(p.start, zone) && date <= addLocalDays(localDate(p.start, zone), 6)).toBe(true);
            // DST moves a week by at most an hour
            expect(Math.abs(p.end.getTime() - p.start.getTime() - 168 * HOUR)).toBeLessThanOrEqual(HOUR);
          } else {
            expect(localDate(p.start, zone)).toBe(`${date.slice(0, 7)}-01`);
            expect(localDate(p.end, zone).slice(8)).toBe('01');
            expect(localDate(new Date(p.end.getTime() - 1), zone).slice(0, 7)).toBe(date.slice(0, 7));
          }
          // the next period starts where this one ends, the previous one ends where it starts
          expect(iso(periodContaining(p.end, kind, zone).start)).toBe(iso(p.end));
          expect(iso(periodContaining(new Date(p.start.getTime() - 1), kind, zone).end)).toBe(iso(p.start));
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('periodsContaining', () => {
  test('property: each instant lies in exactly one returned week and one returned month, and each period holds one of them', () => {
    fc.assert(
      fc.property(fc.array(instants('2020-01-01T00:00:00Z', '2030-12-31T00:00:00Z'), { maxLength: 40 }), fc.constantFrom(SEOUL, BERLIN), (list, zone) => {
        const periods = periodsContaining(list, zone);
        expect(new Set(periods.map((p) => `${p.kind}|${iso(p.start)}`)).size).toBe(periods.length);
        for (const instant of list) {
          for (const kind of QUOTA_PERIODS) {
            const holding = periods.filter((p) => p.kind === kind && p.start <= instant && instant < p.end);
            expect(holding.map(span)).toEqual([span(periodContaining(instant, kind, zone))]);
          }
        }
        for (const p of periods) expect(list.some((i) => p.start <= i && i < p.end)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  test('a weekly series over a month boundary touches its weeks and both months', () => {
    const starts = ['2026-03-24T01:00:00Z', '2026-03-31T01:00:00Z', '2026-04-07T01:00:00Z'].map((s) => new Date(s));
    expect(periodsContaining(starts, SEOUL).map((p) => [p.kind, iso(p.start)])).toEqual([
      ['week', '2026-03-22T15:00:00.000Z'],
      ['week', '2026-03-29T15:00:00.000Z'],
      ['week', '2026-04-05T15:00:00.000Z'],
      ['month', '2026-02-28T15:00:00.000Z'],
      ['month', '2026-03-31T15:00:00.000Z'],
    ]);
  });
});
