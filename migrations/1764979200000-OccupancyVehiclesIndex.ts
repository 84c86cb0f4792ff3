import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The occupancy index carries `vehicles` (found by the availability benchmark, docs/performance.md).
 *
 * `reservation_occupancy_leaf_idx` covers `vehicles`: free time reads (leaf_id, during, vehicles) of every row
 * of every leaf over the asked window (a month of a busy facility: ~6,000 rows), and a booking decision the rows
 * of its leaves; with the column in the index those are index-only scans once the table's pages are all-visible
 * (autovacuum keeps them so), instead of one heap visit per row. Same keys and name, so every plan that used it
 * still does.
 */
export class OccupancyVehiclesIndex1764979200000 implements MigrationInterface {
  name = 'OccupancyVehiclesIndex1764979200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX reservation_occupancy_leaf_idx`);
    await q.query(`CREATE INDEX reservation_occupancy_leaf_idx ON reservation_occupancy USING gist (leaf_id, during) INCLUDE (vehicles)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX reservation_occupancy_leaf_idx`);
    await q.query(`CREATE INDEX reservation_occupancy_leaf_idx ON reservation_occupancy USING gist (leaf_id, during)`);
  }
}
