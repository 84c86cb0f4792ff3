import fc from 'fast-check';
import pg from 'pg';
import { at, localDay } from '../support/facility.js';
import { AppFleet, createOrganization, createUser, expectStatus, postSegment, type AppProcess } from '../support/instances.js';
import { createTestDatabase } from '../support/test-app.js';

/**
 * "No double booking, ever, under any concurrency and across any number of app instances", and
 * "lifecycle jobs run in the background, safely on several instances at once" (product.md):
 * two app processes started from the build (`node dist/src/main.js`) share one database.
 */

const HOLDING = ['pending', 'confirmed', 'checked_in'];
const MINUTE = 60_000;

describe('two app instances on one database', () => {
  let db: { url: string; drop(): Promise<void> } | undefined;
  let sql: pg.Pool | undefined;
  let fleet: AppFleet | undefined;
  let instances: AppProcess[];
  let adminToken: string;
  let customers: { token: string; organizationId: string }[];
  let exclusive: { id: string };
  let shared: { id: string };
  let gate: { id: string };

  const api = (instance: AppProcess, method: string, path: string, token?: string, body?: unknown) => instance.request(method, path, { token, body });

  beforeAll(async () => {
    db = await createTestDatabase();
    sql = new pg.Pool({ connectionString: db.url, max: 3 });
    fleet = new AppFleet({ databaseUrl: db.url, env: { LIFECYCLE_INTERVAL_SECONDS: '1' } });
    const [a, b] = (instances = [await fleet.spawn('instance A'), await fleet.spawn('instance B')]);
    await Promise.all([a.healthy(), b.healthy()]);

    adminToken = await fleet.adminToken(a);
    customers = [];
    for (let i = 0; i < 2; i++) {
      const organizationId = await createOrganization(a, adminToken, `Org ${i}`);
      // created on A, logged in on B: users and tokens are shared
      customers.push({ token: await createUser(a, adminToken, 'customer', organizationId, b), organizationId });
    }
    const segment = (code: string, fields: Record<string, unknown>) => postSegment(a, adminToken, code, fields);
    exclusive = await segment('TWO-X', { bufferMinutes: 30 });
    shared = await segment('TWO-S', { capacityMode: 'shared', maxVehicles: 3 });
    gate = await segment('TWO-G', {});
  }, 60_000);

  afterAll(async () => {
    await fleet?.stopAll();
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
    expect(instances.map((i) => i.running)).toEqual([true, true]);
    expect(fleet!.serverErrors).toEqual([]);
  });
});
