import { DomainError, ErrorCode } from '../common/errors.js';
import { isCustomer, type Actor } from '../auth/actor.js';
import type { SuggestionView } from '../availability/availability.dto.js';
import type { Conflict } from './conflicts.js';
import type { ConflictView } from './reservations.dto.js';

/** Conflicts as a caller may see them: another organization's reservation ids stay hidden from customers. */
export function conflictViews(actor: Actor, conflicts: Conflict[]): ConflictView[] {
  return conflicts.map((c) => {
    const view: ConflictView = { type: c.type, start: c.start.toISOString(), end: c.end.toISOString() };
    if (c.reservationId && (!isCustomer(actor) || c.organizationId === actor.organizationId)) view.reservationId = c.reservationId;
    return view;
  });
}

/** 409 RESERVATION_CONFLICT with every obstacle and up to five suggestions. */
export class ReservationConflict extends DomainError {
  constructor(conflicts: ConflictView[], suggestions: SuggestionView[]) {
    super(ErrorCode.RESERVATION_CONFLICT, 'The requested time is not available', { conflicts, suggestions });
  }
}
