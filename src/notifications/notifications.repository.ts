import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import type { EventType } from '../outbox/events.js';
import { Notification } from './notification.entity.js';

export interface MailToSend {
  eventId: string;
  kind: EventType;
  recipient: string;
  locale: string;
  data: Record<string, unknown>;
}

/** The notifications' SQL: what a worker sends, and the list people read. */
@Injectable()
export class NotificationsRepository {
  constructor(@InjectRepository(Notification) private readonly notifications: Repository<Notification>) {}

  async mail(id: string): Promise<MailToSend> {
    const [row] = (await this.notifications.query(
      `SELECT n.event_id AS "eventId", n.kind, n.recipient, n.locale, e.data FROM notifications n JOIN events e ON e.id = n.event_id WHERE n.id = $1`,
      [id],
    )) as MailToSend[];
    return row;
  }

  /** Names of the segments an event's data mentions (the reservation's, its suggestions'). */
  async segmentNames(data: Record<string, unknown>): Promise<Map<string, string>> {
    const ids = new Set<string>();
    const reservation = data.reservation as { segmentId?: string } | undefined;
    if (reservation?.segmentId) ids.add(reservation.segmentId);
    for (const s of (data.suggestions ?? []) as { segmentId: string }[]) ids.add(s.segmentId);
    if (ids.size === 0) return new Map();
    const rows = (await this.notifications.query(`SELECT id, name FROM segments WHERE id = ANY($1::uuid[])`, [[...ids]])) as { id: string; name: string }[];
    return new Map(rows.map((r) => [r.id, r.name]));
  }

  query(organizationId: string | undefined, filter: { status?: string; kind?: string }) {
    const qb = this.notifications.createQueryBuilder('n');
    if (organizationId) qb.andWhere('n.organization_id = :organizationId', { organizationId });
    if (filter.status) qb.andWhere('n.status = :status', { status: filter.status });
    if (filter.kind) qb.andWhere('n.kind = :kind', { kind: filter.kind });
    return qb;
  }
}
