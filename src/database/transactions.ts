import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
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
        // READ COMMITTED is PostgreSQL's default: not setting it saves a round trip per transaction
        return await (isolation === 'READ COMMITTED' ? this.dataSource.transaction(work) : this.dataSource.transaction(isolation, work));
      } catch (error) {
        if (!isRetryable(error) || attempt >= MAX_ATTEMPTS) throw error;
        await new Promise((r) => setTimeout(r, Math.random() * 5 * attempt));
      }
    }
  }
}
