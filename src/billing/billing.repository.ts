import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { CancellationTier, RateCard } from './pricing.js';

export interface RateCardRow extends RateCard {
  id: string;
  segmentId: string;
  effectiveFrom: string;
  createdAt: Date;
}

export interface CancellationPolicy {
  tiers: CancellationTier[];
  noShowPercent: number;
}

/** A reservation as billing sees it. */
export interface BillableReservation {
  id: string;
  organizationId: string;
  segmentId: string;
  segmentCode: string;
  segmentName: string;
  /** A shared leaf: priced per vehicle-hour. */
  shared: boolean;
  start: Date;
  end: Date;
  status: string;
  actualStart: Date | null;
  actualEnd: Date | null;
  vehicles: number;
  /** `unitPrice`: the price when booked (absent in a quote, which prices today). */
  addOns: { itemCode: string; quantity: number; unitPrice?: number }[];
  member: boolean;
}

export interface FeeRow {
  reservationId: string;
  organizationId: string;
  kind: 'cancellation' | 'no_show';
  percent: number;
  amount: number;
  start: Date;
  segmentCode: string;
}

export interface DraftLine {
  description: string;
  quantity: number;
  unit: string;
  unitPrice: number;
  amount: number;
  taxable: boolean;
  reservationId?: string;
  itemCode?: string;
  programCode?: string;
  /** What is billed; at most one issued invoice carries a key (issued_charges). */
  chargeKey?: string;
}

export type LineKind = 'track' | 'addon' | 'fee' | 'funding';

/** What a line bills: funding (a programme), an add-on (an item), a fee, or else track time. */
export function lineKind(line: Pick<DraftLine, 'programCode' | 'itemCode' | 'chargeKey'>): LineKind {
  if (line.programCode) return 'funding';
  if (line.itemCode) return 'addon';
  if (line.chargeKey?.startsWith('fee:')) return 'fee';
  return 'track';
}

export interface InvoiceRow {
  id: string;
  number: string | null;
  type: 'invoice' | 'credit_note';
  organization_id: string;
  period: string;
  status: 'draft' | 'issued' | 'paid' | 'void';
  issued_at: Date | null;
  paid_at: Date | null;
  paid_reference: string | null;
  void_reason: string | null;
  credited_invoice_id: string | null;
  supply_amount: string;
  vat: string;
  total: string;
  created_at: Date;
}

export interface LineRow {
  invoice_id: string;
  line_no: number;
  description: string;
  quantity: string;
  unit: string;
  unit_price: string;
  amount: string;
  taxable: boolean;
  reservation_id: string | null;
  item_code: string | null;
  program_code: string | null;
  charge_key: string | null;
}

// Keyset pages order by created_at truncated to the millisecond: the cursor carries a JS Date, which keeps no more.
const RATE_CARD_COLUMNS = `id, segment_id AS "segmentId", effective_from::text AS "effectiveFrom", hourly_rate::float8 AS "hourlyRate",
  per_vehicle_hourly_rate::float8 AS "perVehicleHourlyRate", member_discount_percent AS "memberDiscountPercent",
  billing_increment_minutes AS "billingIncrementMinutes", minimum_billable_minutes AS "minimumBillableMinutes",
  surcharges, created_at AS "createdAt"`;

const BILLABLE_COLUMNS = `r.id, r.organization_id AS "organizationId", r.segment_id AS "segmentId", s.code AS "segmentCode", s.name AS "segmentName",
  (s.capacity_mode = 'shared' AND NOT EXISTS (SELECT 1 FROM segments c WHERE c.parent_id = s.id)) AS shared,
  r.start_at AS start, r.end_at AS "end", r.status, r.actual_start AS "actualStart", r.actual_end AS "actualEnd", r.vehicles,
  r.add_ons AS "addOns", (o.membership = 'member') AS member`;

