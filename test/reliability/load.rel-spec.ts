import pg from 'pg';
import { AppFleet, type AppProcess } from '../support/instances.js';
import { capacityReport, ledgerReport, type CapacityReport, type LedgerReport } from '../support/invariants.js';
import { LOAD_ENV, Load, scaled, setUpFacility } from '../support/load.js';
import { createTestDatabase } from '../support/test-app.js';

/**
 * "No double booking, ever, under any concurrency and across any number of app instances"
 * (product.md): two app processes from the build on one database, 64 concurrent clients of four
 * organizations and a scheduler booking random overlapping slots on exclusive, shared, composite
 * and child segments, with series, cancels and reschedules; then the database is checked by SQL.
 */

describe('two instances under load from 64 clients', () => {
  let db: { url: string; drop(): Promise<void> } | undefined;
  let sql: pg.Pool | undefined;
  let fleet: AppFleet | undefined;
  let instances: AppProcess[];
  let load: Load;
  let capacity: CapacityReport;
  let ledger: LedgerReport;

  beforeAll(async () => {
    db = await createTestDatabase();
    sql = new pg.Pool({ connectionString: db.url, max: 2 });
    fleet = new AppFleet({ databaseUrl: db.url, env: LOAD_ENV });
    instances = [await fleet.spawn('instance A'), await fleet.spawn('instance B')];
    await Promise.all(instances.map((i) => i.healthy()));
    const facility = await setUpFacility(fleet, instances);
    load = new Load({
      facility,
      clients: 64,
      durationMs: scaled(20_000, 6_000),
      route: (worker) => instances[worker % 2],
      seed: 1,
      seriesShare: 0.08,
      occurrences: [3, 8],
    });
    await load.run();
    capacity = await capacityReport(sql);
    ledger = await ledgerReport(sql, load.ledger);
    process.stdout.write(`${load.summary('load: 2 instances', `${capacity.holding} holding afterwards, peaks ${capacity.peaks.join(', ')}`)}\n`);
  }, 180_000);

  afterAll(async () => {
    if (load) load.stop(); // if beforeAll failed half-way, its clients must not go on
    await fleet?.stopAll();
    await sql?.end();
    await db?.drop();
  }, 60_000);

  it('answers every request with 201, 200 or 409 RESERVATION_CONFLICT, never a 5xx, and both instances book', () => {
    expect(fleet!.serverErrors).toEqual([]);
    expect(load.tally((s) => s.status === null)).toEqual({}); // no request went unanswered (no hang, no crash)
    expect(load.unexpected).toEqual([]);
    // the load really contended: bookings were accepted and refused, on both instances
    expect(load.tally()['409']).toBeGreaterThan(10);
    for (const i of instances) {
      expect(load.tally((s) => s.instance === i.name)).toEqual(expect.objectContaining({ '201': expect.any(Number), '409': expect.any(Number) }));
    }
    expect(load.ledger.series.size).toBeGreaterThan(0);
    expect(instances.every((i) => i.running && i.generation === 1)).toBe(true);
  });

  it('by SQL: no exclusive overlap, no shared leaf over capacity, occupancy rows agree with the reservations', () => {
    expect(capacity.problems).toEqual([]);
    expect(capacity.holding).toBeGreaterThan(0);
  });

  it('every acknowledged reservation and series is in the database as answered, and nothing else is', () => {
    expect(ledger.problems).toEqual([]);
    // every request had a definite answer, so the database holds exactly what was acknowledged
    expect(ledger.unacknowledgedReservations).toBe(0);
    expect(ledger.unacknowledgedSeries).toBe(0);
  });

  it('the SQL checks are not vacuous: rows changed behind the engine\'s back are reported (and rolled back)', async () => {
    const client = await sql!.connect();
    try {
      await client.query('BEGIN');
      // a second copy of every confirmed reservation on X (overlapping its original) and on S (doubling the load)
      await client.query(
        `INSERT INTO reservations (organization_id, segment_id, start_at, end_at, buffer_minutes, vehicles, status)
         SELECT organization_id, segment_id, start_at, end_at, buffer_minutes, vehicles, status FROM reservations
          WHERE status = 'confirmed' AND segment_id IN (SELECT id FROM segments WHERE code IN ('X', 'S'))`,
      );
      // an acknowledged single booking moved by half an hour, and an occurrence taken out of its series
      const [moved] = (await client.query(`UPDATE reservations SET end_at = end_at + interval '30 minutes' WHERE id = $1 RETURNING id`, [[...load.ledger.reservations.values()].find((r) => !r.seriesId && !r.allowed[0].cancelled)!.id])).rows;
      await client.query(`UPDATE reservations SET series_id = NULL WHERE id = $1`, [[...load.ledger.series.values()][0][0]]);

      const broken = await capacityReport(client);
      expect(broken.problems).toEqual(
        expect.arrayContaining([expect.stringMatching(/^exclusive leaf X: /), expect.stringMatching(/^shared leaf S: /), expect.stringMatching(/^holding claim without its occupancy row/)]),
      );
      const told = await ledgerReport(client, load.ledger);
      expect(told.problems).toEqual(
        expect.arrayContaining([
          expect.stringMatching(new RegExp(`^reservation ${moved.id} is `)),
          expect.stringMatching(/^series .* is not whole/),
          expect.stringMatching(/reservations nobody was told about/),
        ]),
      );
    } finally {
      await client.query('ROLLBACK');
      client.release();
    }
  });
});
