import type pg from 'pg';
import type { Ledger } from './load.js';

/**
 * The booking invariants of product.md checked by SQL over what is in the database, independently
 * of the engine's own bookkeeping (test/reliability). Every function returns a list of problems,
 * empty when the invariant holds, so a failure names what is wrong.
 */

const HOLDING = ['pending', 'confirmed', 'checked_in'];

/** A pool, or one client of it (inside a transaction). */
export interface Sql {
  query(text: string, params?: unknown[]): Promise<pg.QueryResult<any>>;
}

/**
 * Each holding reservation's claim on every leaf below its segment, derived from `reservations`
 * and the segment tree alone: [start, end + buffer), its vehicles on its own leaf, full capacity
 * on the leaves below a composite (architecture.md, "Occupancy per leaf").
 */
const CLAIMS = `
  WITH leaves AS (
    SELECT s.id, s.code, s.capacity_mode, s.max_vehicles FROM segments s
     WHERE NOT EXISTS (SELECT 1 FROM segments k WHERE k.parent_id = s.id)),
  claims AS (
    SELECT r.id AS reservation_id, l.id AS leaf_id, l.code, l.capacity_mode AS mode, l.max_vehicles AS cap,
           tstzrange(r.start_at, r.end_at + make_interval(mins => r.buffer_minutes)) AS during,
           CASE WHEN r.segment_id = l.id THEN r.vehicles ELSE coalesce(l.max_vehicles, 1) END AS vehicles
      FROM reservations r
      JOIN segment_closure c ON c.ancestor_id = r.segment_id
      JOIN leaves l ON l.id = c.descendant_id
     WHERE r.status = ANY($1::text[]))`;

export interface CapacityReport {
  problems: string[];
  /** holding reservations checked */
  holding: number;
  /** the highest load seen on each shared leaf, e.g. "S 3/3" (the load really reached the limit) */
  peaks: string[];
}

/**
 * "No double booking, ever" and "shared capacity counts the peak": no two holding claims on an
 * exclusive leaf overlap (buffers included), the peak number of vehicles on every shared leaf
 * (a sweep in SQL: +vehicles at each start, −vehicles at each end, ends first at equal instants,
 * intervals being half-open) stays within maxVehicles, and the engine's occupancy rows say
 * exactly what the reservations say.
 */
export async function capacityReport(sql: Sql): Promise<CapacityReport> {
  const problems: string[] = [];
  const { rows: overlaps } = await sql.query(
    `${CLAIMS}
     SELECT a.code, a.reservation_id AS a, b.reservation_id AS b, lower(a.during * b.during) AS at
       FROM claims a JOIN claims b ON a.leaf_id = b.leaf_id AND a.reservation_id < b.reservation_id AND a.during && b.during
      WHERE a.mode = 'exclusive' LIMIT 20`,
    [HOLDING],
  );
  for (const o of overlaps) problems.push(`exclusive leaf ${o.code}: ${o.a} and ${o.b} overlap at ${o.at.toISOString()}`);

  const { rows: peaks } = await sql.query(
    `${CLAIMS},
     edges AS (SELECT leaf_id, lower(during) AS t, vehicles AS delta FROM claims WHERE mode = 'shared'
               UNION ALL SELECT leaf_id, upper(during), -vehicles FROM claims WHERE mode = 'shared'),
     swept AS (SELECT leaf_id, t, sum(delta) OVER (PARTITION BY leaf_id ORDER BY t, delta ROWS UNBOUNDED PRECEDING) AS load FROM edges)
     SELECT l.code, l.max_vehicles AS cap, coalesce(max(s.load), 0)::int AS peak, (array_agg(s.t ORDER BY s.load DESC))[1] AS at
       FROM leaves l LEFT JOIN swept s ON s.leaf_id = l.id
      WHERE l.capacity_mode = 'shared' GROUP BY l.code, l.max_vehicles ORDER BY l.code`,
    [HOLDING],
  );
  for (const p of peaks) if (p.peak > p.cap) problems.push(`shared leaf ${p.code}: ${p.peak} vehicles > ${p.cap} at ${p.at.toISOString()}`);

  const { rows: mismatched } = await sql.query(
    `${CLAIMS},
     occupancy AS (SELECT reservation_id, leaf_id, during, vehicles FROM reservation_occupancy),
     expected AS (SELECT reservation_id, leaf_id, during, vehicles FROM claims)
     (SELECT 'holding claim without its occupancy row' AS what, * FROM (SELECT * FROM expected EXCEPT SELECT * FROM occupancy) m)
     UNION ALL
     (SELECT 'occupancy row without a matching holding claim', * FROM (SELECT * FROM occupancy EXCEPT SELECT * FROM expected) e)
     LIMIT 20`,
    [HOLDING],
  );
  for (const m of mismatched) problems.push(`${m.what}: reservation ${m.reservation_id}, leaf ${m.leaf_id}, ${m.during}, ${m.vehicles} vehicles`);

  const { rows: held } = await sql.query(`SELECT count(*)::int AS n FROM reservations WHERE status = ANY($1::text[])`, [HOLDING]);
  return { problems, holding: held[0].n, peaks: peaks.map((p) => `${p.code} ${p.peak}/${p.cap}`) };
}