/**
 * Billing's SQL. Money columns are bigint; they are read as numbers (won amounts stay far below 2^53).
 *
 * INVARIANTS
 * - Gapless invoice numbers per year: `nextNumber` increments the year's counter row inside the
 *   issuing transaction; the row lock serializes concurrent issues and a rollback returns the number.
 *   `lockNumbering` is taken before the issue instant is read, so numbers follow `issued_at`.
 * - Lock order, everywhere: the month's `lockPeriod`, then invoice rows, then `lockNumbering`.
 * - A charge is on at most one issued invoice: when an invoice becomes issued, a trigger (migration
 *   BillingGuards) inserts its lines' charge keys into issued_charges, whose primary key refuses a
 *   charge already there; voiding deletes them.
 * - Issued invoices are immutable: triggers in migrations Billing and BillingGuards.
 */
@Injectable()
export class BillingRepository {
  constructor(private readonly dataSource: DataSource) {}

  private m(manager?: EntityManager): EntityManager {
    return manager ?? this.dataSource.manager;
  }

  // ------------------------------------------------------------ rate cards and policy

  async insertRateCard(manager: EntityManager, card: Omit<RateCardRow, 'id' | 'createdAt'>, actorId: string): Promise<RateCardRow> {
    const rows = (await manager.query(
      `INSERT INTO rate_cards (segment_id, effective_from, hourly_rate, per_vehicle_hourly_rate, member_discount_percent,
                               billing_increment_minutes, minimum_billable_minutes, surcharges, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING ${RATE_CARD_COLUMNS}`,
      [card.segmentId, card.effectiveFrom, card.hourlyRate, card.perVehicleHourlyRate, card.memberDiscountPercent, card.billingIncrementMinutes, card.minimumBillableMinutes, JSON.stringify(card.surcharges), actorId],
    )) as RateCardRow[];
    return rows[0];
  }

  async rateCards(segmentId: string | undefined, after: [string, string] | undefined, limit: number): Promise<RateCardRow[]> {
    return (await this.dataSource.query(
      `SELECT ${RATE_CARD_COLUMNS} FROM rate_cards
        WHERE ($1::uuid IS NULL OR segment_id = $1) AND ($2::timestamptz IS NULL OR (date_trunc('milliseconds', created_at), id) > ($2::timestamptz, $3::uuid))
        ORDER BY date_trunc('milliseconds', created_at), id LIMIT $4`,
      [segmentId ?? null, after?.[0] ?? null, after?.[1] ?? null, limit],
    )) as RateCardRow[];
  }

  /** The card in force on a local date: the latest effectiveFrom on or before it. */
  async rateCardFor(segmentId: string, localDate: string, manager?: EntityManager): Promise<RateCardRow | null> {
    const rows = (await this.m(manager).query(
      `SELECT ${RATE_CARD_COLUMNS} FROM rate_cards WHERE segment_id = $1 AND effective_from <= $2::date ORDER BY effective_from DESC LIMIT 1`,
      [segmentId, localDate],
    )) as RateCardRow[];
    return rows[0] ?? null;
  }

  /**
   * Every card of these segments effective on or before `localDate`, latest first per segment (`rateCardFor` for many
   * reservations at once: an invoice run asked once per reservation, 20,000 queries for a busy month).
   */
  async rateCardsUpTo(segmentIds: string[], localDate: string, manager?: EntityManager): Promise<RateCardRow[]> {
    if (segmentIds.length === 0) return [];
    return (await this.m(manager).query(
      `SELECT ${RATE_CARD_COLUMNS} FROM rate_cards WHERE segment_id = ANY($1::uuid[]) AND effective_from <= $2::date ORDER BY segment_id, effective_from DESC`,
      [segmentIds, localDate],
    )) as RateCardRow[];
  }

  async policy(manager?: EntityManager): Promise<CancellationPolicy> {
    const [row] = (await this.m(manager).query(`SELECT tiers, no_show_percent AS "noShowPercent" FROM cancellation_policy WHERE id = 1`)) as CancellationPolicy[];
    return row;
  }

