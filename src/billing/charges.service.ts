import { Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { CatalogService, type Enrollment, type PricedAddOn } from '../catalog/catalog.service.js';
import { AppConfig } from '../config/app-config.js';
import { formatClock, localDate, localMonthRange } from '../segments/local-time.js';
import { BillingRepository, lineKind, type BillableReservation, type DraftLine, type RateCardRow } from './billing.repository.js';
import { billableMinutes, cancellationPercent, feeOf, fundingAmount, priceAddOn, priceTrack, type RateCard } from './pricing.js';
import { wallClock } from './wall-clock.js';

export type FeeKind = 'cancellation' | 'no_show';

/** A cancellation or no-show fee: `percent` of the reservation's whole `charge`, rounded once to `amount` won. */
export interface Fee {
  percent: number;
  charge: number;
  amount: number;
}

/** A line funding may cover (track time or an add-on; never a fee), with what funding may still take off it. */
interface Fundable {
  kind: 'track' | 'addon';
  taxable: boolean;
  amount: number;
  /** The local date of the use it bills (undefined: not known, e.g. a quote; then the month decides). */
  date: string | undefined;
  left: number;
}

/**
 * Takes `taken` won (≤ what is left of `lines` together) off the lines a programme funds, in proportion to what is
 * left of each (exact integers, half up), then any rounding remainder in line order: what is left never goes below
 * zero, so programmes together never fund more than the lines they cover.
 */
function takeOff(lines: Fundable[], taken: number): void {
  const room = lines.reduce((sum, l) => sum + l.left, 0);
  if (room <= 0) return;
  let rest = taken;
  for (const l of lines) {
    const share = Number((BigInt(taken) * BigInt(l.left) * 2n + BigInt(room)) / (2n * BigInt(room)));
    const part = Math.min(share, l.left, rest);
    l.left -= part;
    rest -= part;
  }
  for (const l of lines) {
    const part = Math.min(l.left, rest);
    l.left -= part;
    rest -= part;
  }
}

/**
 * The catalog's prices of add-on lists, asked once per organization and list within one invoice run (an add-on is
 * priced by the item and the organization's membership; the unit price kept with the reservation wins anyway).
 * Pricing each reservation's add-ons took two queries per reservation.
 */
export class AddOnPrices {
  private readonly known = new Map<string, Promise<PricedAddOn[]>>();

  of(organizationId: string, addOns: { itemCode: string; quantity: number }[], ordering: boolean, price: () => Promise<PricedAddOn[]>): Promise<PricedAddOn[]> {
    const key = JSON.stringify([organizationId, ordering, addOns.map((a) => [a.itemCode, a.quantity])]);
    let priced = this.known.get(key);
    if (!priced) this.known.set(key, (priced = price()));
    return priced;
  }
}

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
    const from = wallClock(start, this.zone);
    return `${from.date} ${formatClock(from.minute)}–${formatClock(wallClock(end, this.zone).minute)}`;
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
    if (!booked && r.actualEnd && r.actualEnd > r.end) parts.push(`초과 사용 overrun until ${formatClock(wallClock(r.actualEnd, this.zone).minute)}`);
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
    return this.usable(r, await this.billing.rateCardFor(r.segmentId, localDate(r.start, this.zone), manager));
  }

  /**
   * `cardFor` of many reservations with one query (an invoice run): the card in force on each one's local start
   * date, null where none prices it. Returns the cards in the order of `rs`.
   */
  async cardsFor(rs: Pick<BillableReservation, 'segmentId' | 'start' | 'shared'>[], manager?: EntityManager): Promise<(RateCard | null)[]> {
    if (rs.length === 0) return [];
    const dates = rs.map((r) => wallClock(r.start, this.zone).date);
    const latest = dates.reduce((a, b) => (a > b ? a : b));
    const bySegment = new Map<string, RateCardRow[]>();
    for (const card of await this.billing.rateCardsUpTo([...new Set(rs.map((r) => r.segmentId))], latest, manager)) {
      const cards = bySegment.get(card.segmentId);
      if (cards) cards.push(card);
      else bySegment.set(card.segmentId, [card]);
    }
    // latest effectiveFrom first: the first card on or before the date is the one in force
    return rs.map((r, i) => this.usable(r, bySegment.get(r.segmentId)?.find((card) => card.effectiveFrom <= dates[i]) ?? null));
  }

  /** The card, or null when it lacks the rate the segment needs now (see cardFor). */
  private usable(r: Pick<BillableReservation, 'segmentId' | 'shared'>, card: RateCardRow | null): RateCard | null {
    if (card && (r.shared ? card.perVehicleHourlyRate : card.hourlyRate) === null) {
      this.logger.warn(`rate card ${card.id} has no ${r.shared ? 'perVehicleHourlyRate' : 'hourlyRate'} for segment ${r.segmentId}; it prices nothing`);
      return null;
    }
    return card;
  }

  /**
   * The add-on lines of a reservation, billed with it (member or non-member price, each item's own
   * VAT treatment) at the unit price of the day it was booked, kept with the reservation.
   */
  async addOnLines(r: BillableReservation, manager: EntityManager | undefined, ordering: boolean, prices?: AddOnPrices): Promise<DraftLine[]> {
    if (r.addOns.length === 0) return [];
    const booked = new Map(r.addOns.map((a) => [a.itemCode.toLowerCase(), a.unitPrice]));
    const price = () => this.catalog.priceAddOns(r.organizationId, r.addOns, manager, ordering);
    const priced = (await (prices ? prices.of(r.organizationId, r.addOns, ordering, price) : price())).map((a) => ({
      ...a,
      unitPrice: booked.get(a.itemCode.toLowerCase()) ?? a.unitPrice,
    }));
    return priced.map((a) => ({
      description: `${a.name} · ${r.segmentCode} ${wallClock(r.start, this.zone).date}`,
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
  async chargeLines(r: BillableReservation, card: RateCard, booked: boolean, manager?: EntityManager, ordering = false, prices?: AddOnPrices): Promise<DraftLine[]> {
    return [this.trackLine(r, card, booked), ...(await this.addOnLines(r, manager, ordering, prices))];
  }

  /**
   * Funding lines for an organization's lines of a month: for each programme it is enrolled in and
   * eligible for, coverage % of the lines the programme covers (track time, or track time and
   * add-ons; never fees), as a negative line limited by what is left of the programme's annual
   * cap (local calendar year of the month) after issued invoices. A programme covering both
   * taxable and non-taxable lines gives one line of each, so it lowers the VAT base exactly by
   * what it takes off taxable supply. A programme valid for part of the month covers only the
   * lines of use on its valid days (`serviceDate`: the local date of lines without a
   * reservation, i.e. a quote's). Programmes together never fund more than the lines each of
   * them covers (what is left of each line is kept, programmes in code order).
   */
  async fundingLines(manager: EntityManager, organizationId: string, period: string, lines: DraftLine[], programs?: Enrollment[], serviceDate?: string): Promise<DraftLine[]> {
    const { start, end } = localMonthRange(period, this.zone);
    const enrolled = programs ?? (await this.catalog.fundingFor(manager, organizationId, localDate(start, this.zone), localDate(new Date(end.getTime() - 1), this.zone)));
    if (enrolled.length === 0) return [];
    const dates = await this.useDates(manager, lines);
    const fundable: Fundable[] = [];
    for (const l of lines) {
      const kind = lineKind(l);
      if (kind !== 'track' && kind !== 'addon') continue;
      fundable.push({ kind, taxable: l.taxable, amount: l.amount, date: l.reservationId ? dates.get(l.reservationId) : serviceDate, left: Math.max(l.amount, 0) });
    }
    const funding: DraftLine[] = [];
    for (const p of enrolled) {
      // the lines of the kinds it covers, for use on a day it is valid (a programme may start or end mid-month)
      const covered = fundable.filter((l) => (p.appliesTo === 'all' || l.kind === 'track') && (l.date === undefined || (p.validFrom <= l.date && l.date <= p.validTo)));
      let capLeft = p.annualCap - (await this.billing.fundingUsed(manager, organizationId, p.code, period.slice(0, 4)));
      for (const taxable of [true, false]) {
        const part = covered.filter((l) => l.taxable === taxable);
        const base = part.reduce((sum, l) => sum + l.amount, 0);
        const room = part.reduce((sum, l) => sum + l.left, 0);
        const amount = Math.max(fundingAmount(base, p.coveragePercent, capLeft), -room);
        if (amount === 0) continue;
        capLeft += amount;
        takeOff(part, -amount);
        funding.push({
          description: `지원사업 funding: ${p.name} (${p.coveragePercent}%)${taxable ? '' : ' · 면세분 exempt part'}`,
          quantity: 1,
          unit: 'each',
          unitPrice: amount,
          amount,
          taxable,
          programCode: p.code,
        });
      }
    }
    return funding;
  }

  /** The local date each billed reservation was used (its local start), by reservation id. */
  private async useDates(manager: EntityManager, lines: DraftLine[]): Promise<Map<string, string>> {
    const ids = [...new Set(lines.flatMap((l) => (l.reservationId ? [l.reservationId] : [])))];
    if (ids.length === 0) return new Map();
    const rows = (await manager.query(`SELECT id, start_at FROM reservations WHERE id = ANY($1::uuid[])`, [ids])) as { id: string; start_at: Date }[];
    return new Map(rows.map((r) => [r.id, wallClock(r.start_at, this.zone).date]));
  }

  /**
   * What a cancellation at `at` (or a no-show) of a reservation comes to: the policy's percent of the reservation's
   * whole charge for its booked time. Null when nothing prices it (no such reservation, or no rate card for it).
   */
  async feeFor(manager: EntityManager, reservationId: string, kind: FeeKind, at: Date): Promise<Fee | null> {
    const r = await this.billing.billableReservation(manager, reservationId);
    if (!r) return null;
    const card = await this.cardFor(r, manager);
    if (!card) return null;
    const policy = await this.billing.policy(manager);
    const percent = kind === 'no_show' ? policy.noShowPercent : cancellationPercent(policy.tiers, r.start, at);
    const charge = (await this.chargeLines(r, card, true, manager)).reduce((sum, l) => sum + l.amount, 0);
    return { percent, charge, amount: feeOf(charge, percent) };
  }

  /**
   * Records a cancellation or no-show fee (feeFor) inside the transaction that cancels (or marks the no-show).
   * Returns the amount due (0 when waived or when no rate card prices the segment).
   */
  async recordFee(manager: EntityManager, reservationId: string, kind: FeeKind, at: Date, waived: boolean): Promise<number> {
    const fee = await this.feeFor(manager, reservationId, kind, at);
    if (!fee) return 0;
    await this.billing.recordFee(manager, { reservationId, kind, ...fee, waived });
    return waived ? 0 : fee.amount;
  }
}
