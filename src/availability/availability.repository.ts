import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Interval } from '../segments/opening-hours.js';

export interface FreeInterval extends Interval {
  segmentId: string;
  remainingVehicles: number;
}

export interface FreeTimeRequest {
  /**
   * Each segment with its open intervals inside the window (from its weekly hours) and a lead-in:
   * minutes by which every occupied range is stretched earlier, so that a new booking with that
   * buffer only starts where its own buffer will not run into the next booking (suggestions; 0 to
   * show plain free time).
   */
  segments: { id: string; open: Interval[]; leadInMinutes: number }[];
  from: Date;
  to: Date;
}

/**
 * Free time, set-based, in one statement (the same SQL serves availability and suggestions):
 *
 *   free(s) = open(s) − blackouts(ancestors, s, descendants) − occupancy(leaves under s)
 *
 * with a sweep over the occupancy rows (+load at lower bounds, −load at upper bounds, running
 * sum) for the capacity left at each instant. A shared leaf counts vehicles against
 * max_vehicles; an exclusive leaf or a composite has capacity 1 and any row fills it. Served by
 * the gist indexes on reservation_occupancy (leaf_id, during) and blackout_occurrences.
 */
const FREE_TIME_SQL = `
WITH window_ AS (SELECT tstzrange($4::timestamptz, $5::timestamptz) AS w),
open_ AS (
  SELECT segment_id, tstzrange(lo, hi) AS r FROM unnest($1::uuid[], $2::timestamptz[], $3::timestamptz[]) AS t(segment_id, lo, hi)
),
seg AS (
  SELECT s.id, l.lead_in,
         (s.capacity_mode = 'shared' AND NOT EXISTS (SELECT 1 FROM segments c WHERE c.parent_id = s.id)) AS shared,
         s.max_vehicles
    FROM unnest($6::uuid[], $7::int[]) AS l(id, lead_in) JOIN segments s ON s.id = l.id
),
cap AS (SELECT id, shared, lead_in, CASE WHEN shared THEN max_vehicles ELSE 1 END AS cap FROM seg),
base AS (
  SELECT cap.id, cap.cap,
         coalesce((SELECT range_agg(o.r) FROM open_ o WHERE o.segment_id = cap.id), '{}'::tstzmultirange)
       - coalesce((SELECT range_agg(b.during) FROM blackout_occurrences b, window_
                    WHERE b.during && window_.w
                      AND (b.segment_id IS NULL OR b.segment_id IN (
                            SELECT ancestor_id FROM segment_closure WHERE descendant_id = cap.id
                            UNION ALL
                            SELECT descendant_id FROM segment_closure WHERE ancestor_id = cap.id))),
                  '{}'::tstzmultirange) AS free
    FROM cap
),
occ AS (
  SELECT cap.id,
         tstzrange(lower(o.during) - make_interval(mins => cap.lead_in), upper(o.during)) * window_.w AS during,
         CASE WHEN cap.shared THEN o.vehicles ELSE cap.cap END AS load
    FROM cap
    JOIN segment_closure c ON c.ancestor_id = cap.id
    JOIN reservation_occupancy o ON o.leaf_id = c.descendant_id, window_
   WHERE o.during && tstzrange(lower(window_.w), upper(window_.w) + make_interval(mins => cap.lead_in))
),
events AS (
  SELECT id, lower(during) AS at, load AS delta FROM occ WHERE NOT isempty(during)
  UNION ALL SELECT id, upper(during), -load FROM occ WHERE NOT isempty(during)
  UNION ALL SELECT id, lower(w), 0 FROM cap, window_
  UNION ALL SELECT id, upper(w), 0 FROM cap, window_
),
steps AS (SELECT id, at, sum(delta) AS delta FROM events GROUP BY id, at),
pieces AS (
  SELECT id, at AS lo, lead(at) OVER w AS hi, sum(delta) OVER (w ROWS UNBOUNDED PRECEDING) AS load
    FROM steps WINDOW w AS (PARTITION BY id ORDER BY at)
),
clipped AS (
  SELECT p.id, b.cap - least(b.cap, p.load)::int AS remaining, unnest(b.free * tstzmultirange(tstzrange(p.lo, p.hi))) AS r
    FROM pieces p JOIN base b ON b.id = p.id
   WHERE p.hi IS NOT NULL AND p.load < b.cap
),
marked AS (
  SELECT id, remaining, r,
         CASE WHEN lower(r) = lag(upper(r)) OVER w AND remaining = lag(remaining) OVER w THEN 0 ELSE 1 END AS starts
    FROM clipped WINDOW w AS (PARTITION BY id ORDER BY lower(r))
),
islands AS (SELECT id, remaining, r, sum(starts) OVER (PARTITION BY id ORDER BY lower(r)) AS island FROM marked)
SELECT id AS "segmentId", min(lower(r)) AS start, max(upper(r)) AS "end", remaining AS "remainingVehicles"
  FROM islands GROUP BY id, remaining, island ORDER BY id, start`;

@Injectable()
export class AvailabilityRepository {
  constructor(private readonly dataSource: DataSource) {}

  async freeTime(request: FreeTimeRequest, manager: EntityManager = this.dataSource.manager): Promise<FreeInterval[]> {
    const ids: string[] = [];
    const los: Date[] = [];
    const his: Date[] = [];
    for (const segment of request.segments) {
      for (const interval of segment.open) {
        ids.push(segment.id);
        los.push(interval.start);
        his.push(interval.end);
      }
    }
    const rows = (await manager.query(FREE_TIME_SQL, [
      ids,
      los,
      his,
      request.from,
      request.to,
      request.segments.map((s) => s.id),
      request.segments.map((s) => s.leadInMinutes),
    ])) as FreeInterval[];
    return rows;
  }
}
