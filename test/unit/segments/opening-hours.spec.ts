import fc from 'fast-check';
import { addLocalDays, atLocal, localDate, localDayRange, localMinuteOfDay, localWeekday, WEEKDAYS, type Weekday } from '../../../src/segments/local-time.js';
import {
  openIntervals,
  validateOpeningHours,
  withinOneOpening,
  type Interval,
  type OpeningHours,
} from '../../../src/segments/opening-hours.js';

const SEOUL = 'Asia/Seoul';
const BERLIN = 'Europe/Berlin';
const NEW_YORK = 'America/New_York';
const HOUR = 3_600_000;

const WEEKDAYS_8_TO_20_SAT_9_TO_17: OpeningHours = [
  { days: ['mon', 'tue', 'wed', 'thu', 'fri'], open: '08:00', close: '20:00' },
  { days: ['sat'], open: '09:00', close: '17:00' },
];
const EVERY_DAY = (open: string, close: string): OpeningHours => [{ days: [...WEEKDAYS], open, close }];
const ALWAYS = EVERY_DAY('00:00', '24:00');

const at = (iso: string) => new Date(iso);
const iso = (intervals: Interval[]) => intervals.map((i) => [i.start.toISOString(), i.end.toISOString()]);

describe('validateOpeningHours', () => {
  test.each<[string, unknown]>([
    ['the usual week', WEEKDAYS_8_TO_20_SAT_9_TO_17],
    ['no hours at all (never open)', []],
    ['round the clock', ALWAYS],
    ['a split day', [{ days: ['mon'], open: '08:00', close: '12:00' }, { days: ['mon'], open: '13:00', close: '17:00' }]],
    ['touching entries', [{ days: ['mon'], open: '08:00', close: '12:00' }, { days: ['mon'], open: '12:00', close: '17:00' }]],
    ['the same hours on different days', [{ days: ['mon'], open: '08:00', close: '20:00' }, { days: ['tue'], open: '08:00', close: '20:00' }]],
    ['the last minute', [{ days: ['sun'], open: '23:59', close: '24:00' }]],
  ])('accepts %s', (_name, hours) => {
    expect(validateOpeningHours(hours)).toEqual([]);
  });

  test.each<[string, unknown, string[]]>([
    ['not a list', { days: ['mon'], open: '08:00', close: '20:00' }, ['openingHours must be a list of { days, open, close }']],
    ['null', null, ['openingHours must be a list of { days, open, close }']],
    ['an entry that is not an object', [null], ['openingHours[0] must be an object { days, open, close }']],
    [
      'days that are not a list',
      [{ days: 'mon', open: '08:00', close: '20:00' }],
      ['openingHours[0].days must be a list of weekdays (mon, tue, wed, thu, fri, sat, sun)'],
    ],
    ['empty days', [{ days: [], open: '08:00', close: '20:00' }], ['openingHours[0].days must not be empty']],
    [
      'an unknown day',
      [{ days: ['mon', 'Tue', 'holiday'], open: '08:00', close: '20:00' }],
      [
        'openingHours[0].days: unknown day "Tue" (use mon, tue, wed, thu, fri, sat, sun)',
        'openingHours[0].days: unknown day "holiday" (use mon, tue, wed, thu, fri, sat, sun)',
      ],
    ],
    [
      'a day twice in one entry',
      [{ days: ['mon', 'tue', 'mon'], open: '08:00', close: '20:00' }],
      ['openingHours[0].days: "mon" is listed more than once'],
    ],
    [
      'a bad opening clock',
      [{ days: ['mon'], open: '8:00', close: '20:00' }],
      ['openingHours[0].open must be a clock HH:MM from 00:00 to 23:59, got "8:00"'],
    ],
    [
      "'24:00' as an opening time",
      [{ days: ['mon'], open: '24:00', close: '24:00' }],
      ['openingHours[0].open must be a clock HH:MM from 00:00 to 23:59, got "24:00"'],
    ],
    [
      'a bad closing clock',
      [{ days: ['mon'], open: '08:00', close: '24:01' }],
      ['openingHours[0].close must be a clock HH:MM from 00:00 to 24:00, got "24:01"'],
    ],
    [
      'a missing closing time',
      [{ days: ['mon'], open: '08:00' }],
      ['openingHours[0].close must be a clock HH:MM from 00:00 to 24:00, got undefined'],
    ],
    ['close equal to open', [{ days: ['mon'], open: '08:00', close: '08:00' }], ['openingHours[0]: close 08:00 must be after open 08:00']],
    ['close before open', [{ days: ['mon'], open: '20:00', close: '08:00' }], ['openingHours[0]: close 08:00 must be after open 20:00']],
    [
      "close at '00:00' (the night is not wrapped)",
      [{ days: ['fri'], open: '22:00', close: '00:00' }],
      ['openingHours[0]: close 00:00 must be after open 22:00'],
    ],
    [
      'overlapping entries',
      [
        { days: ['mon', 'tue', 'wed'], open: '08:00', close: '12:00' },
        { days: ['tue', 'wed', 'thu'], open: '11:00', close: '14:00' },
      ],
      ['openingHours[0] and openingHours[1] overlap on tue, wed'],
    ],
    [
      'one entry inside another',
      [
        { days: ['sat'], open: '00:00', close: '24:00' },
        { days: ['fri'], open: '00:00', close: '24:00' },
        { days: ['sat', 'sun'], open: '10:00', close: '11:00' },
      ],
      ['openingHours[0] and openingHours[2] overlap on sat'],
    ],
    [
      'several overlaps',
      [
        { days: ['mon'], open: '08:00', close: '12:00' },
        { days: ['mon'], open: '09:00', close: '10:00' },
        { days: ['mon', 'sun'], open: '11:00', close: '13:00' },
        { days: ['sun'], open: '12:00', close: '24:00' },
      ],
      [
        'openingHours[0] and openingHours[1] overlap on mon',
        'openingHours[0] and openingHours[2] overlap on mon',
        'openingHours[2] and openingHours[3] overlap on sun',
      ],
    ],
    [
      'several problems in several entries',
      [
        { days: [], open: '08:00', close: '20:00' },
        { days: ['mon'], open: '25:00', close: '07:00' },
      ],
      ['openingHours[0].days must not be empty', 'openingHours[1].open must be a clock HH:MM from 00:00 to 23:59, got "25:00"'],
    ],
  ])('reports %s', (_name, hours, problems) => {
    expect(validateOpeningHours(hours)).toEqual(problems);
  });
});

