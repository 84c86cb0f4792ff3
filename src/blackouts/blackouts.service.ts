import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../auth/actor.js';
import { ErrorCode, NotFound, RuleViolation, ValidationFailed } from '../common/errors.js';
import { pageByCreation, type Page } from '../common/pagination.js';
import { AppConfig } from '../config/app-config.js';
import { Transactions } from '../database/transactions.js';
import type { Span } from '../reservations/conflicts.js';
import { ReservationsRepository } from '../reservations/reservations.repository.js';
import { ReservationsService } from '../reservations/reservations.service.js';
import { expandOccurrences } from '../segments/recurrence.js';
import { Blackout } from './blackout.entity.js';
import { BlackoutView, type BlackoutCreated, type BlackoutListQuery, type CreateBlackoutDto } from './blackouts.dto.js';

/** A recurring blackout without COUNT or UNTIL is laid out this far ahead. */
const OPEN_ENDED_YEARS = 3;
const MAX_OCCURRENCES = 5000;

@Injectable()
export class BlackoutsService {
  constructor(
    private readonly config: AppConfig,
    private readonly transactions: Transactions,
    private readonly reservationsRepository: ReservationsRepository,
    private readonly reservations: ReservationsService,
    private readonly audit: AuditService,
    @InjectRepository(Blackout) private readonly blackouts: Repository<Blackout>,
  ) {}

  /** Every occurrence of the blackout: [start, end) repeated by the RRULE in facility local time. */
  private occurrences(start: Date, end: Date, rrule: string | undefined): Span[] {
    // An empty rule is a malformed rule (400), not a one-off blackout.
    if (rrule === undefined) return [{ start, end }];
    const until = new Date(start);
    until.setUTCFullYear(until.getUTCFullYear() + OPEN_ENDED_YEARS);
    const starts = expandOccurrences(rrule, start, this.config.FACILITY_TIMEZONE, MAX_OCCURRENCES, until);
    if (starts.length > MAX_OCCURRENCES) {
      throw new RuleViolation(ErrorCode.TOO_MANY_OCCURRENCES, `A blackout may repeat at most ${MAX_OCCURRENCES} times`, { max: MAX_OCCURRENCES });
    }
    const length = end.getTime() - start.getTime();
    return starts.map((s) => ({ start: s, end: new Date(s.getTime() + length) }));
  }

  /**
   * Creates a blackout and displaces the holding reservations under it, in one transaction.
   * It takes the blackout lock exclusively, so no booking is being decided meanwhile.
   */
  async create(actor: Actor, dto: CreateBlackoutDto): Promise<BlackoutCreated & { dryRun: boolean }> {
    const start = new Date(dto.start);
    const end = new Date(dto.end);
    if (start >= end) throw ValidationFailed.field('end', 'end must be after start');
    const segmentIds = dto.segmentIds ?? null;
    const occurrences = this.occurrences(start, end, dto.rrule);
    if (segmentIds) {
      const [{ n }] = (await this.blackouts.query(`SELECT count(*)::int AS n FROM segments WHERE id = ANY($1::uuid[])`, [segmentIds])) as { n: number }[];
      if (n !== segmentIds.length) throw new NotFound('segment');
    }
    const values = { segmentIds, start, end, rrule: dto.rrule ?? null, reason: dto.reason };
    if (dto.dryRun) {
      const displaced = await this.reservationsRepository.displaceableUnder(this.blackouts.manager, segmentIds, occurrences);
      return { blackout: BlackoutView.of(values, occurrences), displaced, dryRun: true };
    }
    return this.transactions.run(async (manager) => {
      await this.reservationsRepository.lockBlackouts(manager);
      const blackout = await manager.getRepository(Blackout).save(manager.getRepository(Blackout).create({ ...values, createdBy: actor.userId }));
      await manager.query(
        `INSERT INTO blackout_occurrences (blackout_id, segment_id, during)
         SELECT $1, seg, tstzrange(lo, hi)
           FROM unnest($2::timestamptz[], $3::timestamptz[]) AS o(lo, hi)
           CROSS JOIN unnest(coalesce($4::uuid[], ARRAY[NULL]::uuid[])) AS s(seg)`,
        [blackout.id, occurrences.map((o) => o.start), occurrences.map((o) => o.end), segmentIds],
      );
      const ids = await this.reservationsRepository.displaceableUnder(manager, segmentIds, occurrences);
      const displaced = await this.reservations.displace(manager, actor, ids, `blackout: ${dto.reason}`);
      // Displacement releases time (product.md, "Waitlist"): the part of it outside the blackout goes to the
      // waitlist in this transaction; entries under the blackout stay where they are (the blackout is in the way).
      if (displaced.length) {
        await this.reservations.promoteWaitlisted(manager, displaced);
        await this.reservations.announceDisplaced(manager, displaced);
      }
      await this.audit.record(manager, { entityType: 'blackout', entityId: blackout.id, action: 'create', to: 'active', reason: dto.reason, actorId: actor.userId, data: { displaced: ids } });
      return { blackout: BlackoutView.of(blackout, occurrences), displaced: displaced.map((r) => r.id), dryRun: false };
    });
  }

  async list(query: BlackoutListQuery): Promise<Page<BlackoutView>> {
    const from = query.from ? new Date(query.from) : null;
    const to = query.to ? new Date(query.to) : null;
    if (from && to && from >= to) throw ValidationFailed.field('to', 'to must be after from');
    const qb = this.blackouts.createQueryBuilder('b');
    const window = { from, to };
    qb.where(`EXISTS (SELECT 1 FROM blackout_occurrences o WHERE o.blackout_id = b.id AND o.during && tstzrange(:from, :to))`, window);
    const page = await pageByCreation(qb, query, (b) => b);
    const occurrences = page.items.length
      ? ((await this.blackouts.query(
          `SELECT DISTINCT blackout_id, lower(during) AS start, upper(during) AS "end" FROM blackout_occurrences
            WHERE blackout_id = ANY($1::uuid[]) AND during && tstzrange($2, $3) ORDER BY 2`,
          [page.items.map((b) => b.id), from, to],
        )) as { blackout_id: string; start: Date; end: Date }[])
      : [];
    return {
      items: page.items.map((b) => BlackoutView.of(b, occurrences.filter((o) => o.blackout_id === b.id))),
      nextCursor: page.nextCursor,
    };
  }

  async remove(actor: Actor, id: string): Promise<void> {
    await this.transactions.run(async (manager) => {
      const blackout = await manager.getRepository(Blackout).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!blackout) throw new NotFound('blackout');
      await manager.getRepository(Blackout).delete({ id });
      await this.audit.record(manager, { entityType: 'blackout', entityId: id, action: 'delete', from: 'active', to: 'deleted', actorId: actor.userId });
    });
  }
}
