/**
 * The demo data set: the Daegu proving ground described in the product spec (facility.md), its demo customers and a user of each role.
 * Pure data, read by SeedService; nothing here touches the database.
 *
 * NOTE: capacities, opening hours, notice periods and (elsewhere) prices are INVENTED DEMO FIGURES, not the
 * operator's tariff or rules. The course names follow the Korean press about the real site; the organizations,
 * people, business registration numbers, licence numbers and e-mail addresses are made up (`.example` domains).
 */
import type { Role } from '../auth/actor.js';
import type { Membership, OrganizationKind } from '../organizations/organization.entity.js';
import { withCheckDigit } from '../organizations/business-number.js';
import type { Weekday } from '../segments/local-time.js';
import type { OpeningHours } from '../segments/opening-hours.js';
import type { CapacityMode } from '../segments/segment.entity.js';
import type { Category, Unit } from '../catalog/catalog.entities.js';

/* ------------------------------------------------------------------ segments */

/** Demo hours: Mon–Fri 08:00–20:00, Sat 09:00–17:00, closed Sundays (and public holidays, seeded as blackouts). */
export const DEMO_OPENING_HOURS: OpeningHours = [
  { days: ['mon', 'tue', 'wed', 'thu', 'fri'], open: '08:00', close: '20:00' },
  { days: ['sat'], open: '09:00', close: '17:00' },
];

/** The exterior noise track keeps a noise curfew: weekdays 09:00–18:00 only. */
export const NOISE_CURFEW_HOURS: OpeningHours = [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], open: '09:00', close: '18:00' }];

/** A segment as the seed writes it: every column but the ids, with the parent named by code. */
export interface DemoSegment {
  code: string;
  parentCode: string | null;
  name: string;
  nameEn: string;
  kind: string;
  capacityMode: CapacityMode;
  maxVehicles: number | null;
  requiredDriverLevel: number;
  bufferMinutes: number;
  slotMinutes: number;
  minDurationMinutes: number;
  maxDurationMinutes: number;
  minNoticeMinutes: number;
  maxAdvanceDays: number;
  approvalRequired: boolean;
  openingHours: OpeningHours;
  active: boolean;
}

/** `composite` = has children: stored as an exclusive segment, always booked whole. */
type Mode = 'composite' | CapacityMode;
type SegmentRow = [code: string, parent: string | null, name: string, nameEn: string, kind: string, mode: Mode, maxVehicles: number | null, driverLevel: number, bufferMinutes: number];

/** The segment table of the spec's facility.md, parents before children. */
// prettier-ignore
const SEGMENT_TABLE: SegmentRow[] = [
  // code         parent  name (ko)                  name (en)                        kind          mode          max   level  buffer
  ['DPG',         null,   '시험장 전체',              'Whole proving ground',          'facility',   'composite',  null, 3,     30],
  ['HSC',         'DPG',  'ITS 고속주회로',           'ITS high-speed circuit',        'high_speed', 'shared',     6,    3,     0],
  ['GPR',         'DPG',  '범용로',                   'General-purpose road',          'general',    'shared',     4,    1,     0],
  ['WBR',         'DPG',  '젖은 노면 제동력 시험로',  'Wet braking track',             'braking',    'exclusive',  null, 2,     15], // re-wetting
  ['HYD',         'DPG',  '하이드로플레이닝 시험로',  'Hydroplaning track',            'braking',    'exclusive',  null, 2,     20], // refilling the pool
  ['WHT',         'DPG',  '젖은 노면 조향 시험로',    'Wet handling track',            'handling',   'exclusive',  null, 2,     15],
  ['CIR',         'DPG',  '원선회로',                 'Circular cornering pad',        'handling',   'exclusive',  null, 2,     0],
  ['GRD',         'DPG',  '등판로',                   'Gradient road',                 'gradient',   'shared',     3,    1,     0],
  ['NOI',         'DPG',  '외부 소음 시험로',         'Exterior noise track',          'noise',      'exclusive',  null, 1,     0],
  ['V2X',         'DPG',  '차량-도로 연계 시험 교차로', 'V2X test intersection',       'its',        'exclusive',  null, 1,     0],
  ['SPR',         'DPG',  '특수로',                   'Special durability roads',      'durability', 'composite',  null, 1,     0],
  ['SPR-BEL',     'SPR',  '벨지언로',                 'Belgian pavé',                  'durability', 'shared',     3,    1,     0],
  ['SPR-SALT',    'SPR',  '염수분무로',               'Salt spray',                    'durability', 'exclusive',  null, 1,     30],
  ['SPR-WADE',    'SPR',  '침수로',                   'Wading',                        'durability', 'exclusive',  null, 1,     15],
  ['SPR-WTR',     'SPR',  '수밀시험로',               'Water-tightness',               'durability', 'exclusive',  null, 1,     0],
  ['SPR-WSH',     'SPR',  '빨래판로',                 'Washboard',                     'durability', 'shared',     2,    1,     0],
  ['SPR-LW',      'SPR',  '장파형로',                 'Long-wave',                     'durability', 'shared',     2,    1,     0],
];

