/**
 * Facility-local time. Opening hours, the slot grid, local dates, recurring rules and billing months all live in
 * the facility's IANA zone (product.md, "Time"); every function here takes that zone explicitly and never reads the
 * process time zone.
 *
 * Local dates are 'YYYY-MM-DD' strings (years 0000–9999), local times are minutes since local midnight.
 *
 * Wall clock to instant, the one DST rule used everywhere (`fromWallClock`, `atLocal`, and through them opening
 * hours and recurring series):
 * - a wall time that does not exist (spring-forward gap) means the first instant after the gap: Europe/Berlin
 *   2026-03-29 02:30 → 03:00 CEST = 01:00Z;
 * - a wall time that exists twice (fall-back) means the EARLIER instant: Europe/Berlin 2026-10-25 02:30 → 02:30 CEST
 *   = 00:30Z.
 */
import { tz, tzOffset } from '@date-fns/tz';
import { format, getHours, getISODay, getMinutes } from 'date-fns';

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

const MINUTES_PER_DAY = 1440;
const MINUTE_MS = 60_000;
const DAY_MS = MINUTES_PER_DAY * MINUTE_MS;

const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const LOCAL_MONTH = /^(\d{4})-(\d{2})$/;
const CLOCK = /^([01]\d|2[0-3]):([0-5]\d)$/;
const END_OF_DAY = '24:00';

/** The local calendar date of `instant`, 'YYYY-MM-DD'. */
export function localDate(instant: Date, zone: string): string {
  return format(instant, 'yyyy-MM-dd', { in: tz(zone) });
}

/** Wall-clock minutes since local midnight (0..1439); seconds are dropped. */
export function localMinuteOfDay(instant: Date, zone: string): number {
  const local = { in: tz(zone) };
  return getHours(instant, local) * 60 + getMinutes(instant, local);
}

/** The local day of the week of `instant`. */
export function localWeekday(instant: Date, zone: string): Weekday {
  return WEEKDAYS[getISODay(instant, { in: tz(zone) }) - 1];
}

/** The day of the week of a local date (a calendar fact, no zone needed). */
export function weekdayOf(date: string): Weekday {
  return WEEKDAYS[(wallMidnight(date).getUTCDay() + 6) % 7];
}

/** The Monday that starts the week (Monday to Sunday) of a local date. */
export function mondayOf(date: string): string {
  return addLocalDays(date, -WEEKDAYS.indexOf(weekdayOf(date)));
}

/**
 * The local wall clock of `instant` as a "floating" Date whose UTC fields are the local fields
 * (2026-03-02T09:00+09:00 in Asia/Seoul → 2026-03-02T09:00Z). Floating dates only feed calendar arithmetic
 * (rrule, day shifts) and go back through `fromWallClock`; they are never stored or sent.
 */
export function toWallClock(instant: Date, zone: string): Date {
  return new Date(instant.getTime() + offsetMs(zone, instant.getTime()));
}

/**
 * The instant of a floating wall clock (see `toWallClock`) in `zone`, by the module's DST rule: a time in a
 * spring-forward gap gives the first instant after the gap, a fall-back time that exists twice gives the earlier one.
 */
export function fromWallClock(wall: Date, zone: string): Date {
  const w = wall.getTime();
  const before = offsetMs(zone, w - DAY_MS);
  const after = offsetMs(zone, w + DAY_MS);
  if (!Number.isFinite(w) || !Number.isFinite(before) || !Number.isFinite(after)) {
    throw new RangeError(`Cannot place wall clock ${String(wall)} in time zone "${zone}"`);
  }
  const valid = [w - before, w - after].filter((t) => w - t === offsetMs(zone, t));
  if (valid.length > 0) return new Date(Math.min(...valid));
  return new Date(firstInstantWithOffset(zone, w - after, w - before, after));
}

/**
 * The instant of local wall-clock time `minuteOfDay` on local `date`; 1440 means the next local midnight.
 * Gap → first instant after the gap; fall-back overlap → the earlier instant (see the module comment).
 */
