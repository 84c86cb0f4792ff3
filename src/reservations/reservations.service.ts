import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Brackets, Repository, type EntityManager } from 'typeorm';
import { AuditService, type AuditEntryView } from '../audit/audit.service.js';
import { isCustomer, owningOrganization, scopeOrganization, type Actor } from '../auth/actor.js';
import type { SuggestionView } from '../availability/availability.dto.js';
import { AvailabilityService } from '../availability/availability.service.js';
import { ChargesService } from '../billing/charges.service.js';
import { CatalogService } from '../catalog/catalog.service.js';
import { ErrorCode, Forbidden, InvalidState, NotFound, RuleViolation, ValidationFailed } from '../common/errors.js';
import { DEFAULT_LIMIT, decodeCursor, toPage, type Page } from '../common/pagination.js';
import { UUID } from '../common/validation.js';
import { AppConfig } from '../config/app-config.js';
import { EXCLUSION_VIOLATION, sqlState } from '../database/pg-errors.js';
import { Transactions } from '../database/transactions.js';
import { IdempotencyService } from '../idempotency/idempotency.service.js';
import { Outbox } from '../outbox/outbox.service.js';
import type { EventType, OutboxEvent } from '../outbox/events.js';
import { QuotasService } from '../quotas/quotas.service.js';
import { checkBookingRules } from '../segments/booking-rules.js';
import { localDate } from '../segments/local-time.js';
import { SegmentsRepository, type LoadedSegment } from '../segments/segments.repository.js';
import { reservationObstacles, type Conflict, type OccupancyRow, type Span } from './conflicts.js';
import { eventsOf, holds, requireState, type ReservationAction } from './lifecycle.js';
import { ReservationConflict, conflictViews } from './reservation-conflict.error.js';
import { Reservation, type ReservationStatus } from './reservation.entity.js';
import { ReservationsRepository, claimsOf, occupiedSpan, type Leaf } from './reservations.repository.js';
import {
  ReservationView,
  type CancelDto,
  type CancellationFeeView,
  type CheckInDto,
  type CheckOutDto,
  type CreateReservationDto,
  type ReservationListQuery,
  type RescheduleDto,
  type ResolveDto,
} from './reservations.dto.js';

const MINUTE = 60_000;
const CHECK_IN_EARLY_MINUTES = 60;

/** Cancelling a held reservation (pending or confirmed) owes the policy's fee; the others hold no time or are on site. */
const owesFeeOnCancel = (status: ReservationStatus): boolean => status === 'pending' || status === 'confirmed';

/** A booking to decide: where, when, how many, for whom. */
export interface Placement {
  segment: LoadedSegment;
  start: Date;
  end: Date;
  vehicles: number;
  organizationId: string;
  driverIds: string[];
  /** Reservations whose own occupancy does not count (the one being moved). */
  excluding?: string[];
}

/** A driver's certification: level and last valid local date. */
export interface Certification {
  id: string;
  level: number;
  until: string | null;
}

/** What may stand in the way of bookings on one segment, read under its leaf locks. */
export interface Survey {
  segment: LoadedSegment;
  leaves: Leaf[];
  blackouts: Conflict[];
  rows: OccupancyRow[];
}

/** What a decision found in the way. */
export interface Decision {
  conflicts: Conflict[];
  /** Only other reservations are in the way (no blackout): waitlist and priority may apply. */
  onlyReservations: boolean;
  inTheWay: Set<string>;
  claims: ReturnType<typeof claimsOf>;
}

/** Thrown inside a decision's transaction: rolls everything back, then answers 409 RESERVATION_CONFLICT. */
class Refusal extends Error {
  constructor(
    readonly placement: Placement,
    readonly conflicts: Conflict[],
  ) {
    super('refused');
  }
}

@Injectable()
export class ReservationsService {
  constructor(
    private readonly config: AppConfig,
    private readonly transactions: Transactions,
    private readonly repository: ReservationsRepository,
    private readonly segments: SegmentsRepository,
    private readonly availability: AvailabilityService,
    private readonly audit: AuditService,
    private readonly idempotency: IdempotencyService,
    private readonly charges: ChargesService,
    private readonly catalog: CatalogService,
    private readonly outbox: Outbox,
    private readonly quotas: QuotasService,
    @InjectRepository(Reservation) private readonly reservations: Repository<Reservation>,
  ) {}

