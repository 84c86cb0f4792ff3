import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { isCustomer, owningOrganization, type Actor } from '../auth/actor.js';
import { DomainError, ErrorCode, NotFound, RuleViolation } from '../common/errors.js';
import { AppConfig } from '../config/app-config.js';
import { Transactions } from '../database/transactions.js';
import { IdempotencyService } from '../idempotency/idempotency.service.js';
import { Outbox } from '../outbox/outbox.service.js';
import { QuotasService } from '../quotas/quotas.service.js';
import { expandOccurrences } from '../segments/recurrence.js';
import type { Conflict, OccupancyRow, Span } from './conflicts.js';
import { canTake, eventsOf } from './lifecycle.js';
import { conflictViews } from './reservation-conflict.error.js';
import { Reservation } from './reservation.entity.js';
import { ReservationView } from './reservations.dto.js';
import { ReservationsRepository, occupiedSpan } from './reservations.repository.js';
import { ReservationsService, type Decision } from './reservations.service.js';
import { MAX_OCCURRENCES, SeriesView, type CancelSeriesDto, type CreateSeriesDto, type OccurrenceConflicts, type SeriesCreated, type SeriesDetail } from './series.dto.js';
import { ReservationSeries } from './series.entity.js';

const MINUTE = 60_000;

/** 409 for a series: every conflicting occurrence with its conflicts. */
class SeriesConflict extends DomainError {
  constructor(occurrences: OccurrenceConflicts[], message: string) {
    super(ErrorCode.RESERVATION_CONFLICT, message, { occurrences });
  }
}

/**
 * Recurring series: expanded in the facility zone (wall-clock time kept across DST), decided
 * against one survey of the segment, and written in one transaction, so no crash leaves half
 * a series behind.
 */
@Injectable()
export class SeriesService {
  constructor(
    private readonly config: AppConfig,
    private readonly transactions: Transactions,
    private readonly reservations: ReservationsService,
    private readonly repository: ReservationsRepository,
    private readonly audit: AuditService,
    private readonly idempotency: IdempotencyService,
    private readonly outbox: Outbox,
    private readonly quotas: QuotasService,
    @InjectRepository(ReservationSeries) private readonly series: Repository<ReservationSeries>,
  ) {}

