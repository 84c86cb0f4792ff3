import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { isCustomer, type Actor } from '../auth/actor.js';
import { NotFound } from '../common/errors.js';
import { AppConfig } from '../config/app-config.js';
import { Transactions } from '../database/transactions.js';
import { OrganizationsService } from '../organizations/organizations.service.js';
import { SegmentsRepository, type LoadedSegment } from '../segments/segments.repository.js';
import { periodContaining, periodsContaining, QUOTA_PERIODS } from './periods.js';
import { QuotaExceeded } from './quota-exceeded.error.js';
import { PeriodView, QuotaView, type QuotaListView, type QuotaUseListView, type ReplaceQuotasDto } from './quotas.dto.js';
import { QuotasRepository } from './quotas.repository.js';

const MINUTE = 60_000;

/** A booking about to be written: where and when. */
export interface QuotaBooking {
  segment: LoadedSegment;
  start: Date;
  end: Date;
}

/**
 * Quotas: staff limit an organization's booked minutes per facility-local week or month, on a segment (and what
 * shares its track), on a kind of segment, or everywhere. Customers' bookings over a quota are refused; staff
 * bookings are exempt.
 */
@Injectable()
export class QuotasService {
  constructor(
    private readonly config: AppConfig,
    private readonly transactions: Transactions,
    private readonly repository: QuotasRepository,
    private readonly segments: SegmentsRepository,
    private readonly organizations: OrganizationsService,
    private readonly audit: AuditService,
  ) {}

  /** Replaces the organization's whole quota list (404 for an unknown organization or segment). */
  async replace(actor: Actor, organizationId: string, dto: ReplaceQuotasDto): Promise<QuotaListView> {
    await this.organizations.get(organizationId);
    const segmentIds = [...new Set(dto.quotas.flatMap((q) => (q.segmentId ? [q.segmentId.toLowerCase()] : [])))];
    return this.transactions.run(async (manager) => {
      await this.repository.lock(manager, organizationId);
      if (segmentIds.length && (await this.segments.load({ ids: segmentIds }, manager)).length !== segmentIds.length) throw new NotFound('segment');
      const { before, after } = await this.repository.replace(manager, organizationId, dto.quotas);
      await this.audit.record(manager, {
        entityType: 'organization',
        entityId: organizationId,
        action: 'set_quotas',
        from: `${before.length} quotas`,
        to: `${after.length} quotas`,
        actorId: actor.userId,
        data: { before: before.map(QuotaView.of), after: after.map(QuotaView.of) },
      });
      return { quotas: after.map(QuotaView.of) };
    });
  }

  /** The organization's quotas, each with its use in the period containing now. */
  async list(organizationId: string): Promise<QuotaUseListView> {
    await this.organizations.get(organizationId);
    const now = new Date();
    const periods = QUOTA_PERIODS.map((kind) => periodContaining(now, kind, this.config.FACILITY_TIMEZONE));
    const usage = await this.repository.usage({ organizationId, periods, requested: [], excluding: [] });
    return {
      quotas: usage.map(({ quota, period, usedMinutes }) => {
        const { start, end } = PeriodView.of(period);
        return { ...QuotaView.of(quota), current: { start, end, usedMinutes } };
      }),
    };
  }

  /**
   * Refuses (422 QUOTA_EXCEEDED) customer bookings that would take the organization over a quota. Call inside the
   * booking's transaction, before writing it: the quota lock taken here is held until that transaction ends (see
   * QuotasRepository). Each booking counts in the week and month of its start; `excluding` names reservations whose
   * minutes the bookings replace (a reschedule).
   */
  async check(manager: EntityManager, actor: Actor, organizationId: string, bookings: QuotaBooking[], excluding: string[] = []): Promise<void> {
    if (!isCustomer(actor) || bookings.length === 0) return;
    if (!(await this.repository.lockIfLimited(manager, organizationId))) return;
    const usage = await this.repository.usage(
      {
        organizationId,
        periods: periodsContaining(bookings.map((b) => b.start), this.config.FACILITY_TIMEZONE),
        requested: bookings.map((b) => ({ segmentId: b.segment.id, start: b.start, minutes: (b.end.getTime() - b.start.getTime()) / MINUTE })),
        excluding,
      },
      manager,
    );
    const over = usage.find((u) => u.requestedMinutes > 0 && u.usedMinutes + u.requestedMinutes > u.quota.maxMinutes);
    if (over) throw new QuotaExceeded(over);
  }
}
