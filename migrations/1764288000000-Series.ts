import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Recurring series and idempotency keys. */
export class Series1764288000000 implements MigrationInterface {
  name = 'Series1764288000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE reservation_series (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organization_id uuid NOT NULL REFERENCES organizations(id),
        segment_id uuid NOT NULL REFERENCES segments(id),
        first_start timestamptz NOT NULL,
        duration_minutes integer NOT NULL CHECK (duration_minutes > 0),
        rrule text NOT NULL,
        vehicles integer NOT NULL CHECK (vehicles > 0),
        driver_ids uuid[] NOT NULL DEFAULT '{}',
        purpose text NOT NULL DEFAULT '',
        conflict_policy text NOT NULL CHECK (conflict_policy IN ('all_or_nothing','skip_conflicts')),
        max_conflict_percent integer NOT NULL DEFAULT 100 CHECK (max_conflict_percent BETWEEN 0 AND 100),
        status text NOT NULL DEFAULT 'active' CHECK (status IN ('active','cancelled')),
        created_by uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX reservation_series_organization_idx ON reservation_series (organization_id, created_at)`);
    await q.query(`ALTER TABLE reservations ADD CONSTRAINT reservations_series_fk FOREIGN KEY (series_id) REFERENCES reservation_series(id)`);
    await q.query(`CREATE INDEX reservations_series_idx ON reservations (series_id, start_at) WHERE series_id IS NOT NULL`);

    // Idempotency-Key: the first response per (user, key), kept 24 hours. Written in the
    // transaction that creates the thing, so a replay never misses a committed creation.
    await q.query(`
      CREATE TABLE idempotency_keys (
        user_id uuid NOT NULL,
        key text NOT NULL,
        request_hash text NOT NULL,
        response_status integer NOT NULL,
        response_body jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (user_id, key)
      )`);
    await q.query(`CREATE INDEX idempotency_keys_created_idx ON idempotency_keys (created_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE idempotency_keys`);
    await q.query(`ALTER TABLE reservations DROP CONSTRAINT reservations_series_fk`);
    await q.query(`DROP TABLE reservation_series`);
  }
}
