/**
 * What the staff screens read from the contract beyond model.ts: the segment's English name and composite flag,
 * blackouts, the conflict queue. Instants are ISO strings in UTC.
 */
import type { Reservation, ReservationStatus, Segment, Slot } from '../../model.js';

export interface StaffSegment extends Segment {
  nameEn: string | null;
  /** Has children: always booked exclusively, whole. */
  isComposite: boolean;
}

export interface Blackout {
  id: string;
  /** null: the whole facility. */
  segmentIds: string[] | null;
  start: string;
  end: string;
  rrule: string | null;
  reason: string;
  /** The occurrences within the listed window (all of them in a dry run). */
  occurrences: { start: string; end: string }[];
  createdAt: string | null;
}

export interface BlackoutCreated {
  blackout: Blackout;
  /** Ids of the reservations displaced (in a dry run: that would be). */
  displaced: string[];
}

export interface ConflictItem {
  reservation: Reservation;
  reason: string | null;
  suggestions: Slot[];
}

export type NewReservation = Pick<Reservation, 'organizationId' | 'segmentId' | 'start' | 'end' | 'vehicles' | 'driverIds' | 'purpose' | 'priority'>;

/** Statuses that hold track time (product.md, "Reservations"). */
const HOLDING: readonly ReservationStatus[] = ['pending', 'confirmed', 'checked_in'];
export const holds = (r: Pick<Reservation, 'status'>): boolean => HOLDING.includes(r.status);

/** A reservation that can still be moved (reschedule is allowed from these). */
export const movable = (r: Pick<Reservation, 'status'>): boolean => r.status === 'pending' || r.status === 'confirmed';

/** A half-open span of instants. */
export interface Span {
  start: string;
  end: string;
}

/** Whether two half-open spans overlap. */
export const overlaps = (a: Span, b: Span): boolean =>
  Date.parse(a.start) < Date.parse(b.end) && Date.parse(b.start) < Date.parse(a.end);

/** The most vehicles on the track at once within a span, from reservations given with their occupied spans. */
export function peakVehicles(occupied: readonly (Span & { vehicles: number })[], span: Span): number {
  const inSpan = occupied.filter((o) => overlaps(o, span));
  // the count only rises where something starts: look there, and at the span's start
  const moments = [span.start, ...inSpan.map((o) => o.start).filter((s) => Date.parse(s) > Date.parse(span.start))].map(Date.parse);
  const at = (moment: number) =>
    inSpan.filter((o) => Date.parse(o.start) <= moment && moment < Date.parse(o.end)).reduce((sum, o) => sum + o.vehicles, 0);
  return Math.max(0, ...moments.map(at));
}