  private get zone(): string {
    return this.config.FACILITY_TIMEZONE;
  }

  // ---------------------------------------------------------------- checks

  async loadSegment(id: string, manager?: EntityManager): Promise<LoadedSegment> {
    const [segment] = await this.segments.load({ ids: [id] }, manager);
    if (!segment) throw new NotFound('segment');
    return segment;
  }

  /** The booking rules of the segment (422), one validator for every way of booking. */
  checkRules(actor: Actor | null, p: Placement, now = new Date()): void {
    const refused = checkBookingRules(p.segment, { start: p.start, end: p.end, vehicles: p.vehicles }, { now, zone: this.zone, staff: !actor || !isCustomer(actor) });
    if (refused) throw refused;
  }

  /**
   * Drivers must belong to the booking organization (404 otherwise, as for any foreign id); on a
   * segment with a required level, one of them must hold it on the reservation's local date.
   */
  /** Drivers of the organization (404), the segment's rules (422), then driver certification (422). */
  async checkPlacement(manager: EntityManager, actor: Actor | null, p: Placement, now = new Date()): Promise<void> {
    const drivers = await this.driversOf(manager, p.organizationId, p.driverIds);
    this.checkRules(actor, p, now);
    this.checkCertified(drivers, p.segment, p.start);
  }

  /** The named drivers, all of the booking organization (404 for any other id). */
  async driversOf(manager: EntityManager, organizationId: string, driverIds: string[]): Promise<Certification[]> {
    if (driverIds.length === 0) return [];
    const drivers = (await manager.query(`SELECT id, level, certified_until::text AS until FROM drivers WHERE id = ANY($1::uuid[]) AND organization_id = $2`, [
      driverIds,
      organizationId,
    ])) as Certification[];
    if (drivers.length !== driverIds.length) throw new NotFound('driver');
    return drivers;
  }

  /** On a segment with a required level, one named driver must hold it on the reservation's local date (422). */
  checkCertified(drivers: Certification[], segment: LoadedSegment, start: Date): void {
    const level = segment.requiredDriverLevel;
    if (level === 0) return;
    const day = localDate(start, this.zone);
    if (!drivers.some((d) => d.level >= level && d.until !== null && d.until >= day)) {
      throw new RuleViolation(ErrorCode.DRIVER_NOT_CERTIFIED, `At least one named driver must hold level ${level} on ${day}`, {
        requiredLevel: level,
        date: day,
      });
    }
  }

  private span(p: Pick<Placement, 'start' | 'end'>, bufferMinutes: number): { booked: Span; occupied: Span } {
    return { booked: { start: p.start, end: p.end }, occupied: occupiedSpan({ start: p.start, end: p.end, bufferMinutes }) };
  }

  /**
   * Locks the segment's leaves, then reads in one statement everything that may stand in the way
   * of bookings at these times (one or a whole series): blackouts and other reservations' rows.
   */
  async survey(manager: EntityManager, segment: LoadedSegment, times: Span[], excluding: string[] = []): Promise<Survey> {
    const leaves = await this.repository.lockForBooking(manager, segment.id);
    const spans = times.map((t) => this.span(t, segment.bufferMinutes));
    const { blackouts, rows } = await this.repository.obstaclesOver(manager, segment.id, leaves.map((l) => l.id), spans, excluding);
    return { segment, leaves, blackouts, rows };
  }

  /** What stands in the way of one booking, from a survey (plus rows not yet written, e.g. earlier occurrences of a series). */
  obstaclesIn(survey: Survey, time: Span, vehicles: number, pendingRows: OccupancyRow[] = []): Decision {
    const { booked, occupied } = this.span(time, survey.segment.bufferMinutes);
    const claims = claimsOf(survey.segment.id, survey.leaves, vehicles);
    const blackouts = survey.blackouts.filter((b) => b.start < booked.end && booked.start < b.end);
    const { conflicts, inTheWay } = reservationObstacles(claims, booked, occupied, [...survey.rows, ...pendingRows]);
    return { conflicts: [...blackouts, ...conflicts], onlyReservations: blackouts.length === 0, inTheWay, claims };
  }

