import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Rate cards, the cancellation policy, fees, invoices with gapless numbers. */
export class Billing1764374400000 implements MigrationInterface {
  name = 'Billing1764374400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE rate_cards (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        segment_id uuid NOT NULL REFERENCES segments(id),
        effective_from date NOT NULL,
        hourly_rate bigint CHECK (hourly_rate >= 0),
        per_vehicle_hourly_rate bigint CHECK (per_vehicle_hourly_rate >= 0),
        member_discount_percent integer NOT NULL DEFAULT 0 CHECK (member_discount_percent BETWEEN 0 AND 100),
        billing_increment_minutes integer NOT NULL CHECK (billing_increment_minutes > 0),
        minimum_billable_minutes integer NOT NULL CHECK (minimum_billable_minutes >= 0),
        surcharges jsonb NOT NULL DEFAULT '[]',
        created_by uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK (hourly_rate IS NOT NULL OR per_vehicle_hourly_rate IS NOT NULL),
        UNIQUE (segment_id, effective_from)
      )`);

    // One row: the finance-set policy.
    await q.query(`
      CREATE TABLE cancellation_policy (
        id smallint PRIMARY KEY DEFAULT 1 CHECK (id = 1),
        tiers jsonb NOT NULL,
        no_show_percent integer NOT NULL CHECK (no_show_percent BETWEEN 0 AND 100),
        updated_by uuid,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      INSERT INTO cancellation_policy (tiers, no_show_percent) VALUES
        ('[{"minNoticeHours":168,"percent":0},{"minNoticeHours":48,"percent":50},{"minNoticeHours":0,"percent":100}]', 100)`);

    // Cancellation and no-show fees: damages (위약금), outside VAT; one per reservation.
    await q.query(`
      CREATE TABLE reservation_fees (
        reservation_id uuid PRIMARY KEY REFERENCES reservations(id),
        kind text NOT NULL CHECK (kind IN ('cancellation','no_show')),
        percent integer NOT NULL,
        charge bigint NOT NULL,
        amount bigint NOT NULL CHECK (amount >= 0),
        waived boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);

    await q.query(`
      CREATE TABLE invoices (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        number text UNIQUE,
        type text NOT NULL CHECK (type IN ('invoice','credit_note')),
        organization_id uuid NOT NULL REFERENCES organizations(id),
        period text NOT NULL CHECK (period ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
        status text NOT NULL CHECK (status IN ('draft','issued','paid','void')),
        issued_at timestamptz,
        paid_at timestamptz,
        paid_reference text,
        void_reason text,
        credited_invoice_id uuid REFERENCES invoices(id),
        supply_amount bigint NOT NULL,
        vat bigint NOT NULL,
        total bigint NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK ((status = 'draft') = (number IS NULL))
      )`);
    await q.query(`CREATE INDEX invoices_period_idx ON invoices (period, organization_id)`);
    await q.query(`
      CREATE TABLE invoice_lines (
        invoice_id uuid NOT NULL REFERENCES invoices(id) ON DELETE CASCADE,
        line_no integer NOT NULL,
        description text NOT NULL,
        quantity numeric NOT NULL,
        unit text NOT NULL,
        unit_price bigint NOT NULL,
        amount bigint NOT NULL,
        taxable boolean NOT NULL,
        reservation_id uuid,
        item_code text,
        program_code text,
        -- what is billed: track:<reservation>, addon:<reservation>:<item>, fee:<reservation>, funding:<program>
        charge_key text,
        PRIMARY KEY (invoice_id, line_no)
      )`);
    // INVARIANT: a charge is on at most one issued invoice. Issuing inserts the charge keys of its
    // lines here (a second issue of the same charge fails on the key); voiding removes them.
    await q.query(`
      CREATE TABLE issued_charges (
        charge_key text PRIMARY KEY,
        invoice_id uuid NOT NULL REFERENCES invoices(id)
      )`);
    // INVARIANT: gapless numbers per year. The issuing transaction increments its year's row,
    // holding the row lock until it commits; a rolled-back issue rolls the number back too.
    await q.query(`CREATE TABLE invoice_counters (year integer PRIMARY KEY, last integer NOT NULL)`);

    // INVARIANT: an issued invoice is immutable: its lines never change, and the invoice itself
    // only moves issued → paid or → void.
    await q.query(`
      CREATE FUNCTION invoice_lines_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF EXISTS (SELECT 1 FROM invoices WHERE id = OLD.invoice_id AND status <> 'draft') THEN
          RAISE EXCEPTION 'lines of an issued invoice cannot change' USING ERRCODE = 'P0001';
        END IF;
        RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
      END $$`);
    await q.query(`CREATE TRIGGER invoice_lines_immutable BEFORE UPDATE OR DELETE ON invoice_lines FOR EACH ROW EXECUTE FUNCTION invoice_lines_immutable()`);
    await q.query(`
      CREATE FUNCTION invoices_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' AND OLD.status <> 'draft' THEN
          RAISE EXCEPTION 'an issued invoice cannot be deleted' USING ERRCODE = 'P0001';
        END IF;
        IF TG_OP = 'UPDATE' AND OLD.status <> 'draft' AND (
             NEW.number IS DISTINCT FROM OLD.number OR NEW.supply_amount <> OLD.supply_amount OR NEW.vat <> OLD.vat
             OR NEW.total <> OLD.total OR NEW.organization_id <> OLD.organization_id OR NEW.period <> OLD.period
             OR NOT ((OLD.status = 'issued' AND NEW.status IN ('issued','paid','void')) OR (OLD.status = 'paid' AND NEW.status IN ('paid','void')) OR (OLD.status = 'void' AND NEW.status = 'void'))) THEN
          RAISE EXCEPTION 'an issued invoice cannot change' USING ERRCODE = 'P0001';
        END IF;
        RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
      END $$`);
    await q.query(`CREATE TRIGGER invoices_immutable BEFORE UPDATE OR DELETE ON invoices FOR EACH ROW EXECUTE FUNCTION invoices_immutable()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE issued_charges, invoice_lines, invoices, invoice_counters, reservation_fees, cancellation_policy, rate_cards`);
    await q.query(`DROP FUNCTION invoice_lines_immutable(), invoices_immutable()`);
  }
}
