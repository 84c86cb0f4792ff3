import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Interval } from '../segments/opening-hours.js';

export interface FreeInterval extends Interval {
  segmentId: string;
  remainingVehicles: number;
}

/** A free interval of `FreeTimeRequest.segments[segment]`, in epoch milliseconds. */
export interface FreeRow {
  segment: number;
  start: number;
  end: number;
  remainingVehicles: number;
}

export interface FreeTimeRequest {
  /**
   * Each segment with its open intervals inside the window (from its weekly hours; segments given the same array
   * object share one schedule in the statement) and a lead-in:
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
 * An exclusive leaf or a composite has capacity 1 and any row fills it: its free time is the multirange
 * difference open − blackouts − range_agg(rows), remaining 1. A shared leaf counts vehicles against max_vehicles:
 * a sweep over its rows (+load at lower bounds, −load at upper bounds, running sum) gives the load of each piece,
 * and the pieces of each remaining capacity are aggregated into one multirange (so touching pieces with the same
 * capacity merge) and intersected with open − blackouts. Served by the gist indexes on reservation_occupancy
 * (leaf_id, during) and blackout_occurrences.
 *
 * PERFORMANCE (docs/performance.md, "Availability"): `base` and `occ` are MATERIALIZED and the opening intervals
 * grouped once per weekly schedule. Left to inline them, PostgreSQL recomputed a segment's open multirange (scanning every
 * opening interval of the request) for each of ~6,600 sweep pieces, and the statement took 1.6 s for 60 segments
 * × 31 days over 100,000 reservations; multiranges per capacity level also replace the per-piece intersections and
 * the two window passes that merged touching pieces.
 */
const FREE_TIME_SQL = `
WITH window_ AS (SELECT tstzrange($4::timestamptz, $5::timestamptz) AS w),
open_ AS (
  SELECT schedule, range_agg(tstzrange(lo, hi)) AS r
    FROM unnest($1::int[], $2::timestamptz[], $3::timestamptz[]) AS t(schedule, lo, hi) GROUP BY schedule
),
seg AS (
  SELECT s.id, l.n::int AS n, l.lead_in, l.schedule,
         (s.capacity_mode = 'shared' AND NOT EXISTS (SELECT 1 FROM segments c WHERE c.parent_id = s.id)) AS shared,
         s.max_vehicles
    FROM unnest($6::uuid[], $7::int[], $8::int[]) WITH ORDINALITY AS l(id, lead_in, schedule, n) JOIN segments s ON s.id = l.id
),
cap AS MATERIALIZED (SELECT id, n, shared, lead_in, schedule, CASE WHEN shared THEN max_vehicles ELSE 1 END AS cap FROM seg),
base AS MATERIALIZED (
  SELECT cap.id, cap.n, cap.cap, cap.shared,
         coalesce(o.r, '{}'::tstzmultirange)
       - coalesce((SELECT range_agg(b.during) FROM blackout_occurrences b, window_
                    WHERE b.during && window_.w
                      AND (b.segment_id IS NULL OR b.segment_id IN (
                            SELECT ancestor_id FROM segment_closure WHERE descendant_id = cap.id
                            UNION ALL
                            SELECT descendant_id FROM segment_closure WHERE ancestor_id = cap.id))),
                  '{}'::tstzmultirange) AS free
    FROM cap LEFT JOIN open_ o ON o.schedule = cap.schedule
),
occ AS MATERIALIZED (
  SELECT cap.id, cap.shared,
         tstzrange(lower(o.during) - make_interval(mins => cap.lead_in), upper(o.during)) * window_.w AS during,
         o.vehicles AS load
    FROM cap
    JOIN segment_closure c ON c.ancestor_id = cap.id
    JOIN reservation_occupancy o ON o.leaf_id = c.descendant_id, window_
   WHERE o.during && tstzrange(lower(window_.w), upper(window_.w) + make_interval(mins => cap.lead_in))
),
busy AS (SELECT id, range_agg(during) AS r FROM occ WHERE NOT shared GROUP BY id),
events AS (
  SELECT id, lower(during) AS at, load AS delta FROM occ WHERE shared AND NOT isempty(during)
  UNION ALL SELECT id, upper(during), -load FROM occ WHERE shared AND NOT isempty(during)
  UNION ALL SELECT id, lower(w), 0 FROM cap, window_ WHERE shared
  UNION ALL SELECT id, upper(w), 0 FROM cap, window_ WHERE shared
),
pieces AS (
  SELECT id, at AS lo, lead(at) OVER w AS hi, sum(delta) OVER (w ROWS UNBOUNDED PRECEDING) AS load
    FROM events WINDOW w AS (PARTITION BY id ORDER BY at)
),
levels AS (
  SELECT p.id, cap.cap - least(cap.cap, p.load)::int AS remaining, range_agg(tstzrange(p.lo, p.hi)) AS r
    FROM pieces p JOIN cap ON cap.id = p.id
   WHERE p.hi IS NOT NULL AND p.load < cap.cap
   GROUP BY p.id, 2
),
free_ AS (
  SELECT b.n, 1 AS remaining, unnest(b.free - coalesce(busy.r, '{}'::tstzmultirange)) AS r
    FROM base b LEFT JOIN busy ON busy.id = b.id WHERE NOT b.shared
  UNION ALL
  SELECT b.n, l.remaining, unnest(b.free * l.r) FROM levels l JOIN base b ON b.id = l.id
)
SELECT n AS segment, date_part('epoch', lower(r)) * 1000 AS start, date_part('epoch', upper(r)) * 1000 AS "end", remaining AS "remainingVehicles"
  FROM free_ ORDER BY n, lower(r)`;

@Injectable()
export class AvailabilityRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Segments that share one `open` array (the service computes it once per weekly schedule) send it once: the
   * statement groups opening intervals per schedule. Rows come back ordered by segment (its position in
   * `request.segments`, from 0) and start, instants as epoch milliseconds: plain numbers for the driver (parsing
   * ~14,000 timestamptz texts and as many segment ids per month of a busy facility cost more than the statement's
   * sort).
   */
  async freeRows(request: FreeTimeRequest, manager: EntityManager = this.dataSource.manager): Promise<FreeRow[]> {
    const scheduleOf = new Map<Interval[], number>();
    const keys: number[] = [];
    const los: Date[] = [];
    const his: Date[] = [];
    const segmentSchedules = request.segments.map((segment) => {
      let key = scheduleOf.get(segment.open);
      if (key === undefined) {
        key = scheduleOf.size;
        scheduleOf.set(segment.open, key);
        for (const interval of segment.open) {
          keys.push(key);
          los.push(interval.start);
          his.push(interval.end);
        }
      }
      return key;
    });
    const rows = (await manager.query(FREE_TIME_SQL, [
      keys,
      los,
      his,
      request.from,
      request.to,
      request.segments.map((s) => s.id),
      request.segments.map((s) => s.leadInMinutes),
      segmentSchedules,
    ])) as FreeRow[];
    for (const row of rows) {
      row.segment -= 1;
      row.start = Math.round(row.start);
      row.end = Math.round(row.end);
    }
    return rows;
  }

  /** `freeRows` as intervals of instants, by segment id. */
  async freeTime(request: FreeTimeRequest, manager?: EntityManager): Promise<FreeInterval[]> {
    return (await this.freeRows(request, manager)).map((r) => ({
      segmentId: request.segments[r.segment].id,
      start: new Date(r.start),
      end: new Date(r.end),
      remainingVehicles: r.remainingVehicles,
    }));
  }
}
