import { rm } from 'node:fs/promises';
import pg from 'pg';

export default async function globalTeardown() {
  const admin = new pg.Client({ connectionString: process.env.TEST_ADMIN_URL });
  await admin.connect();
  try {
    const { rows } = await admin.query(`SELECT datname FROM pg_database WHERE datname LIKE $1`, [`${process.env.TEST_RUN_ID}%`]);
    for (const { datname } of rows) await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
  } finally {
    await admin.end();
  }
  const embedded = globalThis.__EMBEDDED_PG__;
  if (embedded) {
    await embedded.db.stop();
    await rm(embedded.dir, { recursive: true, force: true });
  }
}
