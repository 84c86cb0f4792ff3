// Booking write path against its SQL floor, in one run on one PostgreSQL.
//
// App: the built server in its own process (`node dist/src/main.js`), 32 concurrent HTTP clients (keep-alive)
// booking random 1–2 h slots over 60 days on 10 exclusive and 5 shared segments for DURATION seconds, as customers
// of 8 organizations. Every 201 and 409 is a decision; the 409s carry suggestions.
// Floor: the same workload as bare `pg` transactions from this process (32 connections) on tables of the same
// shape: an insert under an exclusion constraint for exclusive segments; row lock, peak check and insert for shared.
// `--write` records the figures in docs/performance.md; `--profile` writes a CPU profile of the server to /tmp/prof.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { JWT_SECRET, WRITE, dist, machine, markdownTable, percentile, root, say, startApp, startDatabase, writeSection } from './harness.mjs';

const { freePort } = await dist('src/database/embedded-postgres.js');

const CLIENTS = 32;
const DURATION_MS = Number(process.env.BENCH_SECONDS ?? 20) * 1000;
const DAYS = 60;
const EXCLUSIVE = 10;
const SHARED = 5;
const MAX_VEHICLES = 4;
const ORGANIZATIONS = 8;
const HOUR = 3600_000;

/** A random slot: an hour-aligned start in the next DAYS days (from tomorrow 00:00 UTC), 1 or 2 hours. */
function randomSlot() {
  const base = new Date();
  base.setUTCHours(0, 0, 0, 0);
  const start = base.getTime() + 24 * HOUR + Math.floor(Math.random() * DAYS * 24) * HOUR;
  return { start: new Date(start), end: new Date(start + (1 + Math.floor(Math.random() * 2)) * HOUR) };
}

/** CPU milliseconds (user + system) a process has used so far, from /proc. */
function cpuMs(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime, stime in clock ticks (100/s)
}

