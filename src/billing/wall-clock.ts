/**
 * Facility-local date, clock and weekday of an instant from ONE zone lookup. `localDate`, `localMinuteOfDay` and
 * `localWeekday` (segments/local-time.ts) each build a zoned date (several Intl lookups): an invoice run asks for
 * them tens of thousands of times (every 30-minute increment of every reservation for its surcharges, every line's
 * description), and they took about a quarter of its time. Same results for years 0000–9999.
 */
import { toWallClock, WEEKDAYS, type Weekday } from '../segments/local-time.js';

const DAY_MS = 86_400_000;

export interface WallClock {
  /** YYYY-MM-DD */
  date: string;
  /** wall-clock minutes since local midnight, seconds dropped */
  minute: number;
  weekday: Weekday;
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/**
 * The local wall clock of a floating date (see `toWallClock`): its UTC fields are the local ones. The date is
 * written from the fields (`toISOString().slice(0, 10)` cost ~0.5 µs, and an invoice run asks ~150,000 times).
 */
function fieldsOf(wall: Date): WallClock {
  const year = wall.getUTCFullYear();
  return {
    date: year >= 0 && year <= 9999 ? `${pad(year, 4)}-${pad(wall.getUTCMonth() + 1, 2)}-${pad(wall.getUTCDate(), 2)}` : wall.toISOString().slice(0, 10),
    minute: wall.getUTCHours() * 60 + wall.getUTCMinutes(),
    weekday: WEEKDAYS[(wall.getUTCDay() + 6) % 7],
  };
}

export function wallClock(instant: Date, zone: string): WallClock {
  return fieldsOf(toWallClock(instant, zone));
}

/**
 * Local clocks of instants within [from, to) (e.g. the increments of one stay). When the zone's UTC offset is the
 * same at both ends of a span of at most two days, no DST switch lies between (switches are months apart), and one
 * offset serves every instant; otherwise each instant is looked up.
 */
export function wallClocksWithin(from: Date, to: Date, zone: string): (instant: Date) => WallClock {
  const offset = (t: number) => toWallClock(new Date(t), zone).getTime() - t;
  const start = offset(from.getTime());
  const constant = to.getTime() - from.getTime() <= 2 * DAY_MS && offset(to.getTime()) === start;
  return constant ? (instant) => fieldsOf(new Date(instant.getTime() + start)) : (instant) => wallClock(instant, zone);
}
