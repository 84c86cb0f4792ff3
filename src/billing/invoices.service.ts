import { Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { isCustomer, scopeOrganization, type Actor } from '../auth/actor.js';
import { InvalidState, NotFound } from '../common/errors.js';
import { DEFAULT_LIMIT, decodeCursor, toPage, type Page } from '../common/pagination.js';
import { AppConfig } from '../config/app-config.js';
import { UNIQUE_VIOLATION, sqlState } from '../database/pg-errors.js';
import { Transactions } from '../database/transactions.js';
import { formatClock, localDate, localMonthRange } from '../segments/local-time.js';
import { BillingRepository, lineKind, type DraftLine, type FeeRow, type InvoiceRow, type LineRow } from './billing.repository.js';
import type { GenerateInvoicesDto, InvoiceListQuery, InvoiceView, LineView, MarkPaidDto } from './billing.dto.js';
import { Outbox } from '../outbox/outbox.service.js';
import { AddOnPrices, ChargesService } from './charges.service.js';
import { invoicesCsv, invoicesJson, renderInvoicePdf, type InvoiceDocument } from './invoice-documents.js';
import { totalsOf } from './pricing.js';
import { wallClock } from './wall-clock.js';

/** What customers may see: invoices once issued (never drafts). */
const VISIBLE_TO_CUSTOMERS = ['issued', 'paid', 'void'];

function lineView(l: LineRow): LineView {
  const view: LineView = {
    description: l.description,
    quantity: Number(l.quantity),
    unit: l.unit,
    unitPrice: Number(l.unit_price),
    amount: Number(l.amount),
    taxable: l.taxable,
  };
  if (l.reservation_id) view.reservationId = l.reservation_id;
  if (l.item_code) view.itemCode = l.item_code;
  if (l.program_code) view.programCode = l.program_code;
  return view;
}

/** Whether the stored lines (in line order) are exactly `lines`, numbered from 1. */
function sameLines(stored: LineRow[], lines: DraftLine[]): boolean {
  return (
    stored.length === lines.length &&
    stored.every((l, i) => {
      const d = lines[i];
      return (
        l.line_no === i + 1 &&
        l.description === d.description &&
        Number(l.quantity) === d.quantity &&
        l.unit === d.unit &&
        Number(l.unit_price) === d.unitPrice &&
        Number(l.amount) === d.amount &&
        l.taxable === d.taxable &&
        l.reservation_id === (d.reservationId ?? null) &&
        l.item_code === (d.itemCode ?? null) &&
        l.program_code === (d.programCode ?? null) &&
        l.charge_key === (d.chargeKey ?? null)
      );
    })
  );
}

/** A stored line as a draft line again, its charge key kept (recomputing a draft). */
function storedLine(l: LineRow): DraftLine {
  return { ...lineView(l), chargeKey: l.charge_key ?? undefined };
}

/** Lines by invoice, in the order given (views of many invoices: filtering every line per invoice was quadratic). */
function linesByInvoice(lines: LineRow[]): Map<string, LineRow[]> {
  const by = new Map<string, LineRow[]>();
  for (const l of lines) {
    const list = by.get(l.invoice_id);
    if (list) list.push(l);
    else by.set(l.invoice_id, [l]);
  }
  return by;
}

/** An invoice with its lines: `lines` may hold other invoices' lines too (they are left out), or be grouped already. */
export function invoiceView(row: InvoiceRow, lines: LineRow[] | Map<string, LineRow[]>): InvoiceView {
  const own = lines instanceof Map ? (lines.get(row.id) ?? []) : lines.filter((l) => l.invoice_id === row.id);
  return {
    id: row.id,
    number: row.number,
    type: row.type,
    organizationId: row.organization_id,
    period: row.period,
    status: row.status,
    issuedAt: row.issued_at?.toISOString() ?? null,
    paidAt: row.paid_at?.toISOString() ?? null,
    paidReference: row.paid_reference,
    voidReason: row.void_reason,
    lines: own.map(lineView),
    supplyAmount: Number(row.supply_amount),
    vat: Number(row.vat),
    total: Number(row.total),
    creditedInvoiceId: row.credited_invoice_id,
  };
}

/**
 * Invoices per organization per local month: drafts generated (again) from what was used,
 * issued with a gapless number, paid, or voided with a credit note.
 */
@Injectable()
export class InvoicesService {
  private readonly logger = new Logger('Invoices');

  constructor(
    private readonly config: AppConfig,
    private readonly billing: BillingRepository,
    private readonly charges: ChargesService,
    private readonly transactions: Transactions,
    private readonly audit: AuditService,
    private readonly outbox: Outbox,
  ) {}

  private get zone(): string {
    return this.config.FACILITY_TIMEZONE;
  }

  private feeLine(fee: FeeRow): DraftLine {
    const what = fee.kind === 'no_show' ? '노쇼 위약금 no-show fee' : '취소 위약금 cancellation fee';
    const clock = wallClock(fee.start, this.zone);
    const when = `${clock.date} ${formatClock(clock.minute)}`;
    return {
      description: `${what} (${fee.percent}%) · ${fee.segmentCode} ${when}`,
      quantity: 1,
      unit: 'each',
      unitPrice: fee.amount,
      amount: fee.amount,
      taxable: false,
      reservationId: fee.reservationId,
      chargeKey: `fee:${fee.reservationId}`,
    };
  }

  /** The draft lines of every organization with charges in the month. */
  private async draftLines(manager: EntityManager, period: string, organizationId?: string): Promise<Map<string, DraftLine[]>> {
    const { start, end } = localMonthRange(period, this.zone);
    const byOrganization = new Map<string, DraftLine[]>();
    const add = (org: string, line: DraftLine) => {
      const lines = byOrganization.get(org);
      if (lines) lines.push(line);
      else byOrganization.set(org, [line]);
    };
    const used = await this.billing.usedTrackTime(manager, start, end, organizationId);
    // one query for the rate cards of the whole month, add-on prices once per organization and list
    const cards = await this.charges.cardsFor(used, manager);
    const prices = new AddOnPrices();
    for (const [i, r] of used.entries()) {
      const card = cards[i];
      if (!card) {
        this.logger.warn(`reservation ${r.id}: no rate card for segment ${r.segmentCode} on its date; not billed`);
        continue;
      }
      for (const line of await this.charges.chargeLines(r, card, false, manager, false, prices)) add(r.organizationId, line);
    }
    for (const fee of await this.billing.feesDue(manager, start, end, organizationId)) add(fee.organizationId, this.feeLine(fee));
    return byOrganization;
  }

  /** Replaces the month's drafts (never issued invoices) with freshly computed ones. */
  async generate(actor: Actor, dto: GenerateInvoicesDto): Promise<{ items: InvoiceView[] }> {
    const ids = await this.transactions.run(async (manager) => {
      const lines = await this.draftLines(manager, dto.period, dto.organizationId);
      const stale = (await this.billing.invoices({ period: dto.period, organizationId: dto.organizationId, statuses: ['draft'] }, manager)).map((i) => i.organization_id);
      const organizations = [...new Set([...lines.keys(), ...stale])].sort();
      // Every organization's month is locked (in this order, as before one by one) and its old drafts deleted, in two
      // statements: a statement per organization and step was most of a busy month's run (200 organizations).
      await this.billing.lockPeriods(manager, organizations, dto.period);
      await this.billing.deleteDrafts(manager, organizations, dto.period);
      // The lines were read before the locks: an issue that committed meanwhile has claimed some of them, and
      // a draft must not carry a charge that is already on an issued invoice. Read again under the locks.
      const claimed = await this.billing.claimedCharges(manager, organizations.flatMap((o) => (lines.get(o) ?? []).flatMap((l) => (l.chargeKey ? [l.chargeKey] : []))));
      // only organizations enrolled in some programme can have funding lines (fundingLines would find none)
      const enrolled = await this.billing.enrolledOrganizations(manager, organizations);
      const drafts: { organizationId: string; lines: DraftLine[] }[] = [];
      for (const organizationId of organizations) {
        const charged = lines.get(organizationId)?.filter((l) => !l.chargeKey || !claimed.has(l.chargeKey));
        if (!charged?.length) continue;
        const funding = enrolled.has(organizationId) ? await this.charges.fundingLines(manager, organizationId, dto.period, charged) : [];
        drafts.push({ organizationId, lines: [...charged, ...funding] });
      }
      const created = await this.billing.insertDrafts(manager, dto.period, drafts.map((d) => ({ ...d, ...totalsOf(d.lines) })));
      await this.audit.record(manager, ...created.map((id) => ({ entityType: 'invoice', entityId: id, action: 'generate', to: 'draft', actorId: actor.userId, data: { period: dto.period } })));
      return created;
    });
    return { items: await this.views(ids) };
  }

  private async views(ids: string[], manager?: EntityManager): Promise<InvoiceView[]> {
    if (ids.length === 0) return [];
    const rows = await this.billing.invoices({ ids }, manager);
    const lines = linesByInvoice(await this.billing.lines(ids, manager));
    return rows.map((r) => invoiceView(r, lines));
  }

  private async locked(manager: EntityManager, id: string): Promise<InvoiceRow> {
    const invoice = await this.billing.lockInvoice(manager, id);
    if (!invoice) throw new NotFound('invoice');
    return invoice;
  }

  /** Issues a draft: a gapless number of the (local) year, its charges claimed, immutable from now on. */
  async issue(actor: Actor, id: string): Promise<InvoiceView> {
    return this.transactions.run(async (manager) => {
      // The month's lock first, then the row, in the order generate takes them (lock, then delete the drafts):
      // the other order deadlocks against a concurrent generate. Organization and period never change.
      const [peek] = await this.billing.invoices({ ids: [id] }, manager);
      if (!peek) throw new NotFound('invoice');
      await this.billing.lockPeriod(manager, peek.organization_id, peek.period);
      const invoice = await this.locked(manager, id);
      if (invoice.status !== 'draft') throw new InvalidState(`A ${invoice.status} invoice cannot be issued`, { status: invoice.status });
      // Funding again, against the cap left now (other invoices may have been issued since the draft).
      await this.billing.lockFunding(manager, invoice.organization_id);
      const stored = await this.billing.lines([id], manager);
      const charged = stored.map(storedLine).filter((l) => lineKind(l) !== 'funding');
      const lines = [...charged, ...(await this.charges.fundingLines(manager, invoice.organization_id, invoice.period, charged))];
      const totals = totalsOf(lines);
      // Rewriting unchanged lines (the usual case: no funding, or the same funding as when generated) deleted and
      // inserted every line through the row triggers of migrations Billing and BillingGuards.
      if (!sameLines(stored, lines) || Number(invoice.supply_amount) !== totals.supplyAmount || Number(invoice.vat) !== totals.vat || Number(invoice.total) !== totals.total) {
        await this.billing.replaceLines(manager, id, lines, totals);
      }
      await this.billing.lockNumbering(manager);
      const issuedAt = new Date();
      const number = await this.billing.nextNumber(manager, Number(localDate(issuedAt, this.zone).slice(0, 4)));
      try {
        // the database claims the invoice's charges as it becomes issued (migration BillingGuards)
        await this.billing.setStatus(manager, id, { status: 'issued', number, issued_at: issuedAt });
      } catch (error) {
        if (sqlState(error) === UNIQUE_VIOLATION) throw new InvalidState('A charge of this draft is already on an issued invoice; generate the month again');
        throw error;
      }
      await this.audit.record(manager, { entityType: 'invoice', entityId: id, action: 'issue', from: 'draft', to: 'issued', actorId: actor.userId, data: { number } });
      const [issued] = await this.views([id], manager);
      await this.outbox.emit(manager, { type: 'invoice.issued', organizationId: issued.organizationId, invoiceId: id, data: { invoice: issued }, mailTo: { billing: true } });
      // read inside the transaction, after every change of it: what the committed invoice is
      return issued;
    });
  }

  async markPaid(actor: Actor, id: string, dto: MarkPaidDto): Promise<InvoiceView> {
    await this.transactions.run(async (manager) => {
      const invoice = await this.locked(manager, id);
      if (invoice.status !== 'issued' || invoice.type !== 'invoice') throw new InvalidState(`A ${invoice.status} ${invoice.type.replace('_', ' ')} cannot be marked paid`, { status: invoice.status });
      await this.billing.setStatus(manager, id, { status: 'paid', paid_at: new Date(dto.paidAt), paid_reference: dto.reference });
      await this.audit.record(manager, { entityType: 'invoice', entityId: id, action: 'mark_paid', from: 'issued', to: 'paid', reason: dto.reference, actorId: actor.userId });
    });
    return (await this.views([id]))[0];
  }

  /** Voids an issued (or paid) invoice with a credit note of its own number and negated lines; its charges may be billed again. */
  async void(actor: Actor, id: string, reason: string): Promise<InvoiceView & { creditNote: InvoiceView }> {
    const creditId = await this.transactions.run(async (manager) => {
      const invoice = await this.locked(manager, id);
      if (invoice.type !== 'invoice' || (invoice.status !== 'issued' && invoice.status !== 'paid')) {
        throw new InvalidState(`A ${invoice.status} ${invoice.type.replace('_', ' ')} cannot be voided`, { status: invoice.status });
      }
      // voiding releases the charges (migration BillingGuards): they may be billed again
      await this.billing.setStatus(manager, id, { status: 'void', void_reason: reason });
      const negated: DraftLine[] = (await this.billing.lines([id], manager)).map((l) => ({
        ...lineView(l),
        unitPrice: -Number(l.unit_price),
        amount: -Number(l.amount),
        description: `취소 credit: ${l.description}`,
      }));
      await this.billing.lockNumbering(manager);
      const issuedAt = new Date();
      const number = await this.billing.nextNumber(manager, Number(localDate(issuedAt, this.zone).slice(0, 4)));
      const credit = await this.billing.insertInvoice(
        manager,
        { type: 'credit_note', organizationId: invoice.organization_id, period: invoice.period, status: 'issued', number, issuedAt, creditedInvoiceId: id, ...totalsOf(negated) },
        negated,
      );
      await this.audit.record(
        manager,
        { entityType: 'invoice', entityId: id, action: 'void', from: invoice.status, to: 'void', reason, actorId: actor.userId, data: { creditNote: number } },
        { entityType: 'invoice', entityId: credit, action: 'create', from: null, to: 'issued', reason, actorId: actor.userId, data: { credits: invoice.number } },
      );
      const [voided, creditNote] = await this.views([id, credit], manager).then((v) => [v.find((x) => x.id === id)!, v.find((x) => x.id === credit)!]);
      await this.outbox.emit(manager, { type: 'invoice.voided', organizationId: voided.organizationId, invoiceId: id, data: { invoice: voided, creditNote }, mailTo: { billing: true } });
      return credit;
    });
    const [voided, creditNote] = await this.views([id, creditId]).then((v) => [v.find((x) => x.id === id)!, v.find((x) => x.id === creditId)!]);
    return { ...voided, creditNote };
  }

  /** The documents of invoices (PDF, exports): each with its organization and the number it credits. */
  private async documents(invoices: InvoiceView[]): Promise<InvoiceDocument[]> {
    const organizations = await this.billing.organizations([...new Set(invoices.map((i) => i.organizationId))]);
    const credited = await this.views(invoices.map((i) => i.creditedInvoiceId).filter((x): x is string => !!x));
    return invoices.map((i) => ({
      number: i.number,
      type: i.type,
      status: i.status,
      period: i.period,
      issuedAt: i.issuedAt ? new Date(i.issuedAt) : null,
      creditedInvoiceNumber: credited.find((c) => c.id === i.creditedInvoiceId)?.number ?? null,
      organization: organizations.get(i.organizationId)!,
      lines: i.lines,
      supplyAmount: i.supplyAmount,
      vat: i.vat,
      total: i.total,
    }));
  }

  async pdf(actor: Actor, id: string): Promise<{ filename: string; body: Buffer }> {
    const invoice = await this.get(actor, id);
    const [doc] = await this.documents([invoice]);
    return { filename: `${invoice.number ?? `draft-${invoice.id}`}.pdf`, body: await renderInvoicePdf(doc, this.zone) };
  }

  /** The accountant's file: every numbered invoice and credit note of the period (issued, paid or void). */
  async export(period: string, format: 'csv' | 'json'): Promise<{ filename: string; contentType: string; body: Buffer | object }> {
    const rows = await this.billing.invoices({ period, numbered: true });
    const lines = linesByInvoice(await this.billing.lines(rows.map((r) => r.id)));
    const docs = (await this.documents(rows.map((r) => invoiceView(r, lines)))).sort((a, b) => (a.number ?? '').localeCompare(b.number ?? ''));
    return format === 'json'
      ? { filename: `invoices-${period}.json`, contentType: 'application/json; charset=utf-8', body: invoicesJson(docs, period) }
      : { filename: `invoices-${period}.csv`, contentType: 'text/csv; charset=utf-8', body: invoicesCsv(docs, this.zone) };
  }

  async get(actor: Actor, id: string): Promise<InvoiceView> {
    const [invoice] = await this.views([id]);
    if (!invoice || (isCustomer(actor) && !VISIBLE_TO_CUSTOMERS.includes(invoice.status))) throw new NotFound('invoice');
    return invoice;
  }

  async list(actor: Actor, query: InvoiceListQuery): Promise<Page<InvoiceView>> {
    const limit = query.limit ?? DEFAULT_LIMIT;
    const organizationId = scopeOrganization(actor, query.organizationId);
    const statuses = isCustomer(actor) ? VISIBLE_TO_CUSTOMERS.filter((s) => !query.status || s === query.status) : query.status ? [query.status] : undefined;
    const after = decodeCursor(query.cursor, 2) as [string, string] | undefined;
    const rows = await this.billing.invoices({ period: query.period, organizationId, statuses, after, limit: limit + 1 });
    const lines = linesByInvoice(await this.billing.lines(rows.slice(0, limit).map((r) => r.id)));
    return toPage(rows, limit, (r) => [r.created_at.toISOString(), r.id], (r) => invoiceView(r, lines));
  }
}
