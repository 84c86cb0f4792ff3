// Starts one PostgreSQL for the whole run (embedded, or the server of TEST_DATABASE_URL).
// Each test file then clones its own database from a migrated template (test/support/database.ts).
import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

export default async function globalSetup() {
  process.env.TEST_RUN_ID = `pgt_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  if (process.env.TEST_DATABASE_URL) {
    process.env.TEST_ADMIN_URL = process.env.TEST_DATABASE_URL;
    return;
  }
  const { startEmbeddedPostgres } = await import('../../dist/src/database/embedded-postgres.js').catch(() => {
    throw new Error('Run `npm run build` first (npm ci does it): the test harness starts PostgreSQL with the built app code.');
  });
  const dir = await mkdtemp(path.join(os.tmpdir(), 'pg-test-'));
  await chmod(dir, 0o755); // the postgres OS user must enter it when we run as root
  const db = await startEmbeddedPostgres({ dataDir: dir, database: 'postgres' });
  globalThis.__EMBEDDED_PG__ = { db, dir };
  process.env.TEST_ADMIN_URL = db.url;
}