  private async decide(manager: EntityManager, p: Placement): Promise<Decision> {
    return this.obstaclesIn(await this.survey(manager, p.segment, [p], p.excluding), p, p.vehicles);
  }

  /**
   * Runs a booking decision. A `Refusal` rolls it back whole (nothing displaced, nothing written)
   * and becomes 409 with suggestions computed after the rollback.
   */
  private async decideOrConflict<T>(actor: Actor, work: (manager: EntityManager) => Promise<T>): Promise<T> {
    try {
      try {
        return await this.transactions.run(work);
      } catch (error) {
        // Two bookings of one exclusive leaf raced past each other's reads: the constraint
        // refused the second; deciding again shows what is now in the way.
        if (sqlState(error) !== EXCLUSION_VIOLATION) throw error;
        return await this.transactions.run(work);
      }
    } catch (error) {
      if (!(error instanceof Refusal)) throw error;
      throw new ReservationConflict(conflictViews(actor, error.conflicts), await this.suggestionsFor(actor, error.placement));
    }
  }

  /** Five free times near a placement, from the day before it on, as `actor` may book them (read in `manager`'s transaction if given). */
  suggestionsFor(actor: Pick<Actor, 'role'>, p: Pick<Placement, 'segment' | 'start' | 'end' | 'vehicles'>, manager?: EntityManager): Promise<SuggestionView[]> {
    const dayBefore = new Date(p.start.getTime() - 24 * 60 * MINUTE);
    return this.availability.suggest({
      segment: p.segment,
      durationMinutes: Math.round((p.end.getTime() - p.start.getTime()) / MINUTE),
      vehicles: p.vehicles,
      notBefore: dayBefore,
      around: p.start,
      limit: 5,
      actor,
      manager,
    });
  }

  // ---------------------------------------------------------------- create

  async create(actor: Actor, dto: CreateReservationDto): Promise<ReservationView & { displaced?: string[] }> {
    if (isCustomer(actor) && dto.priority) throw new Forbidden('Only schedulers book with priority');
    const organizationId = owningOrganization(actor, dto.organizationId);
    if (new Date(dto.start) >= new Date(dto.end)) throw ValidationFailed.field('end', 'end must be after start');
    const segment = await this.loadSegment(dto.segmentId);
    const placement: Placement = {
      segment,
      start: new Date(dto.start),
      end: new Date(dto.end),
      vehicles: dto.vehicles ?? 1,
      organizationId,
      driverIds: dto.driverIds ?? [],
    };
    // staff name the organization (404 if unknown); a customer's own exists (users reference it)
    if (!isCustomer(actor)) {
      const [org] = (await this.reservations.query('SELECT 1 FROM organizations WHERE id = $1', [organizationId])) as unknown[];
      if (!org) throw new NotFound('organization');
    }

    const addOns = dto.addOns?.map(({ itemCode, quantity }) => ({ itemCode, quantity })) ?? [];
    return this.decideOrConflict<ReservationView & { displaced?: string[] }>(actor, async (manager) => {
      // add-ons: known items (404) the organization may order with a booking (422 NOT_ELIGIBLE)
      const priced = await this.catalog.priceAddOns(organizationId, addOns, manager);
      await this.checkPlacement(manager, actor, placement);
      const decision = await this.decide(manager, placement);
      await this.quotas.check(manager, actor, organizationId, [placement]);
      const displaced: Reservation[] = [];
      let status: ReservationStatus = isCustomer(actor) && segment.approvalRequired ? 'pending' : 'confirmed';
      if (decision.conflicts.length) {
        if (dto.priority && decision.onlyReservations) {
          displaced.push(...(await this.displace(manager, actor, [...decision.inTheWay], 'displaced by a priority booking')));
          if (displaced.length < decision.inTheWay.size) throw new Refusal(placement, decision.conflicts);
        } else if (dto.waitlist && decision.onlyReservations) {
          status = 'waitlisted';
        } else {
          throw new Refusal(placement, decision.conflicts);
        }
      }
      const reservation = await this.repository.save(
        manager,
        manager.getRepository(Reservation).create({
          organizationId,
          segmentId: segment.id,
          start: placement.start,
          end: placement.end,
          bufferMinutes: segment.bufferMinutes,
          vehicles: placement.vehicles,
          driverIds: placement.driverIds,
          purpose: dto.purpose ?? '',
          status,
          priority: dto.priority ?? false,
          needsApproval: isCustomer(actor) && segment.approvalRequired,
          addOns: priced.map(({ itemCode, quantity, unitPrice }) => ({ itemCode, quantity, unitPrice })),
          createdBy: actor.userId,
          seriesId: null,
        }),
      );
      if (status !== 'waitlisted') await this.repository.occupy(manager, reservation, decision.claims);
      await this.audit.record(manager, { entityType: 'reservation', entityId: reservation.id, action: 'create', from: null, to: status, actorId: actor.userId });
      await this.announce(manager, reservation, eventsOf('create', status));
      if (displaced.length) {
        await this.promoteWaitlisted(manager, displaced);
        await this.announceDisplaced(manager, displaced);
      }
      const view: ReservationView & { displaced?: string[] } = ReservationView.of(reservation);
      if (dto.priority) view.displaced = displaced.map((d) => d.id);
      await this.idempotency.record(manager, 201, view);
      return view;
    });
  }