  async create(actor: Actor, dto: CreateSeriesDto): Promise<SeriesCreated> {
    const organizationId = owningOrganization(actor, dto.organizationId);
    const segment = await this.reservations.loadSegment(dto.segmentId);
    const [org] = (await this.series.query('SELECT 1 FROM organizations WHERE id = $1', [organizationId])) as unknown[];
    if (!org) throw new NotFound('organization');
    const firstStart = new Date(dto.firstStart);
    const starts = expandOccurrences(dto.rrule, firstStart, this.config.FACILITY_TIMEZONE, MAX_OCCURRENCES);
    if (starts.length > MAX_OCCURRENCES) {
      throw new RuleViolation(ErrorCode.TOO_MANY_OCCURRENCES, `A series may have at most ${MAX_OCCURRENCES} occurrences`, { max: MAX_OCCURRENCES });
    }
    const times: Span[] = starts.map((start) => ({ start, end: new Date(start.getTime() + dto.durationMinutes * MINUTE) }));
    const vehicles = dto.vehicles ?? 1;
    const driverIds = dto.driverIds ?? [];
    const policy = dto.conflictPolicy ?? 'all_or_nothing';
    const maxConflictPercent = dto.maxConflictPercent ?? 100;

    const occurrencesOf = (list: { time: Span; conflicts: Conflict[] }[]) =>
      list.map(({ time, conflicts }) => ({ start: time.start.toISOString(), end: time.end.toISOString(), conflicts: conflictViews(actor, conflicts) }));
    const outcome = await this.transactions.run(async (manager) => {
      const drivers = await this.reservations.driversOf(manager, organizationId, driverIds);
      const now = new Date();
      for (const time of times) {
        const placement = { segment, ...time, vehicles, organizationId, driverIds };
        try {
          this.reservations.checkRules(actor, placement, now);
          this.reservations.checkCertified(drivers, segment, time.start);
        } catch (error) {
          if (error instanceof RuleViolation) throw new RuleViolation(error.code, `Occurrence ${time.start.toISOString()}: ${error.message}`, { ...error.details, occurrence: time.start.toISOString() });
          throw error;
        }
      }
      const survey = await this.reservations.survey(manager, segment, times);
      const accepted: { time: Span; decision: Decision }[] = [];
      const skipped: { time: Span; conflicts: Conflict[] }[] = [];
      const inTheWay = new RowsInTheWay(survey.rows, times);
      for (const time of times) {
        const during = occupiedSpan({ ...time, bufferMinutes: segment.bufferMinutes });
        const near = inTheWay.at(during);
        const decision = this.reservations.obstaclesIn({ ...survey, rows: near.surveyed }, time, vehicles, near.written);
        if (decision.conflicts.length) {
          skipped.push({ time, conflicts: decision.conflicts });
          continue;
        }
        accepted.push({ time, decision });
        // later occurrences of the same series must not overlap this one either
        for (const claim of decision.claims) {
          inTheWay.written({ reservationId: '', organizationId, createdAt: now, leafId: claim.leafId, during, booked: time, vehicles: claim.vehicles });
        }
      }
      // every occurrence that would be booked counts against the quotas (422 before 409, as api.md orders them)
      const booked = policy === 'all_or_nothing' ? times : accepted.map((a) => a.time);
      await this.quotas.check(manager, actor, organizationId, booked.map((time) => ({ segment, ...time })));
      const refused =
        skipped.length > 0 && (policy === 'all_or_nothing' || (skipped.length * 100) / times.length > maxConflictPercent);
      if (refused) return { kind: 'refused' as const, skipped };

      const series = await manager.getRepository(ReservationSeries).save(
        manager.getRepository(ReservationSeries).create({
          organizationId,
          segmentId: segment.id,
          firstStart,
          durationMinutes: dto.durationMinutes,
          rrule: dto.rrule,
          vehicles,
          driverIds,
          purpose: dto.purpose ?? '',
          conflictPolicy: policy,
          maxConflictPercent,
          status: 'active',
          createdBy: actor.userId,
        }),
      );
      const needsApproval = isCustomer(actor) && segment.approvalRequired;
      const status = needsApproval ? 'pending' : 'confirmed';
      const created = await this.insertOccurrences(manager, {
        organizationId,
        segmentId: segment.id,
        bufferMinutes: segment.bufferMinutes,
        vehicles,
        driverIds,
        purpose: dto.purpose ?? '',
        status,
        needsApproval,
        seriesId: series.id,
        createdBy: actor.userId,
        times: accepted.map((a) => a.time),
      });
      await this.repository.occupyMany(manager, created.map((reservation, i) => ({ reservation, claims: accepted[i].decision.claims })));
      await this.audit.record(
        manager,
        { entityType: 'series', entityId: series.id, action: 'create', to: 'active', actorId: actor.userId, data: { created: created.length, skipped: skipped.length } },
        ...created.map((r) => ({ entityType: 'reservation', entityId: r.id, action: 'create', from: null, to: status, actorId: actor.userId, data: { seriesId: series.id } })),
      );
      // every occurrence is a new reservation to webhooks; the booking user gets one e-mail for the series
      const skippedTimes = skipped.map(({ time }) => ({ start: time.start.toISOString(), end: time.end.toISOString() }));
      await this.outbox.emitAll(manager, [
        ...created.flatMap((r) => this.reservations.eventsFor(r, eventsOf('create', status), {}, false)),
        { type: 'series.created', organizationId, data: { series: SeriesView.of(series), created: created.length, skipped: skippedTimes }, mailTo: { userId: actor.userId } },
      ]);
      const response: SeriesCreated = { series: SeriesView.of(series), created: created.map(ReservationView.of), skipped: occurrencesOf(skipped) };
      await this.idempotency.record(manager, 201, response);
      return { kind: 'created' as const, response };
    });

    if (outcome.kind === 'refused') {
      const n = outcome.skipped.length;
      throw new SeriesConflict(
        occurrencesOf(outcome.skipped),
        policy === 'all_or_nothing'
          ? `${n} of ${times.length} occurrences conflict; nothing was booked`
          : `${n} of ${times.length} occurrences conflict, more than ${maxConflictPercent} %; nothing was booked`,
      );
    }
    return outcome.response;
  }

  /**
   * The occurrences' reservations in one statement (ids made here, so each row is known without relying on the
   * order of RETURNING). TypeORM's `save` of the same entities took ~75 ms for 300 occurrences, a third of the request.
   */
  private async insertOccurrences(
    manager: EntityManager,
    r: Pick<Reservation, 'organizationId' | 'segmentId' | 'bufferMinutes' | 'vehicles' | 'driverIds' | 'purpose' | 'status' | 'needsApproval' | 'seriesId' | 'createdBy'> & { times: Span[] },
  ): Promise<Reservation[]> {
    if (r.times.length === 0) return [];
    const ids = r.times.map(() => randomUUID());
    const stamps = (await manager.query(
      `INSERT INTO reservations (id, organization_id, segment_id, start_at, end_at, buffer_minutes, vehicles, driver_ids, purpose, status,
                                 series_id, priority, needs_approval, add_ons, created_by)
       SELECT t.id, $2, $3, t.s, t.e, $4, $5, $6::uuid[], $7, $8, $9, false, $10, '[]'::jsonb, $11
         FROM unnest($1::uuid[], $12::timestamptz[], $13::timestamptz[]) AS t(id, s, e)
       RETURNING id, created_at, updated_at`,
      [ids, r.organizationId, r.segmentId, r.bufferMinutes, r.vehicles, r.driverIds, r.purpose, r.status, r.seriesId, r.needsApproval, r.createdBy,
        r.times.map((t) => t.start), r.times.map((t) => t.end)],
    )) as { id: string; created_at: Date; updated_at: Date }[];
    const byId = new Map(stamps.map((row) => [row.id, row]));
    return r.times.map((time, i) =>
      Object.assign(new Reservation(), {
        id: ids[i],
        organizationId: r.organizationId,
        segmentId: r.segmentId,
        start: time.start,
        end: time.end,
        bufferMinutes: r.bufferMinutes,
        vehicles: r.vehicles,
        driverIds: r.driverIds,
        purpose: r.purpose,
        status: r.status,
        seriesId: r.seriesId,
        priority: false,
        needsApproval: r.needsApproval,
        addOns: [],
        actualStart: null,
        actualEnd: null,
        statusReason: null,
        createdAt: byId.get(ids[i])!.created_at,
        updatedAt: byId.get(ids[i])!.updated_at,
        createdBy: r.createdBy,
      }),
    );
  }

