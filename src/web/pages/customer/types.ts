/**
 * The contract's objects the customer screens read beyond the shared model.ts (api.md, docs/notifications.md,
 * docs/quotas.md). Instants are ISO strings in UTC; money is integer won.
 */
import type { EventType, WebhookEventType } from '../../../outbox/events.js';
import type { Conflict, InvoiceLine, Reservation } from '../../model.js';

export { EVENT_TYPES, WEBHOOK_EVENT_TYPES } from '../../../outbox/events.js';
export type { EventType, WebhookEventType };

export interface FreeInterval {
  start: string;
  end: string;
  /** Vehicles that still fit (1 for an exclusive segment or a composite). */
  remainingVehicles: number;
}

export interface Availability {
  segments: { segmentId: string; free: FreeInterval[] }[];
}

export interface CatalogItem {
  id: string;
  code: string;
  name: string;
  category: string;
  unit: 'hour' | 'day' | 'each';
  memberPrice: number;
  nonMemberPrice: number;
  taxable: boolean;
  addOn: boolean;
  active: boolean;
}

export interface AddOn {
  itemCode: string;
  quantity: number;
}

export interface Quote {
  lines: Omit<InvoiceLine, 'reservationId'>[];
  supplyAmount: number;
  vat: number;
  total: number;
}

/** What a booking asks for: the body of POST /quotes, and with purpose, drivers and waitlist of POST /reservations. */
export interface BookingRequest {
  segmentId: string;
  start: string;
  end: string;
  vehicles: number;
  addOns: AddOn[];
}

export interface CancellationFee {
  percent: number;
  charge: number;
  fee: number;
}

export const CONFLICT_POLICIES = ['all_or_nothing', 'skip_conflicts'] as const;
export type ConflictPolicy = (typeof CONFLICT_POLICIES)[number];

/** An occurrence of a series that could not be booked, and why. */
export interface OccurrenceConflicts {
  start: string;
  end: string;
  conflicts: Conflict[];
}

export interface Series {
  id: string;
  segmentId: string;
  firstStart: string;
  durationMinutes: number;
  rrule: string;
  vehicles: number;
  purpose: string;
  conflictPolicy: ConflictPolicy;
  status: 'active' | 'cancelled';
  createdAt: string;
}

export interface SeriesCreated {
  series: Series;
  created: Reservation[];
  skipped: OccurrenceConflicts[];
}

export interface SeriesDetail extends Series {
  reservations: Reservation[];
}

export const SUPPORT_CATEGORIES = ['rnd', 'funding', 'workforce', 'site', 'market', 'shared_service', 'equipment'] as const;
export type SupportCategory = (typeof SUPPORT_CATEGORIES)[number];
export type SupportStatus = 'open' | 'triaged' | 'in_progress' | 'resolved' | 'declined';

export interface SupportRequest {
  id: string;
  category: SupportCategory;
  title: string;
  description: string;
  status: SupportStatus;
  assignee: string | null;
  createdAt: string;
  updatedAt: string;
}

export const NOTIFICATION_STATUSES = ['pending', 'sent', 'failed'] as const;
export type NotificationStatus = (typeof NOTIFICATION_STATUSES)[number];

export interface Notification {
  id: string;
  kind: EventType;
  reservationId: string | null;
  invoiceId: string | null;
  recipient: string;
  channel: 'email';
  status: NotificationStatus;
  attempts: number;
  lastError: string | null;
  createdAt: string;
  sentAt: string | null;
}

export interface QuotaUse {
  id: string;
  segmentId: string | null;
  kind: string | null;
  period: 'week' | 'month';
  maxMinutes: number;
  current: { start: string; end: string; usedMinutes: number };
}

export interface Webhook {
  id: string;
  url: string;
  events: WebhookEventType[];
  createdAt: string;
}

export interface CreatedWebhook extends Webhook {
  /** Shown only in the answer that created the webhook. */
  secret: string;
}

export interface Delivery {
  id: string;
  type: WebhookEventType;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  responseStatus: number | null;
  lastError: string | null;
  nextAttemptAt: string | null;
  createdAt: string;
  deliveredAt: string | null;
}

export interface FeedToken {
  token: string;
  url: string;
}
