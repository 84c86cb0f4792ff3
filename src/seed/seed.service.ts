import { Injectable, Logger } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { getHolidayPreset } from '@hyunbinseo/holidays-kr';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { Role } from '../auth/actor.js';
import { AppConfig } from '../config/app-config.js';
import { Transactions } from '../database/transactions.js';
import { Driver, Organization } from '../organizations/organization.entity.js';
import { addLocalDays, atLocal, localDate } from '../segments/local-time.js';
import { Segment } from '../segments/segment.entity.js';
import { SegmentsRepository } from '../segments/segments.repository.js';
import { shapeProblems } from '../segments/segments.service.js';
import { UsersService } from '../users/users.service.js';
import {
  DEMO_ADMIN_EMAIL,
  DEMO_CARD_TERMS,
  DEMO_DRIVERS,
  DEMO_ENROLLMENTS,
  DEMO_ITEMS,
  DEMO_ORGANIZATIONS,
  DEMO_PRICES,
  DEMO_PROGRAMS,
  DEMO_SEGMENTS,
  DEMO_USERS,
  type CertifiedUntil,
} from './demo-facility.js';

export interface DemoCredential {
  role: string;
  email: string;
  password: string;
}

export { DEMO_ADMIN_EMAIL };

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
    private readonly transactions: Transactions,
    private readonly segments: SegmentsRepository,
    private readonly audit: AuditService,
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
      if (this.config.seedDemo) {
        // Demo data (demo-facility.ts). A later version adds steps here, so an existing DATA_DIR receives them too.
        await this.step('demo-facility-v1', () => this.seedFacility());
        await this.step('demo-holidays-v1', () => this.seedHolidays());
        await this.step('demo-organizations-v1', () => this.seedOrganizations());
        await this.step('demo-rate-cards-v1', () => this.seedRateCards());
        await this.step('demo-catalog-v1', () => this.seedCatalog());
      }
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

  /**
   * The 17 demo segments, parents first, in one transaction (`SegmentsRepository.insert` writes the closure rows).
   * Codes that exist are kept as they are; a child whose parent cannot take children is skipped with a warning.
   */
  private async seedFacility(): Promise<void> {
    for (const segment of DEMO_SEGMENTS) {
      const problems = shapeProblems(segment);
      if (problems.length) throw new Error(`demo segment ${segment.code}: ${problems.flatMap((p) => p.problems).join('; ')}`);
    }
    const created = await this.transactions.run(async (manager) => {
      const existing = (await manager.query(`SELECT id, code FROM segments WHERE lower(code) = ANY($1::text[])`, [
        DEMO_SEGMENTS.map((s) => s.code.toLowerCase()),
      ])) as { id: string; code: string }[];
      const preexisting = new Map(existing.map((s) => [s.code.toLowerCase(), s.id]));
      const ids = new Map<string, string>();
      let count = 0;
      for (const { parentCode, ...values } of DEMO_SEGMENTS) {
        const found = preexisting.get(values.code.toLowerCase());
        if (found) {
          ids.set(values.code, found);
          continue;
        }
        const parentId = parentCode ? ids.get(parentCode) : null;
        if (parentId === undefined) {
          this.logger.warn(`demo segment ${values.code} skipped: its parent ${parentCode} was not seeded`);
          continue;
        }
        if (parentCode && preexisting.has(parentCode.toLowerCase()) && !(await this.canTakeChild(manager, parentId!))) {
          this.logger.warn(`demo segment ${values.code} skipped: the existing segment ${parentCode} is shared or holds reservations`);
          continue;
        }
        const segment = await this.segments.insert(manager, { ...values, parentId });
        await this.audit.record(manager, { entityType: 'segment', entityId: segment.id, action: 'create', to: 'active', reason: SEED_REASON });
        ids.set(values.code, segment.id);
        count++;
      }
      return count;
    });
    this.logger.log(`demo facility: ${created} of ${DEMO_SEGMENTS.length} segments created`);
  }

  /**
   * The demo rate cards, effective from 1 January of the current local year, for the demo
   * segments that have no card yet. The default cancellation policy comes with the Billing migration.
   */
  private async seedRateCards(): Promise<void> {
    const effectiveFrom = `${localDate(new Date(), this.config.FACILITY_TIMEZONE).slice(0, 4)}-01-01`;
    const created = await this.transactions.run(async (manager) => {
      const segments = (await manager.query(
        `SELECT s.id, s.code, (s.capacity_mode = 'shared' AND NOT EXISTS (SELECT 1 FROM segments c WHERE c.parent_id = s.id)) AS shared
           FROM segments s WHERE s.code = ANY($1::text[]) AND NOT EXISTS (SELECT 1 FROM rate_cards r WHERE r.segment_id = s.id)`,
        [Object.keys(DEMO_PRICES)],
      )) as { id: string; code: string; shared: boolean }[];
      for (const s of segments) {
        const price = DEMO_PRICES[s.code];
        await manager.query(
          `INSERT INTO rate_cards (segment_id, effective_from, hourly_rate, per_vehicle_hourly_rate, member_discount_percent,
                                   billing_increment_minutes, minimum_billable_minutes, surcharges)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
          [s.id, effectiveFrom, s.shared ? null : price, s.shared ? price : null, DEMO_CARD_TERMS.memberDiscountPercent, DEMO_CARD_TERMS.billingIncrementMinutes, DEMO_CARD_TERMS.minimumBillableMinutes, JSON.stringify(DEMO_CARD_TERMS.surcharges)],
        );
      }
      return segments.length;
    });
    this.logger.log(`demo rate cards: ${created} created, effective from ${effectiveFrom}`);
  }

  /** The demo support catalog, the two funding programmes (valid this and next year) and demo enrolments; existing codes are kept. */
  private async seedCatalog(): Promise<void> {
    const year = Number(localDate(new Date(), this.config.FACILITY_TIMEZONE).slice(0, 4));
    await this.transactions.run(async (manager) => {
      for (const item of DEMO_ITEMS) {
        await manager.query(
          `INSERT INTO catalog_items (code, name, category, unit, member_price, non_member_price, taxable, provider, add_on)
           SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9 WHERE NOT EXISTS (SELECT 1 FROM catalog_items WHERE lower(code) = lower($1))`,
          [item.code, item.name, item.category, item.unit, item.memberPrice, item.nonMemberPrice, item.taxable, item.provider, item.addOn],
        );
      }
      for (const p of DEMO_PROGRAMS) {
        await manager.query(
          `INSERT INTO funding_programs (code, name, coverage_percent, annual_cap, applies_to, valid_from, valid_to, eligibility)
           SELECT $1, $2, $3, $4, $5, $6, $7, $8 WHERE NOT EXISTS (SELECT 1 FROM funding_programs WHERE lower(code) = lower($1))`,
          [p.code, p.name, p.coveragePercent, p.annualCap, p.appliesTo, `${year}-01-01`, `${year + 1}-12-31`, JSON.stringify(p.eligibility)],
        );
      }
      for (const e of DEMO_ENROLLMENTS) {
        const org = DEMO_ORGANIZATIONS.find((o) => o.key === e.organization)!;
        await manager.query(
          `INSERT INTO funding_enrollments (program_id, organization_id)
           SELECT p.id, o.id FROM funding_programs p, organizations o WHERE p.code = $1 AND o.business_number = $2
           ON CONFLICT DO NOTHING`,
          [e.program, org.businessNumber],
        );
      }
    });
    this.logger.log(`demo catalog: ${DEMO_ITEMS.length} items, ${DEMO_PROGRAMS.length} funding programmes`);
  }

  /** Like SegmentsService.create: a segment that exists before the seed may become a parent only if exclusive and unbooked. */
  private async canTakeChild(manager: EntityManager, parentId: string): Promise<boolean> {
    const parent = await manager.getRepository(Segment).findOne({ where: { id: parentId }, lock: { mode: 'pessimistic_write' } });
    return !!parent && parent.capacityMode === 'exclusive' && !(await this.segments.holdsReservationsOnPath(manager, parentId));
  }

  /**
   * Korean public holidays (@hyunbinseo/holidays-kr: lunar holidays, substitute days, election days) of the current and
   * next year in the facility zone, as facility-wide blackouts from local midnight to the next local midnight, one per
   * day. A year the package has no data for is logged and left out.
   */
  private async seedHolidays(): Promise<void> {
    const zone = this.config.FACILITY_TIMEZONE;
    const thisYear = Number(localDate(new Date(), zone).slice(0, 4));
    const holidays: { date: string; reason: string }[] = [];
    const years: number[] = [];
    for (const year of [thisYear, thisYear + 1]) {
      try {
        const preset = await getHolidayPreset(String(year));
        holidays.push(...Object.entries(preset).map(([date, names]) => ({ date, reason: names.join(', ') })));
        years.push(year);
      } catch (error) {
        if (!(error instanceof RangeError)) throw error;
        this.logger.warn(`no Korean public holiday data for ${year} in @hyunbinseo/holidays-kr: ${year} not seeded (update the package)`);
      }
    }
    holidays.sort((a, b) => a.date.localeCompare(b.date));
    const created = await this.transactions.run(async (manager) => {
      let count = 0;
      for (const { date, reason } of holidays) {
        const start = atLocal(date, 0, zone);
        const end = atLocal(addLocalDays(date, 1), 0, zone);
        const [exists] = (await manager.query(
          `SELECT 1 FROM blackouts WHERE segment_ids IS NULL AND rrule IS NULL AND start_at = $1 AND end_at = $2 LIMIT 1`,
          [start, end],
        )) as unknown[];
        if (exists) continue;
        const [{ id }] = (await manager.query(
          `INSERT INTO blackouts (segment_ids, start_at, end_at, reason) VALUES (NULL, $1, $2, $3) RETURNING id`,
          [start, end, reason],
        )) as { id: string }[];
        await manager.query(
          `INSERT INTO blackout_occurrences (blackout_id, segment_id, during) VALUES ($1, NULL, tstzrange($2::timestamptz, $3::timestamptz))`,
          [id, start, end],
        );
        await this.audit.record(manager, { entityType: 'blackout', entityId: id, action: 'create', to: 'active', reason, data: { seed: 'demo-holidays-v1', date } });
        count++;
      }
      return count;
    });
    this.logger.log(`Korean public holidays of ${years.join(' and ') || 'no year'} seeded as facility-wide blackouts: ${created} days`);
  }

  /** Demo organizations (by business number), their drivers (by licence number) and a user of each role. */
  private async seedOrganizations(): Promise<void> {
    const year = Number(localDate(new Date(), this.config.FACILITY_TIMEZONE).slice(0, 4));
    const until = (u: CertifiedUntil | null) => (u === 'end-of-next-year' ? `${year + 1}-12-31` : u === 'end-of-last-year' ? `${year - 1}-12-31` : null);
    const organizationIds = await this.transactions.run(async (manager) => {
      const ids = new Map<string, string>();
      const organizations = manager.getRepository(Organization);
      for (const { key, ...values } of DEMO_ORGANIZATIONS) {
        let org = await organizations.findOneBy({ businessNumber: values.businessNumber });
        if (!org) {
          org = await organizations.save(organizations.create(values));
          await this.audit.record(manager, { entityType: 'organization', entityId: org.id, action: 'create', to: org.membership, reason: SEED_REASON });
        }
        ids.set(key, org.id);
      }
      const drivers = manager.getRepository(Driver);
      for (const { organization, certifiedUntil, ...values } of DEMO_DRIVERS) {
        const organizationId = ids.get(organization)!;
        if (await drivers.existsBy({ organizationId, licenseNumber: values.licenseNumber })) continue;
        const driver = await drivers.save(drivers.create({ ...values, organizationId, certifiedUntil: until(certifiedUntil) }));
        const to = driver.certifiedUntil ? `level ${driver.level} until ${driver.certifiedUntil}` : `level ${driver.level}`;
        await this.audit.record(manager, { entityType: 'driver', entityId: driver.id, action: 'create', to, reason: SEED_REASON });
      }
      return ids;
    });
    // The demo admin normally exists already (step admin-v1, embedded mode); it is added here when demo data is seeded
    // into a server database without ADMIN_EMAIL, and never next to a configured admin.
    const users = DEMO_USERS.filter((u) => u.role !== 'admin' || !this.config.ADMIN_EMAIL);
    await this.ensureDemoUsers(
      users.map(({ organization, ...user }) => ({ ...user, organizationId: organization ? organizationIds.get(organization) : undefined })),
    );
  }

  /** Creates demo users that do not exist yet, with generated passwords kept in DATA_DIR (written after each user). */
  async ensureDemoUsers(users: { role: Role; email: string; name: string; organizationId?: string }[]): Promise<void> {
    const credentials = await this.readCredentials();
    let created = 0;
    for (const user of users) {
      if (await this.users.exists(user.email)) continue;
      const password = randomBytes(9).toString('base64url');
      await this.users.create(null, { ...user, password });
      credentials.push({ role: user.role, email: user.email, password });
      await this.writeCredentials(credentials);
      created++;
    }
    if (created === 0) await this.writeCredentials(credentials);
  }
}

const SEED_REASON = 'demo seed';