const iso = (d: Date) => d.toISOString();

export interface LedgerReport {
  problems: string[];
  /** reservations and series in the database that no answer acknowledged (allowed only for requests without a definite answer) */
  unacknowledgedReservations: number;
  unacknowledgedSeries: number;
}

/**
 * What the app acknowledged is in the database, as it was answered, and nothing else is:
 * - every reservation answered 201 exists with its segment, organization, series and vehicles, with
 *   the times of its last acknowledged change (a refused reschedule left it where it was), and
 *   cancelled exactly when its cancel was answered 200 (still holding otherwise);
 * - every series answered 201 has exactly the occurrences its answer listed;
 * - every series in the database, acknowledged or not, is whole: its reservations are as many as
 *   its creation's audit entry (same transaction) says were created, created + skipped is the
 *   rrule's COUNT, and at least one was created (every request refused above 90 % skipped);
 * - rows that no answer acknowledged are no more than the requests left without a definite answer
 *   (no answer or a 5xx) could have written: a 409 or 422 wrote nothing.
 */
export async function ledgerReport(sql: Sql, ledger: Ledger): Promise<LedgerReport> {
  const problems: string[] = [];
  const ids = [...ledger.reservations.keys()];
  const { rows } = await sql.query(
    `SELECT id, segment_id, organization_id, series_id, vehicles, start_at, end_at, status FROM reservations WHERE id = ANY($1::uuid[])`,
    [ids],
  );
  const found = new Map(rows.map((r) => [r.id as string, r]));
  for (const [id, known] of ledger.reservations) {
    const row = found.get(id);
    if (!row) {
      problems.push(`acknowledged reservation ${id} is missing`);
      continue;
    }
    const same = { segment: row.segment_id === known.segmentId, organization: row.organization_id === known.organizationId, series: row.series_id === known.seriesId, vehicles: row.vehicles === known.vehicles };
    for (const [what, ok] of Object.entries(same)) if (!ok) problems.push(`reservation ${id}: ${what} differs from its answer`);
    const state = { start: iso(row.start_at), end: iso(row.end_at), cancelled: row.status === 'cancelled' };
    const holdingOrCancelled = state.cancelled || HOLDING.includes(row.status);
    const allowed = known.allowed.some((a) => iso(new Date(a.start)) === state.start && iso(new Date(a.end)) === state.end && a.cancelled === state.cancelled);
    if (!holdingOrCancelled || !allowed) problems.push(`reservation ${id} is ${row.status} ${state.start}–${state.end}; acknowledged: ${JSON.stringify(known.allowed)}`);
  }

  const { rows: series } = await sql.query(
    `SELECT s.id, s.rrule, (SELECT coalesce(array_agg(r.id::text), '{}') FROM reservations r WHERE r.series_id = s.id) AS ids,
            (a.data->>'created')::int AS created, (a.data->>'skipped')::int AS skipped
       FROM reservation_series s
       LEFT JOIN audit_log a ON a.entity_type = 'series' AND a.entity_id = s.id AND a.action = 'create'`,
  );
  const stored = new Map(series.map((s) => [s.id as string, s]));
  for (const [id, created] of ledger.series) {
    const s = stored.get(id);
    if (!s) problems.push(`acknowledged series ${id} is missing`);
    else if (s.ids.length !== created.length || !created.every((c) => s.ids.includes(c))) {
      problems.push(`series ${id}: ${s.ids.length} reservations in the database, its answer listed ${created.length}`);
    }
  }
  for (const s of series) {
    const count = Number(/COUNT=(\d+)/.exec(s.rrule)?.[1]);
    if (s.created === null) problems.push(`series ${s.id} has no creation audit entry`);
    else if (s.ids.length !== s.created || s.created + s.skipped !== count || s.created === 0) {
      problems.push(`series ${s.id} is not whole: ${s.ids.length} reservations, creation recorded ${s.created} created + ${s.skipped} skipped of ${count}`);
    }
  }

  const { rows: others } = await sql.query(
    `SELECT count(*) FILTER (WHERE series_id IS NULL)::int AS singles, count(*) FILTER (WHERE series_id IS NOT NULL)::int AS occurrences
       FROM reservations WHERE NOT (id = ANY($1::uuid[]))`,
    [ids],
  );
  const { singles, occurrences } = others[0];
  const unacknowledgedSeries = series.filter((s) => !ledger.series.has(s.id)).length;
  if (singles > ledger.unknownBookings) problems.push(`${singles} reservations nobody was told about, but only ${ledger.unknownBookings} bookings went without a definite answer`);
  if (unacknowledgedSeries > ledger.unknownSeries) problems.push(`${unacknowledgedSeries} series nobody was told about, but only ${ledger.unknownSeries} went without a definite answer`);
  if (occurrences > ledger.unknownOccurrences) problems.push(`${occurrences} occurrences of unacknowledged series, more than the ${ledger.unknownOccurrences} asked for without a definite answer`);
  return { problems, unacknowledgedReservations: singles + occurrences, unacknowledgedSeries };
}
