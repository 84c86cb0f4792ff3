import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The service base: users, organizations, drivers, audit log, login throttling, seed bookkeeping. */
export class Base1764115200000 implements MigrationInterface {
  name = 'Base1764115200000';

  async up(q: QueryRunner): Promise<void> {
    // btree_gist lets exclusion constraints mix `=` on ids with `&&` on tstzranges.
    await q.query(`CREATE EXTENSION IF NOT EXISTS btree_gist`);

    await q.query(`
      CREATE TABLE organizations (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('oem','supplier','research','other')),
        business_number text NOT NULL CHECK (business_number ~ '^[0-9]{3}-[0-9]{2}-[0-9]{5}$'),
        membership text NOT NULL CHECK (membership IN ('member','non_member')),
        star_company boolean NOT NULL DEFAULT false,
        billing_email text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX organizations_business_number_key ON organizations (business_number)`);

    await q.query(`
      CREATE TABLE users (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        email text NOT NULL,
        password_hash text NOT NULL,
        name text NOT NULL,
        role text NOT NULL CHECK (role IN ('customer','scheduler','finance','admin')),
        organization_id uuid REFERENCES organizations(id),
        locale text NOT NULL DEFAULT 'ko' CHECK (locale IN ('ko','en')),
        created_at timestamptz NOT NULL DEFAULT now(),
        -- a customer belongs to exactly one organization
        CHECK (role <> 'customer' OR organization_id IS NOT NULL)
      )`);
    await q.query(`CREATE UNIQUE INDEX users_email_key ON users (lower(email))`);

    await q.query(`
      CREATE TABLE drivers (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organization_id uuid NOT NULL REFERENCES organizations(id),
        name text NOT NULL,
        license_number text NOT NULL,
        level smallint NOT NULL DEFAULT 0 CHECK (level BETWEEN 0 AND 4),
        certified_until date,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX drivers_organization_idx ON drivers (organization_id, created_at, id)`);

    await q.query(`
      CREATE TABLE audit_log (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        entity_type text NOT NULL,
        entity_id uuid NOT NULL,
        action text NOT NULL,
        from_state text,
        to_state text,
        reason text,
        actor_id uuid,
        data jsonb,
        at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX audit_log_entity_idx ON audit_log (entity_type, entity_id, id)`);

    // Failed logins per (client address, e-mail) in fixed one-minute windows; shared by all instances.
    await q.query(`
      CREATE TABLE login_failures (
        key text PRIMARY KEY,
        window_start timestamptz NOT NULL,
        failures integer NOT NULL
      )`);

    // Versioned, idempotent seed steps (admin, demo facility, ...): each runs once per database.
    await q.query(`
      CREATE TABLE seed_steps (
        name text PRIMARY KEY,
        applied_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE seed_steps, login_failures, audit_log, drivers, users, organizations`);
  }
}
