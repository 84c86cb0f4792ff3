import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { migrate } from '../../src/database/data-source.js';
import type { EmbeddedDatabase } from '../../src/database/embedded-postgres.js';
import { freePort } from './instances.js';

type EmbeddedModule = typeof import('../../src/database/embedded-postgres.js');

/**
 * A PostgreSQL of the test's own, which it may stop and start again (the run's shared server must
 * never be stopped): the embedded PostgreSQL of the build (as test/support/global-setup.mjs starts
 * it), in a temporary data directory, on a port fixed for its whole life so that app instances
 * configured with its URL find it again after a restart.
 */
export class StoppablePostgres {
  private server?: EmbeddedDatabase;

  private constructor(
    private readonly embedded: EmbeddedModule,
    private readonly dataDir: string,
    readonly port: number,
    readonly url: string,
    server: EmbeddedDatabase,
  ) {
    this.server = server;
  }

  /** Initialises, starts and migrates a new cluster with one database. */
  static async create(database = 'reliability'): Promise<StoppablePostgres> {
    const distModule = new URL('../../dist/src/database/embedded-postgres.js', import.meta.url).href;
    const embedded = (await import(distModule)) as EmbeddedModule;
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'pg-stoppable-'));
    await chmod(dataDir, 0o755); // the postgres OS user must enter it when we run as root
    const port = await freePort();
    const server = await embedded.startEmbeddedPostgres({ dataDir, port, database });
    await migrate(server.url);
    return new StoppablePostgres(embedded, dataDir, port, server.url, server);
  }

  get running(): boolean {
    return this.server !== undefined;
  }

  /** Fast shutdown (SIGINT to the postmaster): sessions are terminated, open transactions roll back. */
  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    await server?.stop();
  }

  /** Starts the same cluster again, on the same port and data directory. */
  async start(): Promise<void> {
    if (this.server) return;
    this.server = await this.embedded.startEmbeddedPostgres({ dataDir: this.dataDir, port: this.port, database: new URL(this.url).pathname.slice(1) });
  }

  async destroy(): Promise<void> {
    await this.stop();
    await rm(this.dataDir, { recursive: true, force: true });
  }
}
