import { applyDecorators, createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth, ApiParam, ApiResponse } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import type { Actor, Role } from './actor.js';
import { OwnershipPipe } from './ownership.pipe.js';
import type { OwnedResource } from './access.repository.js';

/**
 * How a route keeps organizations apart. Every route declares one (a test enforces it):
 * - `public`:  no token (login, health);
 * - `staff`:   no customer may call it, so no organization filter is needed;
 * - `global`:  facility data that belongs to no organization (segments, catalog);
 * - `scoped`:  the service receives the Actor and limits lists and creations to the customer's organization;
 * - `owned`:   the path parameter names a thing owned by an organization; `@OwnedId()` checks it and
 *              answers 404 for a customer of another organization, exactly as for an unknown id.
 */
export type Tenancy =
  | { kind: 'public' }
  | { kind: 'staff' }
  | { kind: 'global' }
  | { kind: 'scoped' }
  | { kind: 'owned'; resource: OwnedResource; param: string };

export interface AccessRule {
  roles: Role[] | 'public';
  tenancy: Tenancy;
}

export const ACCESS_RULE = 'access:rule';

export function Access(roles: Role[], tenancy: 'staff' | 'global' | 'scoped'): MethodDecorator;
export function Access(roles: Role[], tenancy: 'owned', resource: OwnedResource, param?: string): MethodDecorator;
export function Access(roles: Role[], kind: Tenancy['kind'], resource?: OwnedResource, param = 'id'): MethodDecorator {
  if (kind === 'staff' && roles.includes('customer')) throw new Error('a staff route cannot admit customers');
  const tenancy: Tenancy = kind === 'owned' ? { kind, resource: resource!, param } : ({ kind } as Tenancy);
  const decorators = [
    SetMetadata(ACCESS_RULE, { roles, tenancy } satisfies AccessRule),
    ApiBearerAuth(),
    ApiResponse({ status: 401, description: 'UNAUTHENTICATED' }),
    ApiResponse({ status: 403, description: 'FORBIDDEN' }),
  ];
  if (tenancy.kind === 'owned') {
    decorators.push(ApiParam({ name: param, format: 'uuid' }), ApiResponse({ status: 404, description: 'NOT_FOUND' }));
  }
  return applyDecorators(...decorators);
}

export const STAFF_ONLY_FIELDS = 'access:staff-only-fields';

/**
 * Body fields only staff may send (api.md: "A customer sending a staff-only field (priority, waiveFee, ...) gets
 * 403"). The AuthGuard refuses a customer who sends one with any value but `false`, before the body is validated,
 * so the order 401, 403, 400 of api.md holds; the services keep their own check as the domain rule.
 */
export const StaffOnlyFields = (...fields: string[]): MethodDecorator => SetMetadata(STAFF_ONLY_FIELDS, fields);

export const Public = (): MethodDecorator => SetMetadata(ACCESS_RULE, { roles: 'public', tenancy: { kind: 'public' } } satisfies AccessRule);

export interface AuthedRequest extends FastifyRequest {
  actor?: Actor;
}

/** The caller, as the AuthGuard decoded it. */
export const CurrentActor = createParamDecorator((_: unknown, ctx: ExecutionContext): Actor => {
  return ctx.switchToHttp().getRequest<AuthedRequest>().actor!;
});

export interface OwnedIdInput {
  actor: Actor;
  resource: OwnedResource;
  param: string;
  id: string | undefined;
}

/** The id of an `owned` route's path parameter, checked against the caller's organization by OwnershipPipe. */
export const OwnedId = () =>
  createParamDecorator((_: unknown, ctx: ExecutionContext): OwnedIdInput => {
    const request = ctx.switchToHttp().getRequest<AuthedRequest>();
    const rule = Reflect.getMetadata(ACCESS_RULE, ctx.getHandler()) as AccessRule | undefined;
    if (rule?.tenancy.kind !== 'owned') throw new Error('@OwnedId() needs @Access(..., "owned", resource)');
    const { resource, param } = rule.tenancy;
    return { actor: request.actor!, resource, param, id: (request.params as Record<string, string>)[param] };
  })(undefined, OwnershipPipe);