describe('openIntervals', () => {
  test('a Seoul week: Mon–Fri 08:00–20:00, Sat 09:00–17:00, closed Sunday', () => {
    const week = localDayRange('2026-03-02', SEOUL).start;
    const nextWeek = localDayRange('2026-03-09', SEOUL).start;
    expect(iso(openIntervals(WEEKDAYS_8_TO_20_SAT_9_TO_17, week, nextWeek, SEOUL))).toEqual([
      ['2026-03-01T23:00:00.000Z', '2026-03-02T11:00:00.000Z'],
      ['2026-03-02T23:00:00.000Z', '2026-03-03T11:00:00.000Z'],
      ['2026-03-03T23:00:00.000Z', '2026-03-04T11:00:00.000Z'],
      ['2026-03-04T23:00:00.000Z', '2026-03-05T11:00:00.000Z'],
      ['2026-03-05T23:00:00.000Z', '2026-03-06T11:00:00.000Z'],
      ['2026-03-07T00:00:00.000Z', '2026-03-07T08:00:00.000Z'],
    ]);
  });

  test.each([
    ['inside one opening', '2026-03-02T10:00:00+09:00', '2026-03-02T12:00:00+09:00', [['2026-03-02T01:00:00.000Z', '2026-03-02T03:00:00.000Z']]],
    ['over a closing time', '2026-03-02T19:00:00+09:00', '2026-03-03T09:00:00+09:00', [
      ['2026-03-02T10:00:00.000Z', '2026-03-02T11:00:00.000Z'],
      ['2026-03-02T23:00:00.000Z', '2026-03-03T00:00:00.000Z'],
    ]],
    ['a closed night', '2026-03-02T21:00:00+09:00', '2026-03-03T07:00:00+09:00', []],
    ['a closed Sunday', '2026-03-08T00:00:00+09:00', '2026-03-09T00:00:00+09:00', []],
    ['`to` is exclusive: a window ending at opening time', '2026-03-02T06:00:00+09:00', '2026-03-02T08:00:00+09:00', []],
    ['`from` at closing time', '2026-03-02T20:00:00+09:00', '2026-03-02T22:00:00+09:00', []],
    ['an empty window', '2026-03-02T10:00:00+09:00', '2026-03-02T10:00:00+09:00', []],
    ['a reversed window', '2026-03-02T12:00:00+09:00', '2026-03-02T10:00:00+09:00', []],
  ])('clips to the window: %s', (_name, from, to, expected) => {
    expect(iso(openIntervals(WEEKDAYS_8_TO_20_SAT_9_TO_17, at(from), at(to), SEOUL))).toEqual(expected);
  });

  test("a day closing at '24:00' and the next opening at '00:00' make one interval", () => {
    const hours: OpeningHours = [
      { days: ['mon'], open: '20:00', close: '24:00' },
      { days: ['tue'], open: '00:00', close: '06:00' },
    ];
    expect(iso(openIntervals(hours, at('2026-03-02T00:00:00+09:00'), at('2026-03-04T00:00:00+09:00'), SEOUL))).toEqual([
      ['2026-03-02T11:00:00.000Z', '2026-03-02T21:00:00.000Z'],
    ]);
  });

  test('round the clock is one interval over many days', () => {
    expect(iso(openIntervals(ALWAYS, at('2026-03-02T10:17:00+09:00'), at('2026-05-01T00:00:00+09:00'), SEOUL))).toEqual([
      ['2026-03-02T01:17:00.000Z', '2026-04-30T15:00:00.000Z'],
    ]);
  });

  test('entries in any order give ascending intervals; touching entries merge, gaps stay', () => {
    const hours: OpeningHours = [
      { days: ['mon'], open: '13:00', close: '17:00' },
      { days: ['mon'], open: '10:00', close: '12:00' },
      { days: ['mon'], open: '08:00', close: '10:00' },
    ];
    expect(iso(openIntervals(hours, at('2026-03-02T00:00:00+09:00'), at('2026-03-03T00:00:00+09:00'), SEOUL))).toEqual([
      ['2026-03-01T23:00:00.000Z', '2026-03-02T03:00:00.000Z'],
      ['2026-03-02T04:00:00.000Z', '2026-03-02T08:00:00.000Z'],
    ]);
  });

  test('no hours: never open', () => {
    expect(openIntervals([], at('2026-03-02T00:00:00Z'), at('2026-04-02T00:00:00Z'), SEOUL)).toEqual([]);
  });

  describe.each([
    // zone, 23-hour day, 25-hour day, the local hour skipped on the first, the one repeated on the second
    [BERLIN, '2026-03-29', '2026-10-25', 2, 2],
    [NEW_YORK, '2026-03-08', '2026-11-01', 2, 1],
  ])('%s around its DST switches', (zone, shortDay, longDay, skippedHour, repeatedHour) => {
    const day = (date: string, hours: OpeningHours) => {
      const { start, end } = localDayRange(date, zone);
      return openIntervals(hours, start, end, zone);
    };
    const lengths = (intervals: Interval[]) => intervals.map((i) => (i.end.getTime() - i.start.getTime()) / HOUR);
    const hh = (h: number) => `${String(h).padStart(2, '0')}:30`;

    test('08:00–20:00 is 12 wall-clock hours on both switch days', () => {
      for (const date of [shortDay, longDay]) {
        const [interval] = day(date, EVERY_DAY('08:00', '20:00'));
        expect(interval.start).toEqual(atLocal(date, 480, zone));
        expect(lengths([interval])).toEqual([12]);
        expect([localMinuteOfDay(interval.start, zone), localMinuteOfDay(interval.end, zone)]).toEqual([480, 1200]);
      }
    });

    test('00:00–24:00 lasts 23 hours on the short day and 25 on the long one', () => {
      expect(lengths(day(shortDay, EVERY_DAY('00:00', '24:00')))).toEqual([23]);
      expect(lengths(day(longDay, EVERY_DAY('00:00', '24:00')))).toEqual([25]);
    });

    test('an opening time in the gap opens at the end of the gap', () => {
      const [interval] = day(shortDay, EVERY_DAY(hh(skippedHour), '10:00'));
      expect(localMinuteOfDay(interval.start, zone)).toBe((skippedHour + 1) * 60);
      expect(interval.start).toEqual(atLocal(shortDay, skippedHour * 60 + 30, zone));
    });

    test('a closing time in the gap closes at the end of the gap', () => {
      const [interval] = day(shortDay, EVERY_DAY('00:00', hh(skippedHour)));
      expect(localMinuteOfDay(interval.end, zone)).toBe((skippedHour + 1) * 60);
      expect(lengths([interval])).toEqual([skippedHour]);
    });

    test('an interval wholly inside the gap is empty', () => {
      expect(day(shortDay, EVERY_DAY(`0${skippedHour}:10`, `0${skippedHour}:50`))).toEqual([]);
    });

    test('a repeated time means its earlier instant, so a window over the repeated hour lasts an hour longer', () => {
      const [interval] = day(longDay, EVERY_DAY(hh(repeatedHour), hh(repeatedHour + 1)));
      expect(lengths([interval])).toEqual([2]);
      expect(interval.start).toEqual(atLocal(longDay, repeatedHour * 60 + 30, zone));
    });

    test('every day of the weeks around the switches opens 12 hours, 08:00 to 20:00 local', () => {
      for (const date of [shortDay, longDay]) {
        const from = localDayRange(addLocalDays(date, -3), zone).start;
        const to = localDayRange(addLocalDays(date, 4), zone).start;
        const intervals = openIntervals(EVERY_DAY('08:00', '20:00'), from, to, zone);
        expect(lengths(intervals)).toEqual([12, 12, 12, 12, 12, 12, 12]);
        expect(intervals.map((i) => localMinuteOfDay(i.start, zone))).toEqual(Array(7).fill(480));
      }
    });
  });

  test.each([SEOUL, BERLIN, NEW_YORK])('property (%s): sorted, separated, inside [from, to)', (zone) => {
    fc.assert(
      fc.property(validHours, windows, (hours, [from, to]) => {
        const intervals = openIntervals(hours, from, to, zone);
        intervals.forEach((interval, i) => {
          expect(interval.start.getTime()).toBeLessThan(interval.end.getTime());
          expect(interval.start.getTime()).toBeGreaterThanOrEqual(from.getTime());
          expect(interval.end.getTime()).toBeLessThanOrEqual(to.getTime());
          if (i > 0) expect(interval.start.getTime()).toBeGreaterThan(intervals[i - 1].end.getTime());
        });
      }),
    );
  });

  test.each([SEOUL, BERLIN, NEW_YORK])('property (%s): an instant on an ordinary day is open exactly when its wall clock is', (zone) => {
    fc.assert(
      fc.property(validHours, windows, fc.double({ min: 0, max: 1, noNaN: true }), (hours, [from, to], where) => {
        const instant = new Date(from.getTime() + Math.floor((to.getTime() - from.getTime()) * where * 0.999));
        const { start, end } = localDayRange(localDate(instant, zone), zone);
        fc.pre(end.getTime() - start.getTime() === 24 * HOUR && instant.getTime() < to.getTime());
        const minute = localMinuteOfDay(instant, zone);
        const weekday = localWeekday(instant, zone);
        const byClock = hours.some(
          (e) => e.days.includes(weekday) && toMinutes(e.open) <= minute && minute < toMinutes(e.close),
        );
        const byIntervals = openIntervals(hours, from, to, zone).some(
          (i) => i.start.getTime() <= instant.getTime() && instant.getTime() < i.end.getTime(),
        );
        expect(byIntervals).toBe(byClock);
      }),
    );
  });
});

