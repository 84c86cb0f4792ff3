import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { Forbidden, Unauthenticated } from '../common/errors.js';
import { ACCESS_RULE, type AccessRule, type AuthedRequest } from './access.decorators.js';
import { TokenService } from './token.service.js';

/**
 * Global guard: 401 for a missing or bad token, 403 for a role the route does not admit.
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
    return true;
  }
}
