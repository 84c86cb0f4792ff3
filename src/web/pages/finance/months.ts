/**
 * Facility-local months ('YYYY-MM', as `<input type="month">` gives them) for the finance screens.
 * Pure: no React, no browser API (test/unit/web/finance.spec.ts).
 */
import { todayAt, type Instant } from '../../time.js';

export const isMonth = (text: string): boolean => /^\d{4}-(0[1-9]|1[0-2])$/.test(text);

/** The month `n` months after `month` (before it for a negative `n`). */
export function addMonths(month: string, n: number): string {
  const [year, monthOfYear] = month.split('-').map(Number);
  const index = year * 12 + monthOfYear - 1 + n;
  return `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** The facility's current month. */
export const thisMonth = (zone: string, now?: Instant): string => todayAt(zone, now).slice(0, 7);

/** The months from `first` to `last`, both included (none when `last` is before `first`). */
export function monthsBetween(first: string, last: string): string[] {
  const months: string[] = [];
  for (let month = first; month <= last; month = addMonths(month, 1)) months.push(month);
  return months;
}