/** Booking rules every demo segment shares (invented demo figures). */
const SEGMENT_DEFAULTS = {
  slotMinutes: 30,
  minDurationMinutes: 30,
  maxDurationMinutes: 720,
  minNoticeMinutes: 120,
  maxAdvanceDays: 365,
  approvalRequired: false,
  openingHours: DEMO_OPENING_HOURS,
  active: true,
} as const;

/** Where a segment departs from the defaults. */
const SEGMENT_OVERRIDES: Record<string, Partial<DemoSegment>> = {
  // Exclusive hire of the whole ground: a week's notice, at least an hour, approved by a scheduler.
  DPG: { approvalRequired: true, minDurationMinutes: 60, minNoticeMinutes: 7 * 24 * 60 },
  SPR: { minDurationMinutes: 60 },
  NOI: { openingHours: NOISE_CURFEW_HOURS },
};

/** The 17 demo segments, parents before children. */
export const DEMO_SEGMENTS: readonly DemoSegment[] = SEGMENT_TABLE.map(
  ([code, parentCode, name, nameEn, kind, mode, maxVehicles, requiredDriverLevel, bufferMinutes]) => ({
    code,
    parentCode,
    name,
    nameEn,
    kind,
    capacityMode: mode === 'composite' ? 'exclusive' : mode,
    maxVehicles,
    requiredDriverLevel,
    bufferMinutes,
    ...SEGMENT_DEFAULTS,
    ...SEGMENT_OVERRIDES[code],
  }),
);

/* ------------------------------------------------------------- organizations */

export type DemoOrganizationKey = 'hyundai' | 'kgm' | 'dalseong' | 'bisan' | 'dgmri';

export interface DemoOrganization {
  key: DemoOrganizationKey;
  name: string;
  kind: OrganizationKind;
  membership: Membership;
  starCompany: boolean;
  businessNumber: string;
  billingEmail: string;
}

// prettier-ignore
export const DEMO_ORGANIZATIONS: readonly DemoOrganization[] = [
  { key: 'hyundai',  name: '현대자동차 (demo)',         kind: 'oem',      membership: 'member',     starCompany: false, businessNumber: withCheckDigit('999810001'), billingEmail: 'billing@hyundai-demo.example' },
  { key: 'kgm',      name: 'KG모빌리티 (demo)',         kind: 'oem',      membership: 'non_member', starCompany: false, businessNumber: withCheckDigit('999810002'), billingEmail: 'billing@kgm-demo.example' },
  // a Daegu parts maker in the city's star-company programme
  { key: 'dalseong', name: '달성오토파츠 (demo)',       kind: 'supplier', membership: 'member',     starCompany: true,  businessNumber: withCheckDigit('999810003'), billingEmail: 'billing@dalseong-demo.example' },
  // a textile firm new to automotive (seat and interior fabrics)
  { key: 'bisan',    name: '비산텍스타일 (demo)',       kind: 'other',    membership: 'non_member', starCompany: false, businessNumber: withCheckDigit('999810004'), billingEmail: 'billing@bisan-textile-demo.example' },
  { key: 'dgmri',    name: '대경모빌리티연구원 (demo)', kind: 'research', membership: 'member',     starCompany: false, businessNumber: withCheckDigit('999820005'), billingEmail: 'billing@dgmri-demo.example' },
];

/* --------------------------------------------------------------------- users */

export const DEMO_ADMIN_EMAIL = 'admin@dpg.example';

