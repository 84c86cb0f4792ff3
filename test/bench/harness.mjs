// What every benchmark shares: an embedded PostgreSQL in a temporary directory, the BUILT app on it
// (npm run build first; the npm scripts do), percentiles, tables, and docs/performance.md sections.
import 'reflect-metadata';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const dist = (p) => import(path.join(root, 'dist', p));
export const ZONE = 'Asia/Seoul';
export const WRITE = process.argv.includes('--write');
export const JWT_SECRET = 'bench-secret-bench-secret-bench-secret-0';

export const say = (line = '') => process.stdout.write(`${line}\n`);
export const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];

/** A fresh embedded PostgreSQL, migrated: `{ url, stop() }`. */
export async function startDatabase() {
  const { startEmbeddedPostgres } = await dist('src/database/embedded-postgres.js');
  const { migrate } = await dist('src/database/data-source.js');
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'pg-bench-'));
  await fs.chmod(dataDir, 0o755);
  say(`embedded PostgreSQL in ${dataDir} ...`);
  const embedded = await startEmbeddedPostgres({ dataDir });
  await migrate(embedded.url);
  return {
    url: embedded.url,
    async stop() {
      await embedded.stop().catch(() => undefined);
      await fs.rm(dataDir, { recursive: true, force: true }).catch(() => undefined);
    },
  };
}

/**
 * The app in this process on `url`, demo facility seeded: `{ app, db, tokenFor(role, organizationId?), close() }`.
 * Requests go through `app.inject` (no sockets) unless the caller listens.
 */
export async function startApp(url, env = {}) {
  const { createApp } = await dist('src/bootstrap.js');
  const { loadConfig } = await dist('src/config/app-config.js');
  const { SeedService } = await dist('src/seed/seed.service.js');
  const { TokenService } = await dist('src/auth/token.service.js');
  const { DataSource } = await import('typeorm');
  const config = loadConfig({
    DATABASE_URL: url,
    JWT_SECRET,
    LOG_LEVEL: 'silent',
    SEED_DEMO: 'true',
    LIFECYCLE_INTERVAL_SECONDS: '0',
    DELIVERY_INTERVAL_MS: '0',
    FACILITY_TIMEZONE: ZONE,
    ADMIN_EMAIL: 'admin@bench.kr',
    ADMIN_PASSWORD: 'bench-password-123',
    ...env,
  });
  const app = await createApp(config, { databaseUrl: url, jwtSecret: JWT_SECRET });
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  await app.get(SeedService).run();
  const db = app.get(DataSource);
  const tokens = app.get(TokenService);
  return {
    app,
    db,
    /** A token of a new user of this role (customers: of `organizationId`, else the first organization). */
    async tokenFor(role, organizationId = null) {
      const org = role === 'customer' ? organizationId ?? (await db.query(`SELECT id FROM organizations ORDER BY created_at LIMIT 1`))[0].id : null;
      const [user] = await db.query(
        `INSERT INTO users (email, password_hash, name, role, organization_id) VALUES ($1, 'x', $2, $3, $4) RETURNING id`,
        [`${role}-${Math.random().toString(36).slice(2)}@bench.kr`, `bench ${role}`, role, org],
      );
      return tokens.sign({ userId: user.id, role, organizationId: org });
    },
    close: () => app.close().catch(() => undefined),
  };
}

/** ~60 segments: the 17 demo ones plus `n` generated top-level ones (a third shared), open 08:00–20:00 daily. */
export async function addSegments(db, n) {
  await db.query(
    `WITH s AS (
       INSERT INTO segments (code, name, kind, capacity_mode, max_vehicles, slot_minutes, min_duration_minutes, max_duration_minutes, max_advance_days, opening_hours)
       SELECT 'B' || g, 'Bench segment ' || g, 'test', CASE WHEN g % 3 = 0 THEN 'shared' ELSE 'exclusive' END, CASE WHEN g % 3 = 0 THEN 6 END,
              30, 30, 480, 365, '[{"days":["mon","tue","wed","thu","fri","sat","sun"],"open":"08:00","close":"20:00"}]'::jsonb
         FROM generate_series(1, $1::int) g RETURNING id)
     INSERT INTO segment_closure (ancestor_id, descendant_id, depth) SELECT id, id, 0 FROM s`,
    [n],
  );
}

/** A markdown table from a header row and rows of cells. */
export function markdownTable(header, rows) {
  const align = header.map((_, i) => (i === 0 ? '---' : '---:'));
  return [header, align, ...rows].map((cells) => `| ${cells.join(' | ')} |`).join('\n');
}

/** Replaces (or appends) the `## title` section of docs/performance.md with `body`. */
export async function writeSection(title, body) {
  const file = path.join(root, 'docs/performance.md');
  let doc = await fs.readFile(file, 'utf8');
  const section = `## ${title}\n\n${body.trim()}\n`;
  const escaped = title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const re = new RegExp(`## ${escaped}\\n[\\s\\S]*?(?=\\n## |$)`);
  doc = re.test(doc) ? doc.replace(re, section) : `${doc.trimEnd()}\n\n${section}`;
  await fs.writeFile(file, doc);
  say(`updated docs/performance.md, "${title}"`);
}

/** The machine, for the record. */
export function machine() {
  return `${os.cpus().length} cores (${os.cpus()[0]?.model.trim()}), ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
}
