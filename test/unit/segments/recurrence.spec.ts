import fc from 'fast-check';
import { ValidationFailed } from '../../../src/common/errors.js';
import { atLocal, localDate, localMinuteOfDay, localWeekday } from '../../../src/segments/local-time.js';
import {
  assertValidRrule,
  expandOccurrences,
  OCCURRENCES_BETWEEN_CAP,
  occurrencesBetween,
} from '../../../src/segments/recurrence.js';

const SEOUL = 'Asia/Seoul';
const BERLIN = 'Europe/Berlin';
const NEW_YORK = 'America/New_York';
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const at = (iso: string) => new Date(iso);
const isos = (dates: Date[]) => dates.map((d) => d.toISOString());
const expand = (rrule: string, first: string, zone: string, limit = 500, until?: string) =>
  isos(expandOccurrences(rrule, at(first), zone, limit, until === undefined ? undefined : at(until)));

describe('expandOccurrences', () => {
  test("api.md's example: Tuesdays and Thursdays, 8 times, in Seoul", () => {
    const starts = expandOccurrences('FREQ=WEEKLY;BYDAY=TU,TH;COUNT=8', at('2026-03-03T10:00:00+09:00'), SEOUL, 500);
    expect(isos(starts)).toEqual([
      '2026-03-03T01:00:00.000Z',
      '2026-03-05T01:00:00.000Z',
      '2026-03-10T01:00:00.000Z',
      '2026-03-12T01:00:00.000Z',
      '2026-03-17T01:00:00.000Z',
      '2026-03-19T01:00:00.000Z',
      '2026-03-24T01:00:00.000Z',
      '2026-03-26T01:00:00.000Z',
    ]);
    expect(starts.map((s) => localWeekday(s, SEOUL))).toEqual(['tue', 'thu', 'tue', 'thu', 'tue', 'thu', 'tue', 'thu']);
  });

  test.each([
    // a weekly series crossing each switch keeps 09:00 local
    [BERLIN, '2026-03-17T09:00:00+01:00', ['2026-03-17T08:00:00.000Z', '2026-03-24T08:00:00.000Z', '2026-03-31T07:00:00.000Z', '2026-04-07T07:00:00.000Z']],
    [BERLIN, '2026-10-13T09:00:00+02:00', ['2026-10-13T07:00:00.000Z', '2026-10-20T07:00:00.000Z', '2026-10-27T08:00:00.000Z', '2026-11-03T08:00:00.000Z']],
    [NEW_YORK, '2026-02-24T09:00:00-05:00', ['2026-02-24T14:00:00.000Z', '2026-03-03T14:00:00.000Z', '2026-03-10T13:00:00.000Z', '2026-03-17T13:00:00.000Z']],
    [NEW_YORK, '2026-10-20T09:00:00-04:00', ['2026-10-20T13:00:00.000Z', '2026-10-27T13:00:00.000Z', '2026-11-03T14:00:00.000Z', '2026-11-10T14:00:00.000Z']],
    [SEOUL, '2026-03-17T09:00:00+09:00', ['2026-03-17T00:00:00.000Z', '2026-03-24T00:00:00.000Z', '2026-03-31T00:00:00.000Z', '2026-04-07T00:00:00.000Z']],
  ])('weekly in %s from %s keeps 09:00 local', (zone, first, expected) => {
    const starts = expandOccurrences('FREQ=WEEKLY;COUNT=4', at(first), zone, 500);
    expect(isos(starts)).toEqual(expected);
    expect(starts.map((s) => localMinuteOfDay(s, zone))).toEqual([540, 540, 540, 540]);
  });

  test.each([
    // switch Sundays themselves, at 09:00
    [BERLIN, 'FREQ=WEEKLY;BYDAY=SU;COUNT=3', '2026-03-22T09:00:00+01:00', ['2026-03-22T08:00:00.000Z', '2026-03-29T07:00:00.000Z', '2026-04-05T07:00:00.000Z']],
    [BERLIN, 'FREQ=WEEKLY;BYDAY=SU;COUNT=3', '2026-10-18T09:00:00+02:00', ['2026-10-18T07:00:00.000Z', '2026-10-25T08:00:00.000Z', '2026-11-01T08:00:00.000Z']],
    [NEW_YORK, 'FREQ=WEEKLY;BYDAY=SU;COUNT=3', '2026-03-01T09:00:00-05:00', ['2026-03-01T14:00:00.000Z', '2026-03-08T13:00:00.000Z', '2026-03-15T13:00:00.000Z']],
    [NEW_YORK, 'FREQ=WEEKLY;BYDAY=SU;COUNT=3', '2026-10-25T09:00:00-04:00', ['2026-10-25T13:00:00.000Z', '2026-11-01T14:00:00.000Z', '2026-11-08T14:00:00.000Z']],
    // daily at 02:30 through the Berlin gap: the switch day starts at 03:00 (the end of the gap)
    [BERLIN, 'FREQ=DAILY;COUNT=3', '2026-03-28T02:30:00+01:00', ['2026-03-28T01:30:00.000Z', '2026-03-29T01:00:00.000Z', '2026-03-30T00:30:00.000Z']],
    // daily at 02:30 through the Berlin overlap: the earlier 02:30 (CEST)
    [BERLIN, 'FREQ=DAILY;COUNT=3', '2026-10-24T02:30:00+02:00', ['2026-10-24T00:30:00.000Z', '2026-10-25T00:30:00.000Z', '2026-10-26T01:30:00.000Z']],
    // a first start at the later 02:30 (CET) is kept exactly
    [BERLIN, 'FREQ=DAILY;COUNT=2', '2026-10-25T02:30:00+01:00', ['2026-10-25T01:30:00.000Z', '2026-10-26T01:30:00.000Z']],
    // New York daily at 02:30 (gap) and 01:30 (overlap)
    [NEW_YORK, 'FREQ=DAILY;COUNT=3', '2026-03-07T02:30:00-05:00', ['2026-03-07T07:30:00.000Z', '2026-03-08T07:00:00.000Z', '2026-03-09T06:30:00.000Z']],
    [NEW_YORK, 'FREQ=DAILY;COUNT=3', '2026-10-31T01:30:00-04:00', ['2026-10-31T05:30:00.000Z', '2026-11-01T05:30:00.000Z', '2026-11-02T06:30:00.000Z']],
  ])('%s %s from %s', (zone, rrule, first, expected) => {
    expect(expand(rrule, first, zone)).toEqual(expected);
  });

  test.each([
    ['every other week', 'FREQ=WEEKLY;INTERVAL=2;COUNT=3', '2026-03-02T09:00:00+09:00', ['2026-03-02', '2026-03-16', '2026-03-30']],
    ['on the 31st, skipping short months', 'FREQ=MONTHLY;BYMONTHDAY=31;COUNT=3', '2026-01-31T09:00:00+09:00', ['2026-01-31', '2026-03-31', '2026-05-31']],
    ['the last Friday of the month', 'FREQ=MONTHLY;BYDAY=-1FR;COUNT=3', '2026-03-27T09:00:00+09:00', ['2026-03-27', '2026-04-24', '2026-05-29']],
    ['the first weekday of the month', 'FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=1;COUNT=3', '2026-03-02T09:00:00+09:00', ['2026-03-02', '2026-04-01', '2026-05-01']],
    ['leap days', 'FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29;COUNT=3', '2028-02-29T09:00:00+09:00', ['2028-02-29', '2032-02-29', '2036-02-29']],
    ['weekdays', 'FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR;COUNT=6', '2026-03-05T09:00:00+09:00', ['2026-03-05', '2026-03-06', '2026-03-09', '2026-03-10', '2026-03-11', '2026-03-12']],
    ['summer Mondays only', 'FREQ=WEEKLY;BYMONTH=7;COUNT=5', '2026-06-29T09:00:00+09:00', ['2026-06-29', '2026-07-06', '2026-07-13', '2026-07-20', '2026-07-27']],
    ['the RRULE: prefix and lower case', 'rrule:freq=weekly;count=2', '2026-03-02T09:00:00+09:00', ['2026-03-02', '2026-03-09']],
    ['WKST', 'FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,SU;WKST=SU;COUNT=4', '2026-03-03T09:00:00+09:00', ['2026-03-03', '2026-03-15', '2026-03-17', '2026-03-29']],
  ])('%s', (_name, rrule, first, dates) => {
    const starts = expandOccurrences(rrule, at(first), SEOUL, 500);
    expect(starts.map((s) => localDate(s, SEOUL))).toEqual(dates);
    expect(new Set(starts.map((s) => localMinuteOfDay(s, SEOUL)))).toEqual(new Set([540]));
  });

  test('firstStart is the first occurrence and counts towards COUNT even off the rule', () => {
    // Monday, with a Tuesday/Thursday rule
    const starts = expandOccurrences('FREQ=WEEKLY;BYDAY=TU,TH;COUNT=3', at('2026-03-02T09:00:00+09:00'), SEOUL, 500);
    expect(starts.map((s) => localDate(s, SEOUL))).toEqual(['2026-03-02', '2026-03-03', '2026-03-05']);
  });

  test('COUNT=1 is firstStart alone', () => {
    expect(expand('FREQ=DAILY;COUNT=1', '2026-03-02T09:00:00+09:00', SEOUL)).toEqual(['2026-03-02T00:00:00.000Z']);
  });

  test('keeps the seconds of firstStart', () => {
    expect(expand('FREQ=DAILY;COUNT=2', '2026-03-02T09:00:30.500+09:00', SEOUL)).toEqual([
      '2026-03-02T00:00:30.500Z',
      '2026-03-03T00:00:30.500Z',
    ]);
  });

  describe('limit', () => {
    test.each([
      ['FREQ=DAILY', 5, 6],
      ['FREQ=DAILY;COUNT=600', 500, 501],
      ['FREQ=DAILY;COUNT=501', 500, 501],
      ['FREQ=DAILY;COUNT=500', 500, 500],
      ['FREQ=DAILY;COUNT=3', 500, 3],
      ['FREQ=DAILY', 0, 1],
    ])('%s with limit %i gives %i occurrences', (rrule, limit, count) => {
      expect(expandOccurrences(rrule, at('2026-03-02T09:00:00+09:00'), SEOUL, limit)).toHaveLength(count);
    });
  });

  describe('UNTIL and the until bound', () => {
    const first = '2026-03-02T09:00:00+09:00';
    const dates = (rrule: string, until?: string) =>
      expandOccurrences(rrule, at(first), SEOUL, 500, until === undefined ? undefined : at(until)).map((s) => localDate(s, SEOUL));

    test.each([
      ['UNTIL with Z is an instant, inclusive', 'FREQ=DAILY;UNTIL=20260304T000000Z', ['2026-03-02', '2026-03-03', '2026-03-04']],
      ['UNTIL with Z one second early', 'FREQ=DAILY;UNTIL=20260303T235959Z', ['2026-03-02', '2026-03-03']],
      ['UNTIL as a local date-time, inclusive', 'FREQ=DAILY;UNTIL=20260304T090000', ['2026-03-02', '2026-03-03', '2026-03-04']],
      ['UNTIL as a local date-time, a minute early', 'FREQ=DAILY;UNTIL=20260304T085900', ['2026-03-02', '2026-03-03']],
      ['UNTIL as a date includes the day', 'FREQ=DAILY;UNTIL=20260304', ['2026-03-02', '2026-03-03', '2026-03-04']],
      ['UNTIL before firstStart', 'FREQ=DAILY;UNTIL=20260301', []],
    ])('%s', (_name, rrule, expected) => {
      expect(dates(rrule)).toEqual(expected);
    });

    test('UNTIL as a date in a DST zone covers the whole local day', () => {
      expect(expand('FREQ=DAILY;UNTIL=20261025', '2026-10-23T23:30:00+02:00', BERLIN)).toEqual([
        '2026-10-23T21:30:00.000Z',
        '2026-10-24T21:30:00.000Z',
        '2026-10-25T22:30:00.000Z',
      ]);
    });

    test('UNTIL with Z in the repeated hour compares instants', () => {
      // 02:30 CEST (00:30Z) is before 02:10 CET (01:10Z)
      expect(expand('FREQ=DAILY;UNTIL=20261025T011000Z', '2026-10-24T02:30:00+02:00', BERLIN)).toEqual([
        '2026-10-24T00:30:00.000Z',
        '2026-10-25T00:30:00.000Z',
      ]);
    });

    test('until bounds a rule without COUNT or UNTIL, inclusively', () => {
      expect(dates('FREQ=DAILY', '2026-03-05T00:00:00Z')).toEqual(['2026-03-02', '2026-03-03', '2026-03-04', '2026-03-05']);
      expect(dates('FREQ=DAILY', '2026-03-04T23:59:59Z')).toEqual(['2026-03-02', '2026-03-03', '2026-03-04']);
    });

    test("until does not cut a rule's own COUNT or UNTIL", () => {
      expect(dates('FREQ=DAILY;COUNT=5', '2026-03-03T00:00:00Z')).toHaveLength(5);
      expect(dates('FREQ=DAILY;UNTIL=20260306', '2026-03-03T00:00:00Z')).toHaveLength(5);
    });
  });

  test('a rule that never matches ends quickly with firstStart alone', () => {
    const started = Date.now();
    for (const rrule of ['FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30', 'FREQ=DAILY;INTERVAL=7;BYDAY=MO', 'FREQ=YEARLY;BYMONTH=4;BYMONTHDAY=31;COUNT=3']) {
      // firstStart is a Tuesday
      expect(expand(rrule, '2026-03-03T09:00:00+09:00', SEOUL)).toEqual(['2026-03-03T00:00:00.000Z']);
    }
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  test('a sparse rule reaches a century ahead', () => {
    const starts = expandOccurrences('FREQ=YEARLY;INTERVAL=25;COUNT=5', at('2026-03-02T09:00:00+09:00'), SEOUL, 500);
    expect(starts.map((s) => localDate(s, SEOUL))).toEqual(['2026-03-02', '2051-03-02', '2076-03-02', '2101-03-02', '2126-03-02']);
  });

  test.each([
    ['', 'must be an RRULE'],
    ['   ', 'must be an RRULE'],
    ['garbage', 'is not NAME=VALUE'],
    ['FOO=1', 'unknown part FOO'],
    ['FREQ=DAILY;X-NAME=1', 'unknown part X-NAME'],
    ['BYDAY=TU', 'FREQ is required'],
    ['FREQ=FORTNIGHTLY', 'FREQ must be DAILY, WEEKLY, MONTHLY or YEARLY'],
    ['FREQ=HOURLY;COUNT=3', 'FREQ must be DAILY, WEEKLY, MONTHLY or YEARLY'],
    ['FREQ=MINUTELY', 'FREQ must be DAILY, WEEKLY, MONTHLY or YEARLY'],
    ['FREQ=DAILY;BYHOUR=9', 'BYHOUR is not supported'],
    ['FREQ=DAILY;BYMINUTE=30', 'BYMINUTE is not supported'],
    ['FREQ=DAILY;BYSECOND=0', 'BYSECOND is not supported'],
    ['DTSTART:20260101T000000Z\nRRULE:FREQ=DAILY', 'must not contain DTSTART'],
    ['FREQ=DAILY;DTSTART=20260101T000000Z', 'must not contain DTSTART'],
    ['FREQ=DAILY\nEXDATE:20260102T000000Z', 'must be a single RRULE line'],
    ['FREQ=DAILY; COUNT=2', 'must be a single RRULE line'],
    ['FREQ=DAILY;', 'is not NAME=VALUE'],
    ['FREQ=DAILY;;COUNT=2', 'is not NAME=VALUE'],
    ['FREQ=DAILY;COUNT', 'is not NAME=VALUE'],
    ['FREQ=DAILY;COUNT=2=3', 'is not NAME=VALUE'],
    ['FREQ=DAILY;COUNT=2;COUNT=3', 'COUNT is given twice'],
    ['FREQ=WEEKLY;COUNT=0', 'COUNT must be a positive integer'],
    ['FREQ=WEEKLY;COUNT=abc', 'COUNT must be a positive integer'],
    ['FREQ=WEEKLY;COUNT=1.5', 'COUNT must be a positive integer'],
    ['FREQ=WEEKLY;COUNT=-1', 'COUNT must be a positive integer'],
    ['FREQ=WEEKLY;INTERVAL=0', 'INTERVAL must be a positive integer'],
    ['FREQ=DAILY;COUNT=2;UNTIL=20260601', 'COUNT and UNTIL cannot both be given'],
    ['FREQ=DAILY;UNTIL=20260230', 'UNTIL must be a date'],
    ['FREQ=DAILY;UNTIL=2026-06-01', 'UNTIL must be a date'],
    ['FREQ=DAILY;UNTIL=20260601T250000Z', 'UNTIL must be a date'],
    ['FREQ=DAILY;UNTIL=20260601T0900', 'UNTIL must be a date'],
    ['FREQ=WEEKLY;BYDAY=XX', 'BYDAY must list days MO..SU'],
    ['FREQ=MONTHLY;BYDAY=0MO', 'BYDAY must list days MO..SU'],
    ['FREQ=MONTHLY;BYDAY=+54MO', 'BYDAY must list days MO..SU'],
    ['FREQ=WEEKLY;BYDAY=TU,', 'BYDAY must list days MO..SU'],
    ['FREQ=DAILY;BYDAY=1MO', 'numbered BYDAY (+1MO) needs FREQ=MONTHLY or YEARLY'],
    ['FREQ=YEARLY;BYWEEKNO=1;BYDAY=1MO', 'numbered BYDAY (+1MO) cannot be used with BYWEEKNO'],
    ['FREQ=MONTHLY;BYMONTHDAY=32', 'BYMONTHDAY values must be ±1..31'],
    ['FREQ=MONTHLY;BYMONTHDAY=0', 'BYMONTHDAY values must be ±1..31'],
    ['FREQ=WEEKLY;BYMONTHDAY=1', 'BYMONTHDAY cannot be used with FREQ=WEEKLY'],
    ['FREQ=YEARLY;BYMONTH=13', 'BYMONTH values must be 1..12'],
    ['FREQ=YEARLY;BYMONTH=-1', 'BYMONTH values must be 1..12'],
    ['FREQ=MONTHLY;BYYEARDAY=1', 'BYYEARDAY needs FREQ=YEARLY'],
    ['FREQ=YEARLY;BYYEARDAY=367', 'BYYEARDAY values must be ±1..366'],
    ['FREQ=MONTHLY;BYWEEKNO=1', 'BYWEEKNO needs FREQ=YEARLY'],
    ['FREQ=YEARLY;BYWEEKNO=54', 'BYWEEKNO values must be ±1..53'],
    ['FREQ=DAILY;BYSETPOS=1', 'BYSETPOS needs another BYxxx part'],
    ['FREQ=MONTHLY;BYDAY=MO;BYSETPOS=0', 'BYSETPOS values must be ±1..366'],
    ['FREQ=DAILY;WKST=XX', 'WKST must be one of MO..SU'],
  ])('refuses %j (%s)', (rrule, problem) => {
    const refusal = (() => {
      try {
        expandOccurrences(rrule, at('2026-03-02T09:00:00+09:00'), SEOUL, 500);
      } catch (error) {
        return error;
      }
      throw new Error('expected a refusal');
    })();
    expect(refusal).toBeInstanceOf(ValidationFailed);
    const { fields } = (refusal as ValidationFailed).details as { fields: { field: string; problems: string[] }[] };
    expect(fields).toHaveLength(1);
    expect(fields[0].field).toBe('rrule');
    expect(fields[0].problems[0]).toContain(problem);
    expect(() => assertValidRrule(rrule)).toThrow(ValidationFailed);
    expect(() => occurrencesBetween(rrule, at('2026-03-02T00:00:00Z'), SEOUL, at('2026-03-02T00:00:00Z'), at('2026-04-02T00:00:00Z'))).toThrow(
      ValidationFailed,
    );
  });

  test.each(['FREQ=DAILY', 'RRULE:FREQ=WEEKLY;BYDAY=TU,TH;COUNT=8', 'FREQ=MONTHLY;BYDAY=+1MO,-2FR', 'FREQ=YEARLY;BYWEEKNO=-1;BYDAY=MO', 'freq=yearly;byyearday=-1,100'])(
    'assertValidRrule accepts %j',
    (rrule) => {
      expect(() => assertValidRrule(rrule)).not.toThrow();
    },
  );

  test.each([SEOUL, BERLIN, NEW_YORK])('property (%s): ascending, at most limit + 1, COUNT honoured, wall-clock time kept', (zone) => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 3 * 365 }),
        fc.integer({ min: 4 * 60, max: 23 * 60 + 59 }),
        fc.constantFrom('FREQ=DAILY', 'FREQ=WEEKLY', 'FREQ=WEEKLY;BYDAY=MO,WE,SA', 'FREQ=MONTHLY;BYMONTHDAY=1,15,-1', 'FREQ=YEARLY'),
        fc.option(fc.integer({ min: 1, max: 80 })),
        fc.integer({ min: 0, max: 60 }),
        (dayOffset, minute, base, count, limit) => {
          const first = atLocal(localDate(new Date(Date.UTC(2025, 0, 1) + dayOffset * DAY), zone), minute, zone);
          const rrule = count === null ? base : `${base};COUNT=${count}`;
          const starts = expandOccurrences(rrule, first, zone, limit);
          expect(starts[0]).toEqual(first);
          expect(starts.length).toBe(Math.min(count ?? Infinity, limit + 1));
          starts.forEach((start, i) => {
            expect(localMinuteOfDay(start, zone)).toBe(minute);
            if (i > 0) expect(start.getTime()).toBeGreaterThan(starts[i - 1].getTime());
          });
        },
      ),
    );
  });
});