export interface DemoUser {
  role: Role;
  email: string;
  name: string;
  /** The customer's organization; null for staff. */
  organization: DemoOrganizationKey | null;
}

/** One user of each role; a customer per demo organization. Passwords are generated at seed time. */
// prettier-ignore
export const DEMO_USERS: readonly DemoUser[] = [
  { role: 'admin',     email: DEMO_ADMIN_EMAIL,                      name: '시스템 관리자 (demo admin)',      organization: null },
  { role: 'scheduler', email: 'scheduler@dpg.example',               name: '배차 담당자 (demo scheduler)',    organization: null },
  { role: 'finance',   email: 'finance@dpg.example',                 name: '정산 담당자 (demo finance)',      organization: null },
  { role: 'customer',  email: 'customer@hyundai-demo.example',       name: '김현우 (현대자동차 demo)',        organization: 'hyundai' },
  { role: 'customer',  email: 'customer@kgm-demo.example',           name: '이서준 (KG모빌리티 demo)',        organization: 'kgm' },
  { role: 'customer',  email: 'customer@dalseong-demo.example',      name: '박지민 (달성오토파츠 demo)',      organization: 'dalseong' },
  { role: 'customer',  email: 'customer@bisan-textile-demo.example', name: '최유나 (비산텍스타일 demo)',      organization: 'bisan' },
  { role: 'customer',  email: 'customer@dgmri-demo.example',         name: '정민호 (대경모빌리티연구원 demo)', organization: 'dgmri' },
];

/* ------------------------------------------------------------------- drivers */

/** When a certification runs out, relative to the seed date: valid through next year, or lapsed last year. */
export type CertifiedUntil = 'end-of-next-year' | 'end-of-last-year';

export interface DemoDriver {
  organization: DemoOrganizationKey;
  name: string;
  licenseNumber: string;
  /** 0 = not certified. */
  level: number;
  certifiedUntil: CertifiedUntil | null;
}

// prettier-ignore
export const DEMO_DRIVERS: readonly DemoDriver[] = [
  { organization: 'hyundai',  name: '한도윤', licenseNumber: '22-19-900101-11', level: 3, certifiedUntil: 'end-of-next-year' },
  { organization: 'hyundai',  name: '서하준', licenseNumber: '22-20-900102-12', level: 2, certifiedUntil: 'end-of-next-year' },
  { organization: 'hyundai',  name: '윤재원', licenseNumber: '22-23-900103-13', level: 1, certifiedUntil: 'end-of-next-year' },
  { organization: 'kgm',      name: '강태현', licenseNumber: '13-18-900201-21', level: 3, certifiedUntil: 'end-of-next-year' },
  { organization: 'kgm',      name: '오세린', licenseNumber: '13-24-900202-22', level: 0, certifiedUntil: null },
  { organization: 'dalseong', name: '임준서', licenseNumber: '22-17-900301-31', level: 2, certifiedUntil: 'end-of-next-year' },
  { organization: 'dalseong', name: '배수아', licenseNumber: '22-21-900302-32', level: 2, certifiedUntil: 'end-of-last-year' }, // lapsed
  { organization: 'bisan',    name: '신예준', licenseNumber: '22-22-900401-41', level: 1, certifiedUntil: 'end-of-next-year' },
  { organization: 'bisan',    name: '조하은', licenseNumber: '22-25-900402-42', level: 0, certifiedUntil: null },
  { organization: 'dgmri',    name: '황시우', licenseNumber: '19-16-900501-51', level: 3, certifiedUntil: 'end-of-next-year' },
  { organization: 'dgmri',    name: '문지아', licenseNumber: '19-23-900502-52', level: 1, certifiedUntil: 'end-of-next-year' },
];

/**
 * Demo prices of facility.md, per segment code (invented demo figures, not the operator's tariff):
 * won per vehicle-hour on shared segments, per hour on exclusive ones and composites.
 */
export const DEMO_PRICES: Record<string, number> = {
  HSC: 120_000,
  GPR: 60_000,
  GRD: 60_000,
  'SPR-BEL': 60_000,
  'SPR-SALT': 60_000,
  'SPR-WADE': 60_000,
  'SPR-WTR': 60_000,
  'SPR-WSH': 60_000,
  'SPR-LW': 60_000,
  WBR: 250_000,
  HYD: 250_000,
  WHT: 250_000,
  CIR: 180_000,
  V2X: 180_000,
  NOI: 200_000,
  SPR: 600_000,
  DPG: 2_500_000,
};

