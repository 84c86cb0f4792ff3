/** The repeat choices of the blackout form as an RFC 5545 RRULE (without DTSTART: the first occurrence is the start). */
import type { Weekday } from '../../model.js';

export type Frequency = 'none' | 'daily' | 'weekly' | 'monthly' | 'custom';

export interface Repeat {
  frequency: Frequency;
  /** The weekdays of a weekly rule; none means the start's weekday. */
  days: Weekday[];
  /** How it stops: after a number of occurrences, or on a local date (inclusive). */
  ends: 'count' | 'until';
  count: string;
  until: string;
  /** A rule typed by hand ('custom'). */
  custom: string;
}

const FREQ: Record<'daily' | 'weekly' | 'monthly', string> = { daily: 'DAILY', weekly: 'WEEKLY', monthly: 'MONTHLY' };
const BYDAY: Record<Weekday, string> = { mon: 'MO', tue: 'TU', wed: 'WE', thu: 'TH', fri: 'FR', sat: 'SA', sun: 'SU' };

/** The rule for the API: undefined for a one-off, 'FREQ=WEEKLY;BYDAY=MO,TH;COUNT=10', 'FREQ=DAILY;UNTIL=20261231'. */
export function ruleOf(repeat: Repeat): string | undefined {
  if (repeat.frequency === 'none') return undefined;
  if (repeat.frequency === 'custom') return repeat.custom.trim();
  const parts = [`FREQ=${FREQ[repeat.frequency]}`];
  if (repeat.frequency === 'weekly' && repeat.days.length) parts.push(`BYDAY=${repeat.days.map((d) => BYDAY[d]).join(',')}`);
  parts.push(repeat.ends === 'count' ? `COUNT=${repeat.count.trim()}` : `UNTIL=${repeat.until.replace(/-/g, '')}`);
  return parts.join(';');
}
