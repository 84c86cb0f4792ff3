import { Injectable, Logger } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config.js';
import { UsersService } from '../users/users.service.js';

export interface DemoCredential {
  role: string;
  email: string;
  password: string;
}

export const DEMO_ADMIN_EMAIL = 'admin@dpg.example';

/**
 * First-start data. Each step runs once per database (recorded in `seed_steps`),
 * under an advisory lock so instances starting together do not both run it.
 */
@Injectable()
export class SeedService {
  private readonly logger = new Logger('Seed');

  constructor(
    private readonly config: AppConfig,
    private readonly dataSource: DataSource,
    private readonly users: UsersService,
  ) {}

  private get credentialsFile(): string {
    return path.resolve(this.config.DATA_DIR, 'demo-credentials.txt');
  }

  /** Demo passwords kept in DATA_DIR so they survive restarts and can be printed at every start. */
  async readCredentials(): Promise<DemoCredential[]> {
    try {
      return (await fs.readFile(this.credentialsFile, 'utf8'))
        .split('\n')
        .filter((l) => l && !l.startsWith('#'))
        .map((l) => {
          const [role, email, password] = l.split(/\s+/);
          return { role, email, password };
        });
    } catch {
      return [];
    }
  }

  private async writeCredentials(credentials: DemoCredential[]): Promise<void> {
    await fs.mkdir(path.dirname(this.credentialsFile), { recursive: true });
    const lines = ['# role email password (demo accounts of this data directory)', ...credentials.map((c) => `${c.role} ${c.email} ${c.password}`)];
    await fs.writeFile(this.credentialsFile, lines.join('\n') + '\n', { mode: 0o600 });
  }

  async run(): Promise<void> {
    const runner = this.dataSource.createQueryRunner();
    try {
      await runner.query(`SELECT pg_advisory_lock(hashtext('proving-ground:seed'))`);
      await this.step('admin-v1', () => this.seedAdmin());
    } finally {
      await runner.query(`SELECT pg_advisory_unlock(hashtext('proving-ground:seed'))`).catch(() => undefined);
      await runner.release();
    }
  }

  private async step(name: string, work: () => Promise<void>): Promise<void> {
    const [done] = (await this.dataSource.query('SELECT 1 FROM seed_steps WHERE name = $1', [name])) as unknown[];
    if (done) return;
    await work();
    await this.dataSource.query('INSERT INTO seed_steps (name) VALUES ($1) ON CONFLICT DO NOTHING', [name]);
    this.logger.log(`seed step ${name} applied`);
  }

  /** ADMIN_EMAIL/ADMIN_PASSWORD, or in embedded mode a demo admin with a generated password. */
  private async seedAdmin(): Promise<void> {
    if (this.config.ADMIN_EMAIL && this.config.ADMIN_PASSWORD) {
      if (!(await this.users.exists(this.config.ADMIN_EMAIL))) {
        await this.users.create(null, { email: this.config.ADMIN_EMAIL, password: this.config.ADMIN_PASSWORD, name: 'Administrator', role: 'admin' });
      }
      return;
    }
    if (!this.config.embedded) return;
    await this.ensureDemoUsers([{ role: 'admin', email: DEMO_ADMIN_EMAIL, name: '시스템 관리자 (demo admin)' }]);
  }

  /** Creates demo users that do not exist yet, with generated passwords kept in DATA_DIR. */
  async ensureDemoUsers(users: { role: 'admin' | 'scheduler' | 'finance' | 'customer'; email: string; name: string; organizationId?: string }[]): Promise<void> {
    const credentials = await this.readCredentials();
    for (const user of users) {
      if (await this.users.exists(user.email)) continue;
      const password = randomBytes(9).toString('base64url');
      await this.users.create(null, { ...user, password });
      credentials.push({ role: user.role, email: user.email, password });
    }
    await this.writeCredentials(credentials);
  }
}
