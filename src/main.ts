import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { createApp } from './bootstrap.js';
import { ConfigError, loadConfig, type AppConfig } from './config/app-config.js';
import { migrate } from './database/data-source.js';
import { EmbeddedStartError, startEmbeddedPostgres, type EmbeddedDatabase } from './database/embedded-postgres.js';
import { SeedService } from './seed/seed.service.js';

const say = (line: string) => process.stdout.write(`${line}\n`);

/** Embedded mode keeps a generated JWT secret in DATA_DIR so tokens survive restarts. */
async function jwtSecret(config: AppConfig): Promise<string> {
  if (config.JWT_SECRET) return config.JWT_SECRET;
  const file = path.resolve(config.DATA_DIR, 'jwt-secret');
  try {
    return (await fs.readFile(file, 'utf8')).trim();
  } catch {
    const secret = randomBytes(48).toString('base64url');
    await fs.writeFile(file, secret + '\n', { mode: 0o600 });
    return secret;
  }
}

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  let embedded: EmbeddedDatabase | undefined;
  const stopEmbedded = async () => embedded?.stop();

  if (config.embedded) {
    say(`starting embedded PostgreSQL in ${path.resolve(config.DATA_DIR)} ...`);
    embedded = await startEmbeddedPostgres({
      dataDir: config.DATA_DIR,
      port: config.EMBEDDED_PG_PORT,
      log: config.LOG_LEVEL === 'debug' || config.LOG_LEVEL === 'trace' ? say : undefined,
    });
  }
  try {
    const databaseUrl = config.DATABASE_URL ?? embedded!.url;
    const ran = await migrate(databaseUrl);
    if (ran.length) say(`migrations applied: ${ran.join(', ')}`);
    const app = await createApp(config, { databaseUrl, jwtSecret: await jwtSecret(config) });
    const seed = app.get(SeedService);
    await seed.run();

    let closing = false;
    const shutdown = async (signal: string) => {
      if (closing) return;
      closing = true;
      say(`${signal}: shutting down`);
      await app.close().catch(() => undefined);
      await stopEmbedded();
      process.exit(0);
    };
    process.on('SIGINT', () => void shutdown('SIGINT'));
    process.on('SIGTERM', () => void shutdown('SIGTERM'));

    await app.listen({ port: config.PORT, host: '0.0.0.0' });
    const url = `http://localhost:${config.PORT}`;
    say(`proving-ground web app on ${url}/, API on ${url}/api/v1, Swagger UI on ${url}/docs`);
    if (config.embedded) {
      for (const c of await seed.readCredentials()) say(`  demo ${c.role.padEnd(9)} ${c.email}  password: ${c.password}`);
      say(`  (kept in ${path.resolve(config.DATA_DIR, 'demo-credentials.txt')})`);
    }
  } catch (error) {
    await stopEmbedded();
    throw error;
  }
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof EmbeddedStartError) {
    process.stderr.write(`${error.message}\n`);
  } else {
    process.stderr.write(`start-up failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  }
  process.exit(1);
});
