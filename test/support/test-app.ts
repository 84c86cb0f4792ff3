import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent.js';
import { DataSource } from 'typeorm';
import type { Role } from '../../src/auth/actor.js';
import { TokenService } from '../../src/auth/token.service.js';
import { createApp } from '../../src/bootstrap.js';
import { loadConfig } from '../../src/config/app-config.js';
import { migrate } from '../../src/database/data-source.js';
import { withCheckDigit } from '../../src/organizations/business-number.js';
import { UsersService } from '../../src/users/users.service.js';

const RUN = process.env.TEST_RUN_ID!;
const TEMPLATE = `${RUN}_tpl`;

function urlFor(database: string): string {
  const url = new URL(process.env.TEST_ADMIN_URL!);
  url.pathname = `/${database}`;
  return url.toString();
}

async function withAdmin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: process.env.TEST_ADMIN_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * A fresh database for one test file: cloned from a template that the first
 * file of the run migrates (under an advisory lock), so migrations run once per run.
 */
export async function createTestDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `${RUN}_${randomBytes(4).toString('hex')}`;
  await withAdmin(async (admin) => {
    await admin.query(`SELECT pg_advisory_lock(hashtext($1))`, [TEMPLATE]);
    try {
      const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [TEMPLATE]);
      if (!rowCount) {
        await admin.query(`CREATE DATABASE "${TEMPLATE}"`);
        await migrate(urlFor(TEMPLATE));
      }
      await admin.query(`CREATE DATABASE "${name}" TEMPLATE "${TEMPLATE}"`);
    } finally {
      await admin.query(`SELECT pg_advisory_unlock(hashtext($1))`, [TEMPLATE]);
    }
  });
  return {
    url: urlFor(name),
    drop: () => withAdmin((admin) => admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => undefined),
  };
}

export interface TestUser {
  id: string;
  email: string;
  password: string;
  role: Role;
  organizationId: string | null;
  token: string;
}

let businessSerial = 100_000_000 + Math.floor(Math.random() * 800_000_000);

/** The app on its own database, with factories for the data most tests need. */
export class TestApp {
  private constructor(
    readonly app: NestFastifyApplication,
    readonly databaseUrl: string,
    private readonly dropDatabase: () => Promise<void>,
  ) {}

  static async start(env: Record<string, string> = {}): Promise<TestApp> {
    const db = await createTestDatabase();
    return TestApp.on(db.url, db.drop, env);
  }

  /** Another app instance on this one's database (as a second server would be); closing it leaves the database. */
  alongside(env: Record<string, string> = {}): Promise<TestApp> {
    return TestApp.on(this.databaseUrl, async () => undefined, env);
  }

  private static async on(url: string, drop: () => Promise<void>, env: Record<string, string>): Promise<TestApp> {
    const config = loadConfig({
      DATABASE_URL: url,
      JWT_SECRET: 'test-secret-test-secret-test-secret-0123',
      LOG_LEVEL: 'silent',
      SEED_DEMO: 'false',
      DATABASE_POOL_SIZE: '12',
      LIFECYCLE_INTERVAL_SECONDS: '0',
      DELIVERY_INTERVAL_MS: '0',
      ...env,
    });
    const app = await createApp(config, { databaseUrl: url, jwtSecret: config.JWT_SECRET! });
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
    return new TestApp(app, url, drop);
  }

  get http(): TestAgent {
    return request(this.app.getHttpServer());
  }

  get db(): DataSource {
    return this.app.get(DataSource);
  }

  query<T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
    return this.db.query(sql, params) as Promise<T[]>;
  }

  async close(): Promise<void> {
    await this.app.close();
    await this.dropDatabase();
  }

  /** A unique valid business registration number. */
  static businessNumber(): string {
    return withCheckDigit(String(businessSerial++).padStart(9, '0'));
  }

  async createOrganization(overrides: Record<string, unknown> = {}): Promise<{ id: string; name: string }> {
    const rows = await this.query<{ id: string; name: string }>(
      `INSERT INTO organizations (name, kind, business_number, membership, star_company, billing_email)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING id, name`,
      [
        overrides.name ?? `Org ${randomBytes(3).toString('hex')}`,
        overrides.kind ?? 'oem',
        overrides.businessNumber ?? TestApp.businessNumber(),
        overrides.membership ?? 'member',
        overrides.starCompany ?? false,
        overrides.billingEmail ?? 'billing@example.kr',
      ],
    );
    return rows[0];
  }

  async createUser(role: Role, organizationId: string | null = null): Promise<TestUser> {
    const email = `${role}-${randomBytes(4).toString('hex')}@example.kr`;
    const password = `pw-${randomBytes(8).toString('hex')}`;
    const user = await this.app.get(UsersService).create(null, { email, password, name: `${role} user`, role, organizationId: organizationId ?? undefined });
    const token = this.app.get(TokenService).sign({ userId: user.id, role, organizationId });
    return { id: user.id, email, password, role, organizationId, token };
  }

  /** A customer with their own new organization. */
  async createCustomer(orgOverrides: Record<string, unknown> = {}): Promise<TestUser> {
    const org = await this.createOrganization(orgOverrides);
    return this.createUser('customer', org.id);
  }
}

export const bearer = (user: { token: string }) => ({ Authorization: `Bearer ${user.token}` });
