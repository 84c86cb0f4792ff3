import { at, localDay } from './facility.js';
import { monthFromNow } from './billing.js';
import type { WriteEndpoint } from './fuzz.js';
import { TestApp, type TestUser } from './test-app.js';

/**
 * The write endpoints of the app with a body each accepts, shared by the per-area fuzz tests
 * (test/e2e/fuzz-*.e2e-spec.ts) and the fuzzing of every write route (test/reliability/fuzz-writes.rel-spec.ts).
 *
 * Each group takes the fixture it needs as a getter, read when a request is made (after `beforeAll`).
 * Valid bodies leave out the fields for which an empty list, an empty object or null is itself valid
 * (openingHours: [], driverIds: [], addOns: [], surcharges: [], eligibility: {}, linkedItemCodes: [], assignee: null,
 * a PATCH's maxVehicles: null) and the optional fields whose absence is valid, since the invalid-body fuzzer may turn a
 * field into those or drop a `required` one; the per-area files cover those fields with hand-written bodies.
 */
export interface WriteFixture {
  admin: TestUser;
  scheduler: TestUser;
  finance: TestUser;
  /** A customer whose organization owns the fixture's things. */
  customer: TestUser;
  /** An exclusive segment open every day, all day. */
  segmentId: string;
  /** A shared segment (4 vehicles) open every day, all day. */
  sharedId: string;
  driverId: string;
  /** An issued invoice of the customer's organization. */
  invoiceId: string;
  /** A draft invoice. */
  draftId: string;
  itemId: string;
  programId: string;
  requestId: string;
  /** Reservations of the customer's organization in the state their action needs. */
  reservationId: string;
  cancellableId: string;
  /** Confirmed, spanning now: ready to check in. */
  currentId: string;
  pendingId: string;
  checkedInId: string;
  displacedId: string;
  seriesId: string;
  blackoutId: string;
  webhookId: string;
}

type Fixture<K extends keyof WriteFixture> = () => Pick<WriteFixture, K>;
type Endpoints = Record<string, WriteEndpoint>;

const FACILITY_DAY = localDay(30);
const QUOTE_DAY = localDay(20);
const uniqueCode = (prefix: string) => `${prefix}-${Math.random().toString(36).slice(2, 8)}`;

/** Login, users, organizations and drivers. */
export function baseEndpoints(f: Fixture<'admin' | 'scheduler' | 'customer' | 'driverId'>): Endpoints {
  return {
    'POST /auth/login': {
      route: 'POST /api/v1/auth/login',
      method: 'post',
      path: () => '/api/v1/auth/login',
      as: () => f().customer,
      valid: () => ({ email: 'a@b.kr', password: 'x' }),
      required: ['email', 'password'],
    },
    'POST /users': {
      route: 'POST /api/v1/users',
      method: 'post',
      path: () => '/api/v1/users',
      as: () => f().admin,
      valid: () => ({ email: 'fuzz@example.kr', password: 'long-enough-1', name: 'F', role: 'finance' }),
      required: ['email', 'password', 'name', 'role'],
    },
    'POST /organizations': {
      route: 'POST /api/v1/organizations',
      method: 'post',
      path: () => '/api/v1/organizations',
      as: () => f().admin,
      valid: () => ({ name: 'F', kind: 'oem', businessNumber: TestApp.businessNumber(), membership: 'member', billingEmail: 'b@example.kr' }),
      required: ['name', 'kind', 'businessNumber', 'membership', 'billingEmail'],
    },
    'PATCH /organizations/:id': {
      route: 'PATCH /api/v1/organizations/:id',
      method: 'patch',
      path: () => `/api/v1/organizations/${f().customer.organizationId}`,
      as: () => f().admin,
      valid: () => ({ name: 'F', kind: 'oem', membership: 'member', starCompany: true }),
      required: [],
    },
    'POST /organizations/:orgId/drivers': {
      route: 'POST /api/v1/organizations/:orgId/drivers',
      method: 'post',
      path: () => `/api/v1/organizations/${f().customer.organizationId}/drivers`,
      as: () => f().customer,
      valid: () => ({ name: 'D', licenseNumber: 'L-1' }),
      required: ['name', 'licenseNumber'],
    },
    'POST /drivers/:id/certify': {
      route: 'POST /api/v1/drivers/:id/certify',
      method: 'post',
      path: () => `/api/v1/drivers/${f().driverId}/certify`,
      as: () => f().scheduler,
      valid: () => ({ level: 2, certifiedUntil: '2027-06-30' }),
      required: ['level', 'certifiedUntil'],
    },
  };
}

