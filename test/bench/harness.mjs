// What every benchmark shares: an embedded PostgreSQL in a temporary directory, the BUILT app on it
// (npm run build first; the npm scripts do), percentiles, tables, and docs/performance.md sections; timing
// (`measure`, `timed`), requests (`call`), statements captured from a request (`statementAlone`), and seeding
// (`addSegments`, `addOrganizations`, `seedReservations`: a year of bookings written as the booking engine writes them).
import 'reflect-metadata';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const dist = (p) => import(path.join(root, 'dist', p));
export const ZONE = 'Asia/Seoul';
export const WRITE = process.argv.includes('--write');
export const JWT_SECRET = 'bench-secret-bench-secret-bench-secret-0';

export const say = (line = '') => process.stdout.write(`${line}\n`);
export const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];

/** A fresh embedded PostgreSQL, migrated: `{ url, stop() }`. */
export async function startDatabase() {
  const { startEmbeddedPostgres } = await dist('src/database/embedded-postgres.js');
  const { migrate } = await dist('src/database/data-source.js');
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'pg-bench-'));
  await fs.chmod(dataDir, 0o755);
  say(`embedded PostgreSQL in ${dataDir} ...`);
  const embedded = await startEmbeddedPostgres({ dataDir });
  await migrate(embedded.url);
  return {
    url: embedded.url,
    async stop() {
      await embedded.stop().catch(() => undefined);
      await fs.rm(dataDir, { recursive: true, force: true }).catch(() => undefined);
    },
  };
}

/**
 * The app in this process on `url`, demo facility seeded: `{ app, db, tokenFor(role, organizationId?), close() }`.
 * Requests go through `app.inject` (no sockets) unless the caller listens.
 */
export async function startApp(url, env = {}) {
  const { createApp } = await dist('src/bootstrap.js');
  const { loadConfig } = await dist('src/config/app-config.js');
  const { SeedService } = await dist('src/seed/seed.service.js');
  const { TokenService } = await dist('src/auth/token.service.js');
  const { DataSource } = await import('typeorm');
  const config = loadConfig({
    DATABASE_URL: url,
    JWT_SECRET,
    LOG_LEVEL: 'silent',
    SEED_DEMO: 'true',
    LIFECYCLE_INTERVAL_SECONDS: '0',
    DELIVERY_INTERVAL_MS: '0',
    FACILITY_TIMEZONE: ZONE,
    ADMIN_EMAIL: 'admin@bench.kr',
    ADMIN_PASSWORD: 'bench-password-123',
    ...env,
  });
  const app = await createApp(config, { databaseUrl: url, jwtSecret: JWT_SECRET });
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  await app.get(SeedService).run();
  const db = app.get(DataSource);
  const tokens = app.get(TokenService);
  return {
    app,
    db,
    /** A token of a new user of this role (customers: of `organizationId`, else the first organization). */
    async tokenFor(role, organizationId = null) {
      const org = role === 'customer' ? organizationId ?? (await db.query(`SELECT id FROM organizations ORDER BY created_at LIMIT 1`))[0].id : null;
      const [user] = await db.query(
        `INSERT INTO users (email, password_hash, name, role, organization_id) VALUES ($1, 'x', $2, $3, $4) RETURNING id`,
        [`${role}-${Math.random().toString(36).slice(2)}@bench.kr`, `bench ${role}`, role, org],
      );
      return tokens.sign({ userId: user.id, role, organizationId: org });
    },
    close: () => app.close().catch(() => undefined),
  };
}

/**
 * ~60 segments: the 17 demo ones plus `n` generated top-level ones (a third shared, 6 vehicles), open 08:00–20:00
 * daily. Options: `prefix` of the codes (default B; codes must stay unique), `maxAdvanceDays` (default 365), `mode`
 * ('exclusive' or 'shared' for all of them; default a third shared). Returns the ids, in code order.
 */
