/**
 * The bridge between instants and a calendar widget that only knows the browser's clock (@event-calendar/core on
 * the schedule board). The widget is fed "floating" facility wall clocks ('2026-03-02T09:00:00', no offset), which
 * it shows as they are, and it answers with Dates whose *local* fields are the facility wall clock; fromCalendarDate
 * turns those back into instants with the facility offset. So the board shows and takes the facility's wall clock
 * whatever the browser's zone.
 *
 * Limit: a Date built from local fields cannot hold a wall clock that the *browser's* zone skips (e.g. 02:30 on
 * the morning its DST starts); such a drop lands an hour later. The facility is closed at those hours.
 */
import { tz } from '@date-fns/tz';
import { format } from 'date-fns';
import { fromLocal, type Instant } from './time.js';

/** '2026-03-02T09:00:00': the facility wall clock of an instant, for the calendar. */
export const toFloating = (instant: Instant, zone: string): string =>
  format(new Date(instant), "yyyy-MM-dd'T'HH:mm:ss", { in: tz(zone) });

const pad = (n: number) => String(n).padStart(2, '0');

/** The instant ('2026-03-02T09:00:00+09:00') of a calendar Date, whose local fields are the facility wall clock. */
export function fromCalendarDate(date: Date, zone: string): string {
  const day = `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
  const instant = fromLocal(day, `${pad(date.getHours())}:${pad(date.getMinutes())}`, zone);
  if (instant === null) throw new RangeError(`Not a calendar date: ${String(date)}`);
  return instant;
}

/** '+09:00': the facility's UTC offset at an instant, for the calendar's `timeZone` option (its "now" and "today"). */
export const offsetAt = (zone: string, at: Instant = new Date()): string => format(new Date(at), 'xxx', { in: tz(zone) });

/** The instant `minutes` after another, in UTC ('…Z'). */
export const addMinutes = (instant: Instant, minutes: number): string => new Date(new Date(instant).getTime() + minutes * 60_000).toISOString();