/** Rate cards, the cancellation policy, quotes and invoices. */
export function billingEndpoints(f: Fixture<'finance' | 'customer' | 'segmentId' | 'invoiceId'>): Endpoints {
  return {
    'POST /rate-cards': {
      route: 'POST /api/v1/rate-cards',
      method: 'post',
      path: () => '/api/v1/rate-cards',
      as: () => f().finance,
      valid: () => ({ segmentId: f().segmentId, effectiveFrom: '2031-01-01', hourlyRate: 120000, memberDiscountPercent: 10, billingIncrementMinutes: 15, minimumBillableMinutes: 30 }),
      required: ['segmentId', 'effectiveFrom', 'hourlyRate'],
    },
    'PUT /cancellation-policy': {
      route: 'PUT /api/v1/cancellation-policy',
      method: 'put',
      path: () => '/api/v1/cancellation-policy',
      as: () => f().finance,
      valid: () => ({ tiers: [{ minNoticeHours: 100, percent: 30 }, { minNoticeHours: 0, percent: 90 }], noShowPercent: 70 }),
      required: ['tiers', 'noShowPercent'],
    },
    'POST /quotes': {
      route: 'POST /api/v1/quotes',
      method: 'post',
      path: () => '/api/v1/quotes',
      as: () => f().customer,
      valid: () => ({ segmentId: f().segmentId, start: at(QUOTE_DAY, '10:00'), end: at(QUOTE_DAY, '11:00'), vehicles: 1 }),
      required: ['segmentId', 'start', 'end'],
    },
    'POST /invoices/generate': {
      route: 'POST /api/v1/invoices/generate',
      method: 'post',
      path: () => '/api/v1/invoices/generate',
      as: () => f().finance,
      valid: () => ({ period: monthFromNow(-1), organizationId: f().customer.organizationId }),
      required: ['period'],
    },
    'POST /invoices/:id/mark-paid': {
      route: 'POST /api/v1/invoices/:id/mark-paid',
      method: 'post',
      path: () => `/api/v1/invoices/${f().invoiceId}/mark-paid`,
      as: () => f().finance,
      valid: () => ({ paidAt: at(localDay(-1), '09:00'), reference: '입금 2026-0001' }),
      required: ['paidAt', 'reference'],
    },
    'POST /invoices/:id/void': {
      route: 'POST /api/v1/invoices/:id/void',
      method: 'post',
      path: () => `/api/v1/invoices/${f().invoiceId}/void`,
      as: () => f().finance,
      valid: () => ({ reason: '요금 오류' }),
      required: ['reason'],
    },
  };
}