export async function addSegments(db, n, { prefix = 'B', maxAdvanceDays = 365, mode } = {}) {
  const rows = await db.query(
    `WITH s AS (
       INSERT INTO segments (code, name, kind, capacity_mode, max_vehicles, slot_minutes, min_duration_minutes, max_duration_minutes, max_advance_days, opening_hours)
       SELECT $2 || g, 'Bench segment ' || $2 || g, 'test', m, CASE WHEN m = 'shared' THEN 6 END,
              30, 30, 480, $3, '[{"days":["mon","tue","wed","thu","fri","sat","sun"],"open":"08:00","close":"20:00"}]'::jsonb
         FROM generate_series(1, $1::int) g, LATERAL (SELECT coalesce($4, CASE WHEN g % 3 = 0 THEN 'shared' ELSE 'exclusive' END) AS m) x
        ORDER BY g
       RETURNING id, code),
     c AS (INSERT INTO segment_closure (ancestor_id, descendant_id, depth) SELECT id, id, 0 FROM s)
     SELECT id FROM s ORDER BY length(code), code`,
    [n, prefix, maxAdvanceDays, mode ?? null],
  );
  return rows.map((r) => r.id);
}

/** Runs `work(bench)` against the app on a fresh database (see startApp), then closes both, whatever happens. */
export async function withApp(work, env = {}) {
  const database = await startDatabase();
  let bench;
  try {
    bench = await startApp(database.url, env);
    return await work(bench);
  } finally {
    await bench?.close();
    await database.stop();
  }
}

/** A markdown table from a header row and rows of cells. */
export function markdownTable(header, rows) {
  const align = header.map((_, i) => (i === 0 ? '---' : '---:'));
  return [header, align, ...rows].map((cells) => `| ${cells.join(' | ')} |`).join('\n');
}

/** Replaces (or appends) the `## title` section of docs/performance.md with `body`. */
export async function writeSection(title, body) {
  const file = path.join(root, 'docs/performance.md');
  let doc = await fs.readFile(file, 'utf8');
  const section = `## ${title}\n\n${body.trim()}\n`;
  const escaped = title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const re = new RegExp(`## ${escaped}\\n[\\s\\S]*?(?=\\n## |$)`);
  doc = re.test(doc) ? doc.replace(re, section) : `${doc.trimEnd()}\n\n${section}`;
  await fs.writeFile(file, doc);
  say(`updated docs/performance.md, "${title}"`);
}

