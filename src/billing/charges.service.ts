import { Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { CatalogService, type Enrollment } from '../catalog/catalog.service.js';
import { AppConfig } from '../config/app-config.js';
import { formatClock, localDate, localMinuteOfDay, localMonthRange } from '../segments/local-time.js';
import { BillingRepository, lineKind, type BillableReservation, type DraftLine, type LineKind } from './billing.repository.js';
import { billableMinutes, cancellationPercent, feeOf, fundingAmount, priceAddOn, priceTrack, type RateCard } from './pricing.js';

/**
 * What a reservation costs: its track-time line priced by the rate card in force on its local
 * start date, its add-ons, its cancellation or no-show fee, and the funding programmes that
 * pay part of it. The same code prices quotes and invoices.
 */
@Injectable()
export class ChargesService {
  private readonly logger = new Logger('Charges');

  constructor(
    private readonly config: AppConfig,
    private readonly billing: BillingRepository,
    private readonly catalog: CatalogService,
  ) {}

  private get zone(): string {
    return this.config.FACILITY_TIMEZONE;
  }

  private span(start: Date, end: Date): string {
    const from = formatClock(localMinuteOfDay(start, this.zone));
    const to = formatClock(localMinuteOfDay(end, this.zone));
    return `${localDate(start, this.zone)} ${from}–${to}`;
  }

  /**
   * The track-time line: quantity in billable hours, unit price the base hourly rate after the
   * member discount (× vehicles on a shared segment), amount exact with surcharges (named in
   * the description). `booked` prices the booked time (quotes, fees) instead of the usage.
   */
  trackLine(r: BillableReservation, card: RateCard, booked: boolean): DraftLine {
    const usage = booked ? { ...r, status: 'confirmed', actualStart: null, actualEnd: null } : r;
    const minutes = billableMinutes(usage, card);
    const priced = priceTrack({ card, shared: r.shared, vehicles: r.vehicles, member: r.member, start: r.start, minutes, zone: this.zone });
    const parts = [`${r.segmentCode} ${r.segmentName}`, this.span(r.start, r.end)];
    if (r.shared) parts.push(`${r.vehicles}대 (vehicles)`);
    if (priced.surchargeNames.length) parts.push(`할증 surcharge: ${priced.surchargeNames.join(', ')}`);
    if (!booked && r.actualEnd && r.actualEnd > r.end) parts.push(`초과 사용 overrun until ${formatClock(localMinuteOfDay(r.actualEnd, this.zone))}`);
    return {
      description: parts.join(' · '),
      quantity: Number(priced.quantityHours),
      unit: 'hour',
      unitPrice: priced.unitPrice,
      amount: priced.amount,
      taxable: true,
      reservationId: r.id,
      chargeKey: `track:${r.id}`,
    };
  }

  /**
   * The card in force on the reservation's local start date, or null when none prices it: no card, or a card without
   * the rate the segment needs now (a segment switched between exclusive and shared after its card was made). Such a
   * card cannot price the booking; taking it anyway would fail every quote, cancellation and invoice of the segment.
   */
  async cardFor(r: Pick<BillableReservation, 'segmentId' | 'start' | 'shared'>, manager?: EntityManager): Promise<RateCard | null> {
    const card = await this.billing.rateCardFor(r.segmentId, localDate(r.start, this.zone), manager);
    if (card && (r.shared ? card.perVehicleHourlyRate : card.hourlyRate) === null) {
      this.logger.warn(`rate card ${card.id} has no ${r.shared ? 'perVehicleHourlyRate' : 'hourlyRate'} for segment ${r.segmentId}; it prices nothing`);
      return null;
    }
    return card;
  }

  /** The add-on lines of a reservation, billed with it (member or non-member price, each item's own VAT treatment). */
  async addOnLines(r: BillableReservation, manager: EntityManager | undefined, ordering: boolean): Promise<DraftLine[]> {
    const priced = await this.catalog.priceAddOns(r.organizationId, r.addOns, manager, ordering);
    return priced.map((a) => ({
      description: `${a.name} · ${r.segmentCode} ${localDate(r.start, this.zone)}`,
      quantity: a.quantity,
      unit: a.unit,
      unitPrice: a.unitPrice,
      amount: priceAddOn(a.quantity, a.unitPrice),
      taxable: a.taxable,
      reservationId: r.id || undefined,
      itemCode: a.itemCode,
      chargeKey: r.id ? `addon:${r.id}:${a.itemCode}` : undefined,
    }));
  }

  /** The whole charge of a reservation: track time and add-ons. `booked` prices the booked time (quotes, fees). */
  async chargeLines(r: BillableReservation, card: RateCard, booked: boolean, manager?: EntityManager, ordering = false): Promise<DraftLine[]> {
    return [this.trackLine(r, card, booked), ...(await this.addOnLines(r, manager, ordering))];
  }

  /**
   * Funding lines for an organization's lines of a month: for each programme it is enrolled in and
   * eligible for, coverage % of the lines the programme covers (track time, or track time and
   * add-ons; never fees), as a negative line limited by what is left of the programme's annual
   * cap (local calendar year of the month) after issued invoices. A programme covering both
   * taxable and non-taxable lines gives one line of each, so it lowers the VAT base exactly by
   * what it takes off taxable supply. Programmes together never fund more than the lines.
   */
  async fundingLines(manager: EntityManager, organizationId: string, period: string, lines: DraftLine[], programs?: Enrollment[]): Promise<DraftLine[]> {
    const { start, end } = localMonthRange(period, this.zone);
    const enrolled = programs ?? (await this.catalog.fundingFor(manager, organizationId, localDate(start, this.zone), localDate(new Date(end.getTime() - 1), this.zone)));
    const funding: DraftLine[] = [];
    const sums = (kinds: LineKind[]) => {
      const sum = { taxable: 0, exempt: 0 };
      for (const l of lines) if (kinds.includes(lineKind(l))) sum[l.taxable ? 'taxable' : 'exempt'] += l.amount;
      return sum;
    };
    /** What funding may still take off, so that programmes together never exceed the lines they cover. */
    const left = sums(['track', 'addon']);
    for (const p of enrolled) {
      const base = sums(p.appliesTo === 'all' ? ['track', 'addon'] : ['track']);
      let capLeft = p.annualCap - (await this.billing.fundingUsed(manager, organizationId, p.code, period.slice(0, 4)));
      for (const kind of ['taxable', 'exempt'] as const) {
        const amount = Math.max(fundingAmount(base[kind], p.coveragePercent, capLeft), -left[kind]);
        if (amount === 0) continue;
        capLeft += amount;
        left[kind] += amount;
        funding.push({
          description: `지원사업 funding: ${p.name} (${p.coveragePercent}%)${kind === 'exempt' ? ' · 면세분 exempt part' : ''}`,
          quantity: 1,
          unit: 'each',
          unitPrice: amount,
          amount,
          taxable: kind === 'taxable',
          programCode: p.code,
        });
      }
    }
    return funding;
  }

  /**
   * Records a cancellation or no-show fee inside the transaction that cancels (or marks the
   * no-show): the policy's percent of the reservation's whole charge for its booked time.
   * Returns the amount due (0 when waived or when no rate card prices the segment).
   */
  async recordFee(manager: EntityManager, reservationId: string, kind: 'cancellation' | 'no_show', at: Date, waived: boolean): Promise<number> {
    const r = await this.billing.billableReservation(manager, reservationId);
    if (!r) return 0;
    const card = await this.cardFor(r, manager);
    if (!card) return 0;
    const policy = await this.billing.policy(manager);
    const percent = kind === 'no_show' ? policy.noShowPercent : cancellationPercent(policy.tiers, r.start, at);
    const charge = (await this.chargeLines(r, card, true, manager)).reduce((sum, l) => sum + l.amount, 0);
    const amount = feeOf(charge, percent);
    await this.billing.recordFee(manager, { reservationId, kind, percent, charge, amount, waived });
    return waived ? 0 : amount;
  }
}