/** Catalog items, funding programmes and enrolments, support requests. */
export function catalogEndpoints(f: Fixture<'admin' | 'finance' | 'scheduler' | 'customer' | 'itemId' | 'programId' | 'requestId'>): Endpoints {
  return {
    'POST /catalog/items': {
      route: 'POST /api/v1/catalog/items',
      method: 'post',
      path: () => '/api/v1/catalog/items',
      as: () => f().admin,
      valid: () => ({ code: 'FZ-NEW', name: '퍼즈 항목', category: 'rnd', unit: 'each', memberPrice: 100000, nonMemberPrice: 150000, taxable: true, provider: '(재)지능형자동차부품진흥원', addOn: false, active: true }),
      required: ['code', 'name', 'category', 'unit', 'memberPrice', 'nonMemberPrice', 'provider'],
    },
    'PATCH /catalog/items/:id': {
      route: 'PATCH /api/v1/catalog/items/:id',
      method: 'patch',
      path: () => `/api/v1/catalog/items/${f().itemId}`,
      as: () => f().admin,
      valid: () => ({ name: 'renamed', category: 'site', unit: 'hour', memberPrice: 5, nonMemberPrice: 6, taxable: false, provider: 'y', addOn: false, active: false }),
      required: [],
    },
    'POST /funding-programs': {
      route: 'POST /api/v1/funding-programs',
      method: 'post',
      path: () => '/api/v1/funding-programs',
      as: () => f().finance,
      valid: () => ({ code: 'FZ-NEW', name: '퍼즈 지원사업', coveragePercent: 50, annualCap: 10_000_000, appliesTo: 'all', validFrom: '2026-01-01', validTo: '2027-12-31' }),
      required: ['code', 'name', 'coveragePercent', 'annualCap', 'appliesTo', 'validFrom', 'validTo'],
    },
    'POST /funding-programs/:id/enrollments': {
      route: 'POST /api/v1/funding-programs/:id/enrollments',
      method: 'post',
      path: () => `/api/v1/funding-programs/${f().programId}/enrollments`,
      as: () => f().finance,
      valid: () => ({ organizationId: f().customer.organizationId }),
      required: ['organizationId'],
    },
    'POST /support-requests': {
      route: 'POST /api/v1/support-requests',
      method: 'post',
      path: () => '/api/v1/support-requests',
      as: () => f().customer,
      valid: () => ({ category: 'site', title: '부지 상담', description: '공장 부지를 찾습니다' }),
      required: ['category', 'title', 'description'],
    },
    'PATCH /support-requests/:id': {
      route: 'PATCH /api/v1/support-requests/:id',
      method: 'patch',
      path: () => `/api/v1/support-requests/${f().requestId}`,
      as: () => f().scheduler,
      valid: () => ({ status: 'triaged' }),
      required: [],
    },
  };
}

/** Segments, blackouts and bookings. */
export function facilityEndpoints(f: Fixture<'scheduler' | 'customer' | 'segmentId' | 'sharedId'>): Endpoints {
  return {
    'POST /segments (exclusive)': {
      route: 'POST /api/v1/segments',
      method: 'post',
      path: () => '/api/v1/segments',
      as: () => f().scheduler,
      valid: () => ({
        code: uniqueCode('FZ'),
        name: '퍼즈 시험로',
        nameEn: 'Fuzz track',
        kind: 'fuzz',
        capacityMode: 'exclusive',
        requiredDriverLevel: 1,
        slotMinutes: 30,
        minDurationMinutes: 60,
        maxDurationMinutes: 240,
        bufferMinutes: 15,
        minNoticeMinutes: 60,
        maxAdvanceDays: 90,
        approvalRequired: false,
        active: true,
      }),
      required: ['code', 'name', 'kind', 'capacityMode'],
    },
    'POST /segments (shared child)': {
      route: 'POST /api/v1/segments',
      method: 'post',
      path: () => '/api/v1/segments',
      as: () => f().scheduler,
      valid: () => ({ code: uniqueCode('FZ'), name: 'Shared', kind: 'fuzz', capacityMode: 'shared', maxVehicles: 3, parentId: f().segmentId }),
      required: ['code', 'name', 'kind', 'capacityMode', 'maxVehicles'],
    },
    'PATCH /segments/:id': {
      route: 'PATCH /api/v1/segments/:id',
      method: 'patch',
      path: () => `/api/v1/segments/${f().sharedId}`,
      as: () => f().scheduler,
      valid: () => ({ code: 'FZ-RENAMED', name: 'Renamed', kind: 'fuzz', capacityMode: 'shared', maxVehicles: 2, slotMinutes: 60, minDurationMinutes: 60, active: false, approvalRequired: true }),
      required: [],
    },
    'POST /blackouts': {
      route: 'POST /api/v1/blackouts',
      method: 'post',
      path: () => '/api/v1/blackouts',
      as: () => f().scheduler,
      valid: () => ({ segmentIds: [f().segmentId], start: at(FACILITY_DAY, '08:00'), end: at(FACILITY_DAY, '10:00'), rrule: 'FREQ=WEEKLY;BYDAY=MO;COUNT=4', reason: 'fuzz', dryRun: false }),
      required: ['start', 'end', 'reason'],
    },
    'POST /reservations': {
      route: 'POST /api/v1/reservations',
      method: 'post',
      path: () => '/api/v1/reservations',
      as: () => f().customer,
      valid: () => ({ segmentId: f().sharedId, start: at(FACILITY_DAY, '10:00'), end: at(FACILITY_DAY, '11:00'), vehicles: 2, purpose: 'fuzz', waitlist: false }),
      required: ['segmentId', 'start', 'end'],
    },
    'POST /reservations (staff)': {
      route: 'POST /api/v1/reservations',
      method: 'post',
      path: () => '/api/v1/reservations',
      as: () => f().scheduler,
      valid: () => ({ organizationId: f().customer.organizationId, segmentId: f().segmentId, start: at(FACILITY_DAY, '12:00'), end: at(FACILITY_DAY, '13:00'), purpose: 'fuzz', priority: true }),
      required: ['organizationId', 'segmentId', 'start', 'end'],
    },
  };
}

