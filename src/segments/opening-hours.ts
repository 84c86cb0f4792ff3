/**
 * Weekly opening hours of a segment, in facility local time (product.md, "The facility"): e.g. Mon–Fri
 * 08:00–20:00, Sat 09:00–17:00. A reservation must lie inside one opening interval.
 */
import { addLocalDays, atLocal, isClock, localDate, parseClock, WEEKDAYS, weekdayOf, type Weekday } from './local-time.js';

/** One line of the weekly schedule: open 'HH:MM' to close 'HH:MM' (close may be '24:00', after open) on `days`. */
export interface OpeningHoursEntry {
  days: Weekday[];
  open: string;
  close: string;
}

export type OpeningHours = OpeningHoursEntry[];

/** A half-open interval of instants [start, end). */
export interface Interval {
  start: Date;
  end: Date;
}

/** Local [open, close) minutes of one entry on one day. */
type DayWindow = { entry: number; open: number; close: number };

/**
 * The problems of a weekly schedule as sent by a client, one human-readable line each (none = valid): not a list,
 * a malformed entry, an empty or unknown or repeated day, a clock not 'HH:MM' ('24:00' is a closing time only),
 * close not after open, and two entries whose hours overlap on the same weekday (touching, 12:00–12:00, is fine).
 * An empty list is valid: the segment is never open.
 */
export function validateOpeningHours(hours: unknown): string[] {
  if (!Array.isArray(hours)) return ['openingHours must be a list of { days, open, close }'];
  const problems = hours.flatMap((entry: unknown, i) => entryProblems(entry, `openingHours[${i}]`));
  return problems.length > 0 ? problems : overlapProblems(hours as OpeningHours);
}

/**
 * The absolute open intervals within [from, to), ascending and clipped to it. Computed per local day with
 * wall-clock hours: 08:00–20:00 is 12 hours on a 23- or 25-hour day too, an opening or closing time in a DST gap
 * moves to the end of the gap and one in a fall-back overlap means its earlier instant (`atLocal`). Touching or
 * overlapping intervals are merged, so a day closing at 24:00 and the next opening at 00:00 give one interval.
 * `hours` must be valid (`validateOpeningHours`).
 */
export function openIntervals(hours: OpeningHours, from: Date, to: Date, zone: string): Interval[] {
  if (!(from.getTime() < to.getTime())) return [];
  const schedule = weeklySchedule(hours);
  const intervals: Interval[] = [];
  const lastDay = localDate(new Date(to.getTime() - 1), zone);
  for (let day = localDate(from, zone); day <= lastDay; day = addLocalDays(day, 1)) {
    for (const { open, close } of schedule.get(weekdayOf(day)) ?? []) {
      const start = latest(atLocal(day, open, zone), from);
      const end = earliest(atLocal(day, close, zone), to);
      if (start.getTime() < end.getTime()) intervals.push({ start, end });
    }
  }
  return mergeTouching(intervals);
}

/** Whether [start, end) (non-empty) lies inside a single merged open interval. */
export function withinOneOpening(hours: OpeningHours, start: Date, end: Date, zone: string): boolean {
  const inside = openIntervals(hours, start, end, zone);
  return (
    inside.length === 1 && inside[0].start.getTime() === start.getTime() && inside[0].end.getTime() === end.getTime()
  );
}

function entryProblems(entry: unknown, path: string): string[] {
  if (typeof entry !== 'object' || entry === null) return [`${path} must be an object { days, open, close }`];
  const { days, open, close } = entry as Record<string, unknown>;
  const problems = dayProblems(days, `${path}.days`);
  const openOk = isClock(open);
  const closeOk = isClock(close, true);
  if (!openOk) problems.push(`${path}.open must be a clock HH:MM from 00:00 to 23:59, got ${JSON.stringify(open)}`);
  if (!closeOk) problems.push(`${path}.close must be a clock HH:MM from 00:00 to 24:00, got ${JSON.stringify(close)}`);
  if (openOk && closeOk && parseClock(close, true) <= parseClock(open)) {
    problems.push(`${path}: close ${close} must be after open ${open}`);
  }
  return problems;
}

function dayProblems(days: unknown, path: string): string[] {
  if (!Array.isArray(days)) return [`${path} must be a list of weekdays (${WEEKDAYS.join(', ')})`];
  if (days.length === 0) return [`${path} must not be empty`];
  const problems = days
    .filter((day: unknown) => !WEEKDAYS.includes(day as Weekday))
    .map((day: unknown) => `${path}: unknown day ${JSON.stringify(day)} (use ${WEEKDAYS.join(', ')})`);
  const repeated = new Set(days.filter((day: unknown, i) => days.indexOf(day) !== i));
  for (const day of repeated) problems.push(`${path}: ${JSON.stringify(day)} is listed more than once`);
  return problems;
}

/** Pairs of entries whose windows overlap on a weekday, one line per pair naming the days. */
function overlapProblems(hours: OpeningHours): string[] {
  const daysByPair = new Map<string, Weekday[]>();
  for (const [day, windows] of weeklySchedule(hours)) {
    windows.forEach((a, i) =>
      windows.slice(i + 1).forEach((b) => {
        if (a.open >= b.close || b.open >= a.close) return;
        const pair = `openingHours[${Math.min(a.entry, b.entry)}] and openingHours[${Math.max(a.entry, b.entry)}]`;
        daysByPair.set(pair, [...(daysByPair.get(pair) ?? []), day]);
      }),
    );
  }
  return [...daysByPair].map(([pair, days]) => `${pair} overlap on ${days.join(', ')}`);
}

/** The windows of each weekday, in weekday order. */
function weeklySchedule(hours: OpeningHours): Map<Weekday, DayWindow[]> {
  const schedule = new Map<Weekday, DayWindow[]>(WEEKDAYS.map((day) => [day, []]));
  hours.forEach((entry, i) => {
    const window = { entry: i, open: parseClock(entry.open), close: parseClock(entry.close, true) };
    for (const day of entry.days) schedule.get(day)?.push(window);
  });
  return schedule;
}

/** Sorts and merges intervals that overlap or touch ([8, 12) + [12, 16) → [8, 16)). */
function mergeTouching(intervals: Interval[]): Interval[] {
  const merged: Interval[] = [];
  for (const next of [...intervals].sort((a, b) => a.start.getTime() - b.start.getTime())) {
    const last = merged.at(-1);
    if (last && next.start.getTime() <= last.end.getTime()) last.end = latest(last.end, next.end);
    else merged.push({ ...next });
  }
  return merged;
}

function latest(a: Date, b: Date): Date {
  return a.getTime() >= b.getTime() ? a : b;
}

function earliest(a: Date, b: Date): Date {
  return a.getTime() <= b.getTime() ? a : b;
}