  // ---------------------------------------------------------------- releasing time

  /** Pushes holding reservations out of their time (priority booking, blackout); returns those displaced. */
  async displace(manager: EntityManager, actor: Actor | null, ids: string[], reason: string): Promise<Reservation[]> {
    const displaced: Reservation[] = [];
    for (const reservation of await this.repository.lockMany(manager, ids)) {
      if (reservation.status !== 'pending' && reservation.status !== 'confirmed') continue;
      await this.transition(manager, actor, reservation, 'displace', 'displaced', reason);
      displaced.push(reservation);
    }
    return displaced;
  }

  /** Changes status (released time included) and audits it, inside the caller's transaction. */
  async transition(
    manager: EntityManager,
    actor: Actor | null,
    reservation: Reservation,
    action: ReservationAction,
    to: ReservationStatus,
    reason: string | null = null,
    details: Record<string, unknown> = {},
  ): Promise<Reservation> {
    requireState(action, reservation.status);
    const from = reservation.status;
    if (holds(from) && !holds(to)) {
      await this.repository.release(manager, [reservation.id]);
    }
    reservation.status = to;
    if (reason !== null) reservation.statusReason = reason;
    const saved = await this.repository.save(manager, reservation);
    await this.audit.record(manager, { entityType: 'reservation', entityId: reservation.id, action, from, to, reason, actorId: actor?.userId ?? null });
    await this.announce(manager, saved, eventsOf(action, to), details);
    return saved;
  }

  /**
   * Writes the events of a reservation's change to the outbox, in the change's transaction; the
   * user who booked is e-mailed about the first. `mail: false` for occurrences of a series, which
   * is told once as a whole.
   */
  async announce(manager: EntityManager, r: Reservation, types: EventType[], details: Record<string, unknown> = {}, mail = true): Promise<void> {
    await this.outbox.emitAll(manager, this.eventsFor(r, types, details, mail));
  }

  eventsFor(r: Reservation, types: EventType[], details: Record<string, unknown> = {}, mail = true): OutboxEvent[] {
    const data = { reservation: ReservationView.of(r), ...details };
    return types.map((type, i) => ({
      type,
      organizationId: r.organizationId,
      reservationId: r.id,
      data,
      ...(mail && i === 0 ? { mailTo: { userId: r.createdBy } } : {}),
    }));
  }

  /**
   * Tells each displaced reservation's organization, with times it could move to: computed in
   * the displacing transaction after its booking or blackout is written, as the owner would
   * search (customer rules).
   */
  async announceDisplaced(manager: EntityManager, displaced: Reservation[]): Promise<void> {
    const segments = new Map((await this.segments.load({ ids: [...new Set(displaced.map((r) => r.segmentId))] }, manager)).map((g) => [g.id, g]));
    for (const r of displaced) {
      const suggestions = await this.suggestionsFor({ role: 'customer' }, { ...r, segment: segments.get(r.segmentId)! }, manager);
      await this.announce(manager, r, ['reservation.displaced'], { suggestions });
    }
  }

