/** Events an organization's webhooks may subscribe to (api.md, "Notifications, webhooks, quotas"). */
export const WEBHOOK_EVENT_TYPES = [
  'reservation.created',
  'reservation.confirmed',
  'reservation.approved',
  'reservation.rejected',
  'reservation.cancelled',
  'reservation.displaced',
  'reservation.relocated',
  'reservation.waitlist_promoted',
  'reservation.no_show',
  'invoice.issued',
  'invoice.voided',
  'support_request.updated',
] as const;

export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/** Events only people hear about, by e-mail: no webhook subscribes to them. */
export const NOTICE_ONLY_TYPES = ['reservation.expired', 'reservation.reminder', 'series.created'] as const;

export type EventType = WebhookEventType | (typeof NOTICE_ONLY_TYPES)[number];

export const EVENT_TYPES: readonly EventType[] = [...WEBHOOK_EVENT_TYPES, ...NOTICE_ONLY_TYPES];

/** Who gets the e-mail of an event: the user who acted for the organization, and/or its billing address. */
export interface MailTo {
  userId?: string | null;
  billing?: boolean;
}

/** One thing that happened to an organization's booking, invoice or request. */
export interface OutboxEvent {
  type: EventType;
  organizationId: string;
  /** The payload webhooks receive as `data`; never another organization's data. */
  data: Record<string, unknown>;
  reservationId?: string | null;
  invoiceId?: string | null;
  /** Omitted: no e-mail (e.g. every occurrence of a series, told once by `series.created`). */
  mailTo?: MailTo;
}
