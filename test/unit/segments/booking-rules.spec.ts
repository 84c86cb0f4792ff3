import fc from 'fast-check';
import { ErrorCode, RuleViolation, STATUS_OF } from '../../../src/common/errors.js';
import {
  checkBookingRules,
  type BookingRequest,
  type RuleContext,
  type SegmentRules,
} from '../../../src/segments/booking-rules.js';
import { addLocalDays, atLocal, WEEKDAYS } from '../../../src/segments/local-time.js';
import type { OpeningHours } from '../../../src/segments/opening-hours.js';

const SEOUL = 'Asia/Seoul';
const BERLIN = 'Europe/Berlin';
const NEW_YORK = 'America/New_York';
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

const WEEK_HOURS: OpeningHours = [
  { days: ['mon', 'tue', 'wed', 'thu', 'fri'], open: '08:00', close: '20:00' },
  { days: ['sat'], open: '09:00', close: '17:00' },
];
const ALWAYS: OpeningHours = [{ days: [...WEEKDAYS], open: '00:00', close: '24:00' }];

const segment = (over: Partial<SegmentRules> = {}): SegmentRules => ({
  active: true,
  capacityMode: 'exclusive',
  maxVehicles: null,
  isComposite: false,
  slotMinutes: 30,
  minDurationMinutes: 30,
  maxDurationMinutes: 720,
  minNoticeMinutes: 0,
  maxAdvanceDays: 365,
  openingHours: WEEK_HOURS,
  ...over,
});

/** Monday 2026-03-02 00:00 in Seoul. */
const NOW = new Date('2026-03-02T00:00:00+09:00');
const customer: RuleContext = { now: NOW, zone: SEOUL, staff: false };
const staff: RuleContext = { ...customer, staff: true };

const request = (start: string, end: string, vehicles = 1): BookingRequest => ({
  start: new Date(start),
  end: new Date(end),
  vehicles,
});
/** Tuesday 10:00–12:00 Seoul: valid for the default segment. */
const GOOD = request('2026-03-03T10:00:00+09:00', '2026-03-03T12:00:00+09:00');

const codeOf = (violation: RuleViolation | null) => violation?.code ?? null;

