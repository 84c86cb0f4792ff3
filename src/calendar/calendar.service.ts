import { Injectable } from '@nestjs/common';
import ical, { ICalEventStatus } from 'ical-generator';
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../auth/actor.js';
import { NotFound } from '../common/errors.js';
import { AppConfig } from '../config/app-config.js';
import { Transactions } from '../database/transactions.js';

const DAY = 86_400_000;
/** A feed shows reservations from this long ago … */
const PAST_DAYS = 90;
/** … to this far ahead. */
const FUTURE_DAYS = 400;

interface FeedRow {
  id: string;
  start_at: Date;
  end_at: Date;
  status: string;
  purpose: string;
  vehicles: number;
  updated_at: Date;
  code: string;
  name: string;
  organization: string;
}

const STATUS: Record<string, ICalEventStatus> = {
  pending: ICalEventStatus.TENTATIVE,
  confirmed: ICalEventStatus.CONFIRMED,
  checked_in: ICalEventStatus.CONFIRMED,
  completed: ICalEventStatus.CONFIRMED,
  cancelled: ICalEventStatus.CANCELLED,
};

const sha256 = (text: string) => createHash('sha256').update(text).digest();

/**
 * iCalendar feeds (RFC 5545): per segment for staff, per organization through a secret token URL
 * a calendar program can subscribe to. One VEVENT per held, completed or cancelled reservation,
 * with the reservation id as a stable UID; instants in UTC and the facility zone named.
 */
@Injectable()
export class CalendarService {
  constructor(
    private readonly config: AppConfig,
    private readonly dataSource: DataSource,
    private readonly transactions: Transactions,
    private readonly audit: AuditService,
  ) {}

  /** A new token for the organization's feed; the previous one stops working. Only its hash is kept. */
  async rotateToken(actor: Actor, organizationId: string): Promise<string> {
    const token = randomBytes(24).toString('base64url');
    await this.transactions.run(async (manager) => {
      // TypeORM answers an UPDATE with [rows, affected count], never a bare row list.
      const [, updated] = (await manager.query(`UPDATE organizations SET feed_token_hash = $2 WHERE id = $1`, [organizationId, sha256(token).toString('hex')])) as [unknown[], number];
      if (updated === 0) throw new NotFound('organization');
      await this.audit.record(manager, { entityType: 'organization', entityId: organizationId, action: 'rotate_feed_token', actorId: actor.userId });
    });
    return token;
  }

  /** The organization's feed, for the bearer of its current token; any other token is 404. */
  async organizationFeed(organizationId: string, token: string | undefined): Promise<string> {
    const [org] = (await this.dataSource.query(`SELECT name, feed_token_hash FROM organizations WHERE id = $1`, [organizationId])) as { name: string; feed_token_hash: string | null }[];
    const expected = org?.feed_token_hash ? Buffer.from(org.feed_token_hash, 'hex') : null;
    if (!expected || !token || !timingSafeEqual(sha256(token), expected)) throw new NotFound('calendar');
    return this.feed(`${org.name} · 대구주행시험장`, `r.organization_id = $1`, organizationId, false);
  }

  async segmentFeed(segmentId: string): Promise<string> {
    const [segment] = (await this.dataSource.query(`SELECT code, name FROM segments WHERE id = $1`, [segmentId])) as { code: string; name: string }[];
    if (!segment) throw new NotFound('segment');
    return this.feed(`${segment.code} ${segment.name}`, `r.segment_id = $1`, segmentId, true);
  }

  private async feed(name: string, where: string, id: string, showOrganization: boolean): Promise<string> {
    const now = Date.now();
    const rows = (await this.dataSource.query(
      `SELECT r.id, r.start_at, r.end_at, r.status, r.purpose, r.vehicles, r.updated_at, s.code, s.name, o.name AS organization
         FROM reservations r JOIN segments s ON s.id = r.segment_id JOIN organizations o ON o.id = r.organization_id
        WHERE ${where} AND r.status = ANY($2::text[]) AND r.end_at > $3 AND r.start_at < $4
        ORDER BY r.start_at, r.id`,
      [id, Object.keys(STATUS), new Date(now - PAST_DAYS * DAY), new Date(now + FUTURE_DAYS * DAY)],
    )) as FeedRow[];
    const calendar = ical({ name, prodId: { company: 'Daegu proving ground', product: 'proving-ground', language: 'KO' } });
    calendar.x([{ key: 'X-WR-TIMEZONE', value: this.config.FACILITY_TIMEZONE }]);
    for (const r of rows) {
      calendar.createEvent({
        id: `${r.id}@proving-ground`,
        start: r.start_at,
        end: r.end_at,
        stamp: r.updated_at,
        lastModified: r.updated_at,
        summary: showOrganization ? `${r.code} · ${r.organization}` : `${r.code} ${r.name}`,
        description: [r.purpose, `${r.vehicles} vehicle(s)`, `status: ${r.status}`].filter(Boolean).join('\n'),
        location: `${r.name}, 대구주행시험장 (Daegu proving ground)`,
        status: STATUS[r.status],
      });
    }
    return calendar.toString();
  }
}