  /**
   * Released time goes to the waitlist, oldest first, in the transaction that released it.
   * Every rule is checked again except notice; a waitlisted booking keeps its approval need.
   */
  async promoteWaitlisted(manager: EntityManager, released: Reservation[]): Promise<Reservation[]> {
    const leafIds = new Set<string>();
    for (const r of released) for (const leaf of await this.repository.leavesOf(manager, r.segmentId)) leafIds.add(leaf.id);
    const now = new Date();
    const candidates = await this.repository.waitlistedFor(manager, [...leafIds], released.map(occupiedSpan), now);
    const promoted: Reservation[] = [];
    for (const candidate of candidates) {
      const segment = await this.loadSegment(candidate.segmentId, manager);
      const placement: Placement = {
        segment,
        start: candidate.start,
        end: candidate.end,
        vehicles: candidate.vehicles,
        organizationId: candidate.organizationId,
        driverIds: candidate.driverIds,
      };
      try {
        await this.checkPlacement(manager, null, placement, now);
      } catch {
        continue; // no longer bookable as requested: it waits, and expires at its start
      }
      const decision = await this.decide(manager, placement);
      if (decision.conflicts.length) continue;
      await this.transition(manager, null, candidate, 'promote', candidate.needsApproval ? 'pending' : 'confirmed', 'promoted from the waitlist');
      await this.repository.occupy(manager, candidate, decision.claims);
      promoted.push(candidate);
    }
    return promoted;
  }

  // ---------------------------------------------------------------- actions

  private async act(actor: Actor, id: string, work: (manager: EntityManager, r: Reservation) => Promise<Reservation>): Promise<ReservationView> {
    return this.transactions.run(async (manager) => {
      const reservation = await this.repository.findForUpdate(manager, id);
      if (!reservation) throw new NotFound('reservation');
      return ReservationView.of(await work(manager, reservation));
    });
  }

  /** Ends a reservation's hold and hands its time to the waitlist. */
  async endHold(
    manager: EntityManager,
    actor: Actor | null,
    r: Reservation,
    action: ReservationAction,
    to: ReservationStatus,
    reason: string | null,
    details: Record<string, unknown> = {},
  ) {
    const held = holds(r.status);
    const saved = await this.transition(manager, actor, r, action, to, reason, details);
    if (held) await this.promoteWaitlisted(manager, [saved]);
    return saved;
  }

  /** Cancels; a held reservation owes the policy's fee on its whole charge unless staff waive it. */
  async cancel(actor: Actor, id: string, dto: CancelDto): Promise<{ reservation: ReservationView; cancellationFee: number }> {
    if (isCustomer(actor) && dto.waiveFee) throw new Forbidden('Only staff waive fees');
    let cancellationFee = 0;
    const reservation = await this.act(actor, id, async (manager, r) => {
      if (owesFeeOnCancel(r.status)) cancellationFee = await this.charges.recordFee(manager, r.id, 'cancellation', new Date(), dto.waiveFee ?? false);
      return this.endHold(manager, actor, r, 'cancel', 'cancelled', dto.reason, { cancellationFee });
    });
    return { reservation, cancellationFee };
  }

  /** What cancelling now would charge, before waiving (the same computation as cancel); all 0 when it would owe nothing. */
  async cancellationFee(id: string): Promise<CancellationFeeView> {
    const r = await this.reservations.findOneBy({ id });
    if (!r) throw new NotFound('reservation');
    const fee = owesFeeOnCancel(r.status) ? await this.charges.feeFor(this.reservations.manager, id, 'cancellation', new Date()) : null;
    return { percent: fee?.percent ?? 0, charge: fee?.charge ?? 0, fee: fee?.amount ?? 0 };
  }

  approve(actor: Actor, id: string): Promise<ReservationView> {
    return this.act(actor, id, (manager, r) => this.transition(manager, actor, r, 'approve', 'confirmed'));
  }

  reject(actor: Actor, id: string, reason: string): Promise<ReservationView> {
    return this.act(actor, id, (manager, r) => this.endHold(manager, actor, r, 'reject', 'rejected', reason));
  }

