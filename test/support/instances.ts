import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Role } from '../../src/auth/actor.js';
import { freePort } from '../../src/database/embedded-postgres.js';
import { TestApp } from './test-app.js';

/**
 * App processes started from the build (`node dist/src/main.js`), as production runs them, for the
 * tests that need real processes: several instances on one database, `kill -9`, a database that goes
 * away under them (test/e2e/two-instances.e2e-spec.ts, test/reliability/*.rel-spec.ts).
 */

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const MAIN = 'dist/src/main.js';
/** What each process keeps of its output (the tail), for failure messages and AppFleet.stopAll. */
const OUTPUT_LIMIT = 1024 * 1024;

/** A free TCP port on the loopback interface; never 5432, which a PostgreSQL service may hold. */
export { freePort };

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Polls `condition` every 20 ms; resolves with whether it came true within `timeoutMs`. */
export async function waitFor(condition: () => boolean | Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await condition()) return true;
    if (Date.now() > deadline) return false;
    await sleep(20);
  }
}

/** An HTTP answer: its status, its JSON body (null when empty) and how long it took. */
export interface Answer {
  status: number;
  body: any;
  ms: number;
}

/** No HTTP answer at all (refused, reset, timed out): the client cannot know whether the request took effect. */
export class NoAnswer extends Error {
  constructor(
    readonly instance: string,
    readonly reason: string,
    readonly ms: number,
  ) {
    super(`${instance}: no answer after ${ms} ms (${reason})`);
  }
}

export interface RequestOptions {
  token?: string;
  body?: unknown;
  /** A request not answered within this is a NoAnswer ("hangs" are failures too). */
  timeoutMs?: number;
}

/** A 5xx answer, with what was asked and when it was sent (epoch ms). */
export interface ServerError {
  instance: string;
  method: string;
  path: string;
  status: number;
  body: unknown;
  sentAt: number;
}

/** One app process on a fixed port; `start()` again after it died restarts it on the same port. */
export class AppProcess {
  private child?: ChildProcess;
  private exited: Promise<void> = Promise.resolve();
  private log = '';
  /** How many times it was started: answers of generation 1 came from before a restart. */
  generation = 0;

  constructor(
    readonly name: string,
    readonly port: number,
    private readonly env: NodeJS.ProcessEnv,
    private readonly serverErrors: ServerError[],
  ) {}

  get running(): boolean {
    return this.child !== undefined;
  }

  /** The tail of its stdout and stderr, exits included. */
  get output(): string {
    return this.log;
  }

  private note(text: string): void {
    this.log += text;
    if (this.log.length > 2 * OUTPUT_LIMIT) this.log = this.log.slice(-OUTPUT_LIMIT);
  }

  start(): this {
    if (this.child) throw new Error(`${this.name} is already running`);
    this.generation += 1;
    const child = spawn(process.execPath, [MAIN], { cwd: ROOT, env: this.env, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    child.stdout!.on('data', (d: Buffer) => this.note(d.toString()));
    child.stderr!.on('data', (d: Buffer) => this.note(d.toString()));
    this.exited = new Promise((resolve) =>
      child.once('exit', (code, signal) => {
        this.note(`[${this.name} (start ${this.generation}) exited: ${code ?? signal}]\n`);
        this.child = undefined;
        resolve();
      }),
    );
    return this;
  }

  /** Waits until GET /health answers 200 with the database up; fails at once if the process exits. */
  async healthy(timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (!this.child) throw new Error(`${this.name} exited during start-up:\n${this.log}`);
      const answer = await this.request('GET', '/health', { timeoutMs: 2000 }).catch(() => undefined);
      if (answer?.status === 200 && answer.body?.status === 'ok' && answer.body.database === 'up') return;
      if (Date.now() > deadline) throw new Error(`${this.name} not healthy within ${timeoutMs} ms:\n${this.log}`);
      await sleep(100);
    }
  }

  /** Sends a signal (default SIGKILL, i.e. `kill -9`: no shutdown hook runs) and waits for the exit. */
  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    this.child?.kill(signal);
    await this.exited;
  }

  /** SIGTERM (graceful shutdown), then SIGKILL if it has not exited within 5 s. */
  async stop(): Promise<void> {
    if (!this.child) return;
    const force = setTimeout(() => this.child?.kill('SIGKILL'), 5000);
    await this.kill('SIGTERM');
    clearTimeout(force);
  }

  /** One HTTP request; resolves with any HTTP answer (5xx are also recorded), rejects with NoAnswer. */
  async request(method: string, path: string, options: RequestOptions = {}): Promise<Answer> {
    const { token, body, timeoutMs = 30_000 } = options;
    const started = Date.now();
    let res: Response;
    let text: string;
    try {
      res = await fetch(`http://127.0.0.1:${this.port}${path}`, {
        method,
        headers: { ...(token ? { Authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}) },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      });
      text = await res.text();
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause?.code;
      throw new NoAnswer(this.name, cause ?? (error as Error).name ?? String(error), Date.now() - started);
    }
    const answer: Answer = { status: res.status, body: text ? JSON.parse(text) : null, ms: Date.now() - started };
    if (answer.status >= 500) this.serverErrors.push({ instance: this.name, method, path, status: answer.status, body: answer.body, sentAt: started });
    return answer;
  }
}

