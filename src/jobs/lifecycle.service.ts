import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { ChargesService } from '../billing/charges.service.js';
import { AppConfig } from '../config/app-config.js';
import { Transactions } from '../database/transactions.js';
import { IdempotencyService } from '../idempotency/idempotency.service.js';
import type { ReservationAction } from '../reservations/lifecycle.js';
import type { ReservationStatus } from '../reservations/reservation.entity.js';
import { ReservationsRepository, type LifecycleDue } from '../reservations/reservations.repository.js';
import { ReservationsService } from '../reservations/reservations.service.js';

const BATCH = 100;

const SWEEPS: { due: LifecycleDue; action: ReservationAction; to: ReservationStatus; reason: string }[] = [
  { due: 'pending_expiry', action: 'expire', to: 'expired', reason: 'not approved in time' },
  { due: 'no_show', action: 'no_show', to: 'no_show', reason: 'not checked in by start + grace' },
  { due: 'waitlist_expiry', action: 'expire', to: 'expired', reason: 'the waitlisted time has started' },
];

export type SweepSummary = Record<LifecycleDue, number>;

/**
 * Background lifecycle jobs: pending expiry, no-shows, waitlist expiry. Every instance sweeps on
 * its own timer; rows are claimed with FOR UPDATE SKIP LOCKED and each is moved in the same
 * transaction that claimed it, so with any number of instances each reservation is handled once.
 */
@Injectable()
export class LifecycleService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Lifecycle');
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;

  constructor(
    private readonly config: AppConfig,
    private readonly transactions: Transactions,
    private readonly repository: ReservationsRepository,
    private readonly reservations: ReservationsService,
    private readonly idempotency: IdempotencyService,
    private readonly charges: ChargesService,
  ) {}

  onApplicationBootstrap(): void {
    const seconds = this.config.LIFECYCLE_INTERVAL_SECONDS;
    if (seconds === 0) return;
    this.timer = setInterval(() => {
      if (this.running) return;
      this.running = this.sweep()
        .catch((error: unknown) => this.logger.warn(`lifecycle sweep failed: ${String(error)}`))
        .finally(() => (this.running = undefined));
    }, seconds * 1000);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** One pass of every sweep; returns how many reservations each moved. */
  async sweep(): Promise<SweepSummary> {
    const summary = { pending_expiry: 0, no_show: 0, waitlist_expiry: 0 } as SweepSummary;
    const settings = { pendingExpiryHours: this.config.PENDING_EXPIRY_HOURS, noShowGraceMinutes: this.config.NO_SHOW_GRACE_MINUTES };
    for (const { due, action, to, reason } of SWEEPS) {
      for (;;) {
        const moved = await this.transactions.run(async (manager) => {
          const batch = await this.repository.dueForLifecycle(manager, due, settings, BATCH);
          for (const reservation of batch) {
            await this.reservations.endHold(manager, null, reservation, action, to, reason);
            if (due === 'no_show') await this.charges.recordFee(manager, reservation.id, 'no_show', reservation.start, false);
          }
          return batch.length;
        });
        summary[due] += moved;
        if (moved < BATCH) break;
      }
    }
    await this.idempotency.purgeExpired();
    return summary;
  }
}
