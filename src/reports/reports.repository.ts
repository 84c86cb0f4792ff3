import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Interval } from '../segments/opening-hours.js';
import type { Bucket } from './buckets.js';

export interface UtilizationRow {
  segmentId: string;
  bucket: number;
  openMinutes: number;
  bookedMinutes: number;
  revenue: number;
}

/**
 * Utilization per segment per bucket in one statement:
 * - open minutes: the segment's opening intervals minus the blackouts on it, its ancestors, its
 *   descendants or the facility (multiranges), intersected with each bucket;
 * - booked minutes: reservations on the segment that held time or were used or not shown
 *   (pending, confirmed, checked in, completed, no-show), clipped to the bucket; on a shared
 *   segment vehicle-minutes over its capacity;
 * - revenue: issued or paid invoice lines of those reservations (track time, add-ons, fees), by the
 *   reservation's start.
 */
const UTILIZATION_SQL = `
WITH b AS (SELECT i - 1 AS n, lo, hi FROM unnest($1::timestamptz[], $2::timestamptz[]) WITH ORDINALITY AS x(lo, hi, i)),
win AS MATERIALIZED (SELECT tstzrange(min(lo), max(hi)) AS w FROM b),
seg AS MATERIALIZED (
  SELECT s.id, (s.capacity_mode = 'shared' AND NOT EXISTS (SELECT 1 FROM segments c WHERE c.parent_id = s.id)) AS shared, s.max_vehicles
    FROM segments s WHERE s.id = ANY($6::uuid[])
),
hours AS MATERIALIZED (
  SELECT o.segment_id AS id, range_agg(tstzrange(o.lo, o.hi)) AS open
    FROM unnest($3::uuid[], $4::timestamptz[], $5::timestamptz[]) AS o(segment_id, lo, hi) GROUP BY o.segment_id
),
open_ AS MATERIALIZED (
  SELECT seg.id,
         coalesce(h.open, '{}'::tstzmultirange)
       - coalesce((SELECT range_agg(bo.during) FROM blackout_occurrences bo, win
                    WHERE bo.during && win.w
                      AND (bo.segment_id IS NULL OR bo.segment_id IN (
                            SELECT ancestor_id FROM segment_closure WHERE descendant_id = seg.id
                            UNION ALL SELECT descendant_id FROM segment_closure WHERE ancestor_id = seg.id))), '{}'::tstzmultirange) AS open
    FROM seg LEFT JOIN hours h ON h.id = seg.id
),
-- Each open range, reservation or revenue start is placed in its bucket(s) by binary search over the
-- ascending, contiguous bucket starts (width_bucket), not by a nested loop over every bucket.
open_minutes AS (
  SELECT o.id, b.n, sum(extract(epoch FROM least(upper(r), b.hi) - greatest(lower(r), b.lo))) / 60 AS minutes
    FROM open_ o, unnest(o.open) AS r,
         generate_series(greatest(width_bucket(lower(r), $1::timestamptz[]), 1), width_bucket(upper(r), $1::timestamptz[])) AS k
    JOIN b ON b.n = k - 1
   WHERE lower(r) < b.hi AND upper(r) > b.lo
   GROUP BY o.id, b.n
),
booked AS (
  SELECT r.segment_id AS id, b.n,
         sum(extract(epoch FROM least(r.end_at, b.hi) - greatest(r.start_at, b.lo)) / 60
             * CASE WHEN seg.shared THEN r.vehicles::numeric / seg.max_vehicles ELSE 1 END) AS minutes
    FROM seg JOIN reservations r ON r.segment_id = seg.id,
         generate_series(greatest(width_bucket(r.start_at, $1::timestamptz[]), 1), width_bucket(r.end_at, $1::timestamptz[])) AS k
    JOIN b ON b.n = k - 1
   WHERE r.status IN ('pending', 'confirmed', 'checked_in', 'completed', 'no_show')
     AND r.start_at < b.hi AND r.end_at > b.lo
     AND r.start_at < (SELECT upper(w) FROM win) AND r.start_at > (SELECT lower(w) FROM win) - interval '8 days' -- no reservation lasts over 7 days (maxDurationMinutes ≤ 10080): lets the (segment_id, start_at) index bound the scan
     AND r.end_at > (SELECT lower(w) FROM win)
   GROUP BY r.segment_id, b.n
),
revenue AS (
  SELECT r.segment_id AS id, width_bucket(r.start_at, $1::timestamptz[]) - 1 AS n, sum(l.amount) AS amount
    FROM seg JOIN reservations r ON r.segment_id = seg.id
    JOIN invoice_lines l ON l.reservation_id = r.id
    JOIN invoices i ON i.id = l.invoice_id AND i.type = 'invoice' AND i.status IN ('issued', 'paid')
   WHERE r.start_at >= (SELECT lower(w) FROM win) AND r.start_at < (SELECT upper(w) FROM win)
   GROUP BY 1, 2
)
SELECT seg.id AS "segmentId", b.n AS bucket, coalesce(om.minutes, 0)::float8 AS "openMinutes",
       coalesce(bk.minutes, 0)::float8 AS "bookedMinutes", coalesce(rv.amount, 0)::float8 AS revenue
  FROM seg CROSS JOIN b
  LEFT JOIN open_minutes om ON om.id = seg.id AND om.n = b.n
  LEFT JOIN booked bk ON bk.id = seg.id AND bk.n = b.n
  LEFT JOIN revenue rv ON rv.id = seg.id AND rv.n = b.n
 ORDER BY seg.id, b.n`;

@Injectable()
export class ReportsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async utilization(buckets: Bucket[], segments: { id: string; open: Interval[] }[]): Promise<UtilizationRow[]> {
    const ids: string[] = [];
    const los: Date[] = [];
    const his: Date[] = [];
    for (const s of segments) {
      for (const o of s.open) {
        ids.push(s.id);
        los.push(o.start);
        his.push(o.end);
      }
    }
    return (await this.dataSource.query(UTILIZATION_SQL, [
      buckets.map((b) => b.from),
      buckets.map((b) => b.to),
      ids,
      los,
      his,
      segments.map((s) => s.id),
    ])) as UtilizationRow[];
  }
}
