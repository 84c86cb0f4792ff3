import { Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AppConfig } from '../config/app-config.js';
import { formatClock, localDate, localMinuteOfDay } from '../segments/local-time.js';
import { BillingRepository, type BillableReservation, type DraftLine } from './billing.repository.js';
import { billableMinutes, cancellationPercent, feeOf, priceTrack, type RateCard } from './pricing.js';

/**
 * What a reservation costs: its track-time line priced by the rate card in force on its local
 * start date, and its cancellation or no-show fee. The same code prices quotes and invoices.
 */
@Injectable()
export class ChargesService {
  private readonly logger = new Logger('Charges');

  constructor(
    private readonly config: AppConfig,
    private readonly billing: BillingRepository,
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
    const charge = this.trackLine(r, card, true).amount;
    const amount = feeOf(charge, percent);
    await this.billing.recordFee(manager, { reservationId, kind, percent, charge, amount, waived });
    return waived ? 0 : amount;
  }
}
