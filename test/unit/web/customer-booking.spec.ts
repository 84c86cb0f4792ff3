import { addMinutes, daysInclusive, minutesBetween, rruleOf, startsWithin } from '../../../src/web/pages/customer/booking.js';

// The test process runs in UTC (or any zone): every expectation is on the facility's wall clock.
const SEOUL = 'Asia/Seoul';
const BERLIN = 'Europe/Berlin';

describe('customer booking arithmetic (web)', () => {
  it('offers starts on the slot grid of the facility zone that leave room for the length', () => {
    // free 10:15–13:00 in Seoul (after a 15-minute buffer), 60 minutes, 30-minute slots
    const spans = startsWithin({ start: '2026-03-02T01:15:00Z', end: '2026-03-02T04:00:00Z' }, { lengthMinutes: 60, slotMinutes: 30, zone: SEOUL });
    expect(spans.map((s) => s.start)).toEqual(['2026-03-02T10:30:00+09:00', '2026-03-02T11:00:00+09:00', '2026-03-02T11:30:00+09:00', '2026-03-02T12:00:00+09:00']);
    expect(spans[0].end).toBe('2026-03-02T02:30:00.000Z');
  });

  it('keeps to notBefore, the limit, and offers nothing when the length does not fit', () => {
    const free = { start: '2026-03-02T00:00:00Z', end: '2026-03-02T06:00:00Z' }; // 09:00–15:00 in Seoul
    const later = startsWithin(free, { lengthMinutes: 120, slotMinutes: 60, zone: SEOUL, notBefore: '2026-03-02T02:10:00Z' });
    expect(later.map((s) => s.start)).toEqual(['2026-03-02T12:00:00+09:00', '2026-03-02T13:00:00+09:00']);
    expect(startsWithin(free, { lengthMinutes: 30, slotMinutes: 30, zone: SEOUL, limit: 3 })).toHaveLength(3);
    expect(startsWithin(free, { lengthMinutes: 420, slotMinutes: 30, zone: SEOUL })).toEqual([]);
    expect(startsWithin(free, { lengthMinutes: 0, slotMinutes: 30, zone: SEOUL })).toEqual([]);
  });

  it('starts the grid again at local midnight, and counts a start that DST skips once', () => {
    // 23:00–01:30 in Seoul with a 50-minute grid: 23:20, then 00:00 of the next day
    const overnight = startsWithin({ start: '2026-03-02T14:00:00Z', end: '2026-03-02T16:30:00Z' }, { lengthMinutes: 30, slotMinutes: 50, zone: SEOUL });
    expect(overnight.map((s) => s.start)).toEqual(['2026-03-02T23:20:00+09:00', '2026-03-03T00:00:00+09:00', '2026-03-03T00:50:00+09:00']);
    // Berlin springs forward at 02:00 on 2026-03-29: 02:30 does not exist and means 03:00, offered once
    const spring = startsWithin({ start: '2026-03-29T00:00:00Z', end: '2026-03-29T02:00:00Z' }, { lengthMinutes: 30, slotMinutes: 30, zone: BERLIN });
    expect(spring.map((s) => s.start)).toEqual(['2026-03-29T01:00:00+01:00', '2026-03-29T01:30:00+01:00', '2026-03-29T03:00:00+02:00', '2026-03-29T03:30:00+02:00']);
  });

  it('adds and measures minutes', () => {
    expect(addMinutes('2026-03-02T10:00:00+09:00', 90)).toBe('2026-03-02T02:30:00.000Z');
    expect(minutesBetween('2026-03-02T10:00:00+09:00', '2026-03-02T03:00:00Z')).toBe(120);
  });

  it('counts local dates inclusively', () => {
    expect(daysInclusive('2026-03-02', '2026-03-02')).toBe(1);
    expect(daysInclusive('2026-02-27', '2026-03-02')).toBe(4);
    expect(daysInclusive('2026-03-02', '2026-03-01')).toBe(0);
    expect(daysInclusive('', '2026-03-01')).toBe(0);
  });

  it('writes recurrence rules without DTSTART', () => {
    expect(rruleOf({ frequency: 'weekly', weekdays: ['thu', 'tue'], count: 8 })).toBe('FREQ=WEEKLY;BYDAY=TU,TH;COUNT=8');
    expect(rruleOf({ frequency: 'weekly', weekdays: [], count: 4 })).toBe('FREQ=WEEKLY;COUNT=4');
    expect(rruleOf({ frequency: 'daily', weekdays: ['mon'], count: 5 })).toBe('FREQ=DAILY;COUNT=5');
  });
});