  async setPolicy(manager: EntityManager, policy: CancellationPolicy, actorId: string): Promise<void> {
    await manager.query(
      `INSERT INTO cancellation_policy (id, tiers, no_show_percent, updated_by, updated_at) VALUES (1, $1, $2, $3, now())
       ON CONFLICT (id) DO UPDATE SET tiers = EXCLUDED.tiers, no_show_percent = EXCLUDED.no_show_percent, updated_by = EXCLUDED.updated_by, updated_at = now()`,
      [JSON.stringify(policy.tiers), policy.noShowPercent, actorId],
    );
  }

  // ------------------------------------------------------------ what is billed

  /** A segment as pricing sees it (a shared leaf is priced per vehicle-hour), and the organization's membership. */
  async pricingSubject(segmentId: string, organizationId: string | null, manager?: EntityManager): Promise<{ id: string; code: string; name: string; shared: boolean; member: boolean | null } | null> {
    const rows = (await this.m(manager).query(
      `SELECT s.id, s.code, s.name, (s.capacity_mode = 'shared' AND NOT EXISTS (SELECT 1 FROM segments c WHERE c.parent_id = s.id)) AS shared,
              (SELECT membership = 'member' FROM organizations WHERE id = $2) AS member
         FROM segments s WHERE s.id = $1`,
      [segmentId, organizationId],
    )) as { id: string; code: string; name: string; shared: boolean; member: boolean | null }[];
    return rows[0] ?? null;
  }

  async billableReservation(manager: EntityManager, id: string): Promise<BillableReservation | null> {
    const rows = (await manager.query(
      `SELECT ${BILLABLE_COLUMNS} FROM reservations r JOIN segments s ON s.id = r.segment_id JOIN organizations o ON o.id = r.organization_id WHERE r.id = $1`,
      [id],
    )) as BillableReservation[];
    return rows[0] ?? null;
  }

  /** Track time used in [from, to) (by local start) and not yet on an issued invoice. */
  async usedTrackTime(manager: EntityManager, from: Date, to: Date, organizationId?: string): Promise<BillableReservation[]> {
    return (await manager.query(
      `SELECT ${BILLABLE_COLUMNS}
         FROM reservations r JOIN segments s ON s.id = r.segment_id JOIN organizations o ON o.id = r.organization_id
        WHERE r.start_at >= $1 AND r.start_at < $2 AND ($3::uuid IS NULL OR r.organization_id = $3)
          AND (r.status = 'completed' OR (r.status = 'checked_in' AND r.end_at <= now()))
          AND NOT EXISTS (SELECT 1 FROM issued_charges ic WHERE ic.charge_key = 'track:' || r.id)
        ORDER BY r.organization_id, r.start_at, r.id`,
      [from, to, organizationId ?? null],
    )) as BillableReservation[];
  }

  async recordFee(manager: EntityManager, fee: { reservationId: string; kind: 'cancellation' | 'no_show'; percent: number; charge: number; amount: number; waived: boolean }): Promise<void> {
    await manager.query(
      `INSERT INTO reservation_fees (reservation_id, kind, percent, charge, amount, waived) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (reservation_id) DO NOTHING`,
      [fee.reservationId, fee.kind, fee.percent, fee.charge, fee.amount, fee.waived],
    );
  }

  /** Fees in [from, to) (by the reservation's local start), not waived, not yet on an issued invoice. */
  async feesDue(manager: EntityManager, from: Date, to: Date, organizationId?: string): Promise<FeeRow[]> {
    return (await manager.query(
      `SELECT f.reservation_id AS "reservationId", r.organization_id AS "organizationId", f.kind, f.percent, f.amount::float8 AS amount,
              r.start_at AS start, s.code AS "segmentCode"
         FROM reservation_fees f JOIN reservations r ON r.id = f.reservation_id JOIN segments s ON s.id = r.segment_id
        WHERE r.start_at >= $1 AND r.start_at < $2 AND ($3::uuid IS NULL OR r.organization_id = $3)
          AND NOT f.waived AND f.amount > 0
          AND NOT EXISTS (SELECT 1 FROM issued_charges ic WHERE ic.charge_key = 'fee:' || f.reservation_id)
        ORDER BY r.organization_id, r.start_at`,
      [from, to, organizationId ?? null],
    )) as FeeRow[];
  }