/** Runs `decide` from CLIENTS concurrent loops for DURATION_MS; counts outcomes and latencies. */
async function load(decide) {
  const counts = {};
  const latencies = [];
  const until = Date.now() + DURATION_MS;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: CLIENTS }, async (_, client) => {
      while (Date.now() < until) {
        const t0 = process.hrtime.bigint();
        const outcome = await decide(client);
        latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
        counts[outcome] = (counts[outcome] ?? 0) + 1;
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  latencies.sort((a, b) => a - b);
  const decisions = (counts[201] ?? 0) + (counts[409] ?? 0);
  const errors = Object.entries(counts).filter(([k]) => Number(k) >= 500 || k === 'error').reduce((n, [, v]) => n + v, 0);
  return { counts, decisions, perSecond: decisions / seconds, p50: percentile(latencies, 50), p99: percentile(latencies, 99), errors };
}

const database = await startDatabase();
let server;
const pool = new pg.Pool({ connectionString: database.url, max: CLIENTS });
pool.on('error', () => undefined); // idle connections end when the database stops
try {
  // --- the facility and the customers, through the app's own code, then the app is closed
  const seeding = await startApp(database.url, { SEED_DEMO: 'false' });
  const segments = await seeding.db.query(
    `WITH s AS (
       INSERT INTO segments (code, name, kind, capacity_mode, max_vehicles, slot_minutes, min_duration_minutes, max_duration_minutes, max_advance_days, opening_hours)
       SELECT 'BK' || g, 'Booking bench ' || g, 'test', CASE WHEN g > $1 THEN 'shared' ELSE 'exclusive' END, CASE WHEN g > $1 THEN $3::int END,
              60, 60, 120, 365, '[{"days":["mon","tue","wed","thu","fri","sat","sun"],"open":"00:00","close":"24:00"}]'::jsonb
         FROM generate_series(1, $1::int + $2::int) g RETURNING id, capacity_mode),
     c AS (INSERT INTO segment_closure (ancestor_id, descendant_id, depth) SELECT id, id, 0 FROM s)
     SELECT id, capacity_mode = 'shared' AS shared FROM s`,
    [EXCLUSIVE, SHARED, MAX_VEHICLES],
  );
  const tokens = [];
  for (let i = 0; i < ORGANIZATIONS; i++) {
    const [org] = await seeding.db.query(
      `INSERT INTO organizations (name, kind, business_number, membership, star_company, billing_email)
       VALUES ($1, 'oem', $2, 'member', false, 'billing@bench.kr') RETURNING id`,
      [`Bench OEM ${i}`, `900-00-${String(10_000 + i)}`],
    );
    tokens.push(await seeding.tokenFor('customer', org.id));
  }
  await seeding.close();

  // --- the app, in its own process
  const port = await freePort();
  const profile = process.argv.includes('--profile') ? ['--cpu-prof', '--cpu-prof-dir=/tmp/prof'] : [];
  server = spawn(process.execPath, [...profile, path.join(root, 'dist/src/main.js')], {
    env: { ...process.env, DATABASE_URL: database.url, JWT_SECRET, PORT: String(port), LOG_LEVEL: 'silent', SEED_DEMO: 'false', DATABASE_POOL_SIZE: String(CLIENTS) },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    const up = await fetch(`${base}/health`).then((r) => r.ok).catch(() => false);
    if (up) break;
    if (i > 300) throw new Error('the server did not start');
    await new Promise((r) => setTimeout(r, 100));
  }

  const book = async (client) => {
    const segment = segments[Math.floor(Math.random() * segments.length)];
    const { start, end } = randomSlot();
    const body = JSON.stringify({ segmentId: segment.id, start: start.toISOString(), end: end.toISOString(), vehicles: segment.shared ? 1 + Math.floor(Math.random() * 2) : 1 });
    try {
      const res = await fetch(`${base}/api/v1/reservations`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens[client % tokens.length]}` },
        body,
      });
      await res.arrayBuffer();
      return res.status;
    } catch {
      return 'error';
    }
  };
  say('warm-up ...');
  const warm = Date.now() + 3000;
  await Promise.all(Array.from({ length: CLIENTS }, async (_, c) => { while (Date.now() < warm) await book(c); }));
  await pool.query(`TRUNCATE reservations, reservation_occupancy, audit_log, events, notifications, webhook_deliveries CASCADE`);
  say(`app: ${CLIENTS} clients for ${DURATION_MS / 1000} s ...`);
  const cpuBefore = cpuMs(server.pid);
  const app = await load(book);
  const serverCpuPerDecision = (cpuMs(server.pid) - cpuBefore) / app.decisions;

  // --- the floor: the same decisions as bare SQL, on tables of the same shape
  await pool.query(`
    CREATE TABLE floor_leaf (id int PRIMARY KEY, exclusive boolean NOT NULL, max_vehicles int);
    CREATE TABLE floor_booking (
      id bigserial PRIMARY KEY, leaf_id int NOT NULL REFERENCES floor_leaf(id), during tstzrange NOT NULL,
      vehicles int NOT NULL, exclusive boolean NOT NULL,
      EXCLUDE USING gist (leaf_id WITH =, during WITH &&) WHERE (exclusive));
    CREATE INDEX floor_booking_during ON floor_booking USING gist (leaf_id, during);
    INSERT INTO floor_leaf SELECT g, g <= ${EXCLUSIVE}, CASE WHEN g > ${EXCLUSIVE} THEN ${MAX_VEHICLES} END FROM generate_series(1, ${EXCLUSIVE + SHARED}) g;`);
  const decideInSql = async () => {
    const leaf = 1 + Math.floor(Math.random() * (EXCLUSIVE + SHARED));
    const { start, end } = randomSlot();
    const client = await pool.connect();
    try {
      if (leaf <= EXCLUSIVE) {
        try {
          await client.query(`INSERT INTO floor_booking (leaf_id, during, vehicles, exclusive) VALUES ($1, tstzrange($2, $3), 1, true)`, [leaf, start, end]);
          return 201;
        } catch (error) {
          if (error.code === '23P01') return 409;
          throw error;
        }
      }
      const vehicles = 1 + Math.floor(Math.random() * 2);
      await client.query('BEGIN');
      await client.query(`SELECT 1 FROM floor_leaf WHERE id = $1 FOR UPDATE`, [leaf]);
      // the peak of vehicles over the range: at each start of an overlapping booking (and at the range's start)
      const [{ peak }] = (
        await client.query(
          `WITH o AS (SELECT during, vehicles FROM floor_booking WHERE leaf_id = $1 AND during && tstzrange($2, $3))
           SELECT coalesce(max((SELECT sum(o2.vehicles) FROM o o2 WHERE o2.during @> p.at)), 0)::int AS peak
             FROM (SELECT greatest(lower(during), $2::timestamptz) AS at FROM o) p`,
          [leaf, start, end],
        )
      ).rows;
      if (peak + vehicles > MAX_VEHICLES) {
        await client.query('ROLLBACK');
        return 409;
      }
      await client.query(`INSERT INTO floor_booking (leaf_id, during, vehicles, exclusive) VALUES ($1, tstzrange($2, $3), $4, false)`, [leaf, start, end, vehicles]);
      await client.query('COMMIT');
      return 201;
    } catch {
      await client.query('ROLLBACK').catch(() => undefined);
      return 'error';
    } finally {
      client.release();
    }
  };
  say(`floor: ${CLIENTS} connections for ${DURATION_MS / 1000} s ...`);
  const floor = await load(decideInSql);

  const ratio = app.perSecond / floor.perSecond;
  const row = (name, r) => [name, r.decisions, r.perSecond.toFixed(0), r.counts[201] ?? 0, r.counts[409] ?? 0, r.p50.toFixed(1), r.p99.toFixed(1), r.errors];
  const table = markdownTable(['path', 'decisions', 'decisions/s', '201', '409', 'p50 (ms)', 'p99 (ms)', '5xx/errors'], [row('app (HTTP)', app), row('SQL floor (bare pg)', floor)]);
  say('');
  say(table);
  say(`\nratio app/floor: ${ratio.toFixed(2)} (goal ≥ 0.5 with zero 5xx: ${ratio >= 0.5 && app.errors === 0 ? 'met' : 'MISSED'})`);
  say(`other answers: ${JSON.stringify(app.counts)}; server CPU per decision: ${serverCpuPerDecision.toFixed(2)} ms`);

  if (WRITE) {
    await writeSection(
      'Booking write path',
      [
        `${CLIENTS} concurrent clients booking random 1–2 h slots over ${DAYS} days on ${EXCLUSIVE} exclusive and ${SHARED} shared`,
        `(max ${MAX_VEHICLES} vehicles) segments for ${DURATION_MS / 1000} s, as customers of ${ORGANIZATIONS} organizations; a decision is a 201`,
        'or a 409 (with its suggestions). App: the built server in its own process, HTTP with keep-alive. SQL floor: the same',
        'workload as bare `pg` transactions on the same PostgreSQL (insert under an exclusion constraint; row lock, peak',
        'check and insert for shared). Goal: ratio ≥ 0.5 with zero 5xx.',
        '',
        'Reproduce: `npm run bench -- --only=booking` (add `--write` to update this section, `--profile` for a CPU profile).',
        '',
        table,
        '',
        `Ratio app/floor: **${ratio.toFixed(2)}**; the server process used ${serverCpuPerDecision.toFixed(2)} ms of CPU per decision. ${machine()}. Recorded ${new Date().toISOString().slice(0, 10)}.`,
        "",
        "### Profile, cause, and what would reach the goal (goal missed)",
        "",
        "`node test/bench/profile-booking.mjs 400 --queries` lists the statements one customer booking sends and profiles",
        "400 sequential bookings in-process. The server is CPU-bound: 3.8 ms of CPU per decision against the floor's",
        "one statement (exclusive) to five (shared). Most of it is the cost of each round trip to PostgreSQL on this",
        "machine (the native `writev`/read of the pg socket: 40 % of the non-idle profile), then TypeORM's statement",
        "building and entity hydration, validation, guards and JSON.",
        "",
        "| booking path version | statements per booking | server CPU per decision | app decisions/s | ratio |",
        "|---|---:|---:|---:|---:|",
        "| first version | 17 | 4.4 ms | 160 (5 s run) | 0.05 |",
        "| leaves locked by one PL/pgSQL call (`lock_booking_leaves`), blackouts and occupancy read in one statement, no `SET TRANSACTION` per transaction, a segment and its composite flag in one query, no organization lookup for customers | 10 | 3.8 ms | 170 | 0.06 |",
        "",
        "The 409s are cheap enough (their suggestions are one availability statement after the rollback); the writes",
        "are not. What would reach 0.5: the whole decision in one PL/pgSQL function called once per booking (lock",
        "leaves, read obstacles, quota, insert reservation, occupancy, audit and outbox rows, returning the row or the",
        "conflicts), i.e. three round trips with BEGIN/COMMIT instead of ten, raw `pg` instead of TypeORM on that path,",
        "and a leaner request pipeline (no class-transformer on the hot DTO). That moves the decision rules of",
        "`conflicts.ts` into SQL, which is why it was not done in this pass.",
      ].join('\n'),
    );
  }
} finally {
  if (server) {
    server.kill('SIGTERM');
    await new Promise((r) => server.once('exit', r));
  }
  await pool.end().catch(() => undefined);
  await database.stop();
}