/** The machine, for the record. */
export function machine() {
  return `${os.cpus().length} cores (${os.cpus()[0]?.model.trim()}), ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
}

// ------------------------------------------------------------------------------------------------ timing and requests

/** The milliseconds `fn` takes, and what it returned: `{ ms, value }`. */
export async function timed(fn) {
  const t0 = process.hrtime.bigint();
  const value = await fn();
  return { ms: Number(process.hrtime.bigint() - t0) / 1e6, value };
}

/**
 * `fn(i)` `warmup` times untimed, then `runs` times timed (`i` counts on across both, so each call can take fresh
 * data): `{ times (ascending ms), p50, p95, max, values, cpuP50 }`. `cpuP50` is the median CPU time of this process
 * per call (user + system ms: the app's JavaScript, not PostgreSQL's work), which other load on the machine
 * disturbs far less than the wall-clock times.
 */
export async function measure(fn, { runs = 30, warmup = 3 } = {}) {
  let i = 0;
  for (let w = 0; w < warmup; w++) await fn(i++);
  const times = [];
  const cpu = [];
  const values = [];
  for (let r = 0; r < runs; r++) {
    const before = process.cpuUsage();
    const { ms, value } = await timed(() => fn(i++));
    const used = process.cpuUsage(before);
    cpu.push((used.user + used.system) / 1000);
    times.push(ms);
    values.push(value);
  }
  times.sort((a, b) => a - b);
  cpu.sort((a, b) => a - b);
  return { times, p50: percentile(times, 50), p95: percentile(times, 95), max: times[times.length - 1], values, cpuP50: percentile(cpu, 50) };
}

/**
 * One request through `app.inject`; any status but `expect` (default 200) throws. Returns the parsed body, or with
 * `raw` the body text (so that a timed call does not count the client's JSON.parse of a large answer).
 */
export async function call(app, { method = 'GET', url, token, body, expect = 200, raw = false }) {
  const res = await app.inject({ method, url, headers: token ? { authorization: `Bearer ${token}` } : {}, ...(body === undefined ? {} : { payload: body }) });
  if (res.statusCode !== expect) throw new Error(`${method} ${url}: ${res.statusCode} ${res.body.slice(0, 2000)}`);
  if (raw) return res.body;
  return res.body ? JSON.parse(res.body) : undefined;
}

/** Milliseconds as the tables print them. */
export const fmt = (ms) => ms.toFixed(1);
/** `met` or `MISSED` for a figure against a goal it must stay under. */
export const verdict = (value, goal) => (value < goal ? 'met' : 'MISSED');

/** Runs `run()` while recording the first statement whose SQL contains `marker`: `{ sql, params }`. */
export async function captureStatement(db, marker, run) {
  let captured;
  const original = db.query.bind(db);
  db.query = (sql, params, ...rest) => {
    if (!captured && sql.includes(marker)) captured = { sql, params };
    return original(sql, params, ...rest);
  };
  try {
    await run();
  } finally {
    db.query = original;
  }
  if (!captured) throw new Error(`no statement containing "${marker}" ran`);
  return captured;
}

/**
 * The statement that `run()` sends containing `marker`, run alone `runs` times after one warm-up (`aloneP50`, ms, the
 * rows fetched by the driver included) and its `EXPLAIN (ANALYZE, BUFFERS)` as text when `explain` is set.
 */
export async function statementAlone(db, marker, run, { runs = 10, explain = false } = {}) {
  const { sql, params } = await captureStatement(db, marker, run);
  const result = await measure(() => db.query(sql, params), { runs, warmup: 1 });
  const plan = explain ? (await db.query(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, params)).map((r) => r['QUERY PLAN']).join('\n') : null;
  return { aloneP50: result.p50, plan };
}

// ------------------------------------------------------------------------------------------------ seeding

/**
 * Facility-local time (the app's own functions): `at(date, minuteOfDay)` and `midnight(date)` as instants,
 * `dateOf(instant)` the local date, `addDays(date, n)`, `month(date)` its YYYY-MM.
 */
export async function localTime() {
  const { atLocal, localDate, addLocalDays } = await dist('src/segments/local-time.js');
  return {
    at: (date, minute) => atLocal(date, minute, ZONE),
    midnight: (date) => atLocal(date, 0, ZONE),
    dateOf: (instant) => localDate(instant, ZONE),
    addDays: addLocalDays,
    month: (date) => date.slice(0, 7),
  };
}

/** `n` organizations (besides the demo ones), every tenth a member: their ids. */
export async function addOrganizations(db, n) {
  const { withCheckDigit } = await dist('src/organizations/business-number.js');
  // 999-9x-xxxxx prefixes are used by no demo organization; the check digit makes each number valid.
  const numbers = Array.from({ length: n }, (_, i) => withCheckDigit(`9999${String(i + 1).padStart(5, '0')}`));
  const rows = await db.query(
    `INSERT INTO organizations (name, kind, membership, star_company, business_number, billing_email)
     SELECT 'Bench org ' || i, 'supplier', CASE WHEN i % 10 = 0 THEN 'member' ELSE 'non_member' END, false, bn, 'billing' || i || '@bench.example'
       FROM unnest($1::text[]) WITH ORDINALITY AS t(bn, i)
     RETURNING id`,
    [numbers],
  );
  return rows.map((r) => r.id);
}

/**
 * `count` reservations over `days` local days from the local date `firstDay`, on every segment, written as a real
 * booking writes them: holding ones (pending, confirmed) with their `reservation_occupancy` rows, one per leaf
 * below the segment, `during` = [start, end + the segment's buffer), a composite taking a shared leaf at full
 * capacity. A third are cancelled or completed (completed ones with actual start and end), and hold nothing.
 *
 * Consistent with the booking engine by construction, in SQL: each segment's opening intervals (weekly hours turned
 * into instants by the app's `openIntervals`) are cut into 2-hour slots; a reservation takes one slot (1–2 hours, its
 * buffer included), so bookings of one segment never overlap; composites take one slot in eight, and a slot that
 * overlaps a composite slot of an ancestor is left out, so a composite and its descendants never meet either (the
 * exclusion constraint would refuse it; shared leaves never exceed their capacity). `count` slots are picked
 * pseudo-randomly (md5) from what is left. Returns `{ reservations, holding, occupancyRows, slots }`.
 */
export async function seedReservations(db, { count, firstDay, days, organizationIds }) {
  const { openIntervals } = await dist('src/segments/opening-hours.js');
  const { midnight, addDays } = await localTime();
  const from = midnight(firstDay);
  const to = midnight(addDays(firstDay, days));
  const segments = await db.query(`SELECT id, opening_hours FROM segments WHERE active`);
  const ids = [];
  const los = [];
  const his = [];
  for (const s of segments) {
    for (const interval of openIntervals(s.opening_hours, from, to, ZONE)) {
      ids.push(s.id);
      los.push(interval.start);
      his.push(interval.end);
    }
  }
  const orgs = organizationIds ?? (await db.query(`SELECT id FROM organizations ORDER BY created_at, id`)).map((o) => o.id);
  const [row] = await db.query(
    `WITH open_ AS (SELECT * FROM unnest($1::uuid[], $2::timestamptz[], $3::timestamptz[]) AS o(segment_id, lo, hi)),
     seg AS (
       SELECT s.id, s.buffer_minutes, s.capacity_mode, s.max_vehicles, EXISTS (SELECT 1 FROM segments c WHERE c.parent_id = s.id) AS composite
         FROM segments s
     ),
     slot AS (
       SELECT o.segment_id, tstzrange(st, st + interval '2 hours') AS r, seg.composite
         FROM open_ o JOIN seg ON seg.id = o.segment_id, generate_series(o.lo, o.hi - interval '2 hours', interval '2 hours') st
     ),
     -- composites take one slot in eight
     taken AS (
       SELECT * FROM slot WHERE NOT composite OR ('x' || left(md5(segment_id::text || lower(r)::text), 7))::bit(28)::int % 8 = 0
     ),
     free_ AS (
       SELECT t.* FROM taken t
        WHERE NOT EXISTS (
          SELECT 1 FROM taken a JOIN segment_closure c ON c.ancestor_id = a.segment_id AND c.depth > 0
           WHERE a.composite AND c.descendant_id = t.segment_id AND a.r && t.r)
     ),
     picked AS (
       SELECT f.segment_id, lower(f.r) AS st, row_number() OVER (ORDER BY md5(f.segment_id::text || lower(f.r)::text)) AS g
         FROM free_ f ORDER BY md5(f.segment_id::text || lower(f.r)::text) LIMIT $4
     ),
     res AS (
       SELECT p.g, p.segment_id, p.st, seg.buffer_minutes AS buffer,
              -- 1, 1.5 or 2 hours; end + buffer stays inside the 2-hour slot
              p.st + make_interval(mins => CASE WHEN seg.buffer_minutes = 0 THEN 60 + 30 * (p.g % 3)::int ELSE 60 + 30 * (p.g % 2)::int END) AS en,
              CASE WHEN seg.capacity_mode = 'shared' AND NOT seg.composite THEN 1 + (p.g % seg.max_vehicles)::int ELSE 1 + (p.g % 3)::int END AS vehicles,
              (ARRAY['confirmed','pending','completed','confirmed','cancelled','confirmed'])[1 + p.g % 6] AS status,
              ($5::uuid[])[1 + p.g % array_length($5::uuid[], 1)] AS organization_id
         FROM picked p JOIN seg ON seg.id = p.segment_id
     ),
     ins AS (
       INSERT INTO reservations (organization_id, segment_id, start_at, end_at, buffer_minutes, vehicles, status, purpose, actual_start, actual_end)
       SELECT organization_id, segment_id, st, en, buffer, vehicles, status, 'bench',
              CASE WHEN status = 'completed' THEN st END, CASE WHEN status = 'completed' THEN en END
         FROM res
       RETURNING id, segment_id, start_at, end_at, buffer_minutes, vehicles, status
     ),
     occ AS (
       INSERT INTO reservation_occupancy (reservation_id, leaf_id, during, vehicles, exclusive)
       SELECT i.id, leaf.id, tstzrange(i.start_at, i.end_at + make_interval(mins => i.buffer_minutes)),
              CASE WHEN top.composite AND leaf.capacity_mode = 'shared' THEN leaf.max_vehicles ELSE i.vehicles END,
              leaf.capacity_mode = 'exclusive'
         FROM ins i JOIN seg top ON top.id = i.segment_id
         JOIN segment_closure c ON c.ancestor_id = i.segment_id
         JOIN seg leaf ON leaf.id = c.descendant_id AND NOT leaf.composite
        WHERE i.status IN ('pending', 'confirmed', 'checked_in')
       RETURNING reservation_id
     )
     SELECT (SELECT count(*) FROM ins)::int AS reservations,
            (SELECT count(*) FROM ins WHERE status IN ('pending', 'confirmed', 'checked_in'))::int AS holding,
            (SELECT count(*) FROM occ)::int AS "occupancyRows",
            (SELECT count(*) FROM free_)::int AS slots`,
    [ids, los, his, count, orgs],
  );
  if (row.reservations < count) throw new Error(`only ${row.slots} free slots for ${count} reservations`);
  // what autovacuum does after a bulk load (statistics, and the visibility map that index-only scans need)
  await db.query(`VACUUM ANALYZE reservations, reservation_occupancy`);
  await db.query(`ANALYZE`);
  return row;
}

// ------------------------------------------------------------------------------------------------ profiling

/** `--profile=DIR` on a benchmark's command line, or null. */
export const PROFILE_DIR = process.argv.find((a) => a.startsWith('--profile='))?.slice(10) ?? null;

/**
 * Runs `fn()` under V8's CPU profiler and sampling heap profiler (only this, not the seeding before it), writes
 * `DIR/<name>.cpuprofile` and `DIR/<name>.heapprofile` (Chrome DevTools opens both; `profile-summary.mjs` summarises the
 * first), and prints the allocation per call (`calls` of the timed function) and its top allocating functions.
 */
export async function profiled(dir, name, calls, fn) {
  const inspector = await import('node:inspector/promises');
  const session = new inspector.Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 200 });
  await session.post('HeapProfiler.enable');
  await session.post('HeapProfiler.startSampling', { samplingInterval: 4096, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
  await session.post('Profiler.start');
  let result;
  try {
    result = await fn();
  } finally {
    const { profile } = await session.post('Profiler.stop');
    const { profile: heap } = await session.post('HeapProfiler.stopSampling');
    session.disconnect();
    await fs.mkdir(dir, { recursive: true });
    await fs.writeFile(path.join(dir, `${name}.cpuprofile`), JSON.stringify(profile));
    await fs.writeFile(path.join(dir, `${name}.heapprofile`), JSON.stringify(heap));
    const bytes = new Map();
    let total = 0;
    const walk = (node) => {
      const { functionName, url, lineNumber } = node.callFrame;
      const key = `${functionName || '(anonymous)'} ${url.replace(/^.*\/(node_modules|dist)\//, '$1/')}:${lineNumber + 1}`;
      bytes.set(key, (bytes.get(key) ?? 0) + node.selfSize);
      total += node.selfSize;
      node.children.forEach(walk);
    };
    walk(heap.head);
    say(`\nprofiles in ${dir}/${name}.{cpuprofile,heapprofile} (timings taken under the profilers run slower); allocated ${(total / calls / 2 ** 20).toFixed(1)} MiB per call, most by:`);
    for (const [key, b] of [...bytes].sort((x, y) => y[1] - x[1]).slice(0, 8)) say(`  ${(b / calls / 2 ** 20).toFixed(2)} MiB  ${key}`);
  }
  return result;
}
