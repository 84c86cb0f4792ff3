import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { OutboxEvent } from './events.js';

/**
 * The write side of the transactional outbox. `emit` runs inside the caller's transaction, so the
 * event, its e-mails and its webhook deliveries commit or roll back with the change itself.
 */
@Injectable()
export class Outbox {
  /**
   * One statement: the event; one e-mail per recipient (the user in their locale, the
   * organization's billing address in the locale of a user with that address, else Korean);
   * one delivery per webhook of the organization subscribed to the type.
   */
  async emit(manager: EntityManager, event: OutboxEvent): Promise<string> {
    const mail = event.mailTo;
    const rows = (await manager.query(
      `WITH e AS (
         INSERT INTO events (type, organization_id, data) VALUES ($1, $2, $3) RETURNING id, type, organization_id
       ), recipients AS (
         SELECT u.email AS recipient, u.locale FROM users u WHERE u.id = $6::uuid
         UNION
         SELECT o.billing_email, coalesce((SELECT u.locale FROM users u WHERE lower(u.email) = lower(o.billing_email) LIMIT 1), 'ko')
           FROM organizations o WHERE $7::boolean AND o.id = $2
       ), mails AS (
         INSERT INTO notifications (event_id, kind, organization_id, reservation_id, invoice_id, recipient, locale)
         SELECT e.id, e.type, e.organization_id, $4, $5, r.recipient, r.locale FROM e, recipients r
       ), deliveries AS (
         INSERT INTO webhook_deliveries (webhook_id, event_id)
         SELECT w.id, e.id FROM e JOIN webhooks w ON w.organization_id = e.organization_id AND e.type = ANY (w.events)
       )
       SELECT id FROM e`,
      [event.type, event.organizationId, JSON.stringify(event.data), event.reservationId ?? null, event.invoiceId ?? null, mail?.userId ?? null, mail?.billing ?? false],
    )) as { id: string }[];
    return rows[0].id;
  }
}
