import fc from 'fast-check';
import { buckets, type Granularity } from '../../src/reports/buckets.js';
import { atLocal, localDate, localMinuteOfDay, localWeekday } from '../../src/segments/local-time.js';

const SEOUL = 'Asia/Seoul';
const BERLIN = 'Europe/Berlin';
const iso = (d: Date) => d.toISOString();
const mid = (date: string, zone: string) => atLocal(date, 0, zone);
const rows = (from: Date, to: Date, g: Granularity, zone: string) => buckets(from, to, g, zone).map((b) => [iso(b.periodStart), iso(b.from), iso(b.to)]);
const HOUR = 3_600_000;

describe('buckets()', () => {
  it.each<[string, string, string, Granularity, string, [string, string, string][]]>([
    [
      'Seoul days',
      '2026-12-01T00:00:00+09:00',
      '2026-12-03T00:00:00+09:00',
      'day',
      SEOUL,
      [
        ['2026-11-30T15:00:00.000Z', '2026-11-30T15:00:00.000Z', '2026-12-01T15:00:00.000Z'],
        ['2026-12-01T15:00:00.000Z', '2026-12-01T15:00:00.000Z', '2026-12-02T15:00:00.000Z'],
      ],
    ],
    [
      'Seoul days clipped at both ends',
      '2026-12-01T10:00:00+09:00',
      '2026-12-02T06:30:00+09:00',
      'day',
      SEOUL,
      [
        ['2026-11-30T15:00:00.000Z', '2026-12-01T01:00:00.000Z', '2026-12-01T15:00:00.000Z'],
        ['2026-12-01T15:00:00.000Z', '2026-12-01T15:00:00.000Z', '2026-12-01T21:30:00.000Z'],
      ],
    ],
    [
      'a Seoul ISO week from a Wednesday (starts the Monday before, clipped)',
      '2026-12-02T00:00:00+09:00',
      '2026-12-15T00:00:00+09:00',
      'week',
      SEOUL,
      [
        ['2026-11-29T15:00:00.000Z', '2026-12-01T15:00:00.000Z', '2026-12-06T15:00:00.000Z'],
        ['2026-12-06T15:00:00.000Z', '2026-12-06T15:00:00.000Z', '2026-12-13T15:00:00.000Z'],
        ['2026-12-13T15:00:00.000Z', '2026-12-13T15:00:00.000Z', '2026-12-14T15:00:00.000Z'],
      ],
    ],
    [
      'a week across the year end (ISO week 53 of 2026 starts Monday 2026-12-28)',
      '2026-12-31T00:00:00+09:00',
      '2027-01-05T00:00:00+09:00',
      'week',
      SEOUL,
      [
        ['2026-12-27T15:00:00.000Z', '2026-12-30T15:00:00.000Z', '2027-01-03T15:00:00.000Z'],
        ['2027-01-03T15:00:00.000Z', '2027-01-03T15:00:00.000Z', '2027-01-04T15:00:00.000Z'],
      ],
    ],
    [
      'Seoul months, December to February (28 days)',
      '2026-12-15T00:00:00+09:00',
      '2027-03-01T00:00:00+09:00',
      'month',
      SEOUL,
      [
        ['2026-11-30T15:00:00.000Z', '2026-12-14T15:00:00.000Z', '2026-12-31T15:00:00.000Z'],
        ['2026-12-31T15:00:00.000Z', '2026-12-31T15:00:00.000Z', '2027-01-31T15:00:00.000Z'],
        ['2027-01-31T15:00:00.000Z', '2027-01-31T15:00:00.000Z', '2027-02-28T15:00:00.000Z'],
      ],
    ],
    [
      'Berlin 2026-03-29: a 23-hour day',
      '2026-03-29T00:00:00+01:00',
      '2026-03-31T00:00:00+02:00',
      'day',
      BERLIN,
      [
        ['2026-03-28T23:00:00.000Z', '2026-03-28T23:00:00.000Z', '2026-03-29T22:00:00.000Z'],
        ['2026-03-29T22:00:00.000Z', '2026-03-29T22:00:00.000Z', '2026-03-30T22:00:00.000Z'],
      ],
    ],
    [
      'Berlin 2026-10-25: a 25-hour day',
      '2026-10-25T00:00:00+02:00',
      '2026-10-26T00:00:00+01:00',
      'day',
      BERLIN,
      [['2026-10-24T22:00:00.000Z', '2026-10-24T22:00:00.000Z', '2026-10-25T23:00:00.000Z']],
    ],
    [
      'Berlin: the week of 2026-10-19 contains the switch (169 hours)',
      '2026-10-19T00:00:00+02:00',
      '2026-10-26T00:00:00+01:00',
      'week',
      BERLIN,
      [['2026-10-18T22:00:00.000Z', '2026-10-18T22:00:00.000Z', '2026-10-25T23:00:00.000Z']],
    ],
    [
      'Berlin: October 2026 starts 2026-09-30T22:00Z and ends 2026-10-31T23:00Z',
      '2026-10-01T00:00:00+02:00',
      '2026-11-01T00:00:00+01:00',
      'month',
      BERLIN,
      [['2026-09-30T22:00:00.000Z', '2026-09-30T22:00:00.000Z', '2026-10-31T23:00:00.000Z']],
    ],
  ])('%s', (_name, from, to, granularity, zone, expected) => {
    expect(rows(new Date(from), new Date(to), granularity, zone)).toEqual(expected);
  });

  it('day lengths across the Berlin switches: 23 h and 25 h', () => {
    const spring = buckets(mid('2026-03-29', BERLIN), mid('2026-03-30', BERLIN), 'day', BERLIN);
    const autumn = buckets(mid('2026-10-25', BERLIN), mid('2026-10-26', BERLIN), 'day', BERLIN);
    expect(spring.map((b) => (b.to.getTime() - b.from.getTime()) / HOUR)).toEqual([23]);
    expect(autumn.map((b) => (b.to.getTime() - b.from.getTime()) / HOUR)).toEqual([25]);
    const march = buckets(mid('2026-03-01', BERLIN), mid('2026-04-01', BERLIN), 'month', BERLIN);
    expect(march.map((b) => (b.to.getTime() - b.from.getTime()) / HOUR)).toEqual([31 * 24 - 1]);
  });

  it('a range inside one local day gives one clipped bucket; a range ending at a midnight gives no empty bucket', () => {
    const from = new Date('2026-12-01T10:00:00+09:00');
    const to = new Date('2026-12-01T11:00:00+09:00');
    expect(rows(from, to, 'month', SEOUL)).toEqual([['2026-11-30T15:00:00.000Z', iso(from), iso(to)]]);
    expect(buckets(mid('2026-12-01', SEOUL), mid('2026-12-02', SEOUL), 'day', SEOUL)).toHaveLength(1);
    expect(buckets(mid('2026-12-07', SEOUL), mid('2026-12-14', SEOUL), 'week', SEOUL)).toHaveLength(1);
  });

  describe('properties', () => {
    const zones = fc.constantFrom(SEOUL, BERLIN, 'America/New_York', 'UTC', 'Australia/Lord_Howe');
    const granularities = fc.constantFrom<Granularity>('day', 'week', 'month');
    // instants between 2020 and 2030, ranges up to ~100 days, minute precision
    const START = Date.UTC(2020, 0, 1);
    const range = fc.tuple(fc.integer({ min: 0, max: 10 * 365 * 1440 }), fc.integer({ min: 1, max: 100 * 1440 })).map(([a, len]) => ({
      from: new Date(START + a * 60_000),
      to: new Date(START + (a + len) * 60_000),
    }));

    it('contiguous, covering [from, to) exactly, each starting at a local midnight (a Monday / the 1st)', () => {
      fc.assert(
        fc.property(range, granularities, zones, ({ from, to }, granularity, zone) => {
          const result = buckets(from, to, granularity, zone);
          expect(result.length).toBeGreaterThan(0);
          expect(result[0].from.getTime()).toBe(from.getTime());
          expect(result.at(-1)!.to.getTime()).toBe(to.getTime());
          result.forEach((b, i) => {
            expect(b.from.getTime()).toBeLessThan(b.to.getTime());
            expect(b.periodStart.getTime()).toBeLessThanOrEqual(b.from.getTime());
            if (i > 0) {
              expect(b.from.getTime()).toBe(result[i - 1].to.getTime());
              expect(b.periodStart.getTime()).toBe(b.from.getTime());
            }
            const date = localDate(b.periodStart, zone);
            expect(b.periodStart.getTime()).toBe(atLocal(date, 0, zone).getTime());
            if (zone !== 'Australia/Lord_Howe') expect(localMinuteOfDay(b.periodStart, zone)).toBe(0);
            if (granularity === 'week') expect(localWeekday(b.periodStart, zone)).toBe('mon');
            if (granularity === 'month') expect(date.endsWith('-01')).toBe(true);
            // the period's local date is that of every instant in the bucket
            const last = new Date(b.to.getTime() - 1);
            if (granularity === 'day') expect(localDate(last, zone)).toBe(date);
            if (granularity === 'month') expect(localDate(last, zone).slice(0, 7)).toBe(date.slice(0, 7));
          });
        }),
        { numRuns: 300 },
      );
    });
  });
});
