import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { HOLDING_STATUSES } from '../segments/segments.repository.js';
import type { Period, QuotaPeriod } from './periods.js';

/** Held time and time already used count against a quota; cancelled, rejected, expired, no-show, displaced and waitlisted do not. */
const COUNTED_STATUSES = [...HOLDING_STATUSES, 'completed'] as const;

export interface QuotaRow {
  id: string;
  segmentId: string | null;
  kind: string | null;
  period: QuotaPeriod;
  maxMinutes: number;
}

export interface QuotaInput {
  segmentId?: string;
  kind?: string;
  period: QuotaPeriod;
  maxMinutes: number;
}

/** A booking about to be written, as a quota counts it: booked minutes (no buffer, not × vehicles), by its start. */
export interface RequestedTime {
  segmentId: string;
  start: Date;
  minutes: number;
}

/** One quota in one period: the minutes already counted and those requested now. */
export interface QuotaUsage {
  quota: QuotaRow;
  period: Period;
  usedMinutes: number;
  requestedMinutes: number;
}

export interface UsageQuery {
  organizationId: string;
  /** Each quota is measured in the periods of its kind among these. */
  periods: Period[];
  requested: RequestedTime[];
  /** Reservations that do not count (the one being rescheduled: its new time is in `requested`). */
  excluding: string[];
}

/** A QuotaRow from table alias `t`. */
const quotaColumns = (t: string) => `${t}.id, ${t}.segment_id AS "segmentId", ${t}.kind, ${t}.period, ${t}.max_minutes AS "maxMinutes"`;

const lockKey = (organizationId: string) => `quota:${organizationId}`;

/**
 * Per quota and period of its kind: the organization's counted reservations and the requested bookings that start
 * in the period and match the quota. A quota on a segment matches that segment, its ancestors and its descendants
 * (they share track: a booking of the composite uses the child and the other way round); a quota on a kind matches
 * segments of that kind; one with neither matches every segment. Buffers are not counted: a quota limits track time.
 */
const USAGE_SQL = `
WITH period AS (
  SELECT * FROM unnest($2::text[], $3::timestamptz[], $4::timestamptz[]) AS p(kind, start_at, end_at)
),
counted AS (
  SELECT r.segment_id, r.start_at, extract(epoch FROM r.end_at - r.start_at)::float8 / 60 AS minutes, false AS requested
    FROM reservations r
   WHERE r.organization_id = $1 AND r.status = ANY($5::text[]) AND NOT (r.id = ANY($6::uuid[]))
     AND r.start_at >= (SELECT min(start_at) FROM period) AND r.start_at < (SELECT max(end_at) FROM period)
  UNION ALL
  SELECT segment_id, start_at, minutes, true FROM unnest($7::uuid[], $8::timestamptz[], $9::float8[]) AS b(segment_id, start_at, minutes)
)
SELECT ${quotaColumns('q')}, p.start_at AS "periodStart", p.end_at AS "periodEnd",
       round(coalesce(sum(c.minutes) FILTER (WHERE NOT c.requested), 0))::int AS "usedMinutes",
       round(coalesce(sum(c.minutes) FILTER (WHERE c.requested), 0))::int AS "requestedMinutes"
  FROM organization_quotas q
  JOIN period p ON p.kind = q.period
  LEFT JOIN (counted c JOIN segments s ON s.id = c.segment_id)
    ON c.start_at >= p.start_at AND c.start_at < p.end_at
   AND (q.kind IS NULL OR s.kind = q.kind)
   AND (q.segment_id IS NULL OR EXISTS (
         SELECT 1 FROM segment_closure t
          WHERE (t.ancestor_id = q.segment_id AND t.descendant_id = c.segment_id)
             OR (t.ancestor_id = c.segment_id AND t.descendant_id = q.segment_id)))
 WHERE q.organization_id = $1
 GROUP BY q.id, p.kind, p.start_at, p.end_at
 ORDER BY q.position, p.start_at`;

/**
 * All the SQL of quotas.
 *
 * INVARIANT: two customer bookings of one organization never both pass the same quota. Every check takes the
 * organization's quota lock (a transaction-scoped advisory lock) inside the booking's transaction and only then
 * sums what is counted, in a new statement: under READ COMMITTED that statement sees every booking whose
 * transaction held the lock before (it committed, or rolled back, before releasing it). The booking is written
 * and committed while the lock is held, so the next check counts it. Replacing the list takes the same lock, so
 * a check measures one whole list and two replacements never interleave.
 */
@Injectable()
export class QuotasRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The organization's quota lock, held to the end of the transaction. */
  async lock(manager: EntityManager, organizationId: string): Promise<void> {
    await manager.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [lockKey(organizationId)]);
  }

  /** Takes the quota lock only if the organization has quotas (a booking of an unlimited one waits for nothing). */
  async lockIfLimited(manager: EntityManager, organizationId: string): Promise<boolean> {
    const rows = (await manager.query(
      `SELECT pg_advisory_xact_lock(hashtext($1)) WHERE EXISTS (SELECT 1 FROM organization_quotas WHERE organization_id = $2)`,
      [lockKey(organizationId), organizationId],
    )) as unknown[];
    return rows.length > 0;
  }

  /** Replaces the organization's quotas, keeping their order; under `lock`. Returns the list before and after. */
  async replace(manager: EntityManager, organizationId: string, quotas: QuotaInput[]): Promise<{ before: QuotaRow[]; after: QuotaRow[] }> {
    const before = (await manager.query(
      `WITH gone AS (DELETE FROM organization_quotas WHERE organization_id = $1 RETURNING *) SELECT ${quotaColumns('gone')} FROM gone ORDER BY position`,
      [organizationId],
    )) as QuotaRow[];
    const after = (await manager.query(
      `WITH added AS (
         INSERT INTO organization_quotas (organization_id, segment_id, kind, period, max_minutes, position)
         SELECT $1, segment_id, kind, period, max_minutes, position
           FROM unnest($2::uuid[], $3::text[], $4::text[], $5::int[]) WITH ORDINALITY AS q(segment_id, kind, period, max_minutes, position)
         RETURNING *)
       SELECT ${quotaColumns('added')} FROM added ORDER BY position`,
      [organizationId, quotas.map((q) => q.segmentId ?? null), quotas.map((q) => q.kind ?? null), quotas.map((q) => q.period), quotas.map((q) => q.maxMinutes)],
    )) as QuotaRow[];
    return { before, after };
  }

  /** Every quota of the organization in the periods of its kind (one statement); see USAGE_SQL. */
  async usage(query: UsageQuery, manager: EntityManager = this.dataSource.manager): Promise<QuotaUsage[]> {
    const { organizationId, periods, requested, excluding } = query;
    const rows = (await manager.query(USAGE_SQL, [
      organizationId,
      periods.map((p) => p.kind),
      periods.map((p) => p.start),
      periods.map((p) => p.end),
      COUNTED_STATUSES,
      excluding,
      requested.map((r) => r.segmentId),
      requested.map((r) => r.start),
      requested.map((r) => r.minutes),
    ])) as (QuotaRow & { periodStart: Date; periodEnd: Date; usedMinutes: number; requestedMinutes: number })[];
    return rows.map(({ periodStart, periodEnd, usedMinutes, requestedMinutes, ...quota }) => ({
      quota,
      period: { kind: quota.period, start: periodStart, end: periodEnd },
      usedMinutes,
      requestedMinutes,
    }));
  }
}
