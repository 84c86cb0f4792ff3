import { addMinutes, fromCalendarDate, offsetAt, toFloating } from '../../../src/web/wall-clock.js';

// The process zone of the test machine is whatever it is; the calendar's Dates are built from local fields, as
// @event-calendar/core builds them, so these hold in any zone without DST trouble at the hours used.
const SEOUL = 'Asia/Seoul';
const NEW_YORK = 'America/New_York';

describe('calendar wall clock (web)', () => {
  it('feeds the calendar the facility wall clock without an offset', () => {
    expect(toFloating('2026-03-02T00:30:00Z', SEOUL)).toBe('2026-03-02T09:30:00');
    expect(toFloating('2026-03-02T03:30:00Z', NEW_YORK)).toBe('2026-03-01T22:30:00');
    expect(toFloating('2026-07-02T03:30:00Z', NEW_YORK)).toBe('2026-07-01T23:30:00');
  });

  it('reads a calendar Date as the facility wall clock', () => {
    expect(fromCalendarDate(new Date(2026, 2, 2, 9, 30), SEOUL)).toBe('2026-03-02T09:30:00+09:00');
    expect(fromCalendarDate(new Date(2026, 6, 1, 23, 30), NEW_YORK)).toBe('2026-07-01T23:30:00-04:00');
  });

  it('round-trips an instant through the calendar', () => {
    expect(toFloating('2026-11-03T05:00:00Z', NEW_YORK)).toBe('2026-11-03T00:00:00');
    expect(new Date(fromCalendarDate(new Date(2026, 10, 3, 0, 0), NEW_YORK)).toISOString()).toBe('2026-11-03T05:00:00.000Z');
  });

  it('gives the facility offset for the calendar and adds minutes', () => {
    expect(offsetAt(SEOUL, '2026-03-02T00:00:00Z')).toBe('+09:00');
    expect(offsetAt(NEW_YORK, '2026-01-02T00:00:00Z')).toBe('-05:00');
    expect(offsetAt(NEW_YORK, '2026-07-02T00:00:00Z')).toBe('-04:00');
    expect(addMinutes('2026-03-02T09:00:00+09:00', 15)).toBe('2026-03-02T00:15:00.000Z');
  });
});
