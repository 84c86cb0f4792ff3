import { InvalidState } from '../common/errors.js';
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
