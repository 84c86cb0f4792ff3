import { InvalidState } from '../common/errors.js';
import type { EventType } from '../outbox/events.js';
import { HOLDING_STATUSES } from '../segments/segments.repository.js';
import type { ReservationStatus } from './reservation.entity.js';

/** Statuses that hold capacity (product.md, "Reservations"), defined with the segment tree that needs them too. */
export const HOLDING: readonly ReservationStatus[] = HOLDING_STATUSES;

export const holds = (status: ReservationStatus): boolean => HOLDING.includes(status);

export type ReservationAction =
  | 'approve'
  | 'reject'
  | 'cancel'
  | 'check_in'
  | 'check_out'
  | 'reschedule'
  | 'resolve'
  | 'expire'
  | 'no_show'
  | 'displace'
  | 'promote';

/** From which statuses each action may be taken. */
const ALLOWED: Record<ReservationAction, readonly ReservationStatus[]> = {
  approve: ['pending'],
  reject: ['pending'],
  cancel: ['pending', 'confirmed', 'waitlisted', 'displaced'],
  check_in: ['confirmed'],
  check_out: ['checked_in'],
  reschedule: ['pending', 'confirmed'],
  resolve: ['displaced'],
  expire: ['pending', 'waitlisted'],
  no_show: ['confirmed'],
  // a vehicle that is on site is not pushed off the track by software
  displace: ['pending', 'confirmed'],
  promote: ['waitlisted'],
};

export function canTake(action: ReservationAction, status: ReservationStatus): boolean {
  return ALLOWED[action].includes(status);
}

/** Throws 409 INVALID_STATE when the action is not allowed from the reservation's status. */
export function requireState(action: ReservationAction, status: ReservationStatus): void {
  if (!canTake(action, status)) {
    throw new InvalidState(`A ${status} reservation cannot be ${PAST[action]}`, { status, action, allowedFrom: ALLOWED[action] });
  }
}

const PAST: Record<ReservationAction, string> = {
  approve: 'approved',
  reject: 'rejected',
  cancel: 'cancelled',
  check_in: 'checked in',
  check_out: 'checked out',
  reschedule: 'rescheduled',
  resolve: 'resolved',
  expire: 'expired',
  no_show: 'marked as a no-show',
  displace: 'displaced',
  promote: 'promoted from the waitlist',
};

/**
 * The events a status change emits (api.md, "Notifications, webhooks, quotas"); the first is the
 * one the booking user is e-mailed about. Every reservation that becomes confirmed also emits
 * `reservation.confirmed`. Displacement is announced by the change that displaced, once its own
 * booking or blackout is written (the suggestions must see it); check-in and check-out are not told.
 */
export function eventsOf(action: ReservationAction | 'create', to: ReservationStatus): EventType[] {
  const confirmed: EventType[] = to === 'confirmed' ? ['reservation.confirmed'] : [];
  switch (action) {
    case 'create':
      return ['reservation.created', ...confirmed];
    case 'approve':
      return ['reservation.approved', ...confirmed];
    case 'promote':
      return ['reservation.waitlist_promoted', ...confirmed];
    case 'reject':
      return ['reservation.rejected'];
    case 'cancel':
      return ['reservation.cancelled'];
    case 'resolve':
      return ['reservation.relocated'];
    case 'no_show':
      return ['reservation.no_show'];
    case 'expire':
      return ['reservation.expired'];
    default:
      return [];
  }
}
