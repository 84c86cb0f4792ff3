import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** Failures allowed per (client address, e-mail) in one window; api.md asks for at least 10 a minute. */
export const MAX_FAILURES = 10;
const WINDOW_SECONDS = 60;

/**
 * Failed-login counters live in PostgreSQL so every instance sees the same count.
 * Fixed one-minute windows; successful logins neither count nor reset.
 */
@Injectable()
export class LoginThrottleRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Seconds until the key may try again, or 0 when it may try now. */
  async retryAfter(key: string): Promise<number> {
    const rows = (await this.dataSource.query(
      `SELECT ceil(extract(epoch FROM window_start + make_interval(secs => $3) - now()))::int AS wait
         FROM login_failures
        WHERE key = $1 AND failures >= $2 AND window_start > now() - make_interval(secs => $3)`,
      [key, MAX_FAILURES, WINDOW_SECONDS],
    )) as { wait: number }[];
    return rows.length ? Math.max(1, rows[0].wait) : 0;
  }

  async recordFailure(key: string): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO login_failures AS f (key, window_start, failures) VALUES ($1, now(), 1)
       ON CONFLICT (key) DO UPDATE SET
         failures     = CASE WHEN f.window_start > now() - make_interval(secs => $2) THEN f.failures + 1 ELSE 1 END,
         window_start = CASE WHEN f.window_start > now() - make_interval(secs => $2) THEN f.window_start ELSE now() END`,
      [key, WINDOW_SECONDS],
    );
  }
}
