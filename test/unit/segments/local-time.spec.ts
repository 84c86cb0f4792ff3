import fc from 'fast-check';
import {
  addLocalDays,
  atLocal,
  formatClock,
  fromWallClock,
  isClock,
  localDate,
  localDayRange,
  localMinuteOfDay,
  localMonthRange,
  localWeekday,
  mondayOf,
  parseClock,
  shiftLocalDays,
  toWallClock,
  WEEKDAYS,
  weekdayOf,
} from '../../../src/segments/local-time.js';

const SEOUL = 'Asia/Seoul';
const BERLIN = 'Europe/Berlin';
const NEW_YORK = 'America/New_York';
/** DST switches at local midnight: the day may start at 01:00. */
const SANTIAGO = 'America/Santiago';
/** 30-minute DST switches. */
const LORD_HOWE = 'Australia/Lord_Howe';
const ZONES = [SEOUL, BERLIN, NEW_YORK, SANTIAGO, LORD_HOWE];

const at = (iso: string) => new Date(iso);
const HOUR = 3_600_000;

/** Local dates 1971..2099 as 'YYYY-MM-DD'. */
const localDates = fc
  .date({ min: new Date('1971-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));
const instants = fc.date({ min: new Date('1971-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true });
const zones = fc.constantFrom(...ZONES);

describe('localDate, localMinuteOfDay, localWeekday', () => {
  test.each([
    // zone, instant, local date, minute of day, weekday
    [SEOUL, '2026-03-01T14:59:00Z', '2026-03-01', 1439, 'sun'],
    [SEOUL, '2026-03-01T15:00:00Z', '2026-03-02', 0, 'mon'],
    [SEOUL, '2025-12-31T15:00:00Z', '2026-01-01', 0, 'thu'],
    [SEOUL, '2026-03-02T08:30:59.999Z', '2026-03-02', 1050, 'mon'],
    // Berlin, spring forward 2026-03-29 02:00 CET → 03:00 CEST (01:00Z)
    [BERLIN, '2026-03-28T23:00:00Z', '2026-03-29', 0, 'sun'],
    [BERLIN, '2026-03-29T00:59:00Z', '2026-03-29', 119, 'sun'],
    [BERLIN, '2026-03-29T01:00:00Z', '2026-03-29', 180, 'sun'],
    [BERLIN, '2026-03-29T21:59:00Z', '2026-03-29', 1439, 'sun'],
    [BERLIN, '2026-03-29T22:00:00Z', '2026-03-30', 0, 'mon'],
    // Berlin, fall back 2026-10-25 03:00 CEST → 02:00 CET (01:00Z): 02:30 twice
    [BERLIN, '2026-10-24T22:00:00Z', '2026-10-25', 0, 'sun'],
    [BERLIN, '2026-10-25T00:30:00Z', '2026-10-25', 150, 'sun'],
    [BERLIN, '2026-10-25T01:30:00Z', '2026-10-25', 150, 'sun'],
    [BERLIN, '2026-10-25T02:00:00Z', '2026-10-25', 180, 'sun'],
    [BERLIN, '2026-10-25T22:59:00Z', '2026-10-25', 1439, 'sun'],
    [BERLIN, '2026-10-25T23:00:00Z', '2026-10-26', 0, 'mon'],
    // New York, spring forward 2026-03-08 02:00 EST → 03:00 EDT (07:00Z)
    [NEW_YORK, '2026-03-08T05:00:00Z', '2026-03-08', 0, 'sun'],
    [NEW_YORK, '2026-03-08T06:59:00Z', '2026-03-08', 119, 'sun'],
    [NEW_YORK, '2026-03-08T07:00:00Z', '2026-03-08', 180, 'sun'],
    [NEW_YORK, '2026-03-09T03:59:00Z', '2026-03-08', 1439, 'sun'],
    // New York, fall back 2026-11-01 02:00 EDT → 01:00 EST (06:00Z): 01:30 twice
    [NEW_YORK, '2026-11-01T04:00:00Z', '2026-11-01', 0, 'sun'],
    [NEW_YORK, '2026-11-01T05:30:00Z', '2026-11-01', 90, 'sun'],
    [NEW_YORK, '2026-11-01T06:30:00Z', '2026-11-01', 90, 'sun'],
    [NEW_YORK, '2026-11-02T04:59:00Z', '2026-11-01', 1439, 'sun'],
    [NEW_YORK, '2026-11-02T05:00:00Z', '2026-11-02', 0, 'mon'],
    // Santiago: 2026-09-06 starts at 01:00 (-03)
    [SANTIAGO, '2026-09-06T03:59:00Z', '2026-09-05', 1439, 'sat'],
    [SANTIAGO, '2026-09-06T04:00:00Z', '2026-09-06', 60, 'sun'],
  ])('%s %s → %s, minute %i, %s', (zone, iso, date, minute, weekday) => {
    expect(localDate(at(iso), zone)).toBe(date);
    expect(localMinuteOfDay(at(iso), zone)).toBe(minute);
    expect(localWeekday(at(iso), zone)).toBe(weekday);
  });

  test('WEEKDAYS run monday to sunday', () => {
    expect(WEEKDAYS).toEqual(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']);
  });

  test('property: the three agree with the wall clock', () => {
    fc.assert(
      fc.property(instants, zones, (instant, zone) => {
        const wall = toWallClock(instant, zone);
        expect(localDate(instant, zone)).toBe(wall.toISOString().slice(0, 10));
        expect(localMinuteOfDay(instant, zone)).toBe(wall.getUTCHours() * 60 + wall.getUTCMinutes());
        expect(localWeekday(instant, zone)).toBe(weekdayOf(localDate(instant, zone)));
      }),
    );
  });
});

describe('atLocal', () => {
  test.each([
    // zone, date, minute, instant
    [SEOUL, '2026-03-02', 0, '2026-03-01T15:00:00.000Z'],
    [SEOUL, '2026-03-02', 480, '2026-03-01T23:00:00.000Z'],
    [SEOUL, '2026-03-02', 1439, '2026-03-02T14:59:00.000Z'],
    [SEOUL, '2026-03-02', 1440, '2026-03-02T15:00:00.000Z'],
    [SEOUL, '2026-12-31', 1440, '2026-12-31T15:00:00.000Z'],
    // Berlin spring: 02:00..02:59 do not exist → 03:00 CEST = 01:00Z
    [BERLIN, '2026-03-29', 0, '2026-03-28T23:00:00.000Z'],
    [BERLIN, '2026-03-29', 119, '2026-03-29T00:59:00.000Z'],
    [BERLIN, '2026-03-29', 120, '2026-03-29T01:00:00.000Z'],
    [BERLIN, '2026-03-29', 150, '2026-03-29T01:00:00.000Z'],
    [BERLIN, '2026-03-29', 179, '2026-03-29T01:00:00.000Z'],
    [BERLIN, '2026-03-29', 180, '2026-03-29T01:00:00.000Z'],
    [BERLIN, '2026-03-29', 181, '2026-03-29T01:01:00.000Z'],
    [BERLIN, '2026-03-29', 480, '2026-03-29T06:00:00.000Z'],
    [BERLIN, '2026-03-29', 1440, '2026-03-29T22:00:00.000Z'],
    // Berlin fall: 02:00..02:59 twice → the earlier (CEST)
    [BERLIN, '2026-10-25', 0, '2026-10-24T22:00:00.000Z'],
    [BERLIN, '2026-10-25', 119, '2026-10-24T23:59:00.000Z'],
    [BERLIN, '2026-10-25', 120, '2026-10-25T00:00:00.000Z'],
    [BERLIN, '2026-10-25', 150, '2026-10-25T00:30:00.000Z'],
    [BERLIN, '2026-10-25', 179, '2026-10-25T00:59:00.000Z'],
    [BERLIN, '2026-10-25', 180, '2026-10-25T02:00:00.000Z'],
    [BERLIN, '2026-10-25', 480, '2026-10-25T07:00:00.000Z'],
    [BERLIN, '2026-10-25', 1440, '2026-10-25T23:00:00.000Z'],
    // New York spring: 02:00..02:59 do not exist → 03:00 EDT = 07:00Z
    [NEW_YORK, '2026-03-08', 0, '2026-03-08T05:00:00.000Z'],
    [NEW_YORK, '2026-03-08', 119, '2026-03-08T06:59:00.000Z'],
    [NEW_YORK, '2026-03-08', 120, '2026-03-08T07:00:00.000Z'],
    [NEW_YORK, '2026-03-08', 150, '2026-03-08T07:00:00.000Z'],
    [NEW_YORK, '2026-03-08', 180, '2026-03-08T07:00:00.000Z'],
    [NEW_YORK, '2026-03-08', 1440, '2026-03-09T04:00:00.000Z'],
    // New York fall: 01:00..01:59 twice → the earlier (EDT)
    [NEW_YORK, '2026-11-01', 0, '2026-11-01T04:00:00.000Z'],
    [NEW_YORK, '2026-11-01', 60, '2026-11-01T05:00:00.000Z'],
    [NEW_YORK, '2026-11-01', 90, '2026-11-01T05:30:00.000Z'],
    [NEW_YORK, '2026-11-01', 120, '2026-11-01T07:00:00.000Z'],
    [NEW_YORK, '2026-11-01', 1440, '2026-11-02T05:00:00.000Z'],
    // Santiago: midnight of 2026-09-06 is in the gap; 23:00..23:59 of 2026-04-04 happen twice
    [SANTIAGO, '2026-09-06', 0, '2026-09-06T04:00:00.000Z'],
    [SANTIAGO, '2026-09-05', 1440, '2026-09-06T04:00:00.000Z'],
    [SANTIAGO, '2026-04-04', 1380, '2026-04-05T02:00:00.000Z'],
    [SANTIAGO, '2026-04-04', 1440, '2026-04-05T04:00:00.000Z'],
    // Lord Howe: a 30-minute gap (02:00..02:29) and a 30-minute overlap (01:30..01:59)
    [LORD_HOWE, '2026-10-04', 135, '2026-10-03T15:30:00.000Z'],
    [LORD_HOWE, '2026-04-05', 105, '2026-04-04T14:45:00.000Z'],
  ])('%s %s minute %i → %s', (zone, date, minute, iso) => {
    expect(atLocal(date, minute, zone).toISOString()).toBe(iso);
  });

  test.each([
    ['2026-02-30', 0],
    ['2026-13-01', 0],
    ['2026-3-01', 0],
    ['20260301', 0],
    ['', 0],
    ['2026-03-01', -1],
    ['2026-03-01', 1441],
    ['2026-03-01', 1.5],
    ['2026-03-01', Number.NaN],
  ])('refuses %j minute %d', (date, minute) => {
    expect(() => atLocal(date, minute, SEOUL)).toThrow(RangeError);
  });

  test('refuses an unknown zone', () => {
    expect(() => atLocal('2026-03-02', 0, 'Mars/Olympus_Mons')).toThrow(RangeError);
  });

  test('handles years below 100 without shifting them to the 1900s', () => {
    expect(atLocal('0050-06-15', 0, 'UTC').toISOString()).toBe('0050-06-15T00:00:00.000Z');
  });

  test('does not depend on the process time zone', () => {
    const probe = () =>
      ZONES.flatMap((zone) =>
        ['2026-03-29', '2026-10-25', '2026-03-08', '2026-11-01', '2026-09-06'].flatMap((date) =>
          [0, 60, 90, 120, 150, 180, 1380, 1440].map((m) => atLocal(date, m, zone).toISOString() + localDate(atLocal(date, m, zone), zone)),
        ),
      );
    const original = process.env.TZ;
    const expected = probe();
    try {
      for (const processZone of [BERLIN, NEW_YORK, LORD_HOWE, 'Pacific/Chatham', 'UTC']) {
        process.env.TZ = processZone;
        expect(probe()).toEqual(expected);
      }
    } finally {
      if (original === undefined) delete process.env.TZ;
      else process.env.TZ = original;
    }
  });

  test('property: a wall time that exists round-trips; one in a gap gives the first instant after the gap', () => {
    fc.assert(
      fc.property(localDates, fc.integer({ min: 0, max: 1439 }), zones, (date, minute, zone) => {
        const instant = atLocal(date, minute, zone);
        if (localDate(instant, zone) === date && localMinuteOfDay(instant, zone) === minute) return;
        const justBefore = new Date(instant.getTime() - 1);
        expect(localDate(justBefore, zone) < date || localMinuteOfDay(justBefore, zone) < minute).toBe(true);
        expect(localMinuteOfDay(instant, zone)).toBeGreaterThan(minute);
      }),
    );
  });

  test('property: localDate(atLocal(d, m, z), z) === d (a gap moves the time, never the date)', () => {
    fc.assert(
      fc.property(localDates, fc.integer({ min: 0, max: 1440 - 1 }), zones, (date, minute, zone) => {
        expect(localDate(atLocal(date, minute, zone), zone)).toBe(date);
      }),
    );
  });

  test('property: of the instants showing a wall time, atLocal picks the earliest', () => {
    fc.assert(
      fc.property(instants, zones, (raw, zone) => {
        const instant = new Date(Math.floor(raw.getTime() / 60_000) * 60_000);
        const found = atLocal(localDate(instant, zone), localMinuteOfDay(instant, zone), zone);
        expect(found.getTime()).toBeLessThanOrEqual(instant.getTime());
        expect([localDate(found, zone), localMinuteOfDay(found, zone)]).toEqual([
          localDate(instant, zone),
          localMinuteOfDay(instant, zone),
        ]);
        expect(instant.getTime() - found.getTime()).toBeLessThanOrEqual(HOUR);
      }),
    );
  });
});

describe('toWallClock and fromWallClock', () => {
  test.each([
    [SEOUL, '2026-03-02T00:00:00.000Z', '2026-03-02T09:00:00.000Z'],
    [BERLIN, '2026-10-25T00:30:00.000Z', '2026-10-25T02:30:00.000Z'],
    [BERLIN, '2026-10-25T01:30:00.000Z', '2026-10-25T02:30:00.000Z'],
    [NEW_YORK, '2026-03-08T07:00:00.000Z', '2026-03-08T03:00:00.000Z'],
  ])('%s %s shows %s', (zone, iso, wall) => {
    expect(toWallClock(at(iso), zone).toISOString()).toBe(wall);
  });

  test('keeps seconds and milliseconds', () => {
    expect(fromWallClock(at('2026-03-02T09:15:30.250Z'), SEOUL).toISOString()).toBe('2026-03-02T00:15:30.250Z');
  });

  test('property: fromWallClock(toWallClock(t)) is t, or the earlier twin of t in a fall-back overlap', () => {
    fc.assert(
      fc.property(instants, zones, (instant, zone) => {
        const back = fromWallClock(toWallClock(instant, zone), zone);
        expect(toWallClock(back, zone).getTime()).toBe(toWallClock(instant, zone).getTime());
        expect(instant.getTime() - back.getTime()).toBeGreaterThanOrEqual(0);
        expect(instant.getTime() - back.getTime()).toBeLessThanOrEqual(HOUR);
      }),
    );
  });
});

describe('local days and months', () => {
  test.each([
    [SEOUL, '2026-03-02', '2026-03-01T15:00:00.000Z', 24],
    [BERLIN, '2026-03-29', '2026-03-28T23:00:00.000Z', 23],
    [BERLIN, '2026-10-25', '2026-10-24T22:00:00.000Z', 25],
    [BERLIN, '2026-06-01', '2026-05-31T22:00:00.000Z', 24],
    [NEW_YORK, '2026-03-08', '2026-03-08T05:00:00.000Z', 23],
    [NEW_YORK, '2026-11-01', '2026-11-01T04:00:00.000Z', 25],
    [SANTIAGO, '2026-09-06', '2026-09-06T04:00:00.000Z', 23],
    [SANTIAGO, '2026-04-04', '2026-04-04T03:00:00.000Z', 25],
    [LORD_HOWE, '2026-10-04', '2026-10-03T13:30:00.000Z', 23.5],
  ])('%s %s starts at %s and lasts %d hours', (zone, date, start, hours) => {
    const range = localDayRange(date, zone);
    expect(range.start.toISOString()).toBe(start);
    expect((range.end.getTime() - range.start.getTime()) / HOUR).toBe(hours);
  });

  test('property: local days tile time', () => {
    fc.assert(
      fc.property(localDates, zones, (date, zone) => {
        expect(localDayRange(date, zone).end).toEqual(localDayRange(addLocalDays(date, 1), zone).start);
        expect(localDate(localDayRange(date, zone).start, zone)).toBe(date);
      }),
    );
  });

  test.each([
    [SEOUL, '2026-03', '2026-02-28T15:00:00.000Z', '2026-03-31T15:00:00.000Z'],
    [SEOUL, '2026-12', '2026-11-30T15:00:00.000Z', '2026-12-31T15:00:00.000Z'],
    [BERLIN, '2026-03', '2026-02-28T23:00:00.000Z', '2026-03-31T22:00:00.000Z'],
    [BERLIN, '2026-10', '2026-09-30T22:00:00.000Z', '2026-10-31T23:00:00.000Z'],
    [NEW_YORK, '2026-03', '2026-03-01T05:00:00.000Z', '2026-04-01T04:00:00.000Z'],
    [NEW_YORK, '2026-11', '2026-11-01T04:00:00.000Z', '2026-12-01T05:00:00.000Z'],
    [NEW_YORK, '2028-02', '2028-02-01T05:00:00.000Z', '2028-03-01T05:00:00.000Z'],
  ])('%s month %s is [%s, %s)', (zone, month, start, end) => {
    const range = localMonthRange(month, zone);
    expect([range.start.toISOString(), range.end.toISOString()]).toEqual([start, end]);
  });

  test.each(['2026-13', '2026-00', '2026-3', '2026-03-01', ''])('localMonthRange refuses %j', (month) => {
    expect(() => localMonthRange(month, SEOUL)).toThrow(RangeError);
  });

  test.each([
    ['2026-02-28', 1, '2026-03-01'],
    ['2028-02-28', 1, '2028-02-29'],
    ['2026-12-31', 1, '2027-01-01'],
    ['2026-01-01', -1, '2025-12-31'],
    ['2026-03-29', 0, '2026-03-29'],
    ['2026-03-02', 365, '2027-03-02'],
    ['2026-03-31', -31, '2026-02-28'],
  ])('addLocalDays(%s, %i) = %s', (date, n, expected) => {
    expect(addLocalDays(date, n)).toBe(expected);
  });

  test('addLocalDays refuses a date that does not exist', () => {
    expect(() => addLocalDays('2026-02-29', 1)).toThrow(RangeError);
  });

  test('property: addLocalDays walks the weekdays and undoes itself', () => {
    fc.assert(
      fc.property(localDates, fc.integer({ min: -2000, max: 2000 }), (date, n) => {
        expect(addLocalDays(addLocalDays(date, n), -n)).toBe(date);
        const expected = WEEKDAYS[(((WEEKDAYS.indexOf(weekdayOf(date)) + n) % 7) + 7) % 7];
        expect(weekdayOf(addLocalDays(date, n))).toBe(expected);
      }),
    );
  });

  test.each([
    ['2026-03-02', 'mon'],
    ['2026-03-29', 'sun'],
    ['2026-10-25', 'sun'],
    ['2028-02-29', 'tue'],
    ['2000-01-01', 'sat'],
  ])('weekdayOf(%s) = %s', (date, weekday) => {
    expect(weekdayOf(date)).toBe(weekday);
  });

  test('property: mondayOf is the Monday on or up to six days before the date', () => {
    fc.assert(
      fc.property(localDates, (date) => {
        const monday = mondayOf(date);
        expect(weekdayOf(monday)).toBe('mon');
        expect(addLocalDays(monday, WEEKDAYS.indexOf(weekdayOf(date)))).toBe(date);
      }),
    );
  });

  test.each([
    // zone, instant, days, result, hours elapsed
    [SEOUL, '2026-03-02T00:00:00Z', 1, '2026-03-03T00:00:00.000Z', 24],
    [SEOUL, '2026-03-02T00:00:00Z', 365, '2027-03-02T00:00:00.000Z', 365 * 24],
    [BERLIN, '2026-03-28T08:00:00Z', 1, '2026-03-29T07:00:00.000Z', 23],
    [BERLIN, '2026-10-24T07:00:00Z', 1, '2026-10-25T08:00:00.000Z', 25],
    [BERLIN, '2026-03-29T07:00:00Z', -1, '2026-03-28T08:00:00.000Z', -23],
    [NEW_YORK, '2026-03-07T14:00:00Z', 1, '2026-03-08T13:00:00.000Z', 23],
    [NEW_YORK, '2026-10-31T13:00:00Z', 1, '2026-11-01T14:00:00.000Z', 25],
    // 02:30 on the day before the spring switch → 02:30 does not exist next day → 03:00
    [BERLIN, '2026-03-28T01:30:00Z', 1, '2026-03-29T01:00:00.000Z', 23.5],
  ])('shiftLocalDays %s %s by %i → %s', (zone, iso, days, expected, hours) => {
    const shifted = shiftLocalDays(at(iso), days, zone);
    expect(shifted.toISOString()).toBe(expected);
    expect((shifted.getTime() - at(iso).getTime()) / HOUR).toBe(hours);
  });
});

describe('clocks', () => {
  test.each([
    ['00:00', 0],
    ['00:01', 1],
    ['08:00', 480],
    ['12:30', 750],
    ['23:59', 1439],
  ])('parseClock(%s) = %i', (text, minutes) => {
    expect(parseClock(text)).toBe(minutes);
    expect(parseClock(text, true)).toBe(minutes);
    expect(formatClock(minutes)).toBe(text);
  });

  test("'24:00' is the end of the day, only where allowed", () => {
    expect(() => parseClock('24:00')).toThrow(RangeError);
    expect(parseClock('24:00', true)).toBe(1440);
    expect(isClock('24:00')).toBe(false);
    expect(isClock('24:00', true)).toBe(true);
    expect(formatClock(1440)).toBe('24:00');
  });

  test.each(['8:00', '08:0', '0800', '08:00:00', ' 08:00', '08:00 ', '24:01', '24:30', '25:00', '12:60', '-1:00', '', 'ab:cd', '０８:００'])(
    'refuses clock %j',
    (text) => {
      expect(isClock(text, true)).toBe(false);
      expect(() => parseClock(text, true)).toThrow(RangeError);
    },
  );

  test.each([null, undefined, 480, {}, ['08:00']])('isClock(%j) is false', (value) => {
    expect(isClock(value, true)).toBe(false);
  });

  test.each([-1, 1441, 1.5, Number.NaN])('formatClock refuses %d', (minutes) => {
    expect(() => formatClock(minutes)).toThrow(RangeError);
  });

  test('property: parseClock(formatClock(m)) === m', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1440 }), (m) => {
        expect(parseClock(formatClock(m), true)).toBe(m);
      }),
    );
  });
});