  // ------------------------------------------------------------ invoices

  /** Serializes generation and issuing of one organization's month. */
  async lockPeriod(manager: EntityManager, organizationId: string, period: string): Promise<void> {
    await manager.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`invoice:${organizationId}:${period}`]);
  }

  /** `lockPeriod` of many organizations in one statement, in the order given (generate sorts them): the same keys. */
  async lockPeriods(manager: EntityManager, organizationIds: string[], period: string): Promise<void> {
    if (organizationIds.length === 0) return;
    await manager.query(
      `SELECT pg_advisory_xact_lock(hashtext('invoice:' || o || ':' || $2)) FROM unnest($1::text[]) AS t(o)`,
      [organizationIds, period],
    );
  }

  async deleteDrafts(manager: EntityManager, organizationIds: string[], period: string): Promise<void> {
    if (organizationIds.length === 0) return;
    await manager.query(`DELETE FROM invoices WHERE organization_id = ANY($1::uuid[]) AND period = $2 AND status = 'draft' AND type = 'invoice'`, [organizationIds, period]);
  }

  /** Which of these organizations are enrolled in any funding programme (the others get no funding lines). */
  async enrolledOrganizations(manager: EntityManager, organizationIds: string[]): Promise<Set<string>> {
    if (organizationIds.length === 0) return new Set();
    const rows = (await manager.query(`SELECT DISTINCT organization_id AS id FROM funding_enrollments WHERE organization_id = ANY($1::uuid[])`, [organizationIds])) as { id: string }[];
    return new Set(rows.map((r) => r.id));
  }

  /**
   * Draft invoices of a month with their lines, in two statements whatever their number (an invoice run writes one
   * per organization); returns their ids in the order given.
   */
  async insertDrafts(manager: EntityManager, period: string, drafts: { organizationId: string; lines: DraftLine[]; supplyAmount: number; vat: number; total: number }[]): Promise<string[]> {
    if (drafts.length === 0) return [];
    const rows = (await manager.query(
      `INSERT INTO invoices (type, organization_id, period, status, supply_amount, vat, total)
       SELECT 'invoice', o, $2, 'draft', s, v, t FROM unnest($1::uuid[], $3::bigint[], $4::bigint[], $5::bigint[]) AS d(o, s, v, t)
       RETURNING id, organization_id`,
      [drafts.map((d) => d.organizationId), period, drafts.map((d) => d.supplyAmount), drafts.map((d) => d.vat), drafts.map((d) => d.total)],
    )) as { id: string; organization_id: string }[];
    const idOf = new Map(rows.map((r) => [r.organization_id, r.id]));
    const ids = drafts.map((d) => idOf.get(d.organizationId)!);
    await this.insertLinesOf(manager, drafts.flatMap((d, i) => d.lines.map((line, n) => ({ invoiceId: ids[i], lineNo: n + 1, line }))));
    return ids;
  }

  async insertInvoice(
    manager: EntityManager,
    invoice: { type: 'invoice' | 'credit_note'; organizationId: string; period: string; status: 'draft' | 'issued'; number?: string | null; issuedAt?: Date | null; creditedInvoiceId?: string | null; supplyAmount: number; vat: number; total: number },
    lines: DraftLine[],
  ): Promise<string> {
    const [{ id }] = (await manager.query(
      `INSERT INTO invoices (type, organization_id, period, status, number, issued_at, credited_invoice_id, supply_amount, vat, total)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
      [invoice.type, invoice.organizationId, invoice.period, invoice.status, invoice.number ?? null, invoice.issuedAt ?? null, invoice.creditedInvoiceId ?? null, invoice.supplyAmount, invoice.vat, invoice.total],
    )) as { id: string }[];
    await this.insertLines(manager, id, lines);
    return id;
  }

  async replaceLines(manager: EntityManager, invoiceId: string, lines: DraftLine[], totals: { supplyAmount: number; vat: number; total: number }): Promise<void> {
    await manager.query(`DELETE FROM invoice_lines WHERE invoice_id = $1`, [invoiceId]);
    await this.insertLines(manager, invoiceId, lines);
    await manager.query(`UPDATE invoices SET supply_amount = $2, vat = $3, total = $4, updated_at = now() WHERE id = $1`, [invoiceId, totals.supplyAmount, totals.vat, totals.total]);
  }

  private async insertLines(manager: EntityManager, invoiceId: string, lines: DraftLine[]): Promise<void> {
    await this.insertLinesOf(manager, lines.map((line, i) => ({ invoiceId, lineNo: i + 1, line })));
  }

  private async insertLinesOf(manager: EntityManager, rows: { invoiceId: string; lineNo: number; line: DraftLine }[]): Promise<void> {
    if (rows.length === 0) return;
    const lines = rows.map((r) => r.line);
    await manager.query(
      `INSERT INTO invoice_lines (invoice_id, line_no, description, quantity, unit, unit_price, amount, taxable, reservation_id, item_code, program_code, charge_key)
       SELECT v, n, d, q, u, p, a, t, r, i, g, k
         FROM unnest($1::uuid[], $2::int[], $3::text[], $4::numeric[], $5::text[], $6::bigint[], $7::bigint[], $8::bool[], $9::uuid[], $10::text[], $11::text[], $12::text[])
           AS l(v, n, d, q, u, p, a, t, r, i, g, k)`,
      [
        rows.map((r) => r.invoiceId),
        rows.map((r) => r.lineNo),
        lines.map((l) => l.description),
        lines.map((l) => l.quantity),
        lines.map((l) => l.unit),
        lines.map((l) => l.unitPrice),
        lines.map((l) => l.amount),
        lines.map((l) => l.taxable),
        lines.map((l) => l.reservationId ?? null),
        lines.map((l) => l.itemCode ?? null),
        lines.map((l) => l.programCode ?? null),
        lines.map((l) => l.chargeKey ?? null),
      ],
    );
  }

  async lockInvoice(manager: EntityManager, id: string): Promise<InvoiceRow | null> {
    const rows = (await manager.query(`SELECT * FROM invoices WHERE id = $1 FOR UPDATE`, [id])) as InvoiceRow[];
    return rows[0] ?? null;
  }

  /**
   * Invoices by filter. Inside a transaction pass its `manager`: a query on the pool from inside a transaction holds
   * one connection while it waits for a second, and enough concurrent requests starve the pool.
   */
  async invoices(
    filter: { ids?: string[]; period?: string; organizationId?: string; statuses?: string[]; numbered?: boolean; after?: [string, string]; limit?: number },
    manager?: EntityManager,
  ): Promise<InvoiceRow[]> {
    return (await this.m(manager).query(
      `SELECT * FROM invoices
        WHERE ($1::uuid[] IS NULL OR id = ANY($1)) AND ($2::text IS NULL OR period = $2) AND ($3::uuid IS NULL OR organization_id = $3)
          AND ($4::text[] IS NULL OR status = ANY($4)) AND (NOT $5 OR number IS NOT NULL)
          AND ($6::timestamptz IS NULL OR (date_trunc('milliseconds', created_at), id) > ($6::timestamptz, $7::uuid))
        ORDER BY date_trunc('milliseconds', created_at), id LIMIT $8`,
      [filter.ids ?? null, filter.period ?? null, filter.organizationId ?? null, filter.statuses ?? null, filter.numbered ?? false, filter.after?.[0] ?? null, filter.after?.[1] ?? null, filter.limit ?? 10_000],
    )) as InvoiceRow[];
  }

  async lines(invoiceIds: string[], manager?: EntityManager): Promise<LineRow[]> {
    if (invoiceIds.length === 0) return [];
    return (await this.m(manager).query(`SELECT * FROM invoice_lines WHERE invoice_id = ANY($1::uuid[]) ORDER BY invoice_id, line_no`, [invoiceIds])) as LineRow[];
  }

  async organizations(ids: string[]): Promise<Map<string, { name: string; businessNumber: string; billingEmail: string }>> {
    const rows = (await this.dataSource.query(
      `SELECT id, name, business_number AS "businessNumber", billing_email AS "billingEmail" FROM organizations WHERE id = ANY($1::uuid[])`,
      [ids],
    )) as { id: string; name: string; businessNumber: string; billingEmail: string }[];
    return new Map(rows.map(({ id, ...org }) => [id, org]));
  }

  /**
   * Serializes numbering: taken by every issuing transaction (invoices and credit notes) right before it reads the
   * clock, held to commit. So the issue instant and the year are read after the previous issuer committed, and
   * numbers follow the order of `issued_at`.
   */
  async lockNumbering(manager: EntityManager): Promise<void> {
    await manager.query(`SELECT pg_advisory_xact_lock(hashtext('invoice:numbering'))`);
  }

  /**
   * Serializes what consumes an organization's funding caps (issuing its invoices): the cap left
   * is read and spent under this lock, so two issues cannot both spend the same remainder.
   */
  async lockFunding(manager: EntityManager, organizationId: string): Promise<void> {
    await manager.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`funding:${organizationId}`]);
  }

  /** Won of a programme's cap the organization has used in a year: its funding lines on issued or paid invoices (a void returns it). */
  async fundingUsed(manager: EntityManager, organizationId: string, programCode: string, year: string): Promise<number> {
    const [{ used }] = (await manager.query(
      `SELECT coalesce(-sum(l.amount), 0)::float8 AS used
         FROM invoice_lines l JOIN invoices i ON i.id = l.invoice_id
        WHERE i.organization_id = $1 AND l.program_code = $2 AND i.type = 'invoice' AND i.status IN ('issued', 'paid') AND left(i.period, 4) = $3`,
      [organizationId, programCode, year],
    )) as { used: number }[];
    return used;
  }

  /** The next gapless number of the year, inside the issuing transaction. */
  async nextNumber(manager: EntityManager, year: number): Promise<string> {
    const [{ last }] = (await manager.query(
      `INSERT INTO invoice_counters (year, last) VALUES ($1, 1) ON CONFLICT (year) DO UPDATE SET last = invoice_counters.last + 1 RETURNING last`,
      [year],
    )) as { last: number }[];
    return `DPG-${year}-${String(last).padStart(6, '0')}`;
  }

  /** Which of `keys` are on an issued invoice now (issued_charges), read in the caller's transaction. */
  async claimedCharges(manager: EntityManager, keys: string[]): Promise<Set<string>> {
    if (keys.length === 0) return new Set();
    const rows = (await manager.query(`SELECT charge_key FROM issued_charges WHERE charge_key = ANY($1::text[])`, [keys])) as { charge_key: string }[];
    return new Set(rows.map((r) => r.charge_key));
  }

  async setStatus(manager: EntityManager, id: string, values: Partial<Pick<InvoiceRow, 'status' | 'number' | 'issued_at' | 'paid_at' | 'paid_reference' | 'void_reason'>>): Promise<void> {
    const keys = Object.keys(values) as (keyof typeof values)[];
    await manager.query(
      `UPDATE invoices SET ${keys.map((k, i) => `${k} = $${i + 2}`).join(', ')}, updated_at = now() WHERE id = $1`,
      [id, ...keys.map((k) => values[k])],
    );
  }
}

