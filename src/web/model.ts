/**
 * The objects of the HTTP contract (/work/shared/spec/api.md, served at /docs-json), as the web app reads them.
 * Instants are ISO strings in UTC; dates 'YYYY-MM-DD' and months 'YYYY-MM' are facility-local; money is integer won.
 */
export type Role = 'customer' | 'scheduler' | 'finance' | 'admin';

export interface User {
  id: string;
  email: string;
  name: string;
  role: Role;
  organizationId: string | null;
  locale: 'ko' | 'en';
  createdAt: string;
}

export interface LoginResult {
  accessToken: string;
  tokenType: 'Bearer';
  expiresIn: number;
  user: User;
}

export interface Facility {
  name: string;
  timeZone: string;
}

/** Every list: `?limit=` (≤ 500) and `?cursor=`. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface Organization {
  id: string;
  name: string;
  kind: 'oem' | 'supplier' | 'research' | 'other';
  businessNumber: string;
  membership: 'member' | 'non_member';
  starCompany: boolean;
  billingEmail: string;
  createdAt: string;
  updatedAt: string;
}

export interface Driver {
  id: string;
  organizationId: string;
  name: string;
  licenseNumber: string;
  level: number;
  /** The last facility-local date the certification is valid. */
  certifiedUntil: string | null;
  createdAt: string;
}

export type Weekday = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';

export interface Segment {
  id: string;
  code: string;
  name: string;
  kind: string;
  capacityMode: 'exclusive' | 'shared';
  maxVehicles: number | null;
  parentId: string | null;
  requiredDriverLevel: number;
  slotMinutes: number;
  minDurationMinutes: number;
  maxDurationMinutes: number;
  bufferMinutes: number;
  minNoticeMinutes: number;
  maxAdvanceDays: number;
  approvalRequired: boolean;
  openingHours: { days: Weekday[]; open: string; close: string }[];
  active: boolean;
}

export const RESERVATION_STATUSES = [
  'pending', 'confirmed', 'checked_in', 'completed', 'cancelled', 'rejected', 'expired', 'no_show', 'displaced', 'waitlisted',
] as const;
export type ReservationStatus = (typeof RESERVATION_STATUSES)[number];

export interface Reservation {
  id: string;
  organizationId: string;
  segmentId: string;
  start: string;
  end: string;
  vehicles: number;
  driverIds: string[];
  purpose: string;
  status: ReservationStatus;
  seriesId: string | null;
  priority: boolean;
  /** With the unit price in won when booked. */
  addOns: { itemCode: string; quantity: number; unitPrice?: number }[];
  actualStart: string | null;
  actualEnd: string | null;
  /** Minutes of turnaround after `end`. */
  bufferMinutes: number;
  statusReason: string | null;
  createdAt: string;
  updatedAt: string;
  createdBy: string | null;
}

/** `details` of a 409 RESERVATION_CONFLICT. */
export interface Conflict {
  type: 'reservation' | 'blackout' | 'capacity' | 'buffer';
  start: string;
  end: string;
  reservationId?: string;
}

export interface Slot {
  segmentId: string;
  start: string;
  end: string;
}

export const INVOICE_STATUSES = ['draft', 'issued', 'paid', 'void'] as const;
export type InvoiceStatus = (typeof INVOICE_STATUSES)[number];

export interface InvoiceLine {
  description: string;
  quantity: number;
  unit: string;
  unitPrice: number;
  amount: number;
  taxable: boolean;
  reservationId?: string;
  itemCode?: string;
  programCode?: string;
}

export interface Invoice {
  id: string;
  number: string | null;
  type: 'invoice' | 'credit_note';
  organizationId: string;
  period: string;
  status: InvoiceStatus;
  issuedAt: string | null;
  paidAt: string | null;
  paidReference: string | null;
  voidReason: string | null;
  lines: InvoiceLine[];
  supplyAmount: number;
  vat: number;
  total: number;
  creditedInvoiceId?: string | null;
}
