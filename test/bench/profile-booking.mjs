// Profiles the booking path in-process: a CPU profile of N sequential bookings through app.inject, after a warm-up,
// summarised by profile-summary.mjs. `node test/bench/profile-booking.mjs [N] [--queries]` (--queries lists the
// statements one booking sends).
import { spawnSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import inspector from 'node:inspector/promises';
import os from 'node:os';
import path from 'node:path';
import { root, say, withApp } from './harness.mjs';

const N = Number(process.argv[2] ?? 400);
const HOUR = 3600_000;

await withApp(async (bench) => {
  const [segment] = await bench.db.query(
    `WITH s AS (INSERT INTO segments (code, name, kind, capacity_mode, slot_minutes, min_duration_minutes, max_duration_minutes, max_advance_days, opening_hours)
       VALUES ('P1', 'Profile', 'test', 'exclusive', 60, 60, 120, 3650, '[{"days":["mon","tue","wed","thu","fri","sat","sun"],"open":"00:00","close":"24:00"}]') RETURNING id),
     c AS (INSERT INTO segment_closure (ancestor_id, descendant_id, depth) SELECT id, id, 0 FROM s) SELECT id FROM s`,
  );
  const [org] = await bench.db.query(`INSERT INTO organizations (name, kind, business_number, membership, star_company, billing_email) VALUES ('P', 'oem', '900-00-00001', 'member', false, 'b@p.kr') RETURNING id`);
  const token = await bench.tokenFor('customer', org.id);
  const base = new Date();
  base.setUTCHours(0, 0, 0, 0);
  let slot = 24;
  const book = async () => {
    const start = new Date(base.getTime() + slot++ * HOUR);
    const res = await bench.app.inject({
      method: 'POST',
      url: '/api/v1/reservations',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      payload: JSON.stringify({ segmentId: segment.id, start: start.toISOString(), end: new Date(start.getTime() + HOUR).toISOString() }),
    });
    if (res.statusCode !== 201) throw new Error(`${res.statusCode} ${res.body}`);
  };
  for (let i = 0; i < 100; i++) await book();
  if (process.argv.includes('--queries')) {
    // every statement one booking sends, in order (each is a round trip to PostgreSQL)
    const { PostgresQueryRunner } = await import('typeorm/driver/postgres/PostgresQueryRunner.js');
    const original = PostgresQueryRunner.prototype.query;
    const seen = [];
    PostgresQueryRunner.prototype.query = function (sql, ...rest) {
      seen.push(sql.replace(/\s+/g, ' ').slice(0, 140));
      return original.call(this, sql, ...rest);
    };
    await book();
    PostgresQueryRunner.prototype.query = original;
    say(`${seen.length} statements per booking:\n${seen.map((q, i) => `${String(i + 1).padStart(3)}. ${q}`).join('\n')}`);
  }
  const session = new inspector.Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  const cpu0 = process.cpuUsage();
  const t0 = Date.now();
  for (let i = 0; i < N; i++) await book();
  const cpu = process.cpuUsage(cpu0);
  const { profile } = await session.post('Profiler.stop');
  say(`${N} bookings in ${Date.now() - t0} ms; process CPU per booking ${((cpu.user + cpu.system) / 1000 / N).toFixed(2)} ms`);
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'prof-booking-'));
  await fs.writeFile(path.join(dir, 'booking.cpuprofile'), JSON.stringify(profile));
  spawnSync(process.execPath, [path.join(root, 'test/bench/profile-summary.mjs'), dir, '--top=40'], { stdio: 'inherit' });
}, { SEED_DEMO: 'false' });
