import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants.js';
import { defer, from, lastValueFrom, type Observable } from 'rxjs';
import type { AuthedRequest } from '../auth/access.decorators.js';
import { toEnvelope, type ErrorEnvelope } from '../common/error.filter.js';
import { DomainError, ErrorCode, ReplayedResponse, ValidationFailed } from '../common/errors.js';
import { IdempotencyService, requestHash, type IdempotencyContext } from './idempotency.service.js';

const KEY = /^[\x21-\x7e]{1,200}$/;
/** How long a retry waits for the first request with its key to answer. */
const WAIT_MS = 10_000;
const POLL_MS = 50;
/** A claim this old without an answer belongs to a request that died: a retry takes it over. */
const STALE_SECONDS = 60;

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
    const ctx: IdempotencyContext = { userId: request.actor!.userId, key, hash: requestHash(request.method, request.url, request.body), recorded: false };
    const deadline = Date.now() + WAIT_MS;
    while (!(await this.idempotency.claim(ctx))) {
      const stored = await this.idempotency.find(ctx.userId, key);
      if (!stored) continue; // released or expired meanwhile: claim again
      if (stored.hash !== ctx.hash) {
        throw new DomainError(ErrorCode.IDEMPOTENCY_KEY_REUSED, 'This Idempotency-Key was used with another request', { key });
      }
      if (stored.status !== null) {
        if (stored.status >= 400) throw new ReplayedResponse(stored.status, stored.body as ErrorEnvelope);
        return stored.body;
      }
      if (stored.age > STALE_SECONDS) {
        await this.idempotency.release(ctx); // its request died before answering: take over
        continue;
      }
      if (Date.now() > deadline) throw new DomainError(ErrorCode.IDEMPOTENCY_IN_PROGRESS, 'A request with this Idempotency-Key is still in progress; retry shortly', { key });
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
    try {
      const body = await this.idempotency.run(ctx, () => lastValueFrom(next.handle()));
      if (!ctx.recorded) {
        const status = (this.reflector.get<number | undefined>(HTTP_CODE_METADATA, context.getHandler()) ?? 201) as number;
        await this.idempotency.recordAfter(ctx, status, body);
      }
      return body;
    } catch (error) {
      const { envelope } = toEnvelope(error);
      if (envelope.statusCode < 500) await this.idempotency.recordAfter(ctx, envelope.statusCode, envelope);
      else await this.idempotency.release(ctx);
      throw error;
    }
  }
}
