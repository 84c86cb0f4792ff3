/**
 * Dates and times as the facility lives them. Every function takes the facility zone (useFacility().timeZone) and
 * none reads the browser's zone, so a person in another zone sees and enters the facility's wall clock.
 *
 * Instants are ISO strings (responses in UTC); what this module sends carries the facility offset
 * ('2026-03-02T09:00:00+09:00'). Local dates are 'YYYY-MM-DD', months 'YYYY-MM', clocks 'HH:MM'.
 * Wall clock to instant follows the server's rule (src/segments/local-time.ts): a time that a DST switch skips
 * means the first instant after the gap, a time that happens twice means the earlier one.
 */
import { tz } from '@date-fns/tz';
import { format } from 'date-fns';
import { addLocalDays, atLocal, isClock, localMonthRange, mondayOf, parseClock, weekdayOf } from '../segments/local-time.js';

export { addLocalDays, mondayOf, weekdayOf };

export type Instant = string | Date;

const show = (instant: Instant, zone: string, pattern: string) => format(new Date(instant), pattern, { in: tz(zone) });
const iso = (instant: Date, zone: string) => show(instant, zone, "yyyy-MM-dd'T'HH:mm:ssXXX");

/** '2026-03-02' */
export const formatDate = (instant: Instant, zone: string): string => show(instant, zone, 'yyyy-MM-dd');
/** '09:00' */
export const formatTime = (instant: Instant, zone: string): string => show(instant, zone, 'HH:mm');
/** '2026-03-02 09:00' */
export const formatDateTime = (instant: Instant, zone: string): string => show(instant, zone, 'yyyy-MM-dd HH:mm');
/** 'YYYY-MM' of an instant: its billing month. */
export const formatMonth = (instant: Instant, zone: string): string => show(instant, zone, 'yyyy-MM');

/** A half-open span: '2026-03-02 09:00–11:00', or with both dates when it crosses local midnight. */
export function formatSpan(start: Instant, end: Instant, zone: string): string {
  const sameDay = formatDate(start, zone) === formatDate(end, zone);
  return `${formatDateTime(start, zone)}–${sameDay ? formatTime(end, zone) : formatDateTime(end, zone)}`;
}

/** The instant of a local date and clock (the values of `<input type="date">` and `<input type="time">`), or null. */
export function fromLocal(date: string, clock: string, zone: string): string | null {
  if (!isClock(clock)) return null;
  try {
    return iso(atLocal(date, parseClock(clock), zone), zone);
  } catch {
    return null; // not a date
  }
}

/** The instant of an `<input type="datetime-local">` value ('2026-03-02T09:00'), or null. */
export function fromDateTimeLocal(value: string, zone: string): string | null {
  const [date, clock = ''] = value.split('T');
  return fromLocal(date, clock.slice(0, 5), zone);
}

/** The values to put in date and time inputs for an instant. */
export function toLocal(instant: Instant, zone: string): { date: string; time: string } {
  return { date: formatDate(instant, zone), time: formatTime(instant, zone) };
}

/** The value to put in an `<input type="datetime-local">` for an instant. */
export const toDateTimeLocal = (instant: Instant, zone: string): string => show(instant, zone, "yyyy-MM-dd'T'HH:mm");

/** Today's local date at the facility. */
export const todayAt = (zone: string, now: Instant = new Date()): string => formatDate(now, zone);

/**
 * The instants of `days` local days from `date`: [its midnight, the midnight `days` later), as `from`/`to` query
 * values. A day is 23 or 25 hours long on a DST switch.
 */
export function dayRange(date: string, zone: string, days = 1): { from: string; to: string } {
  return { from: iso(atLocal(date, 0, zone), zone), to: iso(atLocal(addLocalDays(date, days), 0, zone), zone) };
}

/** The instants of a local month 'YYYY-MM': [its first midnight, the next month's). */
export function monthRange(month: string, zone: string): { from: string; to: string } {
  const { start, end } = localMonthRange(month, zone);
  return { from: iso(start, zone), to: iso(end, zone) };
}