describe('checkBookingRules', () => {
  test('a valid request passes for customers and staff', () => {
    expect(checkBookingRules(segment(), GOOD, customer)).toBeNull();
    expect(checkBookingRules(segment(), GOOD, staff)).toBeNull();
  });

  test('a violation is a 422 RuleViolation', () => {
    const violation = checkBookingRules(segment({ active: false }), GOOD, customer);
    expect(violation).toBeInstanceOf(RuleViolation);
    expect(violation?.code).toBe(ErrorCode.SEGMENT_INACTIVE);
    expect(STATUS_OF[violation!.code]).toBe(422);
  });

  describe('one rule at a time', () => {
    test.each<[string, Partial<SegmentRules>, BookingRequest, RuleContext, ErrorCode, Record<string, unknown> | undefined]>([
      ['inactive segment', { active: false }, GOOD, customer, ErrorCode.SEGMENT_INACTIVE, undefined],
      ['inactive segment, staff too', { active: false }, GOOD, staff, ErrorCode.SEGMENT_INACTIVE, undefined],
      [
        'start before now',
        { openingHours: ALWAYS },
        request('2026-03-01T23:00:00+09:00', '2026-03-02T01:00:00+09:00'),
        customer,
        ErrorCode.IN_THE_PAST,
        { start: '2026-03-01T14:00:00.000Z', now: '2026-03-01T15:00:00.000Z' },
      ],
      [
        'start one minute before now',
        { openingHours: ALWAYS, slotMinutes: 1, minDurationMinutes: 1 },
        request('2026-03-01T23:59:00+09:00', '2026-03-02T01:00:00+09:00'),
        customer,
        ErrorCode.IN_THE_PAST,
        { start: '2026-03-01T14:59:00.000Z', now: '2026-03-01T15:00:00.000Z' },
      ],
      [
        'notice too short',
        { minNoticeMinutes: 48 * 60 },
        GOOD,
        customer,
        ErrorCode.NOTICE_TOO_SHORT,
        { minNoticeMinutes: 2880, earliestStart: '2026-03-03T15:00:00.000Z' },
      ],
      [
        'notice one minute short',
        { minNoticeMinutes: 34 * 60 + 1 },
        GOOD,
        customer,
        ErrorCode.NOTICE_TOO_SHORT,
        { minNoticeMinutes: 2041, earliestStart: '2026-03-03T01:01:00.000Z' },
      ],
      [
        'beyond the horizon',
        { maxAdvanceDays: 0 },
        GOOD,
        customer,
        ErrorCode.BEYOND_HORIZON,
        { maxAdvanceDays: 0, latestStart: '2026-03-01T15:00:00.000Z' },
      ],
      [
        'half an hour beyond the horizon',
        { maxAdvanceDays: 1, openingHours: ALWAYS },
        request('2026-03-03T00:30:00+09:00', '2026-03-03T01:00:00+09:00'),
        customer,
        ErrorCode.BEYOND_HORIZON,
        { maxAdvanceDays: 1, latestStart: '2026-03-02T15:00:00.000Z' },
      ],
      [
        'too short',
        { minDurationMinutes: 180 },
        GOOD,
        customer,
        ErrorCode.DURATION_OUT_OF_RANGE,
        { durationMinutes: 120, minDurationMinutes: 180, maxDurationMinutes: 720 },
      ],
      [
        'too long',
        { maxDurationMinutes: 90 },
        GOOD,
        customer,
        ErrorCode.DURATION_OUT_OF_RANGE,
        { durationMinutes: 120, minDurationMinutes: 30, maxDurationMinutes: 90 },
      ],
      [
        'empty',
        { minDurationMinutes: 0 },
        request('2026-03-03T10:00:00+09:00', '2026-03-03T10:00:00+09:00'),
        customer,
        ErrorCode.DURATION_OUT_OF_RANGE,
        { durationMinutes: 0, minDurationMinutes: 0, maxDurationMinutes: 720 },
      ],
      [
        'reversed',
        { minDurationMinutes: 0 },
        request('2026-03-03T12:00:00+09:00', '2026-03-03T10:00:00+09:00'),
        customer,
        ErrorCode.DURATION_OUT_OF_RANGE,
        { durationMinutes: -120, minDurationMinutes: 0, maxDurationMinutes: 720 },
      ],
      [
        'an invalid instant',
        {},
        { start: new Date('nonsense'), end: new Date('2026-03-03T12:00:00+09:00'), vehicles: 1 },
        customer,
        ErrorCode.DURATION_OUT_OF_RANGE,
        { durationMinutes: null, minDurationMinutes: 30, maxDurationMinutes: 720 },
      ],
      [
        'start off the grid',
        {},
        request('2026-03-03T10:15:00+09:00', '2026-03-03T12:15:00+09:00'),
        customer,
        ErrorCode.SLOT_MISALIGNED,
        { slotMinutes: 30, field: 'start' },
      ],
      [
        'end off the grid',
        {},
        request('2026-03-03T10:00:00+09:00', '2026-03-03T11:45:00+09:00'),
        customer,
        ErrorCode.SLOT_MISALIGNED,
        { slotMinutes: 30, field: 'end' },
      ],
      [
        'seconds on the start',
        {},
        request('2026-03-03T10:00:30+09:00', '2026-03-03T12:00:00+09:00'),
        customer,
        ErrorCode.SLOT_MISALIGNED,
        { slotMinutes: 30, field: 'start' },
      ],
      [
        'milliseconds on the end',
        {},
        request('2026-03-03T10:00:00+09:00', '2026-03-03T12:00:00.001+09:00'),
        customer,
        ErrorCode.SLOT_MISALIGNED,
        { slotMinutes: 30, field: 'end' },
      ],
      [
        'a 45-minute grid counts from midnight: 10:00 is off it',
        { slotMinutes: 45 },
        request('2026-03-03T10:00:00+09:00', '2026-03-03T11:30:00+09:00'),
        customer,
        ErrorCode.SLOT_MISALIGNED,
        { slotMinutes: 45, field: 'start' },
      ],
      [
        'before opening',
        {},
        request('2026-03-03T07:30:00+09:00', '2026-03-03T09:00:00+09:00'),
        customer,
        ErrorCode.OUTSIDE_OPENING_HOURS,
        {
          timeZone: SEOUL,
          openIntervals: [{ start: '2026-03-02T23:00:00.000Z', end: '2026-03-03T11:00:00.000Z' }],
        },
      ],
      [
        'after closing',
        {},
        request('2026-03-03T19:30:00+09:00', '2026-03-03T20:30:00+09:00'),
        customer,
        ErrorCode.OUTSIDE_OPENING_HOURS,
        {
          timeZone: SEOUL,
          openIntervals: [{ start: '2026-03-02T23:00:00.000Z', end: '2026-03-03T11:00:00.000Z' }],
        },
      ],
      [
        'on a closed Sunday',
        {},
        request('2026-03-08T10:00:00+09:00', '2026-03-08T12:00:00+09:00'),
        customer,
        ErrorCode.OUTSIDE_OPENING_HOURS,
        { timeZone: SEOUL, openIntervals: [] },
      ],
      [
        'across the night',
        { maxDurationMinutes: 1440 },
        request('2026-03-03T19:00:00+09:00', '2026-03-04T09:00:00+09:00'),
        customer,
        ErrorCode.OUTSIDE_OPENING_HOURS,
        {
          timeZone: SEOUL,
          openIntervals: [
            { start: '2026-03-02T23:00:00.000Z', end: '2026-03-03T11:00:00.000Z' },
            { start: '2026-03-03T23:00:00.000Z', end: '2026-03-04T11:00:00.000Z' },
          ],
        },
      ],
      [
        'never open',
        { openingHours: [] },
        GOOD,
        customer,
        ErrorCode.OUTSIDE_OPENING_HOURS,
        { timeZone: SEOUL, openIntervals: [] },
      ],
      [
        'more vehicles than a shared segment takes',
        { capacityMode: 'shared', maxVehicles: 3 },
        { ...GOOD, vehicles: 4 },
        customer,
        ErrorCode.VEHICLES_EXCEED_CAPACITY,
        { maxVehicles: 3, vehicles: 4 },
      ],
      [
        'more vehicles than a shared segment takes, staff too',
        { capacityMode: 'shared', maxVehicles: 1 },
        { ...GOOD, vehicles: 2 },
        staff,
        ErrorCode.VEHICLES_EXCEED_CAPACITY,
        { maxVehicles: 1, vehicles: 2 },
      ],
    ])('%s', (_name, over, req, ctx, code, details) => {
      const violation = checkBookingRules(segment(over), req, ctx);
      expect(violation).toBeInstanceOf(RuleViolation);
      expect(violation?.code).toBe(code);
      expect(violation?.details).toEqual(details);
      expect(violation?.message).toEqual(expect.any(String));
    });

    test.each<[string, Partial<SegmentRules>, BookingRequest, RuleContext]>([
      ['start exactly now', { openingHours: ALWAYS }, request('2026-03-02T00:00:00+09:00', '2026-03-02T01:00:00+09:00'), customer],
      ['start exactly at now + notice', { minNoticeMinutes: 34 * 60 }, GOOD, customer],
      ['start exactly at the horizon', { maxAdvanceDays: 1, openingHours: ALWAYS }, request('2026-03-03T00:00:00+09:00', '2026-03-03T01:00:00+09:00'), customer],
      ['the minimum duration', {}, request('2026-03-03T10:00:00+09:00', '2026-03-03T10:30:00+09:00'), customer],
      ['the maximum duration', {}, request('2026-03-03T08:00:00+09:00', '2026-03-03T20:00:00+09:00'), customer],
      ['a 45-minute grid: 08:15–09:45', { slotMinutes: 45 }, request('2026-03-03T08:15:00+09:00', '2026-03-03T09:45:00+09:00'), customer],
      ['a whole opening', {}, request('2026-03-07T09:00:00+09:00', '2026-03-07T17:00:00+09:00'), customer],
      ['a night across midnight on a round-the-clock segment', { openingHours: ALWAYS }, request('2026-03-03T22:00:00+09:00', '2026-03-04T02:00:00+09:00'), customer],
      [
        "a night across '24:00' and '00:00' entries",
        {
          openingHours: [
            { days: ['tue'], open: '18:00', close: '24:00' },
            { days: ['wed'], open: '00:00', close: '06:00' },
          ],
        },
        request('2026-03-03T22:00:00+09:00', '2026-03-04T02:00:00+09:00'),
        customer,
      ],
      ['a shared segment at capacity', { capacityMode: 'shared', maxVehicles: 3 }, { ...GOOD, vehicles: 3 }, customer],
      ['an exclusive segment with several vehicles', {}, { ...GOOD, vehicles: 12 }, customer],
      ['a composite with several vehicles', { isComposite: true, maxVehicles: 1 }, { ...GOOD, vehicles: 5 }, customer],
      ['a shared composite is booked whole', { isComposite: true, capacityMode: 'shared', maxVehicles: 1 }, { ...GOOD, vehicles: 5 }, customer],
      ['staff in the past', { openingHours: ALWAYS }, request('2026-02-01T10:00:00+09:00', '2026-02-01T12:00:00+09:00'), staff],
      ['staff inside the notice', { minNoticeMinutes: 7 * 24 * 60 }, GOOD, staff],
      ['staff beyond the horizon', { maxAdvanceDays: 0 }, GOOD, staff],
    ])('accepts %s', (_name, over, req, ctx) => {
      expect(checkBookingRules(segment(over), req, ctx)).toBeNull();
    });
  });

  describe('the first failing rule wins', () => {
    const everythingWrong: SegmentRules = segment({
      active: false,
      capacityMode: 'shared',
      maxVehicles: 1,
      minNoticeMinutes: 60 * 24 * 400,
      maxAdvanceDays: 0,
      minDurationMinutes: 600,
      openingHours: [],
    });
    /** Sunday, in the past, 15 minutes off the grid, 45 minutes long, 5 vehicles. */
    const badRequest = request('2026-03-01T10:15:00+09:00', '2026-03-01T11:00:00+09:00', 5);

    test.each<[string, Partial<SegmentRules>, RuleContext, ErrorCode | null]>([
      ['inactive first', {}, customer, ErrorCode.SEGMENT_INACTIVE],
      ['then in the past, before the notice', { active: true }, customer, ErrorCode.IN_THE_PAST],
      ['staff skip past, notice and horizon', { active: true }, staff, ErrorCode.DURATION_OUT_OF_RANGE],
      ['then the duration', { active: true, minDurationMinutes: 30 }, staff, ErrorCode.SLOT_MISALIGNED],
      ['then the grid', { active: true, minDurationMinutes: 30, slotMinutes: 15 }, staff, ErrorCode.OUTSIDE_OPENING_HOURS],
      [
        'then the opening hours',
        { active: true, minDurationMinutes: 30, slotMinutes: 15, openingHours: ALWAYS },
        staff,
        ErrorCode.VEHICLES_EXCEED_CAPACITY,
      ],
      [
        'then the vehicles',
        { active: true, minDurationMinutes: 30, slotMinutes: 15, openingHours: ALWAYS, maxVehicles: 5 },
        staff,
        null,
      ],
    ])('%s', (_name, over, ctx, code) => {
      expect(codeOf(checkBookingRules({ ...everythingWrong, ...over }, badRequest, ctx))).toBe(code);
    });

    test('notice before horizon', () => {
      const future = request('2026-03-10T10:00:00+09:00', '2026-03-10T12:00:00+09:00');
      const rules = segment({ minNoticeMinutes: 30 * 24 * 60, maxAdvanceDays: 1 });
      expect(codeOf(checkBookingRules(rules, future, customer))).toBe(ErrorCode.NOTICE_TOO_SHORT);
      expect(codeOf(checkBookingRules({ ...rules, minNoticeMinutes: 0 }, future, customer))).toBe(ErrorCode.BEYOND_HORIZON);
    });

    test('horizon before duration', () => {
      const far = request('2027-03-10T10:00:00+09:00', '2027-03-10T10:15:00+09:00');
      expect(codeOf(checkBookingRules(segment(), far, customer))).toBe(ErrorCode.BEYOND_HORIZON);
    });
  });

  /** Each zone on ordinary days and on its DST switch days: wall-clock rules in local time. */
  describe.each([
    // zone, a DST switch date (an ordinary one in Seoul); now is 00:00 local a week earlier
    [SEOUL, '2026-03-29'],
    [SEOUL, '2026-10-25'],
    [BERLIN, '2026-03-29'],
    [BERLIN, '2026-10-25'],
    [NEW_YORK, '2026-03-08'],
    [NEW_YORK, '2026-11-01'],
  ])('%s on %s', (zone, date) => {
    const ctx: RuleContext = { now: atLocal(addLocalDays(date, -7), 0, zone), zone, staff: false };
    const rules = segment({ openingHours: [{ days: [...WEEKDAYS], open: '08:00', close: '20:00' }], slotMinutes: 60 });
    const book = (from: number, to: number, over: Partial<SegmentRules> = {}) =>
      codeOf(checkBookingRules({ ...rules, ...over }, { start: atLocal(date, from, zone), end: atLocal(date, to, zone), vehicles: 1 }, ctx));

    test('08:00–20:00 local is bookable, 12 real hours', () => {
      expect(book(480, 1200)).toBeNull();
      expect(atLocal(date, 1200, zone).getTime() - atLocal(date, 480, zone).getTime()).toBe(12 * 60 * MINUTE);
    });

    test('07:00–08:00 and 20:00–21:00 local are outside', () => {
      expect(book(420, 480)).toBe(ErrorCode.OUTSIDE_OPENING_HOURS);
      expect(book(1200, 1260)).toBe(ErrorCode.OUTSIDE_OPENING_HOURS);
    });

    test('the grid counts wall-clock minutes from local midnight', () => {
      expect(book(540, 600)).toBeNull();
      expect(book(510, 600)).toBe(ErrorCode.SLOT_MISALIGNED);
      expect(book(0, 300, { openingHours: ALWAYS })).toBeNull();
      expect(book(0, 1440, { openingHours: ALWAYS, maxDurationMinutes: 1500 })).toBeNull();
    });

    test('the notice is counted in real minutes, the horizon in local days', () => {
      const start = atLocal(date, 480, zone);
      const minutesAhead = (start.getTime() - ctx.now.getTime()) / MINUTE;
      expect(book(480, 540, { minNoticeMinutes: minutesAhead })).toBeNull();
      expect(book(480, 540, { minNoticeMinutes: minutesAhead + 1 })).toBe(ErrorCode.NOTICE_TOO_SHORT);
      // now is 00:00 local seven days before; 7 local days later is local midnight of `date`, 08:00 is past it
      expect(book(480, 540, { maxAdvanceDays: 7 })).toBe(ErrorCode.BEYOND_HORIZON);
      expect(book(480, 540, { maxAdvanceDays: 8 })).toBeNull();
    });
  });

  describe('DST days', () => {
    const ctx = (zone: string): RuleContext => ({ now: new Date('2026-01-01T00:00:00Z'), zone, staff: false });
    const rules = (slotMinutes: number) => segment({ openingHours: ALWAYS, slotMinutes, minDurationMinutes: 30 });
    const check = (zone: string, slot: number, start: string, end: string) =>
      codeOf(checkBookingRules(rules(slot), request(start, end), ctx(zone)));

    test.each([
      // Berlin spring: 01:00–03:00 local is one real hour, both ends on the hourly grid
      [BERLIN, 60, '2026-03-29T00:00:00Z', '2026-03-29T01:00:00Z', null],
      // 01:30 and 03:00 local are 90 wall-clock minutes apart, 30 real minutes
      [BERLIN, 90, '2026-03-29T00:30:00Z', '2026-03-29T01:00:00Z', null],
      // 02:00 CET and 02:30 CET (the repeated hour) are on the 30-minute grid
      [BERLIN, 30, '2026-10-25T01:00:00Z', '2026-10-25T01:30:00Z', null],
      // on the fall day 03:00 CET is 4 real hours after midnight but wall-clock minute 180
      [BERLIN, 180, '2026-10-24T22:00:00Z', '2026-10-25T02:00:00Z', null],
      [BERLIN, 240, '2026-10-24T22:00:00Z', '2026-10-25T02:00:00Z', ErrorCode.SLOT_MISALIGNED],
      // New York spring: 03:00 EDT is minute 180
      [NEW_YORK, 180, '2026-03-08T05:00:00Z', '2026-03-08T07:00:00Z', null],
      [NEW_YORK, 120, '2026-03-08T05:00:00Z', '2026-03-08T07:00:00Z', ErrorCode.SLOT_MISALIGNED],
      // New York fall: 01:30 EST (second time round) is on the grid
      [NEW_YORK, 30, '2026-11-01T06:30:00Z', '2026-11-01T07:00:00Z', null],
      // Kolkata is UTC+05:30: 08:00 local (02:30Z) is on the hourly grid, 08:30 is not
      ['Asia/Kolkata', 60, '2026-03-02T02:30:00Z', '2026-03-02T03:30:00Z', null],
      ['Asia/Kolkata', 60, '2026-03-02T03:00:00Z', '2026-03-02T04:00:00Z', ErrorCode.SLOT_MISALIGNED],
    ])('%s, %i-minute grid, [%s, %s) → %s', (zone, slot, start, end, code) => {
      expect(check(zone, slot, start, end)).toBe(code);
    });

    test('the horizon keeps the wall-clock time across the Berlin spring switch (23-hour day)', () => {
      const now = new Date('2026-03-28T08:00:00Z'); // 09:00 CET
      const ctx: RuleContext = { now, zone: BERLIN, staff: false };
      const rules = segment({ openingHours: ALWAYS, maxAdvanceDays: 1 });
      const at9 = request('2026-03-29T07:00:00Z', '2026-03-29T08:00:00Z'); // 09:00 CEST, 23 hours later
      const at930 = request('2026-03-29T07:30:00Z', '2026-03-29T08:30:00Z');
      expect(checkBookingRules(rules, at9, ctx)).toBeNull();
      expect(checkBookingRules(rules, at930, ctx)?.details).toEqual({ maxAdvanceDays: 1, latestStart: '2026-03-29T07:00:00.000Z' });
    });

    test('the horizon keeps the wall-clock time across the New York fall switch (25-hour day)', () => {
      const now = new Date('2026-10-31T13:00:00Z'); // 09:00 EDT
      const ctx: RuleContext = { now, zone: NEW_YORK, staff: false };
      const rules = segment({ openingHours: ALWAYS, maxAdvanceDays: 1 });
      expect(checkBookingRules(rules, request('2026-11-01T14:00:00Z', '2026-11-01T15:00:00Z'), ctx)).toBeNull();
      expect(codeOf(checkBookingRules(rules, request('2026-11-01T14:30:00Z', '2026-11-01T15:00:00Z'), ctx))).toBe(
        ErrorCode.BEYOND_HORIZON,
      );
    });
  });

  describe('properties', () => {
    const zones = fc.constantFrom(SEOUL, BERLIN, NEW_YORK);
    const instants = fc.date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2032-01-01T00:00:00Z'), noInvalidDate: true });
    const anyDate = fc.date({ noInvalidDate: false });
    const hours = fc.constantFrom<OpeningHours>(ALWAYS, ALWAYS, ALWAYS, WEEK_HOURS, [], [
      { days: ['mon'], open: '20:00', close: '24:00' },
      { days: ['tue'], open: '00:00', close: '06:00' },
    ]);
    const segments: fc.Arbitrary<SegmentRules> = fc.record({
      active: fc.oneof({ arbitrary: fc.constant(true), weight: 9 }, { arbitrary: fc.constant(false), weight: 1 }),
      capacityMode: fc.constantFrom('exclusive' as const, 'shared' as const),
      maxVehicles: fc.option(fc.integer({ min: 1, max: 20 })),
      isComposite: fc.boolean(),
      slotMinutes: fc.constantFrom(5, 15, 15, 15, 30, 45, 60, 90, 120),
      minDurationMinutes: fc.integer({ min: 0, max: 120 }),
      maxDurationMinutes: fc.integer({ min: 0, max: 3000 }),
      minNoticeMinutes: fc.integer({ min: 0, max: 3000 }),
      maxAdvanceDays: fc.integer({ min: 0, max: 400 }),
      openingHours: hours,
    });
    const contexts: fc.Arbitrary<RuleContext> = fc.record({ now: instants, zone: zones, staff: fc.boolean() });
    const vehicles = fc.integer({ min: -3, max: 30 });
    const QUARTER = 15 * MINUTE;
    /** Wild instants (invalid ones included), or quarter-hour requests around `now`. */
    const cases = fc.oneof(
      fc.tuple(segments, contexts, fc.record({ start: fc.oneof(instants, anyDate), end: fc.oneof(instants, anyDate), vehicles })),
      fc
        .tuple(segments, contexts, fc.integer({ min: -500, max: 40_000 }), fc.integer({ min: -8, max: 200 }), vehicles)
        .map(([rules, ctx, fromNow, quarters, vehicles]): [SegmentRules, RuleContext, BookingRequest] => {
          const start = Math.floor(ctx.now.getTime() / QUARTER) * QUARTER + fromNow * QUARTER;
          return [rules, ctx, { start: new Date(start), end: new Date(start + quarters * QUARTER), vehicles }];
        }),
    );

    /** Any request and segment settings; `now` is the server clock, always a valid instant. */
    test('never throws, and answers null or one of the rule codes', () => {
      const codes = [
        ErrorCode.SEGMENT_INACTIVE,
        ErrorCode.IN_THE_PAST,
        ErrorCode.NOTICE_TOO_SHORT,
        ErrorCode.BEYOND_HORIZON,
        ErrorCode.DURATION_OUT_OF_RANGE,
        ErrorCode.SLOT_MISALIGNED,
        ErrorCode.OUTSIDE_OPENING_HOURS,
        ErrorCode.VEHICLES_EXCEED_CAPACITY,
      ];
      const seen = new Set<ErrorCode | null>();
      fc.assert(
        fc.property(cases, ([rules, ctx, req]) => {
          const violation = checkBookingRules(rules, req, ctx);
          if (violation !== null) {
            expect(violation).toBeInstanceOf(RuleViolation);
            expect(codes).toContain(violation.code);
          }
          seen.add(codeOf(violation));
        }),
        { numRuns: 4000 },
      );
      // every outcome was reached, so the deep checks ran on odd input too
      expect([...seen].sort()).toEqual([...codes, null].sort());
    });

    test('staff pass wherever a customer fails only on the past, the notice or the horizon', () => {
      const timeCodes = [ErrorCode.IN_THE_PAST, ErrorCode.NOTICE_TOO_SHORT, ErrorCode.BEYOND_HORIZON];
      const valid = fc
        .record({
          zone: zones,
          date: fc.integer({ min: 0, max: 3 * 365 }).map((n) => addLocalDays('2025-06-01', n)),
          startSlot: fc.integer({ min: 0, max: 47 }),
          slots: fc.integer({ min: 1, max: 48 }),
          now: instants,
          minNoticeMinutes: fc.integer({ min: 0, max: 20_000 }),
          maxAdvanceDays: fc.integer({ min: 0, max: 400 }),
        })
        .map(({ zone, date, startSlot, slots, now, minNoticeMinutes, maxAdvanceDays }) => ({
          rules: segment({ openingHours: ALWAYS, maxDurationMinutes: 10_000, minNoticeMinutes, maxAdvanceDays }),
          req: {
            start: atLocal(date, startSlot * 30, zone),
            end: atLocal(addLocalDays(date, Math.floor((startSlot + slots) / 48)), ((startSlot + slots) % 48) * 30, zone),
            vehicles: 1,
          },
          ctx: { now, zone, staff: false },
        }));
      let timeViolations = 0;
      fc.assert(
        fc.property(valid, ({ rules, req, ctx }) => {
          fc.pre(req.end.getTime() > req.start.getTime() && (req.end.getTime() - req.start.getTime()) / MINUTE >= 30);
          const forCustomer = checkBookingRules(rules, req, ctx);
          expect(forCustomer === null || timeCodes.includes(forCustomer.code)).toBe(true);
          if (forCustomer) timeViolations += 1;
          expect(checkBookingRules(rules, req, { ...ctx, staff: true })).toBeNull();
        }),
        { numRuns: 300 },
      );
      expect(timeViolations).toBeGreaterThan(0);
    });

    test('a customer is told IN_THE_PAST exactly when the start is before now (all else valid)', () => {
      fc.assert(
        fc.property(instants, fc.integer({ min: -10_000, max: 10_000 }), zones, (now, offsetSlots, zone) => {
          const start = new Date(Math.floor(now.getTime() / (30 * MINUTE)) * 30 * MINUTE + offsetSlots * 30 * MINUTE);
          const rules = segment({ openingHours: ALWAYS, maxAdvanceDays: 1000 });
          const code = codeOf(checkBookingRules(rules, { start, end: new Date(start.getTime() + 30 * MINUTE), vehicles: 1 }, { now, zone, staff: false }));
          expect(code === ErrorCode.IN_THE_PAST).toBe(start.getTime() < now.getTime());
        }),
      );
    });
  });

  test('one day of notice is 1440 real minutes, not a local day', () => {
    const ctx: RuleContext = { now: new Date('2026-03-28T08:00:00Z'), zone: BERLIN, staff: false }; // Sat 09:00 CET
    const rules = segment({ openingHours: ALWAYS, minNoticeMinutes: 1440 });
    // Sun 09:00 CEST is only 23 hours later
    expect(codeOf(checkBookingRules(rules, request('2026-03-29T07:00:00Z', '2026-03-29T08:00:00Z'), ctx))).toBe(
      ErrorCode.NOTICE_TOO_SHORT,
    );
    expect(checkBookingRules(rules, request('2026-03-29T08:00:00Z', '2026-03-29T09:00:00Z'), ctx)).toBeNull();
  });

  test('a day in the past stays IN_THE_PAST across zones', () => {
    for (const zone of [SEOUL, BERLIN, NEW_YORK]) {
      const rules = segment({ openingHours: ALWAYS });
      const yesterday = new Date(NOW.getTime() - DAY);
      expect(codeOf(checkBookingRules(rules, { start: yesterday, end: new Date(yesterday.getTime() + 60 * MINUTE), vehicles: 1 }, { ...customer, zone }))).toBe(
        ErrorCode.IN_THE_PAST,
      );
    }
  });
});
