import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { ChargesService } from '../billing/charges.service.js';
import { AppConfig } from '../config/app-config.js';
import { Transactions } from '../database/transactions.js';
import { IdempotencyService } from '../idempotency/idempotency.service.js';
import { Ticker } from '../outbox/delivery-queue.js';
import type { Reservation } from '../reservations/reservation.entity.js';
import { ReservationsRepository, type LifecycleDue } from '../reservations/reservations.repository.js';
import { ReservationsService } from '../reservations/reservations.service.js';

const BATCH = 100;

export type SweepSummary = Record<LifecycleDue, number>;

/**
 * Background lifecycle jobs: pending expiry, no-shows, waitlist expiry, reminders. Every instance
 * sweeps on its own timer; rows are claimed with FOR UPDATE SKIP LOCKED and each is handled in the
 * same transaction that claimed it, so with any number of instances each reservation is handled once.
 */
@Injectable()
export class LifecycleService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly ticker = new Ticker(new Logger('Lifecycle'), () => this.sweep());

  constructor(
    private readonly config: AppConfig,
    private readonly transactions: Transactions,
    private readonly repository: ReservationsRepository,
    private readonly reservations: ReservationsService,
    private readonly idempotency: IdempotencyService,
    private readonly charges: ChargesService,
  ) {}

  /** What each sweep does to one due reservation, inside the claiming transaction. */
  private readonly handlers: Record<LifecycleDue, (manager: EntityManager, r: Reservation) => Promise<unknown>> = {
    pending_expiry: (manager, r) => this.reservations.endHold(manager, null, r, 'expire', 'expired', 'not approved in time'),
    no_show: async (manager, r) => {
      const noShowFee = await this.charges.recordFee(manager, r.id, 'no_show', r.start, false);
      return this.reservations.endHold(manager, null, r, 'no_show', 'no_show', 'not checked in by start + grace', { noShowFee });
    },
    waitlist_expiry: (manager, r) => this.reservations.endHold(manager, null, r, 'expire', 'expired', 'the waitlisted time has started'),
    reminder: async (manager, r) => {
      await this.repository.markReminded(manager, r.id);
      return this.reservations.announce(manager, r, ['reservation.reminder'], { hoursBefore: this.config.REMINDER_HOURS });
    },
  };

  onApplicationBootstrap(): void {
    this.ticker.start(this.config.LIFECYCLE_INTERVAL_SECONDS * 1000);
  }

  onApplicationShutdown(): Promise<void> {
    return this.ticker.stop();
  }

  /** One pass of every sweep; returns how many reservations each handled. */
  async sweep(): Promise<SweepSummary> {
    const summary = { pending_expiry: 0, no_show: 0, waitlist_expiry: 0, reminder: 0 } as SweepSummary;
    const settings = {
      pendingExpiryHours: this.config.PENDING_EXPIRY_HOURS,
      noShowGraceMinutes: this.config.NO_SHOW_GRACE_MINUTES,
      reminderHours: this.config.REMINDER_HOURS,
    };
    for (const due of Object.keys(summary) as LifecycleDue[]) {
      for (;;) {
        const handled = await this.transactions.run(async (manager) => {
          const batch = await this.repository.dueForLifecycle(manager, due, settings, BATCH);
          for (const reservation of batch) await this.handlers[due](manager, reservation);
          return batch.length;
        });
        summary[due] += handled;
        if (handled < BATCH) break;
      }
    }
    await this.idempotency.purgeExpired();
    return summary;
  }
}
