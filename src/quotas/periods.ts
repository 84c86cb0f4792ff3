/**
 * Quota periods (product.md, "Notifications, webhooks and quotas"): the facility-local week, Monday 00:00 to the
 * next Monday 00:00, and the local month, each as half-open instants [start, end). Pure; the zone is explicit.
 * Across a DST switch a week is 167 or 169 hours long and a month an hour shorter or longer: the bounds are local
 * midnights, never a fixed number of hours.
 */
import { addLocalDays, atLocal, localDate, localMonthRange, mondayOf } from '../segments/local-time.js';

export const QUOTA_PERIODS = ['week', 'month'] as const;
export type QuotaPeriod = (typeof QUOTA_PERIODS)[number];

export interface Period {
  kind: QuotaPeriod;
  start: Date;
  end: Date;
}

/** The local week or month that contains `instant`. */
export function periodContaining(instant: Date, kind: QuotaPeriod, zone: string): Period {
  const date = localDate(instant, zone);
  if (kind === 'month') return { kind, ...localMonthRange(date.slice(0, 7), zone) };
  const monday = mondayOf(date);
  return { kind, start: atLocal(monday, 0, zone), end: atLocal(addLocalDays(monday, 7), 0, zone) };
}

/** Every week and month containing one of `instants`, once each. */
export function periodsContaining(instants: Date[], zone: string): Period[] {
  const periods = new Map<string, Period>();
  for (const kind of QUOTA_PERIODS) {
    for (const instant of instants) {
      const period = periodContaining(instant, kind, zone);
      periods.set(`${kind}|${period.start.toISOString()}`, period);
    }
  }
  return [...periods.values()];
}
