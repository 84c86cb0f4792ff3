import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The support catalog: items (some are reservation add-ons), funding programmes, support requests. */
export class Catalog1764460800000 implements MigrationInterface {
  name = 'Catalog1764460800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE catalog_items (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        code text NOT NULL,
        name text NOT NULL,
        category text NOT NULL CHECK (category IN ('rnd','funding','workforce','site','market','shared_service','equipment')),
        unit text NOT NULL CHECK (unit IN ('hour','day','each')),
        member_price bigint NOT NULL CHECK (member_price >= 0),
        non_member_price bigint NOT NULL CHECK (non_member_price >= 0),
        taxable boolean NOT NULL DEFAULT true,
        provider text NOT NULL,
        add_on boolean NOT NULL DEFAULT false,
        eligibility jsonb NOT NULL DEFAULT '{}',
        active boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX catalog_items_code_key ON catalog_items (lower(code))`);

    await q.query(`
      CREATE TABLE funding_programs (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        code text NOT NULL,
        name text NOT NULL,
        coverage_percent integer NOT NULL CHECK (coverage_percent BETWEEN 1 AND 100),
        annual_cap bigint NOT NULL CHECK (annual_cap >= 0),
        applies_to text NOT NULL CHECK (applies_to IN ('track','all')),
        valid_from date NOT NULL,
        valid_to date NOT NULL CHECK (valid_to >= valid_from),
        eligibility jsonb NOT NULL DEFAULT '{}',
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX funding_programs_code_key ON funding_programs (lower(code))`);
    await q.query(`
      CREATE TABLE funding_enrollments (
        program_id uuid NOT NULL REFERENCES funding_programs(id),
        organization_id uuid NOT NULL REFERENCES organizations(id),
        created_by uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (program_id, organization_id)
      )`);

    await q.query(`
      CREATE TABLE support_requests (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organization_id uuid NOT NULL REFERENCES organizations(id),
        category text NOT NULL CHECK (category IN ('rnd','funding','workforce','site','market','shared_service','equipment')),
        title text NOT NULL,
        description text NOT NULL,
        status text NOT NULL CHECK (status IN ('open','triaged','in_progress','resolved','declined')),
        assignee text,
        linked_item_codes text[] NOT NULL DEFAULT '{}',
        created_by uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX support_requests_organization_idx ON support_requests (organization_id, created_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE support_requests, funding_enrollments, funding_programs, catalog_items`);
  }
}
