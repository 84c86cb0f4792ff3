import { getHolidayPreset } from '@hyunbinseo/holidays-kr';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { isBusinessNumber } from '../../src/organizations/business-number.js';
import { DEMO_DRIVERS, DEMO_ORGANIZATIONS, DEMO_SEGMENTS, DEMO_USERS } from '../../src/seed/demo-facility.js';
import { SeedService } from '../../src/seed/seed.service.js';
import { addLocalDays, atLocal, localDate } from '../../src/segments/local-time.js';
import { TestApp } from '../support/test-app.js';

const ZONE = 'Asia/Seoul';
const DEMO_STEPS = ['demo-facility-v1', 'demo-holidays-v1', 'demo-organizations-v1', 'demo-rate-cards-v1', 'demo-catalog-v1'];

interface SegmentRow {
  id: string;
  code: string;
  parent_code: string | null;
  capacity_mode: string;
  max_vehicles: number | null;
  approval_required: boolean;
  min_notice_minutes: number;
  min_duration_minutes: number;
  opening_hours: unknown;
}

describe('demo seed', () => {
  let t: TestApp;
  let dataDir: string;
  let seed: SeedService;
  const thisYear = Number(localDate(new Date(), ZONE).slice(0, 4));
  const years = [thisYear, thisYear + 1];

  /** Row counts of every table the seed writes. */
  const counts = async () => {
    const tables = ['segments', 'segment_closure', 'blackouts', 'blackout_occurrences', 'organizations', 'drivers', 'users', 'audit_log', 'seed_steps'];
    const result: Record<string, number> = {};
    for (const table of tables) result[table] = Number((await t.query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`))[0].n);
    return result;
  };

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'seed-e2e-'));
    t = await TestApp.start({ SEED_DEMO: 'true', DATA_DIR: dataDir });
    seed = t.app.get(SeedService);
    await seed.run();
  });
  afterAll(async () => {
    await t.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('records every step once', async () => {
    const steps = await t.query<{ name: string }>('SELECT name FROM seed_steps ORDER BY name');
    expect(steps.map((s) => s.name)).toEqual(['admin-v1', ...DEMO_STEPS].sort());
  });

  it('creates the 17 segments of facility.md under DPG, with SPR and its six roads', async () => {
    const rows = await t.query<SegmentRow>(
      `SELECT s.id, s.code, p.code AS parent_code, s.capacity_mode, s.max_vehicles, s.approval_required,
              s.min_notice_minutes, s.min_duration_minutes, s.opening_hours
         FROM segments s LEFT JOIN segments p ON p.id = s.parent_id`,
    );
    expect(rows).toHaveLength(17);
    const byCode = new Map(rows.map((r) => [r.code, r]));
    expect(new Set(byCode.keys())).toEqual(new Set(DEMO_SEGMENTS.map((s) => s.code)));
    expect(byCode.get('DPG')!.parent_code).toBeNull();
    const children = (code: string) => rows.filter((r) => r.parent_code === code).map((r) => r.code).sort();
    expect(children('SPR')).toEqual(['SPR-BEL', 'SPR-LW', 'SPR-SALT', 'SPR-WADE', 'SPR-WSH', 'SPR-WTR']);
    expect(children('DPG')).toEqual(['CIR', 'GPR', 'GRD', 'HSC', 'HYD', 'NOI', 'SPR', 'V2X', 'WBR', 'WHT']);

    // Shared courses carry a vehicle limit, exclusive ones and the composites none.
    expect(byCode.get('HSC')).toEqual(expect.objectContaining({ capacity_mode: 'shared', max_vehicles: 6 }));
    expect(byCode.get('WBR')).toEqual(expect.objectContaining({ capacity_mode: 'exclusive', max_vehicles: null }));
    expect(byCode.get('SPR')).toEqual(expect.objectContaining({ capacity_mode: 'exclusive', max_vehicles: null, min_duration_minutes: 60 }));

    // The closure table: DPG is above all 17 (itself included), SPR above itself and its six roads.
    const [dpg] = await t.query<{ n: string }>(`SELECT count(*) AS n FROM segment_closure WHERE ancestor_id = $1`, [byCode.get('DPG')!.id]);
    expect(Number(dpg.n)).toBe(17);
    const spr = await t.query<{ depth: number }>(`SELECT depth FROM segment_closure WHERE ancestor_id = $1`, [byCode.get('SPR')!.id]);
    expect(spr.map((r) => r.depth).sort()).toEqual([0, 1, 1, 1, 1, 1, 1]);
    const [deepest] = await t.query<{ depth: number }>(
      `SELECT depth FROM segment_closure c JOIN segments s ON s.id = c.descendant_id WHERE c.ancestor_id = $1 AND s.code = 'SPR-BEL'`,
      [byCode.get('DPG')!.id],
    );
    expect(deepest.depth).toBe(2);

    // Per-segment rules.
    expect(byCode.get('NOI')!.opening_hours).toEqual([{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], open: '09:00', close: '18:00' }]);
    expect(byCode.get('GPR')!.opening_hours).toEqual([
      { days: ['mon', 'tue', 'wed', 'thu', 'fri'], open: '08:00', close: '20:00' },
      { days: ['sat'], open: '09:00', close: '17:00' },
    ]);
    expect(byCode.get('DPG')).toEqual(expect.objectContaining({ approval_required: true, min_notice_minutes: 7 * 24 * 60, min_duration_minutes: 60 }));
    expect(rows.filter((r) => r.approval_required).map((r) => r.code)).toEqual(['DPG']);
  });

  it('blacks out the Korean public holidays of this and next year, facility-wide, local midnight to midnight', async () => {
    const blackouts = await t.query<{ id: string; start_at: Date; end_at: Date; reason: string; segment_ids: string[] | null; rrule: string | null }>(
      'SELECT id, start_at, end_at, reason, segment_ids, rrule FROM blackouts ORDER BY start_at',
    );
    expect(blackouts.every((b) => b.segment_ids === null && b.rrule === null)).toBe(true);
    let seededYears = 0;
    for (const year of years) {
      // the data package covers a fixed range of years: a year it lacks is skipped by the seed (with a warning)
      const preset = await getHolidayPreset(String(year)).catch(() => null);
      if (!preset) continue;
      seededYears += 1;
      const ofYear = blackouts.filter((b) => localDate(b.start_at, ZONE).startsWith(`${year}-`));
      expect(ofYear.length).toBeGreaterThan(10);
      expect(ofYear).toHaveLength(Object.keys(preset).length);
      for (const name of ['설날', '추석', '1월 1일', '기독탄신일']) {
        const date = Object.keys(preset).find((d) => preset[d as keyof typeof preset].includes(name))!;
        expect(date).toBeDefined();
        const day = ofYear.find((b) => b.reason.split(', ').includes(name));
        expect(day).toBeDefined();
        expect(day!.start_at.toISOString()).toBe(atLocal(date, 0, ZONE).toISOString());
        expect(day!.end_at.toISOString()).toBe(atLocal(addLocalDays(date, 1), 0, ZONE).toISOString());
        // Korea has no DST: a holiday is 24 hours from 00:00+09:00.
        expect(day!.start_at.toISOString()).toBe(new Date(`${date}T00:00:00+09:00`).toISOString());
        expect(day!.end_at.getTime() - day!.start_at.getTime()).toBe(24 * 3600_000);
      }
    }
    expect(seededYears).toBeGreaterThan(0);
    const [occurrences] = await t.query<{ matching: string; total: string }>(
      `SELECT count(*) FILTER (WHERE o.segment_id IS NULL AND o.during = tstzrange(b.start_at, b.end_at)) AS matching, count(*) AS total
         FROM blackouts b JOIN blackout_occurrences o ON o.blackout_id = b.id`,
    );
    expect(Number(occurrences.matching)).toBe(blackouts.length);
    expect(Number(occurrences.total)).toBe(blackouts.length);
  });

  it('creates the five demo organizations with valid business numbers, and their drivers', async () => {
    const orgs = await t.query<{ id: string; name: string; kind: string; membership: string; star_company: boolean; business_number: string; billing_email: string }>(
      'SELECT id, name, kind, membership, star_company, business_number, billing_email FROM organizations',
    );
    expect(orgs).toHaveLength(5);
    for (const org of orgs) {
      expect(org.name).toContain('(demo)');
      expect(isBusinessNumber(org.business_number)).toBe(true);
      expect(org.billing_email).toMatch(/@[a-z0-9.-]+\.example$/);
    }
    const profile = orgs.map((o) => `${o.kind}/${o.membership}/${o.star_company ? 'star' : '-'}`).sort();
    expect(profile).toEqual(['oem/member/-', 'oem/non_member/-', 'other/non_member/-', 'research/member/-', 'supplier/member/star']);

    const drivers = await t.query<{ organization_id: string; level: number; certified_until: string | null }>(
      `SELECT organization_id, level, to_char(certified_until, 'YYYY-MM-DD') AS certified_until FROM drivers`,
    );
    expect(drivers).toHaveLength(DEMO_DRIVERS.length);
    for (const org of orgs) expect(drivers.filter((d) => d.organization_id === org.id).length).toBeGreaterThanOrEqual(2);
    expect(drivers).toContainEqual(expect.objectContaining({ level: 3, certified_until: `${thisYear + 1}-12-31` }));
    expect(drivers).toContainEqual(expect.objectContaining({ level: 1, certified_until: `${thisYear + 1}-12-31` }));
    expect(drivers).toContainEqual(expect.objectContaining({ level: 0, certified_until: null }));
  });

  it('creates a user of each role, a customer per organization, with passwords in DATA_DIR', async () => {
    const users = await t.query<{ email: string; role: string; organization_id: string | null; org_name: string | null }>(
      `SELECT u.email, u.role, u.organization_id, o.name AS org_name FROM users u LEFT JOIN organizations o ON o.id = u.organization_id ORDER BY u.email`,
    );
    expect(users.map((u) => u.email).sort()).toEqual(DEMO_USERS.map((u) => u.email).sort());
    const byRole = (role: string) => users.filter((u) => u.role === role);
    expect(byRole('admin').map((u) => u.email)).toEqual(['admin@dpg.example']);
    expect(byRole('scheduler').map((u) => u.email)).toEqual(['scheduler@dpg.example']);
    expect(byRole('finance').map((u) => u.email)).toEqual(['finance@dpg.example']);
    expect(byRole('customer')).toHaveLength(DEMO_ORGANIZATIONS.length);
    expect(new Set(byRole('customer').map((u) => u.organization_id)).size).toBe(DEMO_ORGANIZATIONS.length);
    expect(users.find((u) => u.email === 'customer@hyundai-demo.example')!.org_name).toBe('현대자동차 (demo)');
    expect(byRole('scheduler').concat(byRole('finance'), byRole('admin')).every((u) => u.organization_id === null)).toBe(true);

    const credentials = await seed.readCredentials();
    expect(credentials.map((c) => c.email).sort()).toEqual(DEMO_USERS.map((u) => u.email).sort());
  });

  it('seeds the demo catalog: every category, the three add-ons, the two funding programmes and the star company enrolled', async () => {
    const items = await t.query<{ code: string; category: string; add_on: boolean; active: boolean }>('SELECT code, category, add_on, active FROM catalog_items');
    for (const category of ['rnd', 'funding', 'workforce', 'site', 'market', 'shared_service', 'equipment']) {
      expect({ category, found: items.some((i) => i.category === category && i.active) }).toEqual({ category, found: true });
    }
    for (const code of ['TEST-DRIVER', 'DAQ-RENTAL', 'WORKSHOP-BAY']) expect(items.find((i) => i.code === code)).toEqual(expect.objectContaining({ add_on: true, active: true }));
    const programs = await t.query<{ code: string; coverage_percent: number; annual_cap: string; applies_to: string; eligibility: Record<string, unknown>; valid_from: string; valid_to: string }>(
      `SELECT code, coverage_percent, annual_cap, applies_to, eligibility, valid_from::text, valid_to::text FROM funding_programs ORDER BY code`,
    );
    const valid = { valid_from: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/), valid_to: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) };
    expect(programs).toEqual([
      { code: 'FUTURE-TEST', coverage_percent: 30, annual_cap: '20000000', applies_to: 'track', eligibility: { membersOnly: true }, ...valid },
      { code: 'STAR-VOUCHER', coverage_percent: 50, annual_cap: '10000000', applies_to: 'all', eligibility: { starCompanyOnly: true }, ...valid },
    ]);
    // both are in force today
    for (const p of programs) expect(p.valid_from <= localDate(new Date(), ZONE) && localDate(new Date(), ZONE) <= p.valid_to).toBe(true);
    const enrolled = await t.query<{ code: string; kind: string; membership: string; star_company: boolean }>(
      `SELECT p.code, o.kind, o.membership, o.star_company FROM funding_enrollments e JOIN funding_programs p ON p.id = e.program_id JOIN organizations o ON o.id = e.organization_id`,
    );
    expect(enrolled.filter((e) => e.code === 'STAR-VOUCHER')).toEqual([{ code: 'STAR-VOUCHER', kind: 'supplier', membership: 'member', star_company: true }]);
    // every enrolment satisfies its programme's conditions
    expect(enrolled.filter((e) => e.code === 'FUTURE-TEST').every((e) => e.membership === 'member')).toBe(true);
  });

  it('is idempotent: running again, or re-running the demo steps after a lost record, adds nothing', async () => {
    const before = await counts();
    const credentials = await seed.readCredentials();
    await seed.run();
    expect(await counts()).toEqual(before);

    // As if a crash had come between a step's work and its record: the steps run again and skip what exists.
    await t.query('DELETE FROM seed_steps WHERE name = ANY($1::text[])', [DEMO_STEPS]);
    await seed.run();
    expect(await counts()).toEqual(before);
    expect(await seed.readCredentials()).toEqual(credentials);
  });

  it('a demo customer logs in with the generated password and lists the segments', async () => {
    const { password } = (await seed.readCredentials()).find((c) => c.email === 'customer@hyundai-demo.example')!;
    const login = await t.http.post('/api/v1/auth/login').send({ email: 'customer@hyundai-demo.example', password }).expect(200);
    const res = await t.http.get('/api/v1/segments').set('Authorization', `Bearer ${login.body.accessToken}`).expect(200);
    expect(res.body.items).toHaveLength(17);
    expect(res.body.nextCursor).toBeNull();
    const composites = res.body.items.filter((s: { isComposite: boolean }) => s.isComposite).map((s: { code: string }) => s.code);
    expect(composites.sort()).toEqual(['DPG', 'SPR']);
    const noi = res.body.items.find((s: { code: string }) => s.code === 'NOI');
    expect(noi).toEqual(expect.objectContaining({ name: '외부 소음 시험로', nameEn: 'Exterior noise track', kind: 'noise', requiredDriverLevel: 1 }));
  });
});

describe('demo seed switched off', () => {
  it('runs only the admin step when SEED_DEMO is false', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'seed-e2e-off-'));
    const t = await TestApp.start({ SEED_DEMO: 'false', DATA_DIR: dataDir });
    try {
      await t.app.get(SeedService).run();
      expect((await t.query<{ name: string }>('SELECT name FROM seed_steps')).map((s) => s.name)).toEqual(['admin-v1']);
      expect(await t.query('SELECT 1 FROM segments')).toHaveLength(0);
      expect(await t.query('SELECT 1 FROM organizations')).toHaveLength(0);
    } finally {
      await t.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
