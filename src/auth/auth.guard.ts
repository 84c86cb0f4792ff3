import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { Forbidden, Unauthenticated } from '../common/errors.js';
import { ACCESS_RULE, STAFF_ONLY_FIELDS, type AccessRule, type AuthedRequest } from './access.decorators.js';
import { TokenService } from './token.service.js';

/**
 * Global guard: 401 for a missing or bad token, 403 for a role the route does not admit (or a customer sending a
 * staff-only field).
 * A route without an access rule admits nobody (and the route test fails).
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokenService,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const rule = this.reflector.get<AccessRule | undefined>(ACCESS_RULE, context.getHandler());
    if (rule?.roles === 'public') return true;
    const request = context.switchToHttp().getRequest<AuthedRequest>();
    const header = request.headers.authorization;
    const match = typeof header === 'string' ? /^Bearer\s+(\S+)$/i.exec(header) : null;
    if (!match) throw new Unauthenticated('A bearer token is required');
    const actor = this.tokens.verify(match[1]);
    if (!actor) throw new Unauthenticated('The token is invalid or expired');
    request.actor = actor;
    if (!rule || !rule.roles.includes(actor.role)) throw new Forbidden();
    if (actor.role === 'customer') this.refuseStaffOnlyFields(context, request.body);
    return true;
  }

  /** 403 for a customer sending a field of the route's @StaffOnlyFields (a 400 for the rest of the body would come later). */
  private refuseStaffOnlyFields(context: ExecutionContext, body: unknown): void {
    const fields = this.reflector.get<string[] | undefined>(STAFF_ONLY_FIELDS, context.getHandler());
    if (!fields || body === null || typeof body !== 'object' || Array.isArray(body)) return;
    const sent = fields.find((f) => Object.hasOwn(body, f) && (body as Record<string, unknown>)[f] !== false);
    if (sent) throw new Forbidden(`Only staff may send ${sent}`);
  }
}
