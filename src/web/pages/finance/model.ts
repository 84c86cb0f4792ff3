/**
 * The billing and report objects of the HTTP contract (api.md: Billing, Reports) that only the finance screens read.
 * Dates 'YYYY-MM-DD' and clocks 'HH:MM' are facility-local; money is integer won.
 */
import type { Invoice, Weekday } from '../../model.js';

export interface Surcharge {
  name: string;
  days: Weekday[];
  from: string;
  /** 'HH:MM' or '24:00'. */
  to: string;
  percent: number;
}

export interface RateCard {
  id: string;
  segmentId: string;
  effectiveFrom: string;
  /** Won per hour: exclusive segments and composites. */
  hourlyRate: number | null;
  /** Won per vehicle-hour: shared segments. */
  perVehicleHourlyRate: number | null;
  memberDiscountPercent: number;
  billingIncrementMinutes: number;
  minimumBillableMinutes: number;
  surcharges: Surcharge[];
  createdAt: string;
}

/**
 * POST /rate-cards as a form sends it: one of the two rates, by the segment's capacity mode; a number left empty
 * takes the server's default, or comes back as a field problem.
 */
export interface NewRateCard {
  segmentId: string;
  effectiveFrom: string;
  hourlyRate?: number;
  perVehicleHourlyRate?: number;
  memberDiscountPercent?: number;
  billingIncrementMinutes?: number;
  minimumBillableMinutes?: number;
  surcharges: (Omit<Surcharge, 'percent'> & { percent?: number })[];
}

export interface CancellationTier {
  minNoticeHours: number;
  percent: number;
}

export interface CancellationPolicy {
  tiers: CancellationTier[];
  noShowPercent: number;
}

/** PUT /cancellation-policy as a form sends it (an empty number comes back as a field problem). */
export interface PolicyChange {
  tiers: { minNoticeHours?: number; percent?: number }[];
  noShowPercent?: number;
}

/** The answer of POST /invoices/:id/void: the voided invoice and the credit note it created. */
export type VoidResult = Invoice & { creditNote: Invoice };

/** A row of GET /reports/utilization. */
export interface UtilizationItem {
  segmentId: string;
  segmentCode: string;
  /** The instant the local month (day, week) starts. */
  periodStart: string;
  openMinutes: number;
  /** Vehicle-minutes over capacity on shared segments. */
  bookedMinutes: number;
  /** Booked / open, 0..1 (0 when closed). */
  utilization: number;
  /** Won on issued invoices. */
  revenue: number;
}
