import { Logger } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { nextAttemptAt } from './backoff.js';

/** The two outbox tables a worker sends from; `done` is the status of a row sent successfully. */
export type QueueTable = { name: 'notifications'; done: 'sent'; doneAt: 'sent_at' } | { name: 'webhook_deliveries'; done: 'delivered'; doneAt: 'delivered_at' };

export const MAIL_QUEUE: QueueTable = { name: 'notifications', done: 'sent', doneAt: 'sent_at' };
export const WEBHOOK_QUEUE: QueueTable = { name: 'webhook_deliveries', done: 'delivered', doneAt: 'delivered_at' };

/** Rows claimed, and sent concurrently, at a time. */
const BATCH = 20;

/** Longer than any one send may take (SMTP and webhook timeouts are well below it). */
const LEASE_SECONDS = 120;

export interface Claimed {
  id: string;
  eventId: string;
  attempts: number;
  createdAt: Date;
}

export interface RetryPolicy {
  scheduleSeconds: readonly number[];
  windowSeconds: number;
}

/** What one attempt came to. */
export type Outcome = { ok: true; responseStatus?: number } | { ok: false; error: string; responseStatus?: number };

/**
 * Claims and settles outbox rows for one worker. Every instance polls; a claim takes due rows
 * with FOR UPDATE SKIP LOCKED and leases them, committing at once, so no two instances send
 * the same row, and a row whose sender died is sent again when its lease runs out.
 */
export class DeliveryQueue {
  constructor(
    private readonly dataSource: DataSource,
    private readonly table: QueueTable,
    private readonly retry: RetryPolicy,
  ) {}

  private async claim(limit: number): Promise<Claimed[]> {
    const t = this.table.name;
    return (await this.dataSource.query(
      `WITH claimed AS (
         UPDATE ${t} SET lease_until = now() + make_interval(secs => $2), attempts = attempts + 1
          WHERE id IN (SELECT id FROM ${t}
                        WHERE status = 'pending' AND next_attempt_at <= now() AND (lease_until IS NULL OR lease_until < now())
                        ORDER BY next_attempt_at LIMIT $1 FOR UPDATE SKIP LOCKED)
          RETURNING id, event_id, attempts, created_at)
       SELECT id, event_id AS "eventId", attempts, created_at AS "createdAt" FROM claimed`,
      [limit, LEASE_SECONDS],
    )) as Claimed[];
  }

  /**
   * Claims and sends batch after batch until none is due; answers how many attempts were made.
   * A row due again within the run (a retry schedule of 0 s) ends it, so a run always ends.
   */
  async drain(send: (batch: Claimed[]) => Promise<unknown>, stopping: () => boolean = () => false): Promise<number> {
    const attempted = new Set<string>();
    for (let attempts = 0; ; ) {
      const batch = await this.claim(BATCH);
      const again = batch.some((row) => attempted.has(row.id));
      batch.forEach((row) => attempted.add(row.id));
      if (batch.length) await send(batch);
      attempts += batch.length;
      if (batch.length < BATCH || again || stopping()) return attempts;
    }
  }

  /** Records an attempt: done, retried later by the policy, or failed for good once its window is over. */
  async settle(row: Claimed, outcome: Outcome): Promise<void> {
    const t = this.table;
    const next = outcome.ok ? null : nextAttemptAt(row.attempts, this.retry.scheduleSeconds, row.createdAt, this.retry.windowSeconds, new Date());
    const status = outcome.ok ? t.done : next ? 'pending' : 'failed';
    const sets = [
      'status = $2',
      'last_error = $3',
      'next_attempt_at = coalesce($4, next_attempt_at)',
      `${t.doneAt} = CASE WHEN $2 = '${t.done}' THEN now() END`,
      'lease_until = NULL',
    ];
    const params: unknown[] = [row.id, status, outcome.ok ? null : outcome.error.slice(0, 2000), next];
    if (t.name === 'webhook_deliveries') {
      sets.push('response_status = $5');
      params.push(outcome.responseStatus ?? null);
    }
    await this.dataSource.query(`UPDATE ${t.name} SET ${sets.join(', ')} WHERE id = $1`, params);
  }
}

/**
 * Runs `work` every `intervalMs` on this instance, never two runs at once; stops on shutdown
 * after the run in progress. Failures are logged and the next tick tries again.
 */
export class Ticker {
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;

  constructor(
    private readonly logger: Logger,
    private readonly work: () => Promise<unknown>,
  ) {}

  start(intervalMs: number): void {
    if (intervalMs === 0) return;
    this.timer = setInterval(() => {
      if (this.running) return;
      this.running = this.work()
        .catch((error: unknown) => this.logger.warn(`${String(error)}`))
        .finally(() => (this.running = undefined));
    }, intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }
}