  /**
   * Checks a vehicle in at the gate. The gate checks driver certification again (it may have
   * expired since booking): 422 DRIVER_NOT_CERTIFIED unless a scheduler overrides it with a
   * reason, which the audit log keeps.
   */
  checkIn(actor: Actor, id: string, dto: CheckInDto): Promise<ReservationView> {
    const at = dto.at ? new Date(dto.at) : new Date();
    if (dto.override && !dto.reason) throw ValidationFailed.field('reason', 'an override needs a reason');
    return this.act(actor, id, async (manager, r) => {
      requireState('check_in', r.status);
      if (at.getTime() < r.start.getTime() - CHECK_IN_EARLY_MINUTES * MINUTE || at >= r.end) {
        throw new InvalidState(`Check-in is possible from ${CHECK_IN_EARLY_MINUTES} minutes before start until end`, {
          at: at.toISOString(),
          start: r.start.toISOString(),
          end: r.end.toISOString(),
        });
      }
      const segment = await this.loadSegment(r.segmentId, manager);
      let overridden: string | null = null;
      try {
        this.checkCertified(await this.driversOf(manager, r.organizationId, r.driverIds), segment, r.start);
      } catch (error) {
        if (!(error instanceof RuleViolation) || !dto.override) throw error;
        overridden = `driver certification overridden at the gate: ${dto.reason}`;
      }
      r.actualStart = at;
      return this.transition(manager, actor, r, 'check_in', 'checked_in', overridden);
    });
  }

  checkOut(actor: Actor, id: string, dto: CheckOutDto): Promise<ReservationView> {
    const at = dto.at ? new Date(dto.at) : new Date();
    return this.act(actor, id, async (manager, r) => {
      requireState('check_out', r.status);
      if (r.actualStart && at < r.actualStart) throw ValidationFailed.field('at', 'check-out cannot be before check-in');
      r.actualEnd = at;
      return this.endHold(manager, actor, r, 'check_out', 'completed', null);
    });
  }

  // ---------------------------------------------------------------- reschedule, resolve

  async reschedule(actor: Actor, id: string, dto: RescheduleDto): Promise<ReservationView> {
    return this.decideOrConflict<ReservationView>(actor, async (manager) => {
      const r = await this.repository.findForUpdate(manager, id);
      if (!r) throw new NotFound('reservation');
      requireState('reschedule', r.status);
      const segment = await this.loadSegment(dto.segmentId ?? r.segmentId, manager);
      const placement: Placement = {
        segment,
        start: dto.start ? new Date(dto.start) : r.start,
        end: dto.end ? new Date(dto.end) : r.end,
        vehicles: dto.vehicles ?? r.vehicles,
        organizationId: r.organizationId,
        driverIds: dto.driverIds ?? r.driverIds,
        excluding: [r.id],
      };
      if (placement.start >= placement.end) throw ValidationFailed.field('end', 'end must be after start');
      await this.checkPlacement(manager, actor, placement);
      const decision = await this.decide(manager, placement);
      await this.quotas.check(manager, actor, r.organizationId, [placement], [r.id]);
      if (decision.conflicts.length) throw new Refusal(placement, decision.conflicts);
      const before = { ...r };
      await this.repository.release(manager, [r.id]);
      Object.assign(r, {
        segmentId: segment.id,
        start: placement.start,
        end: placement.end,
        vehicles: placement.vehicles,
        driverIds: placement.driverIds,
        bufferMinutes: segment.bufferMinutes,
        purpose: dto.purpose ?? r.purpose,
      });
      const saved = await this.repository.save(manager, r);
      await this.repository.occupy(manager, saved, decision.claims);
      await this.audit.record(manager, {
        entityType: 'reservation',
        entityId: r.id,
        action: 'reschedule',
        from: r.status,
        to: r.status,
        actorId: actor.userId,
        data: { from: { segmentId: before.segmentId, start: before.start, end: before.end }, to: { segmentId: saved.segmentId, start: saved.start, end: saved.end } },
      });
      await this.promoteWaitlisted(manager, [before as Reservation]);
      return ReservationView.of(saved);
    });
  }

