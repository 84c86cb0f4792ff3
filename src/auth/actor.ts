import { NotFound, ValidationFailed } from '../common/errors.js';

export const ROLES = ['customer', 'scheduler', 'finance', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Who is calling: decoded from the bearer token by the AuthGuard. */
export interface Actor {
  userId: string;
  role: Role;
  /** Set for customers (always) and for staff who belong to an organization (rarely). */
  organizationId: string | null;
}

export const ANY_ROLE: Role[] = ['customer', 'scheduler', 'finance', 'admin'];
/** Runs the schedule and the gate. */
export const SCHEDULING: Role[] = ['scheduler', 'admin'];
/** Staff for money. */
export const MONEY: Role[] = ['finance', 'admin'];
/** Every staff role: may read everything. */
export const STAFF: Role[] = ['scheduler', 'finance', 'admin'];
export const ADMIN: Role[] = ['admin'];

export const isCustomer = (actor: Pick<Actor, 'role'>): boolean => actor.role === 'customer';
export const isScheduling = (actor: Actor): boolean => SCHEDULING.includes(actor.role);

/**
 * Tenancy of `scoped` routes: the organization a request is limited to.
 * A customer is always limited to their own; naming another is answered like an unknown id.
 * Staff see every organization, or the one they name.
 */
export function scopeOrganization(actor: Actor, requested?: string): string | undefined {
  if (actor.role !== 'customer') return requested;
  if (requested !== undefined && requested !== actor.organizationId) throw new NotFound('organization');
  return actor.organizationId!;
}

/** The organization a new thing belongs to: the customer's own, or the one staff must name. */
export function owningOrganization(actor: Actor, requested?: string): string {
  const organizationId = scopeOrganization(actor, requested);
  if (!organizationId) throw ValidationFailed.field('organizationId', 'organizationId is required when staff act for an organization');
  return organizationId;
}
