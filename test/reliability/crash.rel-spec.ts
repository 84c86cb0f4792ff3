import pg from 'pg';
import { AppFleet, sleep, waitFor, type AppProcess } from '../support/instances.js';
import { capacityReport, ledgerReport, type CapacityReport, type LedgerReport } from '../support/invariants.js';
import { LOAD_ENV, Load, scaled, setUpFacility } from '../support/load.js';
import { createTestDatabase } from '../support/test-app.js';

/**
 * "A series is created atomically: never half of it after a crash" (product.md) and "the app is
 * stateless" (any instance may die): two app processes under load of bookings and 20–28-occurrence
 * series; one is killed with SIGKILL (`kill -9`: no shutdown hook, transactions cut mid-way) while
 * series are being decided on it, restarted on the same port, and the load goes on.
 */

describe('kill -9 of an instance under load, then a restart', () => {
  let db: { url: string; drop(): Promise<void> } | undefined;
  let sql: pg.Pool | undefined;
  let fleet: AppFleet | undefined;
  let a: AppProcess;
  let b: AppProcess;
  let load: Load;
  let capacity: CapacityReport;
  let ledger: LedgerReport;
  /** epoch ms: SIGKILL sent; B healthy again */
  let killedAt: number;
  let backAt: number;
  let inFlightAtKill: { series: number; other: number };

  beforeAll(async () => {
    db = await createTestDatabase();
    sql = new pg.Pool({ connectionString: db.url, max: 2 });
    fleet = new AppFleet({ databaseUrl: db.url, env: LOAD_ENV });
    a = await fleet.spawn('instance A');
    b = await fleet.spawn('instance B');
    await Promise.all([a.healthy(), b.healthy()]);
    const facility = await setUpFacility(fleet, [a, b]);
    load = new Load({
      facility,
      clients: scaled(48, 32),
      durationMs: 5 * 60_000, // ended by stop() below
      route: (worker) => (worker % 2 ? b : a),
      seed: 2,
      seriesShare: 0.25,
      occurrences: [20, 28],
    });
    const running = load.run();

    await sleep(scaled(8_000, 3_000));
    // mid-load, and while at least one series is being decided on B (waiting at most 5 s for one)
    await waitFor(() => load.pending(b, 'series') > 0, 5_000);
    inFlightAtKill = {
      series: load.pending(b, 'series'),
      other: load.pending(b, 'book') + load.pending(b, 'cancel') + load.pending(b, 'reschedule'),
    };
    killedAt = Date.now();
    await b.kill('SIGKILL');
    await sleep(500); // B's clients meet a closed port for a while
    b.start();
    await b.healthy(60_000); // a cold start of the app on a machine this busy takes several seconds
    backAt = Date.now();
    await sleep(scaled(10_000, 4_000)); // and the load goes on, on both
    load.stop();
    await running;

    capacity = await capacityReport(sql);
    ledger = await ledgerReport(sql, load.ledger);
    process.stdout.write(
      `${load.summary(
        'crash: kill -9 of 1 of 2 instances',
        `killed with ${inFlightAtKill.series} series and ${inFlightAtKill.other} other requests in flight, back after ${((backAt - killedAt) / 1000).toFixed(1)} s; ` +
          `${ledger.unacknowledgedReservations} reservations and ${ledger.unacknowledgedSeries} series written by requests left without an answer`,
      )}\n`,
    );
  }, 240_000);

  afterAll(async () => {
    if (load) load.stop(); // if beforeAll failed half-way, its clients must not go on
    await fleet?.stopAll();
    await sql?.end();
    await db?.drop();
  }, 60_000);

  it('was killed mid-load: requests were in flight on B, and B came back as a new process on the same port', () => {
    expect(inFlightAtKill.series + inFlightAtKill.other).toBeGreaterThan(0);
    expect(load.sent.some((s) => s.instance === b.name && s.sentAt < killedAt && s.status === null)).toBe(true);
    expect(b.generation).toBe(2);
    expect([a.running, b.running]).toEqual([true, true]);
  });

  it('only requests to the killed instance, sent before it was back, failed at the socket; none got a 5xx', () => {
    // no instance, neither the survivor nor the restarted one, ever answered a 5xx
    expect(fleet!.serverErrors).toEqual([]);
    const unexplained = load.sent.filter((s) => s.status === null && !(s.instance === b.name && s.sentAt < backAt));
    expect(unexplained).toEqual([]);
    expect(load.unexpected).toEqual([]);
  });

  it('kept booking: A while B was down, and B again after its restart', () => {
    expect(load.tally((s) => s.instance === a.name && s.sentAt > killedAt && s.answeredAt < backAt)['201']).toBeGreaterThan(0);
    expect(load.tally((s) => s.instance === b.name && s.sentAt > backAt)['201']).toBeGreaterThan(0);
  });

  it('every acknowledged reservation and series exists as answered; every series is whole (no half-created one)', () => {
    expect(ledger.problems).toEqual([]);
    expect(load.ledger.series.size).toBeGreaterThan(0);
  });

  it('by SQL: no exclusive overlap, no shared leaf over capacity, occupancy rows agree with the reservations', () => {
    expect(capacity.problems).toEqual([]);
  });

  it('the killed process left no transaction open in PostgreSQL (its locks were released)', async () => {
    // the sweeps of the live instances may be between two statements for an instant: look a few times
    const idle = async () =>
      (await sql!.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND state LIKE 'idle in transaction%'`)).rows[0].n === 0;
    expect(await waitFor(idle, 3_000)).toBe(true);
  });
});
