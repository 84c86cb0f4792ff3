import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { WebhookEventType } from '../outbox/events.js';

export interface WebhookRow {
  id: string;
  organizationId: string;
  url: string;
  events: WebhookEventType[];
  createdAt: Date;
}

export type DeliveryStatus = 'pending' | 'delivered' | 'failed';

export interface DeliveryRow {
  id: string;
  webhookId: string;
  eventId: string;
  type: WebhookEventType;
  status: DeliveryStatus;
  attempts: number;
  responseStatus: number | null;
  lastError: string | null;
  nextAttemptAt: Date;
  createdAt: Date;
  deliveredAt: Date | null;
}

/** A row of a page in creation order, with PostgreSQL's text of created_at for the next cursor. */
export type Paged<R> = R & { cursorAt: string };

/** What one delivery attempt sends, and where. */
export interface Message {
  deliveryId: string;
  webhookId: string;
  url: string;
  secret: string;
  eventId: string;
  type: WebhookEventType;
  createdAt: Date;
  data: Record<string, unknown>;
}

const WEBHOOK = `id, organization_id AS "organizationId", url, events, created_at AS "createdAt"`;

/** Webhooks and their deliveries: every statement of the module. */
@Injectable()
export class WebhooksRepository {
  constructor(private readonly dataSource: DataSource) {}

  async organizationExists(id: string, manager: EntityManager = this.dataSource.manager): Promise<boolean> {
    return ((await manager.query('SELECT 1 FROM organizations WHERE id = $1', [id])) as unknown[]).length > 0;
  }

  async insert(manager: EntityManager, hook: { organizationId: string; url: string; events: string[]; secret: string; createdBy: string }): Promise<WebhookRow> {
    const rows = (await manager.query(
      `INSERT INTO webhooks (organization_id, url, events, secret, created_by) VALUES ($1, $2, $3, $4, $5) RETURNING ${WEBHOOK}`,
      [hook.organizationId, hook.url, hook.events, hook.secret, hook.createdBy],
    )) as WebhookRow[];
    return rows[0];
  }

  /** Deletes the webhook and, by cascade, its deliveries; null when there was none. */
  async delete(manager: EntityManager, id: string): Promise<WebhookRow | null> {
    const [rows] = (await manager.query(`DELETE FROM webhooks WHERE id = $1 RETURNING ${WEBHOOK}`, [id])) as [WebhookRow[], number];
    return rows[0] ?? null;
  }

  async find(id: string): Promise<WebhookRow | null> {
    const rows = (await this.dataSource.query(`SELECT ${WEBHOOK} FROM webhooks WHERE id = $1`, [id])) as WebhookRow[];
    return rows[0] ?? null;
  }

  /** `limit` webhooks of an organization after the keyset `after`, in creation order. */
  async list(organizationId: string, after: [string, string] | undefined, limit: number): Promise<Paged<WebhookRow>[]> {
    return (await this.dataSource.query(
      `SELECT ${WEBHOOK}, created_at::text AS "cursorAt" FROM webhooks
        WHERE organization_id = $1 AND ($2::timestamptz IS NULL OR (created_at, id) > ($2::timestamptz, $3::uuid))
        ORDER BY created_at, id LIMIT $4`,
      [organizationId, after?.[0] ?? null, after?.[1] ?? null, limit],
    )) as Paged<WebhookRow>[];
  }

  /** `limit` deliveries of a webhook after the keyset `after`, in creation order. */
  async deliveries(webhookId: string, after: [string, string] | undefined, limit: number): Promise<Paged<DeliveryRow>[]> {
    return (await this.dataSource.query(
      `SELECT d.id, d.webhook_id AS "webhookId", d.event_id AS "eventId", e.type, d.status, d.attempts,
              d.response_status AS "responseStatus", d.last_error AS "lastError", d.next_attempt_at AS "nextAttemptAt",
              d.created_at AS "createdAt", d.delivered_at AS "deliveredAt", d.created_at::text AS "cursorAt"
         FROM webhook_deliveries d JOIN events e ON e.id = d.event_id
        WHERE d.webhook_id = $1 AND ($2::timestamptz IS NULL OR (d.created_at, d.id) > ($2::timestamptz, $3::uuid))
        ORDER BY d.created_at, d.id LIMIT $4`,
      [webhookId, after?.[0] ?? null, after?.[1] ?? null, limit],
    )) as Paged<DeliveryRow>[];
  }

  /**
   * The messages of claimed deliveries. A delivery missing here was deleted with its webhook
   * after the claim. Deliveries only ever join a webhook to an event of its own organization
   * (Outbox.emit), so a message never carries another organization's data.
   */
  async messages(deliveryIds: string[]): Promise<Message[]> {
    return (await this.dataSource.query(
      `SELECT d.id AS "deliveryId", w.id AS "webhookId", w.url, w.secret, e.id AS "eventId", e.type, e.created_at AS "createdAt", e.data
         FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id JOIN events e ON e.id = d.event_id
        WHERE d.id = ANY($1::uuid[])
        ORDER BY e.seq`,
      [deliveryIds],
    )) as Message[];
  }
}
