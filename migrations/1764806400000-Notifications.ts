import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The transactional outbox. A state change writes its `events` row, one `notifications` row per
 * e-mail and one `webhook_deliveries` row per subscribed webhook in its own transaction; workers
 * on any instance claim due rows (lease + SKIP LOCKED) and send them, so a rolled-back change
 * sends nothing and a committed one is sent even if the instance that made it dies.
 */
export class Notifications1764806400000 implements MigrationInterface {
  name = 'Notifications1764806400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE events (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        -- the order events were written in (several share one transaction's created_at)
        seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
        type text NOT NULL,
        organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
        data jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE notifications (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        event_id uuid NOT NULL REFERENCES events(id) ON DELETE CASCADE,
        kind text NOT NULL,
        organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
        reservation_id uuid REFERENCES reservations(id) ON DELETE SET NULL,
        invoice_id uuid REFERENCES invoices(id) ON DELETE SET NULL,
        recipient text NOT NULL,
        locale text NOT NULL DEFAULT 'ko' CHECK (locale IN ('ko','en')),
        channel text NOT NULL DEFAULT 'email' CHECK (channel = 'email'),
        status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','sent','failed')),
        attempts int NOT NULL DEFAULT 0,
        last_error text,
        next_attempt_at timestamptz NOT NULL DEFAULT now(),
        lease_until timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        sent_at timestamptz
      )`);
    // the worker's claim: due pending rows only
    await q.query(`CREATE INDEX notifications_due ON notifications (next_attempt_at) WHERE status = 'pending'`);
    await q.query(`CREATE INDEX notifications_by_organization ON notifications (organization_id, created_at, id)`);
    await q.query(`CREATE INDEX notifications_by_creation ON notifications (created_at, id)`);
    await q.query(`
      CREATE TABLE webhooks (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
        url text NOT NULL,
        events text[] NOT NULL CHECK (cardinality(events) > 0),
        secret text NOT NULL,
        created_by uuid REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX webhooks_by_organization ON webhooks (organization_id, created_at, id)`);
    await q.query(`
      CREATE TABLE webhook_deliveries (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        webhook_id uuid NOT NULL REFERENCES webhooks(id) ON DELETE CASCADE,
        event_id uuid NOT NULL REFERENCES events(id) ON DELETE CASCADE,
        status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','delivered','failed')),
        attempts int NOT NULL DEFAULT 0,
        response_status int,
        last_error text,
        next_attempt_at timestamptz NOT NULL DEFAULT now(),
        lease_until timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        delivered_at timestamptz,
        UNIQUE (webhook_id, event_id)
      )`);
    await q.query(`CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE status = 'pending'`);
    await q.query(`CREATE INDEX webhook_deliveries_by_webhook ON webhook_deliveries (webhook_id, created_at, id)`);
    // a reminder goes out once per reservation
    await q.query(`ALTER TABLE reservations ADD COLUMN reminded_at timestamptz`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE reservations DROP COLUMN reminded_at`);
    await q.query(`DROP TABLE webhook_deliveries`);
    await q.query(`DROP TABLE webhooks`);
    await q.query(`DROP TABLE notifications`);
    await q.query(`DROP TABLE events`);
  }
}