  async get(id: string): Promise<SeriesDetail> {
    const series = await this.series.findOneBy({ id });
    if (!series) throw new NotFound('series');
    const reservations = await this.series.manager.getRepository(Reservation).find({ where: { seriesId: id }, order: { start: 'ASC' } });
    return { ...SeriesView.of(series), reservations: reservations.map(ReservationView.of) };
  }

  /** Cancels the occurrences from `from` (default now) on, in one transaction; their time goes to the waitlist. */
  async cancel(actor: Actor, id: string, dto: CancelSeriesDto): Promise<SeriesDetail & { cancelled: string[] }> {
    const from = dto.from ? new Date(dto.from) : new Date();
    const cancelled = await this.transactions.run(async (manager) => {
      const series = await manager.getRepository(ReservationSeries).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!series) throw new NotFound('series');
      const ids = ((await manager.query(`SELECT id FROM reservations WHERE series_id = $1 AND start_at >= $2 ORDER BY start_at`, [id, from])) as { id: string }[]).map((r) => r.id);
      const done: string[] = [];
      for (const r of await this.repository.lockMany(manager, ids)) {
        if (!canTake('cancel', r.status)) continue;
        await this.reservations.endHold(manager, actor, r, 'cancel', 'cancelled', dto.reason);
        done.push(r.id);
      }
      const [{ left }] = (await manager.query(`SELECT count(*)::int AS left FROM reservations WHERE series_id = $1 AND status IN ('pending','confirmed','checked_in','waitlisted')`, [id])) as { left: number }[];
      if (left === 0 && series.status !== 'cancelled') {
        series.status = 'cancelled';
        await manager.getRepository(ReservationSeries).save(series);
        await this.audit.record(manager, { entityType: 'series', entityId: id, action: 'cancel', from: 'active', to: 'cancelled', reason: dto.reason, actorId: actor.userId });
      }
      return done;
    });
    return { ...(await this.get(id)), cancelled };
  }
}

/**
 * What may stand in the way of each occurrence of a series, in the order `obstaclesIn` sees rows (the survey's rows,
 * then those written for earlier occurrences), narrowed to the rows overlapping the occurrence. Passing every row to
 * every occurrence made the decisions quadratic: 365 occurrences × (survey + up to 364 written rows) took ~30 ms.
 * Occurrences come in ascending start order (`at` is called with non-decreasing starts): a row that ends before an
 * occurrence starts can stand in the way of no later one and leaves the active set; rows enter it by start.
 */
class RowsInTheWay {
  private readonly byStart: { row: OccupancyRow; index: number }[];
  private next = 0;
  private active: { row: OccupancyRow; index: number }[] = [];
  private activeWritten: OccupancyRow[] = [];
  /** Occurrences out of order (never from expandOccurrences): no narrowing, every row is offered. */
  private readonly all: boolean;
  private readonly writtenRows: OccupancyRow[] = [];

  constructor(
    private readonly surveyed: OccupancyRow[],
    times: Span[],
  ) {
    this.all = times.some((t, i) => i > 0 && t.start.getTime() < times[i - 1].start.getTime());
    this.byStart = surveyed.map((row, index) => ({ row, index })).sort((a, b) => a.row.during.start.getTime() - b.row.during.start.getTime());
  }

  at(span: Span): { surveyed: OccupancyRow[]; written: OccupancyRow[] } {
    if (this.all) return { surveyed: this.surveyed, written: this.writtenRows };
    const lo = span.start.getTime();
    const hi = span.end.getTime();
    let entered = false;
    while (this.next < this.byStart.length && this.byStart[this.next].row.during.start.getTime() < hi) {
      this.active.push(this.byStart[this.next++]);
      entered = true;
    }
    if (entered) this.active.sort((a, b) => a.index - b.index);
    this.active = this.active.filter((a) => a.row.during.end.getTime() > lo);
    this.activeWritten = this.activeWritten.filter((row) => row.during.end.getTime() > lo);
    const overlapping = (row: OccupancyRow) => row.during.start.getTime() < hi && row.during.end.getTime() > lo;
    return { surveyed: this.active.map((a) => a.row).filter(overlapping), written: this.activeWritten.filter(overlapping) };
  }

  written(row: OccupancyRow): void {
    this.writtenRows.push(row);
    this.activeWritten.push(row);
  }
}