describe('withinOneOpening', () => {
  test.each([
    ['inside', WEEKDAYS_8_TO_20_SAT_9_TO_17, '2026-03-02T10:00:00+09:00', '2026-03-02T12:00:00+09:00', true],
    ['exactly one opening', WEEKDAYS_8_TO_20_SAT_9_TO_17, '2026-03-02T08:00:00+09:00', '2026-03-02T20:00:00+09:00', true],
    ['starting before opening', WEEKDAYS_8_TO_20_SAT_9_TO_17, '2026-03-02T07:30:00+09:00', '2026-03-02T09:00:00+09:00', false],
    ['ending after closing', WEEKDAYS_8_TO_20_SAT_9_TO_17, '2026-03-02T19:30:00+09:00', '2026-03-02T20:30:00+09:00', false],
    ['on a closed day', WEEKDAYS_8_TO_20_SAT_9_TO_17, '2026-03-08T10:00:00+09:00', '2026-03-08T12:00:00+09:00', false],
    ['Saturday hours', WEEKDAYS_8_TO_20_SAT_9_TO_17, '2026-03-07T09:00:00+09:00', '2026-03-07T17:00:00+09:00', true],
    ['over two days', WEEKDAYS_8_TO_20_SAT_9_TO_17, '2026-03-02T10:00:00+09:00', '2026-03-03T10:00:00+09:00', false],
    [
      'over a lunch break',
      [{ days: ['mon'], open: '08:00', close: '12:00' }, { days: ['mon'], open: '13:00', close: '17:00' }] as OpeningHours,
      '2026-03-02T11:00:00+09:00',
      '2026-03-02T14:00:00+09:00',
      false,
    ],
    [
      'over touching entries',
      [{ days: ['mon'], open: '08:00', close: '12:00' }, { days: ['mon'], open: '12:00', close: '17:00' }] as OpeningHours,
      '2026-03-02T11:00:00+09:00',
      '2026-03-02T14:00:00+09:00',
      true,
    ],
    ['over midnight, round the clock', ALWAYS, '2026-03-02T22:00:00+09:00', '2026-03-03T02:00:00+09:00', true],
    ['a whole week, round the clock', ALWAYS, '2026-03-02T00:00:00+09:00', '2026-03-09T00:00:00+09:00', true],
    ['empty', WEEKDAYS_8_TO_20_SAT_9_TO_17, '2026-03-02T10:00:00+09:00', '2026-03-02T10:00:00+09:00', false],
    ['reversed', WEEKDAYS_8_TO_20_SAT_9_TO_17, '2026-03-02T12:00:00+09:00', '2026-03-02T10:00:00+09:00', false],
  ])('%s (Seoul)', (_name, hours, start, end, expected) => {
    expect(withinOneOpening(hours, at(start), at(end), SEOUL)).toBe(expected);
  });

  test.each([
    // Berlin short day: 00:00–24:00 is 23 h; New York long day: 25 h
    [BERLIN, ALWAYS, '2026-03-28T23:00:00Z', '2026-03-29T22:00:00Z', true],
    [BERLIN, EVERY_DAY('08:00', '20:00'), '2026-03-29T06:00:00Z', '2026-03-29T18:00:00Z', true],
    [BERLIN, EVERY_DAY('08:00', '20:00'), '2026-03-29T07:00:00Z', '2026-03-29T19:00:00Z', false],
    [BERLIN, EVERY_DAY('08:00', '20:00'), '2026-10-25T07:00:00Z', '2026-10-25T19:00:00Z', true],
    [BERLIN, EVERY_DAY('08:00', '20:00'), '2026-10-25T06:00:00Z', '2026-10-25T18:00:00Z', false],
    [NEW_YORK, ALWAYS, '2026-11-01T04:00:00Z', '2026-11-02T05:00:00Z', true],
    [NEW_YORK, EVERY_DAY('08:00', '20:00'), '2026-03-08T12:00:00Z', '2026-03-09T00:00:00Z', true],
    [NEW_YORK, EVERY_DAY('08:00', '20:00'), '2026-11-01T13:00:00Z', '2026-11-02T01:00:00Z', true],
    [SEOUL, ALWAYS, '2026-03-01T15:00:00Z', '2026-03-02T15:00:00Z', true],
  ])('%s %j [%s, %s) → %s', (zone, hours, start, end, expected) => {
    expect(withinOneOpening(hours, at(start), at(end), zone)).toBe(expected);
  });
});

