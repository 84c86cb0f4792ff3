// Starts the built app (`node dist/src/main.js`, as `npm start` does) on a fresh data directory: its own embedded
// PostgreSQL with the demo facility, organizations and accounts. The tests find it through BROWSER_APP_URL and
// BROWSER_CREDENTIALS (role email password, one per line, as the seed writes them).
import { spawn } from 'node:child_process';
import { chmod, mkdtemp, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../..', import.meta.url));

export default async function globalSetup() {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'browser-app-'));
  await chmod(dataDir, 0o755); // the embedded PostgreSQL runs as the postgres OS user when we are root
  const { freePort } = await import('../../../dist/src/database/embedded-postgres.js');
  const port = await freePort();
  const output = [];
  const child = spawn(process.execPath, ['dist/src/main.js'], {
    cwd: root,
    env: { ...process.env, DATA_DIR: dataDir, PORT: String(port), LOG_LEVEL: 'warn', DATABASE_URL: '', DELIVERY_INTERVAL_MS: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.on('data', (d) => output.push(String(d)));
  child.stderr.on('data', (d) => output.push(String(d)));
  globalThis.__BROWSER_APP__ = { child, dataDir };
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    const up = await fetch(`${url}/health`).then((r) => r.ok).catch(() => false);
    if (up) break;
    if (child.exitCode !== null || i > 1200) throw new Error(`the app did not start:\n${output.join('')}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  process.env.BROWSER_APP_URL = url;
  process.env.BROWSER_CREDENTIALS = await readFile(path.join(dataDir, 'demo-credentials.txt'), 'utf8');
}
