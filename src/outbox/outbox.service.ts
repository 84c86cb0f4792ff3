import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { OutboxEvent } from './events.js';

/**
 * The write side of the transactional outbox. `emit` runs inside the caller's transaction, so the
 * events, their e-mails and their webhook deliveries commit or roll back with the change itself.
 */
@Injectable()
export class Outbox {
  async emit(manager: EntityManager, event: OutboxEvent): Promise<string> {
    return (await this.emitAll(manager, [event]))[0];
  }

  /**
   * One statement for any number of events: each event; one e-mail per recipient (the user in
   * their locale, the organization's billing address in the locale of a user with that address,
   * else Korean); one delivery per webhook of the organization subscribed to the event's type.
   */
  async emitAll(manager: EntityManager, events: OutboxEvent[]): Promise<string[]> {
    if (events.length === 0) return [];
    const input = events.map((e) => ({
      id: randomUUID(),
      type: e.type,
      organization_id: e.organizationId,
      data: e.data,
      reservation_id: e.reservationId ?? null,
      invoice_id: e.invoiceId ?? null,
      mail_user: e.mailTo?.userId ?? null,
      mail_billing: e.mailTo?.billing ?? false,
    }));
    await manager.query(
      `WITH input AS (
         SELECT i.*, x.n FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS x(doc, n)
           CROSS JOIN LATERAL jsonb_to_record(x.doc)
             AS i(id uuid, type text, organization_id uuid, data jsonb, reservation_id uuid, invoice_id uuid, mail_user uuid, mail_billing boolean)
       ), e AS (
         INSERT INTO events (id, type, organization_id, data) SELECT id, type, organization_id, data FROM input ORDER BY n
       ), mails AS (
         INSERT INTO notifications (event_id, kind, organization_id, reservation_id, invoice_id, recipient, locale)
         SELECT i.id, i.type, i.organization_id, i.reservation_id, i.invoice_id, r.recipient, r.locale
           FROM input i CROSS JOIN LATERAL (
             SELECT u.email AS recipient, u.locale FROM users u WHERE u.id = i.mail_user
             UNION
             SELECT o.billing_email, coalesce((SELECT u.locale FROM users u WHERE lower(u.email) = lower(o.billing_email) LIMIT 1), 'ko')
               FROM organizations o WHERE i.mail_billing AND o.id = i.organization_id
           ) r
       )
       INSERT INTO webhook_deliveries (webhook_id, event_id)
       SELECT w.id, i.id FROM input i JOIN webhooks w ON w.organization_id = i.organization_id AND i.type = ANY (w.events)`,
      [JSON.stringify(input)],
    );
    return input.map((i) => i.id);
  }
}
