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
win AS (SELECT tstzrange(min(lo), max(hi)) AS w FROM b),
seg AS (
  SELECT s.id, (s.capacity_mode = 'shared' AND NOT EXISTS (SELECT 1 FROM segments c WHERE c.parent_id = s.id)) AS shared, s.max_vehicles
    FROM segments s WHERE s.id = ANY($6::uuid[])
),
open_ AS (
  SELECT seg.id,
         coalesce((SELECT range_agg(tstzrange(o.lo, o.hi)) FROM unnest($3::uuid[], $4::timestamptz[], $5::timestamptz[]) AS o(segment_id, lo, hi) WHERE o.segment_id = seg.id), '{}'::tstzmultirange)
       - coalesce((SELECT range_agg(bo.during) FROM blackout_occurrences bo, win
                    WHERE bo.during && win.w
                      AND (bo.segment_id IS NULL OR bo.segment_id IN (
                            SELECT ancestor_id FROM segment_closure WHERE descendant_id = seg.id
                            UNION ALL SELECT descendant_id FROM segment_closure WHERE ancestor_id = seg.id))), '{}'::tstzmultirange) AS open
    FROM seg
),
open_minutes AS (
  SELECT o.id, b.n, coalesce((SELECT sum(extract(epoch FROM upper(r) - lower(r))) FROM unnest(o.open * tstzmultirange(tstzrange(b.lo, b.hi))) AS r), 0) / 60 AS minutes
    FROM open_ o CROSS JOIN b
),
booked AS (
  SELECT r.segment_id AS id, b.n,
         sum(extract(epoch FROM least(r.end_at, b.hi) - greatest(r.start_at, b.lo)) / 60
             * CASE WHEN seg.shared THEN r.vehicles::numeric / seg.max_vehicles ELSE 1 END) AS minutes
    FROM seg JOIN reservations r ON r.segment_id = seg.id
    JOIN b ON r.start_at < b.hi AND r.end_at > b.lo
   WHERE r.status IN ('pending', 'confirmed', 'checked_in', 'completed', 'no_show')
     AND r.start_at < (SELECT upper(w) FROM win) AND r.start_at > (SELECT lower(w) FROM win) - interval '8 days' -- no reservation lasts over 7 days (maxDurationMinutes ≤ 10080): lets the (segment_id, start_at) index bound the scan
   GROUP BY r.segment_id, b.n
),
revenue AS (
  SELECT r.segment_id AS id, b.n, sum(l.amount) AS amount
    FROM seg JOIN reservations r ON r.segment_id = seg.id
    JOIN b ON r.start_at >= b.lo AND r.start_at < b.hi
    JOIN invoice_lines l ON l.reservation_id = r.id
    JOIN invoices i ON i.id = l.invoice_id AND i.type = 'invoice' AND i.status IN ('issued', 'paid')
   GROUP BY r.segment_id, b.n
)
SELECT om.id AS "segmentId", om.n AS bucket, om.minutes::float8 AS "openMinutes",
       coalesce(bk.minutes, 0)::float8 AS "bookedMinutes", coalesce(rv.amount, 0)::float8 AS revenue
  FROM open_minutes om
  LEFT JOIN booked bk ON bk.id = om.id AND bk.n = om.n
  LEFT JOIN revenue rv ON rv.id = om.id AND rv.n = om.n
 ORDER BY om.id, om.n`;

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
