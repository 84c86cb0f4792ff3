import { Injectable } from '@nestjs/common';
import type { EventEmitter } from 'node:events';
import { DataSource, EntityManager, QueryRunnerAlreadyReleasedError, QueryRunnerProviderAlreadyReleasedError } from 'typeorm';
import type { IsolationLevel } from 'typeorm/driver/types/IsolationLevel.js';
import { isRetryable } from './pg-errors.js';

const MAX_ATTEMPTS = 8;

/**
 * One transaction per decision. Serialization failures and deadlocks are not
 * errors a client caused: the whole decision runs again (bounded, with jitter).
 */
@Injectable()
export class Transactions {
  constructor(private readonly dataSource: DataSource) {}

  async run<T>(work: (manager: EntityManager) => Promise<T>, isolation: IsolationLevel = 'READ COMMITTED'): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.once(work, isolation);
      } catch (error) {
        if (!isRetryable(error) || attempt >= MAX_ATTEMPTS) throw error;
        await new Promise((r) => setTimeout(r, Math.random() * 5 * attempt));
      }
    }
  }

  /**
   * What DataSource.transaction does, but a transaction that fails because its connection was
   * lost (PostgreSQL stopped or restarted, the network cut) fails with the connection's error.
   * TypeORM releases a query runner as soon as its pg client emits 'error' (PostgresQueryRunner.connect),
   * so the transaction's next statement would otherwise throw "Query runner already released", which
   * says nothing about the database and was answered 500 instead of 503 SERVICE_UNAVAILABLE
   * (test/reliability/postgres-restart.rel-spec.ts). Not retried: a COMMIT may have been cut after it
   * took effect, so whether the work happened is unknown.
   */
  private async once<T>(work: (manager: EntityManager) => Promise<T>, isolation: IsolationLevel): Promise<T> {
    const runner = this.dataSource.createQueryRunner();
    let lost: unknown;
    const onLost = (error: unknown) => (lost ??= error);
    try {
      const client = (await runner.connect()) as EventEmitter;
      client.on('error', onLost);
      try {
        // READ COMMITTED is every connection's default (data-source.ts): not naming it saves a round trip
        await runner.startTransaction(isolation === 'READ COMMITTED' ? undefined : isolation);
        const result = await work(runner.manager);
        await runner.commitTransaction();
        return result;
      } catch (error) {
        await runner.rollbackTransaction().catch(() => undefined);
        const released = error instanceof QueryRunnerAlreadyReleasedError || error instanceof QueryRunnerProviderAlreadyReleasedError;
        throw released && lost !== undefined ? lost : error;
      } finally {
        client.removeListener('error', onLost);
      }
    } finally {
      await runner.release();
    }
  }
}