/**
 * The actions on existing things (state changes of reservations, series, invoices; removals; tokens; quotas;
 * webhooks), with bodies each accepts in the state the fixture names. A body-less action's valid body is `{}`.
 */
export function actionEndpoints(
  f: Fixture<
    | 'admin'
    | 'scheduler'
    | 'finance'
    | 'customer'
    | 'segmentId'
    | 'draftId'
    | 'reservationId'
    | 'cancellableId'
    | 'currentId'
    | 'pendingId'
    | 'checkedInId'
    | 'displacedId'
    | 'seriesId'
    | 'blackoutId'
    | 'webhookId'
  >,
): Endpoints {
  const reservation = (id: () => string, verb: string) => `/api/v1/reservations/${id()}/${verb}`;
  return {
    'PATCH /reservations/:id': {
      route: 'PATCH /api/v1/reservations/:id',
      method: 'patch',
      path: () => `/api/v1/reservations/${f().reservationId}`,
      as: () => f().customer,
      valid: () => ({ start: at(localDay(40), '10:00'), end: at(localDay(40), '11:00'), vehicles: 1, purpose: 'moved' }),
      required: [],
    },
    'POST /reservations/:id/cancel': {
      route: 'POST /api/v1/reservations/:id/cancel',
      method: 'post',
      path: () => reservation(() => f().cancellableId, 'cancel'),
      as: () => f().scheduler,
      valid: () => ({ reason: '일정 변경', waiveFee: true }),
      required: ['reason'],
    },
    'POST /reservations/:id/approve': {
      route: 'POST /api/v1/reservations/:id/approve',
      method: 'post',
      path: () => reservation(() => f().pendingId, 'approve'),
      as: () => f().scheduler,
      valid: () => ({}),
      required: [],
    },
    'POST /reservations/:id/reject': {
      route: 'POST /api/v1/reservations/:id/reject',
      method: 'post',
      path: () => reservation(() => f().pendingId, 'reject'),
      as: () => f().scheduler,
      valid: () => ({ reason: '정비 일정' }),
      required: ['reason'],
    },
    'POST /reservations/:id/check-in': {
      route: 'POST /api/v1/reservations/:id/check-in',
      method: 'post',
      path: () => reservation(() => f().currentId, 'check-in'),
      as: () => f().scheduler,
      valid: () => ({ override: true, reason: '게이트 확인' }),
      required: [],
    },
    'POST /reservations/:id/check-out': {
      route: 'POST /api/v1/reservations/:id/check-out',
      method: 'post',
      path: () => reservation(() => f().checkedInId, 'check-out'),
      as: () => f().scheduler,
      valid: () => ({}),
      required: [],
    },
    'POST /reservations/:id/resolve': {
      route: 'POST /api/v1/reservations/:id/resolve',
      method: 'post',
      path: () => reservation(() => f().displacedId, 'resolve'),
      as: () => f().scheduler,
      valid: () => ({ action: 'relocate', segmentId: f().segmentId, start: at(localDay(41), '10:00'), end: at(localDay(41), '11:00') }),
      required: ['action'],
    },
    'POST /reservation-series': {
      route: 'POST /api/v1/reservation-series',
      method: 'post',
      path: () => '/api/v1/reservation-series',
      as: () => f().customer,
      valid: () => ({ segmentId: f().segmentId, firstStart: at(localDay(42), '08:00'), durationMinutes: 60, rrule: 'FREQ=DAILY;COUNT=3', vehicles: 1, purpose: 'series', conflictPolicy: 'skip_conflicts', maxConflictPercent: 50 }),
      required: ['segmentId', 'firstStart', 'durationMinutes', 'rrule'],
    },
    'POST /reservation-series/:id/cancel': {
      route: 'POST /api/v1/reservation-series/:id/cancel',
      method: 'post',
      path: () => `/api/v1/reservation-series/${f().seriesId}/cancel`,
      as: () => f().customer,
      valid: () => ({ reason: '계획 취소', from: at(localDay(1), '00:00') }),
      required: ['reason'],
    },
    'DELETE /blackouts/:id': {
      route: 'DELETE /api/v1/blackouts/:id',
      method: 'delete',
      path: () => `/api/v1/blackouts/${f().blackoutId}`,
      as: () => f().scheduler,
      valid: () => ({}),
      required: [],
    },
    'POST /invoices/:id/issue': {
      route: 'POST /api/v1/invoices/:id/issue',
      method: 'post',
      path: () => `/api/v1/invoices/${f().draftId}/issue`,
      as: () => f().finance,
      valid: () => ({}),
      required: [],
    },
    'POST /organizations/:id/feed-token': {
      route: 'POST /api/v1/organizations/:id/feed-token',
      method: 'post',
      path: () => `/api/v1/organizations/${f().customer.organizationId}/feed-token`,
      as: () => f().customer,
      valid: () => ({}),
      required: [],
    },
    'PUT /organizations/:id/quotas': {
      route: 'PUT /api/v1/organizations/:id/quotas',
      method: 'put',
      path: () => `/api/v1/organizations/${f().customer.organizationId}/quotas`,
      as: () => f().scheduler,
      valid: () => ({ quotas: [{ segmentId: f().segmentId, period: 'month', maxMinutes: 100_000 }, { kind: 'test', period: 'week', maxMinutes: 50_000 }] }),
      required: ['quotas'],
    },
    'POST /organizations/:id/webhooks': {
      route: 'POST /api/v1/organizations/:id/webhooks',
      method: 'post',
      // a public address literal: no DNS lookup, and no delivery is attempted (the test app runs no worker)
      path: () => `/api/v1/organizations/${f().customer.organizationId}/webhooks`,
      as: () => f().customer,
      valid: () => ({ url: 'https://93.184.215.14/hooks/proving-ground', events: ['reservation.created', 'invoice.issued'] }),
      required: ['url', 'events'],
    },
    'DELETE /webhooks/:id': {
      route: 'DELETE /api/v1/webhooks/:id',
      method: 'delete',
      path: () => `/api/v1/webhooks/${f().webhookId}`,
      as: () => f().admin,
      valid: () => ({}),
      required: [],
    },
  };
}