/** The demo card terms: member discount 20 %, night 18:00–20:00 +30 %, Saturday +50 %, 30-minute increments, 60 minutes at least. */
export const DEMO_CARD_TERMS = {
  memberDiscountPercent: 20,
  billingIncrementMinutes: 30,
  minimumBillableMinutes: 60,
  surcharges: [
    { name: '야간 night', days: ['mon', 'tue', 'wed', 'thu', 'fri'] as Weekday[], from: '18:00', to: '20:00', percent: 30 },
    { name: '토요일 Saturday', days: ['sat'] as Weekday[], from: '00:00', to: '24:00', percent: 50 },
  ],
};

type ItemRow = [code: string, name: string, category: Category, unit: Unit, memberPrice: number, nonMemberPrice: number, taxable: boolean, addOn: boolean];

/** The demo support catalog (invented demo prices), one or more items per category of the source article. */
const ITEM_TABLE: ItemRow[] = [
  ['TEST-DRIVER', '전문 테스트 드라이버 (test driver)', 'shared_service', 'hour', 80_000, 100_000, true, true],
  ['DAQ-RENTAL', '데이터 수집 장비 대여 (data acquisition system rental)', 'equipment', 'day', 150_000, 200_000, true, true],
  ['WORKSHOP-BAY', '정비 작업장 (workshop bay)', 'equipment', 'day', 100_000, 130_000, true, true],
  ['VEHICLE-STORAGE', '시험차량 보관 (vehicle storage)', 'site', 'day', 30_000, 40_000, true, false],
  ['SAFETY-REVIEW', '시험계획 합동 안전검토 (joint safety review of a test plan)', 'shared_service', 'each', 200_000, 300_000, true, false],
  ['RND-MATCHING', '연구기관 R&D 매칭 (R&D matching with a research institute)', 'rnd', 'each', 500_000, 800_000, true, false],
  ['TEXTILE-CLINIC', '자동차-섬유 융합 클리닉 (automotive-textile crossover clinic)', 'market', 'each', 100_000, 150_000, true, false],
  ['ROBOT-DEMO-DAY', '로봇기업 첫 고객 데모데이 (first-customer demo day for robotics firms)', 'market', 'each', 300_000, 500_000, true, false],
  ['ENGINEER-TRAINING', '자동차 엔지니어 교육 과정 (engineer training course)', 'workforce', 'day', 200_000, 300_000, false, false],
  ['SITE-CONSULT', '입지·부지 상담 (land and site consultation)', 'site', 'each', 0, 0, false, false],
  ['FUNDING-CONSULT', '정책자금 연계 상담 (funding consultation)', 'funding', 'each', 0, 0, false, false],
];

export const DEMO_ITEMS = ITEM_TABLE.map(([code, name, category, unit, memberPrice, nonMemberPrice, taxable, addOn]) => ({
  code,
  name,
  category,
  unit,
  memberPrice,
  nonMemberPrice,
  taxable,
  addOn,
  provider: '(재)지능형자동차부품진흥원',
}));

/** The two demo funding programmes of facility.md; valid this and next year. */
export const DEMO_PROGRAMS = [
  { code: 'FUTURE-TEST', name: '미래산업 시험 지원 (Future Industry Test Subsidy)', coveragePercent: 30, annualCap: 20_000_000, appliesTo: 'track' as const, eligibility: { membersOnly: true } },
  { code: 'STAR-VOUCHER', name: '스타기업 시험 바우처 (Star Company Test Voucher)', coveragePercent: 50, annualCap: 10_000_000, appliesTo: 'all' as const, eligibility: { starCompanyOnly: true } },
];

/** Demo enrolments: programme code and the key of a demo organization (DEMO_ORGANIZATIONS). */
export const DEMO_ENROLLMENTS: { program: string; organization: string }[] = [
  { program: 'FUTURE-TEST', organization: 'hyundai' },
  { program: 'FUTURE-TEST', organization: 'dalseong' },
  { program: 'STAR-VOUCHER', organization: 'dalseong' },
];