export function atLocal(date: string, minuteOfDay: number, zone: string): Date {
  if (!Number.isInteger(minuteOfDay) || minuteOfDay < 0 || minuteOfDay > MINUTES_PER_DAY) {
    throw new RangeError(`Minute of day must be an integer 0..1440, got ${minuteOfDay}`);
  }
  return fromWallClock(new Date(wallMidnight(date).getTime() + minuteOfDay * MINUTE_MS), zone);
}

/**
 * The same local wall-clock time `n` local calendar days later (earlier when negative): across a DST switch this
 * is 23 or 25 hours per day crossed, not 24. Gap and overlap follow the module's rule.
 */
export function shiftLocalDays(instant: Date, n: number, zone: string): Date {
  return fromWallClock(new Date(toWallClock(instant, zone).getTime() + n * DAY_MS), zone);
}

/** Calendar arithmetic on a local date: '2026-02-28' + 1 → '2026-03-01'. */
export function addLocalDays(date: string, n: number): string {
  const day = wallMidnight(date);
  day.setUTCDate(day.getUTCDate() + n);
  return formatWallDate(day);
}

/** The instants of local day `date`: [its midnight, the next midnight). 23 or 25 hours long on DST switch days. */
export function localDayRange(date: string, zone: string): { start: Date; end: Date } {
  return { start: atLocal(date, 0, zone), end: atLocal(date, MINUTES_PER_DAY, zone) };
}

/** The instants of local month 'YYYY-MM' (billing months, report buckets): [first local midnight, next month's). */
export function localMonthRange(month: string, zone: string): { start: Date; end: Date } {
  const m = LOCAL_MONTH.exec(month);
  if (!m || Number(m[2]) < 1 || Number(m[2]) > 12) throw new RangeError(`Not a month YYYY-MM: "${month}"`);
  const first = `${month}-01`;
  const next = wallMidnight(first);
  next.setUTCMonth(next.getUTCMonth() + 1);
  return { start: atLocal(first, 0, zone), end: atLocal(formatWallDate(next), 0, zone) };
}

/** Whether `text` is a clock 'HH:MM' (00:00..23:59), or also '24:00' (the end of the day) when `allowEndOfDay`. */
export function isClock(text: unknown, allowEndOfDay = false): text is string {
  return typeof text === 'string' && (CLOCK.test(text) || (allowEndOfDay && text === END_OF_DAY));
}

/**
 * Minutes since midnight of a clock 'HH:MM': '08:00' → 480. '24:00' → 1440 only with `allowEndOfDay`, which the
 * domain allows for closing times alone.
 */
export function parseClock(text: string, allowEndOfDay = false): number {
  if (!isClock(text, allowEndOfDay)) throw new RangeError(`Not a clock HH:MM: "${text}"`);
  const [hours, minutes] = text.split(':').map(Number);
  return hours * 60 + minutes;
}

/** The clock 'HH:MM' of a minute of the day, 0..1440 (1440 → '24:00'). */
export function formatClock(minuteOfDay: number): string {
  if (!Number.isInteger(minuteOfDay) || minuteOfDay < 0 || minuteOfDay > MINUTES_PER_DAY) {
    throw new RangeError(`Minute of day must be an integer 0..1440, got ${minuteOfDay}`);
  }
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(Math.floor(minuteOfDay / 60))}:${pad(minuteOfDay % 60)}`;
}

/** UTC offset of `zone` at instant `t`, in milliseconds (NaN for an unknown zone). */
function offsetMs(zone: string, t: number): number {
  return Math.round(tzOffset(zone, new Date(t)) * MINUTE_MS);
}

/** Binary search for the first instant in (lo, hi] at which `zone` has `offset` — the end of a DST gap. */
function firstInstantWithOffset(zone: string, lo: number, hi: number, offset: number): number {
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (offsetMs(zone, mid) === offset) hi = mid;
    else lo = mid;
  }
  return hi;
}

/** Floating midnight of a local date (UTC fields = the date); years below 100 are not shifted to 19xx. */
function wallMidnight(date: string): Date {
  const m = LOCAL_DATE.exec(date);
  const day = new Date(0);
  if (m) day.setUTCFullYear(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  if (!m || formatWallDate(day) !== date) throw new RangeError(`Not a date YYYY-MM-DD: "${date}"`);
  return day;
}

function formatWallDate(wall: Date): string {
  return wall.toISOString().slice(0, 10);
}
