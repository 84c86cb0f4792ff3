import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service.js';
import { isCustomer, owningOrganization, type Actor } from '../auth/actor.js';
import { Duplicate, InvalidState, NotFound, ValidationFailed, type FieldProblem } from '../common/errors.js';
import { DEFAULT_LIMIT, decodeCursor, toPage, type Page } from '../common/pagination.js';
import { UNIQUE_VIOLATION, sqlState } from '../database/pg-errors.js';
import { Transactions } from '../database/transactions.js';
import { AppConfig } from '../config/app-config.js';
import { checkBookingRules } from '../segments/booking-rules.js';
import { SegmentsRepository } from '../segments/segments.repository.js';
import { localDate, parseClock } from '../segments/local-time.js';
import { BillingRepository, type BillableReservation, type CancellationPolicy, type RateCardRow } from './billing.repository.js';
import type { CancellationPolicyDto, CreateRateCardDto, QuoteDto, QuoteView, RateCardQuery } from './billing.dto.js';
import { ChargesService } from './charges.service.js';
import { totalsOf } from './pricing.js';

/** Rate cards, the cancellation policy and quotes. */
@Injectable()
export class RatesService {
  constructor(
    private readonly billing: BillingRepository,
    private readonly charges: ChargesService,
    private readonly transactions: Transactions,
    private readonly audit: AuditService,
    private readonly segments: SegmentsRepository,
    private readonly config: AppConfig,
  ) {}

  async createRateCard(actor: Actor, dto: CreateRateCardDto): Promise<RateCardRow> {
    const surcharges = dto.surcharges?.map(({ name, days, from, to, percent }) => ({ name, days, from, to, percent })) ?? [];
    const problems: FieldProblem[] = surcharges
      .map((s, i) => (parseClock(s.to, true) <= parseClock(s.from) ? { field: `surcharges.${i}.to`, problems: ['to must be after from (split a window that crosses midnight in two)'] } : null))
      .filter((p): p is FieldProblem => p !== null);
    if (dto.hourlyRate === undefined && dto.perVehicleHourlyRate === undefined) {
      problems.push({ field: 'hourlyRate', problems: ['give hourlyRate (exclusive segments, composites) or perVehicleHourlyRate (shared segments)'] });
    }
    if (problems.length) throw new ValidationFailed(problems, problems.flatMap((p) => p.problems).join('; '));
    try {
      return await this.transactions.run(async (manager) => {
        const segment = await this.billing.pricingSubject(dto.segmentId, null, manager);
        if (!segment) throw new NotFound('segment');
        const needed = segment.shared ? 'perVehicleHourlyRate' : 'hourlyRate';
        if (dto[needed] === undefined) throw ValidationFailed.field(needed, `${needed} is required for ${segment.shared ? 'a shared segment' : 'an exclusive segment or a composite'}`);
        const card = await this.billing.insertRateCard(
          manager,
          {
            segmentId: dto.segmentId,
            effectiveFrom: dto.effectiveFrom,
            hourlyRate: dto.hourlyRate ?? null,
            perVehicleHourlyRate: dto.perVehicleHourlyRate ?? null,
            memberDiscountPercent: dto.memberDiscountPercent ?? 0,
            billingIncrementMinutes: dto.billingIncrementMinutes ?? 30,
            minimumBillableMinutes: dto.minimumBillableMinutes ?? 60,
            surcharges,
          },
          actor.userId,
        );
        await this.audit.record(manager, { entityType: 'rate_card', entityId: card.id, action: 'create', to: card.effectiveFrom, actorId: actor.userId });
        return card;
      });
    } catch (error) {
      if (sqlState(error) === UNIQUE_VIOLATION) throw new Duplicate(`The segment has a rate card effective from ${dto.effectiveFrom}`, { field: 'effectiveFrom' });
      throw error;
    }
  }

  async rateCards(query: RateCardQuery): Promise<Page<RateCardRow>> {
    const limit = query.limit ?? DEFAULT_LIMIT;
    const after = decodeCursor(query.cursor, 2) as [string, string] | undefined;
    const rows = await this.billing.rateCards(query.segmentId, after, limit + 1);
    return toPage(rows, limit, (r) => [r.createdAt.toISOString(), r.id], (r) => r);
  }

  policy(): Promise<CancellationPolicy> {
    return this.billing.policy();
  }

  async setPolicy(actor: Actor, dto: CancellationPolicyDto): Promise<CancellationPolicy> {
    const tiers = dto.tiers.map(({ minNoticeHours, percent }) => ({ minNoticeHours, percent })).sort((a, b) => b.minNoticeHours - a.minNoticeHours);
    if (new Set(tiers.map((t) => t.minNoticeHours)).size !== tiers.length) throw ValidationFailed.field('tiers', 'each minNoticeHours may appear once');
    if (tiers[tiers.length - 1].minNoticeHours !== 0) throw ValidationFailed.field('tiers', 'one tier must start at minNoticeHours 0 (the shortest notice)');
    return this.transactions.run(async (manager) => {
      const before = await this.billing.policy(manager);
      const policy = { tiers, noShowPercent: dto.noShowPercent };
      await this.billing.setPolicy(manager, policy, actor.userId);
      await this.audit.record(manager, {
        entityType: 'cancellation_policy',
        entityId: '00000000-0000-0000-0000-000000000001',
        action: 'update',
        from: JSON.stringify(before),
        to: JSON.stringify(policy),
        actorId: actor.userId,
      });
      return policy;
    });
  }

  /** Prices a booking before it is made: the lines an invoice would show for it. */
  async quote(actor: Actor, dto: QuoteDto): Promise<QuoteView> {
    const organizationId = owningOrganization(actor, dto.organizationId);
    const start = new Date(dto.start);
    const end = new Date(dto.end);
    if (start >= end) throw ValidationFailed.field('end', 'end must be after start');
    const row = await this.billing.pricingSubject(dto.segmentId, organizationId);
    if (!row) throw new NotFound('segment');
    if (row.member === null) throw new NotFound('organization');
    // A quote prices a booking that could be made: the segment's booking rules (422) apply as for the booking itself
    // (and bound the work: an unbounded interval would price millions of increments).
    const [segment] = await this.segments.load({ ids: [row.id] });
    const refused = checkBookingRules(segment, { start, end, vehicles: dto.vehicles ?? 1 }, { now: new Date(), zone: this.config.FACILITY_TIMEZONE, staff: !isCustomer(actor) });
    if (refused) throw refused;
    const reservation: BillableReservation = {
      id: '',
      organizationId,
      segmentId: row.id,
      segmentCode: row.code,
      segmentName: row.name,
      shared: row.shared,
      start,
      end,
      status: 'confirmed',
      actualStart: null,
      actualEnd: null,
      vehicles: dto.vehicles ?? 1,
      addOns: dto.addOns?.map(({ itemCode, quantity }) => ({ itemCode, quantity })) ?? [],
      member: row.member,
    };
    return this.transactions.run(async (manager) => {
      const card = await this.charges.cardFor(reservation, manager);
      if (!card) throw new InvalidState('No rate card prices this segment on that date', { segmentId: row.id });
      // the same lines an invoice of that month would show: track time, add-ons (checked as when ordering), funding
      const charged = await this.charges.chargeLines(reservation, card, true, manager, true);
      const day = localDate(start, this.config.FACILITY_TIMEZONE);
      const lines = [...charged, ...(await this.charges.fundingLines(manager, organizationId, day.slice(0, 7), charged, undefined, day))].map(
        ({ reservationId: _r, chargeKey: _k, ...line }) => line,
      );
      return { lines, ...totalsOf(lines) };
    });
  }
}
