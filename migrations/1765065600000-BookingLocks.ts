import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The locks a booking decision takes before reading what is in the way, in one round trip
 * (they were four): the blackout lock shared, then the segment's leaves FOR UPDATE, read again
 * under the locks until stable. Each statement of a VOLATILE PL/pgSQL function takes a new
 * snapshot under READ COMMITTED, so the re-read sees a child whose creation (which locks its
 * parent row) committed before our lock: the new leaves are then locked too.
 * Invariants: no double booking of a shared leaf past its capacity, a booking and a blackout
 * never cross unseen, a segment gains no child while a booking on its path is decided
 * (docs/architecture.md, "Invariants").
 */
export class BookingLocks1765065600000 implements MigrationInterface {
  name = 'BookingLocks1765065600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION lock_booking_leaves(p_segment uuid)
      RETURNS TABLE (id uuid, capacity_mode text, max_vehicles integer)
      LANGUAGE plpgsql VOLATILE AS $$
      DECLARE
        locked uuid[] := '{}';
        found uuid[];
      BEGIN
        PERFORM pg_advisory_xact_lock_shared(hashtext('proving-ground:blackouts'));
        LOOP
          SELECT coalesce(array_agg(s.id ORDER BY s.id), '{}') INTO found
            FROM segment_closure c JOIN segments s ON s.id = c.descendant_id
           WHERE c.ancestor_id = p_segment AND NOT EXISTS (SELECT 1 FROM segments k WHERE k.parent_id = s.id);
          EXIT WHEN found = locked;
          PERFORM 1 FROM segments s WHERE s.id = ANY (found) ORDER BY s.id FOR UPDATE;
          locked := found;
        END LOOP;
        RETURN QUERY SELECT s.id, s.capacity_mode, s.max_vehicles FROM segments s WHERE s.id = ANY (locked) ORDER BY s.id;
      END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION lock_booking_leaves(uuid)`);
  }
}
