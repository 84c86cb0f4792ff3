import pg from 'pg';
import { at, localDay } from '../support/facility.js';
import { AppFleet, sleep, waitFor, type Answer, type AppProcess } from '../support/instances.js';
import { capacityReport, ledgerReport, type CapacityReport, type LedgerReport } from '../support/invariants.js';
import { LOAD_ENV, Load, scaled, setUpFacility, type LoadFacility } from '../support/load.js';
import { StoppablePostgres } from '../support/postgres.js';

/**
 * api.md: "503 SERVICE_UNAVAILABLE: the database is unreachable (and /health says so)", "5xx never
 * for anything a client can send"; operations.md: "the connection pool reconnects by itself".
 * PostgreSQL (a server of this test's own) is stopped under load and started again: the app answers
 * 503 in the error envelope while it is down, never 500 and never hangs, recovers without a restart,
 * and loses nothing it acknowledged before, during or after.
 */

/** How long after PostgreSQL is back the app must book and report healthy again. */
const RECOVERY_BOUND_MS = 15_000;

describe('PostgreSQL stopped and restarted under load', () => {
  let postgres: StoppablePostgres | undefined;
  let sql: pg.Pool | undefined;
  let fleet: AppFleet | undefined;
  let app: AppProcess;
  let facility: LoadFacility;
  let load: Load;
  let capacity: CapacityReport;
  let ledger: LedgerReport;
  /** epoch ms: stop requested, PostgreSQL exited, start requested, PostgreSQL ready, the app booked and was healthy again */
  const t = { stopping: 0, down: 0, starting: 0, up: 0, recovered: 0 };
  /** answers of /health and of a booking sent directly while PostgreSQL was down */
  const whileDown: { health: Answer[]; booking?: Answer } = { health: [] };

  beforeAll(async () => {
    postgres = await StoppablePostgres.create();
    sql = new pg.Pool({ connectionString: postgres.url, max: 1 });
    sql.on('error', () => undefined); // its idle connection dies with the server; the pool reconnects
    // the background workers poll often, to meet the outage too: it must not stop them nor the process
    fleet = new AppFleet({ databaseUrl: postgres.url, env: { ...LOAD_ENV, LIFECYCLE_INTERVAL_SECONDS: '1', DELIVERY_INTERVAL_MS: '500' } });
    app = await fleet.spawn('instance');
    await app.healthy();
    facility = await setUpFacility(fleet, [app]);
    load = new Load({
      facility,
      clients: scaled(24, 16),
      durationMs: 5 * 60_000, // ended by stop() below
      route: () => app,
      seed: 3,
      seriesShare: 0.1,
      occurrences: [3, 8],
      timeoutMs: 15_000, // a request not answered within this would be a hang
    });
    const running = load.run();

    await sleep(scaled(6_000, 3_000));
    t.stopping = Date.now();
    await postgres.stop();
    t.down = Date.now();
    const customer = facility.users.find((u) => u.role === 'customer')!;
    whileDown.booking = await app.request('POST', '/api/v1/reservations', {
      token: customer.token,
      body: { segmentId: facility.segments[0].id, start: at(localDay(90), '10:00'), end: at(localDay(90), '11:00') },
    });
    const downUntil = Date.now() + scaled(6_000, 3_000);
    while (Date.now() < downUntil) {
      whileDown.health.push(await app.request('GET', '/health', { timeoutMs: 10_000 }));
      await sleep(250);
    }

    t.starting = Date.now();
    await postgres.start();
    t.up = Date.now();
    // recovered: /health is up and a request sent after PostgreSQL was ready has been answered 201
    const recovered = await waitFor(
      async () =>
        (await app.request('GET', '/health', { timeoutMs: 5000 })).status === 200 &&
        load.sent.some((s) => s.sentAt >= t.up && s.status === 201),
      RECOVERY_BOUND_MS,
    );
    t.recovered = recovered ? Date.now() : Number.NaN;
    await sleep(scaled(8_000, 4_000));
    load.stop();
    await running;

    capacity = await capacityReport(sql);
    ledger = await ledgerReport(sql, load.ledger);
    const duringOutage = load.tally((s) => s.sentAt >= t.down && s.answeredAt <= t.starting);
    process.stdout.write(
      `${load.summary(
        'postgres restart',
        `down ${((t.starting - t.stopping) / 1000).toFixed(1)} s (${duringOutage['503'] ?? 0} answers 503 meanwhile), ` +
          `recovered ${t.recovered - t.up} ms after it was back; ${ledger.unacknowledgedReservations} reservations written without a definite answer`,
      )}\n`,
    );
  }, 240_000);

  afterAll(async () => {
    if (load) load.stop(); // if beforeAll failed half-way, its clients must not go on
    await fleet?.stopAll();
    await sql?.end();
    await postgres?.destroy();
  }, 60_000);

  it('while PostgreSQL is down, every request answers 503 SERVICE_UNAVAILABLE in the error envelope, quickly', () => {
    expect(whileDown.booking!.status).toBe(503);
    expect(whileDown.booking!.body).toEqual({ statusCode: 503, code: 'SERVICE_UNAVAILABLE', message: expect.any(String) });
    const outage = load.sent.filter((s) => s.sentAt >= t.down && s.answeredAt <= t.starting);
    expect(outage.length).toBeGreaterThan(5); // the clients kept asking throughout
    expect(outage.filter((s) => s.status !== 503 || s.code !== 'SERVICE_UNAVAILABLE')).toEqual([]);
    // connection refused is known at once: no request waits for long (the pool's connect timeout is 5 s)
    expect(Math.max(...outage.map((s) => s.answeredAt - s.sentAt))).toBeLessThan(6_000);
  });

  it('/health says the database is down while it is, and up again afterwards', () => {
    expect(whileDown.health.length).toBeGreaterThan(2);
    for (const h of whileDown.health) {
      expect(h.status).toBe(503);
      expect(h.body).toEqual({ status: 'error', database: 'down' });
    }
  });

  it('never answers 500 nor leaves a request unanswered, before, during or after the outage', () => {
    expect(fleet!.serverErrors.filter((e) => e.status !== 503)).toEqual([]);
    expect(load.tally((s) => s.status === null)).toEqual({});
    expect(load.unexpected).toEqual([]);
    // 503 only while PostgreSQL was away (or for the requests its going cut): none before, none once it was back
    expect(load.sent.filter((s) => s.status === 503 && (s.answeredAt < t.stopping || s.sentAt > t.up))).toEqual([]);
  });

  it(`recovers by itself within ${RECOVERY_BOUND_MS / 1000} s of PostgreSQL being back, in the same process`, () => {
    expect(t.recovered - t.up).toBeLessThan(RECOVERY_BOUND_MS);
    expect(app.running).toBe(true);
    expect(app.generation).toBe(1);
    expect(load.tally((s) => s.sentAt > t.recovered)['201']).toBeGreaterThan(0);
    expect(load.tally((s) => s.sentAt < t.stopping)['201']).toBeGreaterThan(0);
  });

  it('every reservation and series acknowledged before, during or after the outage is in the database as answered', () => {
    expect(ledger.problems).toEqual([]);
  });

  it('by SQL: no exclusive overlap, no shared leaf over capacity, occupancy rows agree with the reservations', () => {
    expect(capacity.problems).toEqual([]);
  });
});
