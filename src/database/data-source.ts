import { DataSource, type DataSourceOptions } from 'typeorm';
import { migrations } from '../../migrations/index.js';

export function dataSourceOptions(url: string, poolSize: number): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    migrations,
    synchronize: false,
    migrationsRun: false,
    // Every decision runs in READ COMMITTED (Transactions.run): made the session default at connect, whatever the
    // server's setting, so starting a transaction needs no SET statement.
    extra: { max: poolSize, connectionTimeoutMillis: 5000, options: '-c default_transaction_isolation=read\\ committed' },
  };
}

/** Runs pending migrations once, even when several instances start together (advisory lock). */
export async function migrate(url: string): Promise<string[]> {
  const dataSource = new DataSource(dataSourceOptions(url, 2));
  await dataSource.initialize();
  const lock = dataSource.createQueryRunner();
  try {
    await lock.query(`SELECT pg_advisory_lock(hashtext('proving-ground:migrations'))`);
    const ran = await dataSource.runMigrations({ transaction: 'each' });
    return ran.map((m) => m.name);
  } finally {
    await lock.query(`SELECT pg_advisory_unlock(hashtext('proving-ground:migrations'))`).catch(() => undefined);
    await lock.release();
    await dataSource.destroy();
  }
}
