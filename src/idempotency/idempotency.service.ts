import { Injectable } from '@nestjs/common';
import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';

/** The Idempotency-Key of the request being handled. */
export interface IdempotencyContext {
  userId: string;
  key: string;
  hash: string;
  /** Set once the creating transaction has written the response itself. */
  recorded: boolean;
}

/** A claimed key: its request hash and, once answered, the response. */
export interface StoredResponse {
  hash: string;
  status: number | null;
  body: unknown;
  /** Seconds since the claim. */
  age: number;
}

/** How long a key is remembered. */
export const KEY_TTL_HOURS = 24;

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** The fingerprint of a request: the same key with another body is refused. */
export function requestHash(method: string, url: string, body: unknown): string {
  return createHash('sha256').update(`${method} ${url}\n${canonical(body ?? null)}`).digest('hex');
}

/**
 * Idempotency keys in PostgreSQL, per user, kept 24 hours. A request first CLAIMS its key (a row
 * without a response); a retry meanwhile waits for the response, so two requests with one key
 * never both run. A creating service writes the response with `record()` inside the transaction
 * that creates the thing, so a crash can never leave a creation without its answer; other
 * responses are written right after.
 */
@Injectable()
export class IdempotencyService {
  private readonly storage = new AsyncLocalStorage<IdempotencyContext>();

  constructor(private readonly dataSource: DataSource) {}

  run<T>(context: IdempotencyContext, work: () => T): T {
    return this.storage.run(context, work);
  }

  /** Claims the key for this request; false when another request holds it. Expired keys are forgotten first. */
  async claim(context: IdempotencyContext): Promise<boolean> {
    await this.dataSource.query(`DELETE FROM idempotency_keys WHERE user_id = $1 AND key = $2 AND created_at < now() - make_interval(hours => $3)`, [
      context.userId,
      context.key,
      KEY_TTL_HOURS,
    ]);
    const rows = (await this.dataSource.query(
      `INSERT INTO idempotency_keys (user_id, key, request_hash) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING 1`,
      [context.userId, context.key, context.hash],
    )) as unknown[];
    return rows.length === 1;
  }

  /** Inside a creating transaction: stores the response atomically with the creation. */
  async record(manager: EntityManager, status: number, body: unknown): Promise<void> {
    const context = this.storage.getStore();
    if (!context || context.recorded) return;
    await manager.query(`UPDATE idempotency_keys SET response_status = $3, response_body = $4 WHERE user_id = $1 AND key = $2`, [
      context.userId,
      context.key,
      status,
      JSON.stringify(body),
    ]);
    context.recorded = true;
  }

  /** After the request, for responses no transaction recorded (errors, simple creations). */
  async recordAfter(context: IdempotencyContext, status: number, body: unknown): Promise<void> {
    await this.dataSource.query(
      `UPDATE idempotency_keys SET response_status = $3, response_body = $4 WHERE user_id = $1 AND key = $2 AND response_status IS NULL`,
      [context.userId, context.key, status, JSON.stringify(body)],
    );
  }

  /** Gives the key up (the request failed on the server's side): a retry runs again. */
  async release(context: IdempotencyContext): Promise<void> {
    await this.dataSource.query(`DELETE FROM idempotency_keys WHERE user_id = $1 AND key = $2 AND response_status IS NULL`, [context.userId, context.key]);
  }

  async find(userId: string, key: string): Promise<StoredResponse | null> {
    const rows = (await this.dataSource.query(
      `SELECT request_hash AS hash, response_status AS status, response_body AS body, extract(epoch FROM now() - created_at)::float8 AS age
         FROM idempotency_keys WHERE user_id = $1 AND key = $2`,
      [userId, key],
    )) as StoredResponse[];
    return rows[0] ?? null;
  }

  /** Removes keys older than their time to live (run by the lifecycle jobs). */
  async purgeExpired(): Promise<void> {
    await this.dataSource.query(`DELETE FROM idempotency_keys WHERE created_at < now() - make_interval(hours => $1)`, [KEY_TTL_HOURS]);
  }
}
