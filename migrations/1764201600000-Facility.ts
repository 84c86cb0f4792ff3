import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The track model and the occupancy that bookings and blackouts take of it.
 *
 * Occupancy is kept per LEAF segment: a reservation on a leaf writes one row for
 * that leaf; a reservation on a composite writes one row for every leaf below it
 * (at full capacity). So a composite booking and any booking on a descendant meet
 * on some leaf, and two bookings on different leaves never do.
 */
export class Facility1764201600000 implements MigrationInterface {
  name = 'Facility1764201600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE segments (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        code text NOT NULL,
        name text NOT NULL,
        name_en text,
        kind text NOT NULL,
        capacity_mode text NOT NULL CHECK (capacity_mode IN ('exclusive','shared')),
        max_vehicles integer CHECK (max_vehicles > 0),
        parent_id uuid REFERENCES segments(id),
        required_driver_level smallint NOT NULL DEFAULT 0 CHECK (required_driver_level BETWEEN 0 AND 4),
        slot_minutes integer NOT NULL CHECK (slot_minutes > 0 AND 1440 % slot_minutes = 0),
        min_duration_minutes integer NOT NULL CHECK (min_duration_minutes > 0),
        max_duration_minutes integer NOT NULL CHECK (max_duration_minutes >= min_duration_minutes),
        buffer_minutes integer NOT NULL DEFAULT 0 CHECK (buffer_minutes >= 0),
        min_notice_minutes integer NOT NULL DEFAULT 0 CHECK (min_notice_minutes >= 0),
        max_advance_days integer NOT NULL CHECK (max_advance_days > 0),
        approval_required boolean NOT NULL DEFAULT false,
        opening_hours jsonb NOT NULL,
        active boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        -- maxVehicles exactly for shared segments
        CHECK ((capacity_mode = 'shared') = (max_vehicles IS NOT NULL))
      )`);
    await q.query(`CREATE UNIQUE INDEX segments_code_key ON segments (lower(code))`);
    await q.query(`CREATE INDEX segments_parent_idx ON segments (parent_id)`);
    await q.query(`CREATE INDEX segments_kind_idx ON segments (kind)`);

    // The tree as a closure table: (ancestor, descendant, depth), self rows at depth 0.
    await q.query(`
      CREATE TABLE segment_closure (
        ancestor_id uuid NOT NULL REFERENCES segments(id) ON DELETE CASCADE,
        descendant_id uuid NOT NULL REFERENCES segments(id) ON DELETE CASCADE,
        depth integer NOT NULL,
        PRIMARY KEY (ancestor_id, descendant_id)
      )`);
    await q.query(`CREATE INDEX segment_closure_descendant_idx ON segment_closure (descendant_id, ancestor_id)`);

    await q.query(`
      CREATE TABLE blackouts (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        segment_ids uuid[],
        start_at timestamptz NOT NULL,
        end_at timestamptz NOT NULL CHECK (end_at > start_at),
        rrule text,
        reason text NOT NULL,
        created_by uuid,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    // Each occurrence of a blackout on each named segment; segment_id NULL = the whole facility.
    await q.query(`
      CREATE TABLE blackout_occurrences (
        blackout_id uuid NOT NULL REFERENCES blackouts(id) ON DELETE CASCADE,
        segment_id uuid REFERENCES segments(id),
        during tstzrange NOT NULL
      )`);
    await q.query(`CREATE INDEX blackout_occurrences_segment_idx ON blackout_occurrences USING gist (segment_id, during)`);
    await q.query(`CREATE INDEX blackout_occurrences_facility_idx ON blackout_occurrences USING gist (during) WHERE segment_id IS NULL`);
    await q.query(`CREATE INDEX blackout_occurrences_blackout_idx ON blackout_occurrences (blackout_id)`);

    await q.query(`
      CREATE TABLE reservations (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organization_id uuid NOT NULL REFERENCES organizations(id),
        segment_id uuid NOT NULL REFERENCES segments(id),
        start_at timestamptz NOT NULL,
        end_at timestamptz NOT NULL CHECK (end_at > start_at),
        buffer_minutes integer NOT NULL DEFAULT 0,
        vehicles integer NOT NULL CHECK (vehicles > 0),
        driver_ids uuid[] NOT NULL DEFAULT '{}',
        purpose text NOT NULL DEFAULT '',
        status text NOT NULL CHECK (status IN ('pending','confirmed','checked_in','completed','cancelled','rejected','expired','no_show','displaced','waitlisted')),
        series_id uuid,
        priority boolean NOT NULL DEFAULT false,
        -- decided at creation: a customer's booking on a segment that requires approval
        needs_approval boolean NOT NULL DEFAULT false,
        add_ons jsonb NOT NULL DEFAULT '[]',
        actual_start timestamptz,
        actual_end timestamptz,
        status_reason text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        created_by uuid
      )`);
    await q.query(`CREATE INDEX reservations_segment_idx ON reservations (segment_id, start_at)`);
    await q.query(`CREATE INDEX reservations_organization_idx ON reservations (organization_id, start_at)`);
    await q.query(`CREATE INDEX reservations_start_idx ON reservations (start_at, id)`);
    await q.query(`CREATE INDEX reservations_open_status_idx ON reservations (status, start_at) WHERE status IN ('pending','confirmed','checked_in','waitlisted','displaced')`);

    // The time a HOLDING reservation (pending, confirmed, checked_in) takes: [start, end + buffer)
    // on every leaf it covers. Rows are deleted when the reservation stops holding.
    await q.query(`
      CREATE TABLE reservation_occupancy (
        reservation_id uuid NOT NULL REFERENCES reservations(id) ON DELETE CASCADE,
        leaf_id uuid NOT NULL REFERENCES segments(id),
        during tstzrange NOT NULL,
        vehicles integer NOT NULL CHECK (vehicles > 0),
        exclusive boolean NOT NULL,
        PRIMARY KEY (reservation_id, leaf_id)
      )`);
    // INVARIANT: no double booking of an exclusive leaf (and so of any composite above it).
    // Shared leaves are guarded by a row lock on the leaf plus a peak-vehicle sweep (reservations repository).
    await q.query(`
      ALTER TABLE reservation_occupancy ADD CONSTRAINT reservation_occupancy_no_overlap
        EXCLUDE USING gist (leaf_id WITH =, during WITH &&) WHERE (exclusive)`);
    await q.query(`CREATE INDEX reservation_occupancy_leaf_idx ON reservation_occupancy USING gist (leaf_id, during)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE reservation_occupancy, reservations, blackout_occurrences, blackouts, segment_closure, segments`);
  }
}
