import fc from 'fast-check';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import net from 'node:net';
import pg from 'pg';
import { at, localDay } from '../support/facility.js';
import { TestApp, createTestDatabase } from '../support/test-app.js';

/**
 * "No double booking, ever, under any concurrency and across any number of app instances", and
 * "lifecycle jobs run in the background, safely on several instances at once" (product.md):
 * two app processes started from the build (`node dist/src/main.js`) share one database.
 */

const HOLDING = ['pending', 'confirmed', 'checked_in'];
const ALL_DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
const MINUTE = 60_000;

interface Instance {
  name: string;
  port: number;
  child: ChildProcess;
  output: string[];
  exited: boolean;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

interface Answer {
  status: number;
  body: any;
}

/** Every answer of this file, to prove none was a 5xx. */
const answers: Answer[] = [];

async function api(instance: Instance, method: string, path: string, token?: string, body?: unknown): Promise<Answer> {
  const res = await fetch(`http://127.0.0.1:${instance.port}${path}`, {
    method,
    headers: { ...(token ? { Authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  const answer = { status: res.status, body: text ? JSON.parse(text) : null };
  answers.push(answer);
  return answer;
}

async function expectStatus(promise: Promise<Answer>, status: number): Promise<any> {
  const answer = await promise;
  if (answer.status !== status) throw new Error(`expected ${status}, got ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body;
}

describe('two app instances on one database', () => {
  let db: { url: string; drop(): Promise<void> } | undefined;
  let sql: pg.Pool | undefined;
  const instances: Instance[] = [];
  const killAll = () => {
    for (const i of instances) if (!i.exited) i.child.kill('SIGKILL');
  };
  let adminToken: string;
  let customers: { token: string; organizationId: string }[];
  let exclusive: { id: string };
  let shared: { id: string };
  let gate: { id: string };

  const ADMIN = { email: `admin-${randomBytes(3).toString('hex')}@example.kr`, password: `pw-${randomBytes(8).toString('hex')}` };

  function start(name: string, port: number, url: string): Instance {
    const child = spawn(process.execPath, ['dist/src/main.js'], {
      cwd: process.cwd(),
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        DATABASE_URL: url,
        DATABASE_POOL_SIZE: '10',
        JWT_SECRET: 'two-instances-secret-two-instances-secret',
        PORT: String(port),
        LOG_LEVEL: 'silent',
        SEED_DEMO: 'false',
        LIFECYCLE_INTERVAL_SECONDS: '1',
        ADMIN_EMAIL: ADMIN.email,
        ADMIN_PASSWORD: ADMIN.password,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const instance: Instance = { name, port, child, output: [], exited: false };
    child.stdout!.on('data', (d: Buffer) => instance.output.push(d.toString()));
    child.stderr!.on('data', (d: Buffer) => instance.output.push(d.toString()));
    child.on('exit', (code, signal) => {
      instance.exited = true;
      instance.output.push(`[exited: ${code ?? signal}]`);
    });
    instances.push(instance);
    return instance;
  }

  async function healthy(instance: Instance): Promise<void> {
    const deadline = Date.now() + 30_000;
    for (;;) {
      if (instance.exited) throw new Error(`${instance.name} exited during start-up:\n${instance.output.join('')}`);
      try {
        const res = await fetch(`http://127.0.0.1:${instance.port}/health`);
        if (res.status === 200) {
          expect(await res.json()).toEqual({ status: 'ok', database: 'up' });
          return;
        }
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) throw new Error(`${instance.name} not healthy within 30 s:\n${instance.output.join('')}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  process.once('exit', killAll); // never leave a child behind, even if Jest is torn down

  beforeAll(async () => {
    db = await createTestDatabase();
    sql = new pg.Pool({ connectionString: db.url, max: 3 });
    const [portA, portB] = [await freePort(), await freePort()];
    const a = start('instance A', portA, db.url);
    const b = start('instance B', portB, db.url);
    await Promise.all([healthy(a), healthy(b)]);

    const login = await expectStatus(api(a, 'POST', '/api/v1/auth/login', undefined, ADMIN), 200);
    adminToken = login.accessToken;
    customers = [];
    for (let i = 0; i < 2; i++) {
      const org = await expectStatus(
        api(a, 'POST', '/api/v1/organizations', adminToken, { name: `Org ${i}`, kind: 'oem', businessNumber: TestApp.businessNumber(), membership: 'member', billingEmail: 'billing@example.kr' }),
        201,
      );
      const email = `customer-${i}-${randomBytes(3).toString('hex')}@example.kr`;
      const password = `pw-${randomBytes(8).toString('hex')}`;
      await expectStatus(api(a, 'POST', '/api/v1/users', adminToken, { email, password, name: `Customer ${i}`, role: 'customer', organizationId: org.id }), 201);
      // logging in on the other instance: tokens and users are shared
      const session = await expectStatus(api(b, 'POST', '/api/v1/auth/login', undefined, { email, password }), 200);
      customers.push({ token: session.accessToken, organizationId: org.id });
    }
    const segment = (code: string, extra: Record<string, unknown>) =>
      expectStatus(
        api(a, 'POST', '/api/v1/segments', adminToken, { code, name: code, kind: code.toLowerCase().replace('-', '_'), capacityMode: 'exclusive', openingHours: [{ days: ALL_DAYS, open: '00:00', close: '24:00' }], ...extra }),
        201,
      );
    exclusive = await segment('TWO-X', { bufferMinutes: 30 });
    shared = await segment('TWO-S', { capacityMode: 'shared', maxVehicles: 3 });
    gate = await segment('TWO-G', {});
  }, 60_000);

  afterAll(async () => {
    await Promise.all(
      instances.map(
        (i) =>
          new Promise<void>((resolve) => {
            if (i.exited) return resolve();
            const force = setTimeout(() => i.child.kill('SIGKILL'), 5000);
            i.child.once('exit', () => {
              clearTimeout(force);
              resolve();
            });
            i.child.kill('SIGTERM');
          }),
      ),
    );
    process.removeListener('exit', killAll);
    await sql?.end();
    await db?.drop();
  }, 30_000);

  it('40 concurrent bookings split across both instances never overlap nor exceed capacity', async () => {
    const [a, b] = instances;
    const day = localDay(50);
    const base = new Date(at(day, '08:00')).getTime();
    const wanted = fc.sample(
      fc.record({ shared: fc.boolean(), from: fc.integer({ min: 0, max: 10 }), len: fc.integer({ min: 1, max: 4 }), vehicles: fc.integer({ min: 1, max: 3 }), who: fc.nat(1) }),
      { numRuns: 40, seed: 2222 },
    );
    const bodies = wanted.map((w) => ({
      segmentId: w.shared ? shared.id : exclusive.id,
      start: new Date(base + w.from * 30 * MINUTE).toISOString(),
      end: new Date(base + (w.from + w.len) * 30 * MINUTE).toISOString(),
      ...(w.shared ? { vehicles: w.vehicles } : {}),
    }));
    const results = await Promise.all(bodies.map((body, i) => api(i % 2 ? b : a, 'POST', '/api/v1/reservations', customers[wanted[i].who].token, body)));
    for (const r of results) {
      if (r.status !== 201 && !(r.status === 409 && r.body.code === 'RESERVATION_CONFLICT')) throw new Error(`unexpected ${r.status} ${JSON.stringify(r.body)}`);
    }
    const ids = results.filter((r) => r.status === 201).map((r) => r.body.id as string);
    expect(ids.length).toBeGreaterThan(1);
    // both instances created some (there is no affinity: each decides against the shared database)
    expect(results.some((r, i) => r.status === 201 && i % 2 === 0)).toBe(true);
    expect(results.some((r, i) => r.status === 201 && i % 2 === 1)).toBe(true);

    const { rows: present } = await sql!.query(`SELECT id FROM reservations WHERE id = ANY($1::uuid[]) AND status = ANY($2::text[])`, [ids, HOLDING]);
    expect(new Set(present.map((r) => r.id))).toEqual(new Set(ids));
    const { rows: held } = await sql!.query(`SELECT id FROM reservations WHERE segment_id = ANY($1::uuid[]) AND status = ANY($2::text[])`, [[exclusive.id, shared.id], HOLDING]);
    expect(held).toHaveLength(ids.length);

    const { rows: overlapping } = await sql!.query(
      `SELECT x.id, y.id FROM reservations x JOIN reservations y ON x.segment_id = y.segment_id AND x.id < y.id
          AND tstzrange(x.start_at, x.end_at + make_interval(mins => x.buffer_minutes)) && tstzrange(y.start_at, y.end_at + make_interval(mins => y.buffer_minutes))
        WHERE x.segment_id = $1 AND x.status = ANY($2::text[]) AND y.status = ANY($2::text[])`,
      [exclusive.id, HOLDING],
    );
    expect(overlapping).toEqual([]);
    const { rows: peaks } = await sql!.query(
      `WITH held AS (SELECT tstzrange(start_at, end_at) AS during, vehicles FROM reservations WHERE segment_id = $1 AND status = ANY($2::text[]))
       SELECT lower(p.during) AS at, (SELECT sum(h.vehicles) FROM held h WHERE h.during @> lower(p.during))::int AS load FROM held p`,
      [shared.id, HOLDING],
    );
    expect(peaks.filter((p) => p.load > 3)).toEqual([]);

    // what one instance wrote, the other reads
    const seen = await api(b, 'GET', `/api/v1/reservations/${ids[0]}`, adminToken);
    expect(seen.status).toBe(200);
  });

  it('a due no-show is moved exactly once although both instances sweep every second', async () => {
    const [a] = instances;
    // back-office entries in the past (staff may record them): 12 half-hour slots before now
    const now = Date.now();
    const lastSlot = Math.floor(now / (30 * MINUTE)) * 30 * MINUTE - 2 * 60 * MINUTE;
    const ids: string[] = [];
    for (let k = 0; k < 12; k++) {
      const start = new Date(lastSlot - k * 30 * MINUTE);
      const made = await expectStatus(
        api(a, 'POST', '/api/v1/reservations', adminToken, { organizationId: customers[k % 2].organizationId, segmentId: gate.id, start: start.toISOString(), end: new Date(start.getTime() + 30 * MINUTE).toISOString() }),
        201,
      );
      expect(made.status).toBe('confirmed');
      ids.push(made.id);
    }
    // recorded after start + grace, so the sweeps leave them alone ...
    await new Promise((r) => setTimeout(r, 1500));
    const { rows: untouched } = await sql!.query(`SELECT DISTINCT status FROM reservations WHERE id = ANY($1::uuid[])`, [ids]);
    expect(untouched).toEqual([{ status: 'confirmed' }]);
    // ... until they look booked ahead of time: now they are due, for both instances at once
    await sql!.query(`UPDATE reservations SET created_at = start_at - interval '1 day' WHERE id = ANY($1::uuid[])`, [ids]);
    const deadline = Date.now() + 15_000;
    for (;;) {
      const { rows } = await sql!.query(`SELECT count(*)::int AS n FROM reservations WHERE id = ANY($1::uuid[]) AND status = 'no_show'`, [ids]);
      if (rows[0].n === ids.length) break;
      if (Date.now() > deadline) throw new Error(`only ${rows[0].n} of ${ids.length} became no-shows`);
      await new Promise((r) => setTimeout(r, 200));
    }
    // give both instances a few more sweeps to do it twice, if they could
    await new Promise((r) => setTimeout(r, 2500));
    const { rows: audit } = await sql!.query(
      `SELECT entity_id, count(*)::int AS n FROM audit_log WHERE entity_type = 'reservation' AND action = 'no_show' AND entity_id = ANY($1::uuid[]) GROUP BY entity_id`,
      [ids],
    );
    expect(audit).toHaveLength(ids.length);
    expect(audit.filter((r) => r.n !== 1)).toEqual([]);
    const { rows: transitions } = await sql!.query(`SELECT DISTINCT from_state, to_state FROM audit_log WHERE action = 'no_show' AND entity_id = ANY($1::uuid[])`, [ids]);
    expect(transitions).toEqual([{ from_state: 'confirmed', to_state: 'no_show' }]);
    const { rows: occupancy } = await sql!.query(`SELECT count(*)::int AS n FROM reservation_occupancy WHERE reservation_id = ANY($1::uuid[])`, [ids]);
    expect(occupancy[0].n).toBe(0);
    // the future bookings of the other test were not touched by any sweep
    const { rows: others } = await sql!.query(`SELECT DISTINCT status FROM reservations WHERE segment_id = ANY($1::uuid[])`, [[exclusive.id, shared.id]]);
    expect(others).toEqual([{ status: 'confirmed' }]);
  });

  it('both instances stayed up and no request was answered with a 5xx', () => {
    expect(instances.map((i) => i.exited)).toEqual([false, false]);
    expect(answers.filter((a) => a.status >= 500)).toEqual([]);
  });
});