const toMinutes = (clock: string) => Number(clock.slice(0, 2)) * 60 + Number(clock.slice(3));
const clockOf = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

/** Valid schedules: each weekday gets non-overlapping windows on a 15-minute grid. */
const validHours: fc.Arbitrary<OpeningHours> = fc
  .array(
    fc.record({
      days: fc.subarray([...WEEKDAYS], { minLength: 1 }),
      bounds: fc.uniqueArray(fc.integer({ min: 0, max: 96 }), { minLength: 2, maxLength: 6 }),
    }),
    { maxLength: 4 },
  )
  .map((entries) => {
    const taken = new Map<Weekday, [number, number][]>();
    const hours: OpeningHours = [];
    for (const { days, bounds } of entries) {
      const sorted = [...bounds].sort((a, b) => a - b);
      for (let i = 0; i + 1 < sorted.length; i += 2) {
        const [open, close] = [sorted[i] * 15, sorted[i + 1] * 15];
        const free = days.filter((d) => !(taken.get(d) ?? []).some(([o, c]) => open < c && o < close));
        if (free.length === 0) continue;
        free.forEach((d) => taken.set(d, [...(taken.get(d) ?? []), [open, close]]));
        hours.push({ days: free, open: clockOf(open), close: clockOf(close) });
      }
    }
    return hours;
  })
  .filter((hours) => validateOpeningHours(hours).length === 0);

/** Windows of up to ten days in 2026, often starting on a switch day. */
const windows = fc
  .tuple(
    fc.oneof(
      fc.date({ min: new Date('2026-01-01T00:00:00Z'), max: new Date('2026-12-31T00:00:00Z'), noInvalidDate: true }),
      fc.constantFrom('2026-03-07T12:00:00Z', '2026-03-28T12:00:00Z', '2026-10-24T12:00:00Z', '2026-10-31T12:00:00Z').map(at),
    ),
    fc.integer({ min: 0, max: 10 * 24 * 60 }),
  )
  .map(([from, minutes]): [Date, Date] => [from, new Date(from.getTime() + minutes * 60_000)]);