describe('occurrencesBetween', () => {
  const DAILY_NOON = 'FREQ=DAILY';
  const FIRST = at('2026-01-05T12:00:00+09:00');

  test('the occurrence starts within [from, to)', () => {
    expect(isos(occurrencesBetween(DAILY_NOON, FIRST, SEOUL, at('2026-03-02T00:00:00+09:00'), at('2026-03-05T00:00:00+09:00')))).toEqual([
      '2026-03-02T03:00:00.000Z',
      '2026-03-03T03:00:00.000Z',
      '2026-03-04T03:00:00.000Z',
    ]);
  });

  test('from is inclusive, to exclusive', () => {
    const from = at('2026-03-02T12:00:00+09:00');
    const to = at('2026-03-04T12:00:00+09:00');
    expect(isos(occurrencesBetween(DAILY_NOON, FIRST, SEOUL, from, to))).toEqual(['2026-03-02T03:00:00.000Z', '2026-03-03T03:00:00.000Z']);
  });

  test.each([
    ['a window before firstStart', 'FREQ=DAILY', '2025-12-01T00:00:00Z', '2026-01-01T00:00:00Z', []],
    ['a window after the last of COUNT', 'FREQ=DAILY;COUNT=10', '2026-03-01T00:00:00Z', '2026-04-01T00:00:00Z', []],
    ['a window after UNTIL', 'FREQ=DAILY;UNTIL=20260201', '2026-03-01T00:00:00Z', '2026-04-01T00:00:00Z', []],
    ['an empty window', 'FREQ=DAILY', '2026-03-02T00:00:00Z', '2026-03-02T00:00:00Z', []],
    ['a window holding firstStart', 'FREQ=WEEKLY', '2026-01-05T00:00:00Z', '2026-01-13T00:00:00Z', ['2026-01-05T03:00:00.000Z', '2026-01-12T03:00:00.000Z']],
    ['the last of COUNT', 'FREQ=DAILY;COUNT=3', '2026-01-06T00:00:00Z', '2026-02-01T00:00:00Z', ['2026-01-06T03:00:00.000Z', '2026-01-07T03:00:00.000Z']],
  ])('%s', (_name, rrule, from, to, expected) => {
    expect(isos(occurrencesBetween(rrule, FIRST, SEOUL, at(from), at(to)))).toEqual(expected);
  });

  test.each([
    // a recurring Sunday 01:00–04:00 maintenance window: its start keeps 01:00 local
    [BERLIN, '2026-03-15T01:00:00+01:00', '2026-03-20T00:00:00Z', '2026-04-10T00:00:00Z', ['2026-03-22T00:00:00.000Z', '2026-03-29T00:00:00.000Z', '2026-04-04T23:00:00.000Z']],
    [BERLIN, '2026-10-11T01:00:00+02:00', '2026-10-15T00:00:00Z', '2026-11-05T00:00:00Z', ['2026-10-17T23:00:00.000Z', '2026-10-24T23:00:00.000Z', '2026-11-01T00:00:00.000Z']],
    [NEW_YORK, '2026-03-01T01:00:00-05:00', '2026-03-05T00:00:00Z', '2026-03-20T00:00:00Z', ['2026-03-08T06:00:00.000Z', '2026-03-15T05:00:00.000Z']],
    [NEW_YORK, '2026-10-25T01:00:00-04:00', '2026-10-30T00:00:00Z', '2026-11-10T00:00:00Z', ['2026-11-01T05:00:00.000Z', '2026-11-08T06:00:00.000Z']],
  ])('weekly in %s from %s keeps the local time', (zone, first, from, to, expected) => {
    const starts = occurrencesBetween('FREQ=WEEKLY', at(first), zone, at(from), at(to));
    expect(isos(starts)).toEqual(expected);
    expect(starts.every((s) => localMinuteOfDay(s, zone) === 60)).toBe(true);
  });

  test(`stops at ${OCCURRENCES_BETWEEN_CAP} starts`, () => {
    const starts = occurrencesBetween('FREQ=DAILY', FIRST, SEOUL, at('2026-01-01T00:00:00Z'), at('2060-01-01T00:00:00Z'));
    expect(starts).toHaveLength(OCCURRENCES_BETWEEN_CAP);
    expect(starts.at(-1)?.toISOString()).toBe(new Date(FIRST.getTime() + (OCCURRENCES_BETWEEN_CAP - 1) * DAY).toISOString());
  });

  test('a long-running daily rule is cheap to query years later', () => {
    const started = Date.now();
    const starts = occurrencesBetween(DAILY_NOON, FIRST, SEOUL, at('2036-03-01T00:00:00Z'), at('2036-05-01T00:00:00Z'));
    expect(starts).toHaveLength(61);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  test.each([SEOUL, BERLIN, NEW_YORK])('property (%s): agrees with expandOccurrences', (zone) => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 365 }),
        fc.integer({ min: 0, max: 1439 }),
        fc.constantFrom('FREQ=DAILY;COUNT=40', 'FREQ=WEEKLY;BYDAY=TU,SU;COUNT=30', 'FREQ=MONTHLY;BYDAY=-1SU;COUNT=12', 'FREQ=DAILY;INTERVAL=3;UNTIL=20270101T000000Z'),
        fc.integer({ min: -30, max: 400 }),
        fc.integer({ min: 0, max: 120 }),
        (dayOffset, minute, rrule, fromDays, days) => {
          const first = atLocal(localDate(new Date(Date.UTC(2026, 0, 1) + dayOffset * DAY), zone), minute, zone);
          const from = new Date(first.getTime() + fromDays * DAY + minute * 1000);
          const to = new Date(from.getTime() + days * DAY);
          const all = expandOccurrences(rrule, first, zone, 1000);
          const inWindow = all.filter((s) => s.getTime() >= from.getTime() && s.getTime() < to.getTime());
          expect(occurrencesBetween(rrule, first, zone, from, to)).toEqual(inWindow);
        },
      ),
    );
  });
});