/** Fails with the answer unless it has this status; returns the body. */
export async function expectStatus(answer: Answer | Promise<Answer>, status: number): Promise<any> {
  const { status: actual, body } = await answer;
  if (actual !== status) throw new Error(`expected ${status}, got ${actual} ${JSON.stringify(body)}`);
  return body;
}

/** Through the API (an admin's token): a new organization; answers its id. */
export async function createOrganization(instance: AppProcess, adminToken: string, name: string, kind = 'oem'): Promise<string> {
  const body = { name, kind, businessNumber: TestApp.businessNumber(), membership: 'member', billingEmail: 'billing@example.kr' };
  return (await expectStatus(instance.request('POST', '/api/v1/organizations', { token: adminToken, body }), 201)).id;
}

/** Through the API: a new user created on `instance` and logged in on `loginOn`; answers the bearer token. */
export async function createUser(instance: AppProcess, adminToken: string, role: Role, organizationId: string | null, loginOn = instance): Promise<string> {
  const email = `${role}-${randomBytes(4).toString('hex')}@example.kr`;
  const password = `pw-${randomBytes(8).toString('hex')}`;
  const user = { email, password, name: `${role} user`, role, ...(organizationId ? { organizationId } : {}) };
  await expectStatus(instance.request('POST', '/api/v1/users', { token: adminToken, body: user }), 201);
  return (await expectStatus(loginOn.request('POST', '/api/v1/auth/login', { body: { email, password } }), 200)).accessToken;
}

/** Through the API (a scheduler's or admin's token): a segment `code`, exclusive and open every day 00:00–24:00 unless `fields` say otherwise. */
export async function postSegment(instance: AppProcess, token: string, code: string, fields: Record<string, unknown> = {}): Promise<any> {
  const body = {
    code,
    name: code,
    kind: code.toLowerCase().replace(/-/g, '_'),
    capacityMode: 'exclusive',
    openingHours: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], open: '00:00', close: '24:00' }],
    ...fields,
  };
  return expectStatus(instance.request('POST', '/api/v1/segments', { token, body }), 201);
}

export interface FleetOptions {
  databaseUrl: string;
  /** Extra environment of every instance (LIFECYCLE_INTERVAL_SECONDS, LOG_LEVEL, ...). */
  env?: Record<string, string>;
}

/**
 * App processes sharing one database, one JWT secret and one first admin (created by whichever
 * instance starts first). None outlives the test run, even when Jest is torn down early.
 */
export class AppFleet {
  readonly instances: AppProcess[] = [];
  /** Every 5xx answered by any instance. */
  readonly serverErrors: ServerError[] = [];
  readonly admin = { email: `admin-${randomBytes(3).toString('hex')}@example.kr`, password: `pw-${randomBytes(8).toString('hex')}` };
  private readonly killAll = () => {
    for (const instance of this.instances) void instance.kill('SIGKILL');
  };

  constructor(private readonly options: FleetOptions) {
    process.once('exit', this.killAll);
  }

  /** Starts `node dist/src/main.js` on a free port (or `port`); wait for it with `healthy()`. */
  async spawn(name: string, port?: number): Promise<AppProcess> {
    const listen = port ?? (await freePort());
    const instance = new AppProcess(
      name,
      listen,
      {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        PORT: String(listen),
        DATABASE_URL: this.options.databaseUrl,
        DATABASE_POOL_SIZE: '10',
        JWT_SECRET: 'app-fleet-secret-app-fleet-secret-0123456',
        LOG_LEVEL: 'silent',
        SEED_DEMO: 'false',
        ADMIN_EMAIL: this.admin.email,
        ADMIN_PASSWORD: this.admin.password,
        ...this.options.env,
      },
      this.serverErrors,
    );
    this.instances.push(instance.start());
    return instance;
  }

  /** A bearer token of the first admin, logged in on `instance`. */
  async adminToken(instance: AppProcess): Promise<string> {
    return (await expectStatus(instance.request('POST', '/api/v1/auth/login', { body: this.admin }), 200)).accessToken;
  }

  /** Every instance's output, for a failure message. */
  get output(): string {
    return this.instances.map((i) => `--- ${i.name}\n${i.output}`).join('\n');
  }

  /** Stops every instance; if one answered a 5xx other than 503, keeps their output (with its stack) in a file and says where. */
  async stopAll(): Promise<void> {
    await Promise.all(this.instances.map((i) => i.stop()));
    process.removeListener('exit', this.killAll);
    if (this.serverErrors.some((e) => e.status !== 503)) {
      const file = path.join(os.tmpdir(), `app-fleet-${process.pid}-${Date.now()}.log`);
      await writeFile(file, this.output);
      process.stderr.write(`[app output with the stacks of the 5xx answers: ${file}]\n`);
    }
  }
}
