import { addLocalDays, atLocal, localDate, mondayOf } from '../segments/local-time.js';

export type Granularity = 'day' | 'week' | 'month';

export interface Bucket {
  /** The local period's first instant: local midnight of its day, its Monday, or its 1st. */
  periodStart: Date;
  /** The part of the period inside the requested [from, to). */
  from: Date;
  to: Date;
}

function periodStartDate(date: string, granularity: Granularity): string {
  if (granularity === 'day') return date;
  if (granularity === 'week') return mondayOf(date);
  return `${date.slice(0, 7)}-01`;
}

function nextPeriodDate(date: string, granularity: Granularity): string {
  if (granularity === 'day') return addLocalDays(date, 1);
  if (granularity === 'week') return addLocalDays(date, 7);
  const [y, m] = date.split('-').map(Number);
  return m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
}

/**
 * The local days, ISO weeks (Monday to Sunday) or months that [from, to) touches, in the
 * facility zone (a day is 23 or 25 hours across a DST switch), each clipped to [from, to).
 */
export function buckets(from: Date, to: Date, granularity: Granularity, zone: string): Bucket[] {
  const result: Bucket[] = [];
  for (let date = periodStartDate(localDate(from, zone), granularity); ; date = nextPeriodDate(date, granularity)) {
    const periodStart = atLocal(date, 0, zone);
    if (periodStart >= to) break;
    const periodEnd = atLocal(nextPeriodDate(date, granularity), 0, zone);
    result.push({ periodStart, from: periodStart < from ? from : periodStart, to: periodEnd > to ? to : periodEnd });
  }
  return result;
}
