import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants.js';
import { defer, from, lastValueFrom, type Observable } from 'rxjs';
import type { AuthedRequest } from '../auth/access.decorators.js';
import { toEnvelope, type ErrorEnvelope } from '../common/error.filter.js';
import { DomainError, ErrorCode, ReplayedResponse, ValidationFailed } from '../common/errors.js';
import { IdempotencyService, requestHash, type IdempotencyContext, type StoredResponse } from './idempotency.service.js';

const KEY = /^[\x21-\x7e]{1,200}$/;

/**
 * Idempotency-Key on every POST: the same key and body answer the first response, the same
 * key with another body 422 IDEMPOTENCY_KEY_REUSED. Keys are scoped per user.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(
    private readonly idempotency: IdempotencyService,
    private readonly reflector: Reflector,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<AuthedRequest>();
    const key = request.headers['idempotency-key'];
    if (request.method !== 'POST' || key === undefined || !request.actor) return next.handle();
    return defer(() => from(this.handle(request, String(key), context, next)));
  }

  private async handle(request: AuthedRequest, key: string, context: ExecutionContext, next: CallHandler): Promise<unknown> {
    if (!KEY.test(key)) throw ValidationFailed.field('Idempotency-Key', 'Idempotency-Key must be 1–200 visible ASCII characters');
    const userId = request.actor!.userId;
    const ctx: IdempotencyContext = { userId, key, hash: requestHash(request.method, request.url, request.body), recorded: false };
    const replay = (stored: StoredResponse): unknown => {
      if (stored.hash !== ctx.hash) {
        throw new DomainError(ErrorCode.IDEMPOTENCY_KEY_REUSED, 'This Idempotency-Key was used with another request', { key });
      }
      if (stored.status >= 400) throw new ReplayedResponse(stored.status, stored.body as ErrorEnvelope);
      return stored.body;
    };
    const first = await this.idempotency.find(userId, key);
    if (first) return replay(first);
    try {
      const body = await this.idempotency.run(ctx, () => lastValueFrom(next.handle()));
      if (!ctx.recorded) {
        const status = (this.reflector.get<number | undefined>(HTTP_CODE_METADATA, context.getHandler()) ?? 201) as number;
        await this.idempotency.recordAfter(ctx, status, body);
      }
      return body;
    } catch (error) {
      // A concurrent retry with this key may have won: answer what it answered.
      const winner = await this.idempotency.find(userId, key);
      if (winner) return replay(winner);
      const { envelope } = toEnvelope(error);
      if (envelope.statusCode < 500) await this.idempotency.recordAfter(ctx, envelope.statusCode, envelope);
      throw error;
    }
  }
}