  async resolve(actor: Actor, id: string, dto: ResolveDto): Promise<ReservationView> {
    if (dto.action === 'cancel') {
      return this.act(actor, id, (manager, r) => {
        requireState('resolve', r.status);
        r.statusReason = 'conflict resolved by cancelling (fee waived)';
        return this.transition(manager, actor, r, 'cancel', 'cancelled', r.statusReason);
      });
    }
    if (!dto.start || !dto.end) {
      throw new ValidationFailed(
        ['start', 'end'].filter((f) => !dto[f as 'start' | 'end']).map((field) => ({ field, problems: [`${field} is required to relocate`] })),
      );
    }
    return this.decideOrConflict<ReservationView>(actor, async (manager) => {
      const r = await this.repository.findForUpdate(manager, id);
      if (!r) throw new NotFound('reservation');
      requireState('resolve', r.status);
      const segment = await this.loadSegment(dto.segmentId ?? r.segmentId, manager);
      const placement: Placement = {
        segment,
        start: new Date(dto.start!),
        end: new Date(dto.end!),
        vehicles: r.vehicles,
        organizationId: r.organizationId,
        driverIds: r.driverIds,
      };
      if (placement.start >= placement.end) throw ValidationFailed.field('end', 'end must be after start');
      await this.checkPlacement(manager, actor, placement);
      const decision = await this.decide(manager, placement);
      if (decision.conflicts.length) throw new Refusal(placement, decision.conflicts);
      Object.assign(r, { segmentId: segment.id, start: placement.start, end: placement.end, bufferMinutes: segment.bufferMinutes });
      const saved = await this.transition(manager, actor, r, 'resolve', 'confirmed', 'relocated after a conflict (fee-free)');
      await this.repository.occupy(manager, saved, decision.claims);
      return ReservationView.of(saved);
    });
  }

  // ---------------------------------------------------------------- reading

  async get(id: string): Promise<ReservationView> {
    const r = await this.reservations.findOneBy({ id });
    if (!r) throw new NotFound('reservation');
    return ReservationView.of(r);
  }

  async list(actor: Actor, query: ReservationListQuery): Promise<Page<ReservationView>> {
    const limit = query.limit ?? DEFAULT_LIMIT;
    const organizationId = scopeOrganization(actor, query.organizationId);
    const qb = this.reservations.createQueryBuilder('r');
    if (organizationId) qb.andWhere('r.organization_id = :organizationId', { organizationId });
    if (query.segmentId) qb.andWhere('r.segment_id = :segmentId', { segmentId: query.segmentId });
    if (query.status) qb.andWhere('r.status = :status', { status: query.status });
    if (query.from) qb.andWhere('r.end_at > :from', { from: new Date(query.from) });
    if (query.to) qb.andWhere('r.start_at < :to', { to: new Date(query.to) });
    const after = decodeCursor(query.cursor, 2);
    if (after) {
      if (Number.isNaN(Date.parse(String(after[0]))) || !UUID.test(String(after[1]))) throw ValidationFailed.field('cursor', 'cursor is not one this API issued');
      qb.andWhere(new Brackets((w) => w.where('(r.start_at, r.id) > (:afterStart::timestamptz, :afterId::uuid)', { afterStart: after[0], afterId: after[1] })));
    }
    const rows = await qb.orderBy('r.start_at').addOrderBy('r.id').limit(limit + 1).getMany();
    return toPage(rows, limit, (r) => [r.start.toISOString(), r.id], ReservationView.of);
  }

  history(id: string): Promise<AuditEntryView[]> {
    return this.audit.history('reservation', id);
  }

  /** The conflict queue: displaced reservations with suggestions for relocating them. */
  async conflictQueue(actor: Actor): Promise<{ items: { reservation: ReservationView; reason: string | null; suggestions: SuggestionView[] }[] }> {
    const displaced = await this.reservations.find({ where: { status: 'displaced' }, order: { start: 'ASC' }, take: 200 });
    const items = [];
    for (const r of displaced) {
      const segment = await this.loadSegment(r.segmentId);
      const suggestions = await this.suggestionsFor(actor, { segment, start: r.start, end: r.end, vehicles: r.vehicles });
      items.push({ reservation: ReservationView.of(r), reason: r.statusReason, suggestions });
    }
    return { items };
  }
}
