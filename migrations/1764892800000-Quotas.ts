import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Booking quotas per organization: at most `max_minutes` of held plus completed time per
 * facility-local week (Mon–Sun) or month, on one segment (and what shares its track), on one
 * kind of segment, or on the whole facility when neither is named.
 */
export class Quotas1764892800000 implements MigrationInterface {
  name = 'Quotas1764892800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE organization_quotas (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
        segment_id uuid REFERENCES segments(id) ON DELETE CASCADE,
        kind text,
        period text NOT NULL CHECK (period IN ('week','month')),
        max_minutes int NOT NULL CHECK (max_minutes >= 0),
        position int NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX organization_quotas_by_organization ON organization_quotas (organization_id, position)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE organization_quotas`);
  }
}
