import {
  dayRange,
  formatDate,
  formatDateTime,
  formatMonth,
  formatSpan,
  formatTime,
  fromDateTimeLocal,
  fromLocal,
  monthRange,
  toDateTimeLocal,
  toLocal,
  todayAt,
} from '../../../src/web/time.js';

// These run in the process zone of the test machine (UTC on CI); every expectation below differs between that
// zone and the facility zone, so a function that used the local zone anywhere would fail.
const SEOUL = 'Asia/Seoul';
const BERLIN = 'Europe/Berlin';
const NEW_YORK = 'America/New_York';

describe('facility-zone time (web)', () => {
  it('shows an instant on the facility wall clock, across local midnight', () => {
    expect(formatDateTime('2026-03-01T14:59:00Z', SEOUL)).toBe('2026-03-01 23:59');
    expect(formatDateTime('2026-03-01T15:00:00Z', SEOUL)).toBe('2026-03-02 00:00');
    expect(formatDate(new Date('2026-03-01T15:00:00Z'), SEOUL)).toBe('2026-03-02');
    expect(formatTime('2026-03-02T00:30:00Z', SEOUL)).toBe('09:30');
    expect(formatMonth('2026-03-31T15:00:00Z', SEOUL)).toBe('2026-04');
    expect(formatDateTime('2026-03-02T03:30:00Z', NEW_YORK)).toBe('2026-03-01 22:30');
    expect(todayAt(SEOUL, '2026-12-31T16:00:00Z')).toBe('2027-01-01');
  });

  it('shows spans with one date, or both when they cross local midnight', () => {
    expect(formatSpan('2026-03-02T00:00:00Z', '2026-03-02T02:00:00Z', SEOUL)).toBe('2026-03-02 09:00–11:00');
    expect(formatSpan('2026-03-02T13:00:00Z', '2026-03-02T16:00:00Z', SEOUL)).toBe('2026-03-02 22:00–2026-03-03 01:00');
  });

  it('shows both wall clocks of a DST fall-back hour', () => {
    expect(formatDateTime('2026-10-25T00:30:00Z', BERLIN)).toBe('2026-10-25 02:30');
    expect(formatDateTime('2026-10-25T01:30:00Z', BERLIN)).toBe('2026-10-25 02:30');
    expect(formatDateTime('2026-10-25T02:30:00Z', BERLIN)).toBe('2026-10-25 03:30');
  });

  it('reads date and time inputs as facility-local and sends them with the facility offset', () => {
    const nine = fromLocal('2026-03-02', '09:00', SEOUL);
    expect(nine).toBe('2026-03-02T09:00:00+09:00');
    expect(Date.parse(nine!)).toBe(Date.UTC(2026, 2, 2, 0, 0));
    expect(fromLocal('2026-03-02', '00:00', SEOUL)).toBe('2026-03-02T00:00:00+09:00');
    expect(fromLocal('2026-07-01', '23:30', NEW_YORK)).toBe('2026-07-01T23:30:00-04:00');
    expect(fromLocal('2026-01-15', '08:00', 'UTC')).toBe('2026-01-15T08:00:00Z');
    expect(fromDateTimeLocal('2026-03-02T09:00', SEOUL)).toBe('2026-03-02T09:00:00+09:00');
  });

  it('places DST gaps and overlaps by the server’s rule', () => {
    // 02:30 does not exist on 2026-03-29 in Berlin: the first instant after the gap.
    expect(fromLocal('2026-03-29', '02:30', BERLIN)).toBe('2026-03-29T03:00:00+02:00');
    // 02:30 happens twice on 2026-10-25: the earlier one.
    expect(fromLocal('2026-10-25', '02:30', BERLIN)).toBe('2026-10-25T02:30:00+02:00');
    expect(fromLocal('2026-10-25', '03:30', BERLIN)).toBe('2026-10-25T03:30:00+01:00');
  });

  it('refuses what is not a date or a clock', () => {
    expect(fromLocal('2026-02-30', '09:00', SEOUL)).toBeNull();
    expect(fromLocal('2026-03-02', '9:00', SEOUL)).toBeNull();
    expect(fromLocal('2026-03-02', '24:00', SEOUL)).toBeNull();
    expect(fromLocal('', '', SEOUL)).toBeNull();
    expect(fromDateTimeLocal('2026-03-02', SEOUL)).toBeNull();
  });

  it('fills inputs with the facility wall clock, and reads them back to the same instant', () => {
    const instant = '2026-03-01T15:30:00Z';
    expect(toLocal(instant, SEOUL)).toEqual({ date: '2026-03-02', time: '00:30' });
    expect(toDateTimeLocal(instant, SEOUL)).toBe('2026-03-02T00:30');
    const { date, time } = toLocal(instant, NEW_YORK);
    expect(Date.parse(fromLocal(date, time, NEW_YORK)!)).toBe(Date.parse(instant));
  });

  it('gives local days and months as instants, 23 or 25 hours long on DST switches', () => {
    expect(dayRange('2026-03-02', SEOUL)).toEqual({ from: '2026-03-02T00:00:00+09:00', to: '2026-03-03T00:00:00+09:00' });
    expect(dayRange('2026-03-02', SEOUL, 7)).toEqual({ from: '2026-03-02T00:00:00+09:00', to: '2026-03-09T00:00:00+09:00' });
    const spring = dayRange('2026-03-29', BERLIN);
    expect(spring).toEqual({ from: '2026-03-29T00:00:00+01:00', to: '2026-03-30T00:00:00+02:00' });
    expect(Date.parse(spring.to) - Date.parse(spring.from)).toBe(23 * 3600_000);
    const autumn = dayRange('2026-10-25', BERLIN);
    expect(Date.parse(autumn.to) - Date.parse(autumn.from)).toBe(25 * 3600_000);
    expect(monthRange('2026-12', SEOUL)).toEqual({ from: '2026-12-01T00:00:00+09:00', to: '2027-01-01T00:00:00+09:00' });
  });
});
