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

export interface StoredResponse {
  hash: string;
  status: number;
  body: unknown;
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
 * Idempotency keys in PostgreSQL, per user, kept 24 hours. A creating service writes its
 * response with `record()` inside the transaction that creates the thing: a concurrent retry's
 * transaction then fails on the primary key and the retry replays the first response, so
 * exactly one thing is created however many retries race.
 */
@Injectable()
export class IdempotencyService {
  private readonly storage = new AsyncLocalStorage<IdempotencyContext>();

  constructor(private readonly dataSource: DataSource) {}

  run<T>(context: IdempotencyContext, work: () => T): T {
    return this.storage.run(context, work);
  }

  /** Inside a creating transaction: stores the response atomically with the creation. */
  async record(manager: EntityManager, status: number, body: unknown): Promise<void> {
    const context = this.storage.getStore();
    if (!context || context.recorded) return;
    await manager.query(
      `INSERT INTO idempotency_keys (user_id, key, request_hash, response_status, response_body) VALUES ($1, $2, $3, $4, $5)`,
      [context.userId, context.key, context.hash, status, JSON.stringify(body)],
    );
    context.recorded = true;
  }

  /** After the fact, for responses no transaction recorded (errors, simple creations); the first one wins. */
  async recordAfter(context: IdempotencyContext, status: number, body: unknown): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO idempotency_keys (user_id, key, request_hash, response_status, response_body) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`,
      [context.userId, context.key, context.hash, status, JSON.stringify(body)],
    );
  }

  /** The stored response of a live key; an expired one is forgotten. */
  async find(userId: string, key: string): Promise<StoredResponse | null> {
    await this.dataSource.query(`DELETE FROM idempotency_keys WHERE user_id = $1 AND key = $2 AND created_at < now() - make_interval(hours => $3)`, [
      userId,
      key,
      KEY_TTL_HOURS,
    ]);
    const rows = (await this.dataSource.query(
      `SELECT request_hash AS hash, response_status AS status, response_body AS body FROM idempotency_keys WHERE user_id = $1 AND key = $2`,
      [userId, key],
    )) as StoredResponse[];
    return rows[0] ?? null;
  }

  /** Removes keys older than their time to live (run by the lifecycle jobs). */
  async purgeExpired(): Promise<number> {
    const rows = (await this.dataSource.query(`DELETE FROM idempotency_keys WHERE created_at < now() - make_interval(hours => $1) RETURNING 1`, [KEY_TTL_HOURS])) as unknown[];
    return rows.length;
  }
}
