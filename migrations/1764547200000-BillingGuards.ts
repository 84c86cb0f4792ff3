import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The billing invariants in the database itself, whatever writes to it:
 * - issuing (draft → issued) claims the invoice's charges in issued_charges, whose primary key
 *   refuses a charge already on another issued invoice; voiding releases them;
 * - an issued invoice gets no new lines (a credit note writes its lines in the transaction that
 *   creates it), and its number, amounts, dates, type and links never change.
 */
export class BillingGuards1764547200000 implements MigrationInterface {
  name = 'BillingGuards1764547200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION invoices_claim_charges() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF OLD.status = 'draft' AND NEW.status = 'issued' THEN
          INSERT INTO issued_charges (charge_key, invoice_id)
          SELECT charge_key, invoice_id FROM invoice_lines WHERE invoice_id = NEW.id AND charge_key IS NOT NULL;
        ELSIF OLD.status <> 'void' AND NEW.status = 'void' THEN
          DELETE FROM issued_charges WHERE invoice_id = NEW.id;
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`CREATE TRIGGER invoices_claim_charges AFTER UPDATE OF status ON invoices FOR EACH ROW EXECUTE FUNCTION invoices_claim_charges()`);

    await q.query(`
      CREATE FUNCTION invoice_lines_insert_guard() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF EXISTS (SELECT 1 FROM invoices WHERE id = NEW.invoice_id AND status <> 'draft' AND xmin <> pg_current_xact_id()::xid) THEN
          RAISE EXCEPTION 'an issued invoice gets no new lines' USING ERRCODE = 'P0001';
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`CREATE TRIGGER invoice_lines_insert_guard BEFORE INSERT ON invoice_lines FOR EACH ROW EXECUTE FUNCTION invoice_lines_insert_guard()`);

    await q.query(`
      CREATE OR REPLACE FUNCTION invoices_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' AND OLD.status <> 'draft' THEN
          RAISE EXCEPTION 'an issued invoice cannot be deleted' USING ERRCODE = 'P0001';
        END IF;
        IF TG_OP = 'UPDATE' AND OLD.status <> 'draft' AND (
             NEW.number IS DISTINCT FROM OLD.number OR NEW.supply_amount <> OLD.supply_amount OR NEW.vat <> OLD.vat
             OR NEW.total <> OLD.total OR NEW.organization_id <> OLD.organization_id OR NEW.period <> OLD.period
             OR NEW.type <> OLD.type OR NEW.issued_at IS DISTINCT FROM OLD.issued_at
             OR NEW.credited_invoice_id IS DISTINCT FROM OLD.credited_invoice_id
             OR NOT ((OLD.status = 'issued' AND NEW.status IN ('issued','paid','void')) OR (OLD.status = 'paid' AND NEW.status IN ('paid','void')) OR (OLD.status = 'void' AND NEW.status = 'void'))) THEN
          RAISE EXCEPTION 'an issued invoice cannot change' USING ERRCODE = 'P0001';
        END IF;
        RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
      END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER invoice_lines_insert_guard ON invoice_lines`);
    await q.query(`DROP TRIGGER invoices_claim_charges ON invoices`);
    await q.query(`DROP FUNCTION invoice_lines_insert_guard(), invoices_claim_charges()`);
  }
}
