/**
 * The pure arithmetic of the customer screens (no React, no browser API: test/unit/web/customer-booking.spec.ts):
 * bookable starts inside a free interval on the segment's slot grid, facility-local date ranges, recurrence rules.
 */
import type { Weekday } from '../../model.js';
import { addLocalDays, fromLocal, toLocal, type Instant } from '../../time.js';

const MINUTE = 60_000;
const DAY_MINUTES = 24 * 60;
const WEEK_ORDER: readonly Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

export interface Span {
  start: string;
  end: string;
}

const clockOf = (minute: number) => `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
const minuteOf = (clock: string) => Number(clock.slice(0, 2)) * 60 + Number(clock.slice(3, 5));

/** `instant` + `minutes`, as an ISO instant. */
export const addMinutes = (instant: Instant, minutes: number): string => new Date(new Date(instant).getTime() + minutes * MINUTE).toISOString();

/** Whole minutes from `start` to `end`. */
export const minutesBetween = (start: Instant, end: Instant): number => Math.round((new Date(end).getTime() - new Date(start).getTime()) / MINUTE);

export interface StartOptions {
  lengthMinutes: number;
  /** The segment's grid: starts fall on multiples of it, counted from local midnight. */
  slotMinutes: number;
  zone: string;
  /** No start before this instant (now: the past cannot be booked). */
  notBefore?: Instant;
  limit?: number;
}

/**
 * The bookings of `lengthMinutes` that fit inside a free interval, their starts on the segment's slot grid in the
 * facility zone, earliest first (at most `limit`). A wall time that a DST switch skips counts once.
 */
export function startsWithin(free: Span, { lengthMinutes, slotMinutes, zone, notBefore, limit = 96 }: StartOptions): Span[] {
  const end = Date.parse(free.end);
  const floor = Math.max(Date.parse(free.start), notBefore === undefined ? -Infinity : new Date(notBefore).getTime());
  if (!(lengthMinutes > 0 && slotMinutes > 0) || floor + lengthMinutes * MINUTE > end) return [];
  const first = toLocal(new Date(floor), zone);
  let date = first.date;
  let minute = Math.ceil(minuteOf(first.time) / slotMinutes) * slotMinutes;
  const spans: Span[] = [];
  let last = -Infinity;
  while (spans.length < limit) {
    if (minute >= DAY_MINUTES) {
      date = addLocalDays(date, 1);
      minute = 0; // the grid starts again at every local midnight
    }
    const start = fromLocal(date, clockOf(minute), zone);
    minute += slotMinutes;
    if (start === null) break;
    const at = Date.parse(start);
    if (at < floor || at <= last) continue;
    if (at + lengthMinutes * MINUTE > end) break;
    spans.push({ start, end: addMinutes(start, lengthMinutes) });
    last = at;
  }
  return spans;
}

/** The local dates from `from` to `to` inclusive, counted (0 when `to` is before `from`, or either is not a date). */
export function daysInclusive(from: string, to: string): number {
  const days = (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / (DAY_MINUTES * MINUTE) + 1;
  return Number.isFinite(days) && days > 0 ? days : 0;
}

export interface Recurrence {
  frequency: 'daily' | 'weekly';
  /** Weekly: the weekdays it repeats on (none: the first occurrence's weekday). */
  weekdays: Weekday[];
  count: number;
}

/** An RFC 5545 RRULE without DTSTART: `FREQ=WEEKLY;BYDAY=TU,TH;COUNT=8`. */
export function rruleOf({ frequency, weekdays, count }: Recurrence): string {
  const parts = [`FREQ=${frequency.toUpperCase()}`];
  const days = WEEK_ORDER.filter((day) => weekdays.includes(day));
  if (frequency === 'weekly' && days.length > 0) parts.push(`BYDAY=${days.map((day) => day.slice(0, 2).toUpperCase()).join(',')}`);
  parts.push(`COUNT=${count}`);
  return parts.join(';');
}
