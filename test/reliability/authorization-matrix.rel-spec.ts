import { randomUUID } from 'node:crypto';
import { JwtService } from '@nestjs/jwt';
import type { Response } from 'supertest';
import type { OwnedResource } from '../../src/auth/access.repository.js';
import type { Role } from '../../src/auth/actor.js';
import { monthFromNow } from '../support/billing.js';
import { envelopeProblem } from '../support/envelope.js';
import { at, localDay } from '../support/facility.js';
import { changedTables, databaseDigest } from '../support/fuzz.js';
import { routesOf, type Route } from '../support/routes.js';
import { TestApp, type TestUser } from '../support/test-app.js';
import { World, type Method, type Tenant } from '../support/world.js';

/**
 * The authorization matrix (issue, part 5): every route × every caller → the status api.md and product.md give.
 *
 * The expectations (SPEC) are written from the specification, NOT read from the @Access metadata: the metadata is
 * checked against them, and the app's answers are checked against them. A route of the app without a line in SPEC
 * (or a line without a route) fails the first test, so a new route cannot be missed.
 *
 * Callers: nobody (no token), a customer of the organization that owns what the call names ("own"), a customer of
 * another organization ("foreign"), a scheduler, finance, an admin. Every call names real things of the owning
 * organization (World), with a body the route accepts; routes that consume what they act on (cancel, issue, void,
 * delete ...) get a fresh thing per call.
 *
 * Expected, in the order api.md checks (401, 403, 400, 404):
 * - public route: its success for everybody;
 * - no token: 401 UNAUTHENTICATED;
 * - a role the route does not admit: 403 FORBIDDEN (also for a foreign customer: the role is checked first);
 * - a foreign customer on an `owned` route, or on a `scoped` one whose call names the owning organization:
 *   404 NOT_FOUND, with the same body as for an id that does not exist;
 * - everyone else: the route's success status (201 create, 200 action/read/quote/generate, 204 delete). No domain
 *   4xx (409, 422, 400) is accepted for an allowed caller: every call is built to succeed.
 * And for every cell: errors in the envelope of api.md; refused calls write nothing (digest of every table);
 * an answer to a customer never contains an id of the other organization's things.
 */

type Caller = 'anonymous' | 'own' | 'foreign' | 'scheduler' | 'finance' | 'admin';
const CALLERS: Caller[] = ['anonymous', 'own', 'foreign', 'scheduler', 'finance', 'admin'];
const roleOf = (caller: Caller): Role | null => (caller === 'anonymous' ? null : caller === 'own' || caller === 'foreign' ? 'customer' : caller);

// ------------------------------------------------------------------ who may do what: product.md, "Who uses it"

/** Any signed-in user: facility data, and their own organization's data for customers. */
const ANYONE: Role[] = ['customer', 'scheduler', 'finance', 'admin'];
/**
 * api.md's "(staff)" on reads: every role but customers. product.md makes finance "staff for money only" and lets it
 * "read reservations"; the reads api.md marks "(staff)" (organizations, segment calendars) are ones finance needs.
 */
const STAFF: Role[] = ['scheduler', 'finance', 'admin'];
/** "scheduler: everything about segments, blackouts, reservations of every organization, approvals, check-in/out …"; admin: "all of the above". */
const SCHEDULING: Role[] = ['scheduler', 'admin'];
/** "finance: rate cards, cancellation policy, funding programmes, invoices, exports, reports"; admin: all of the above. */
const MONEY: Role[] = ['finance', 'admin'];
/** "admin: … plus users and organizations". */
const ADMIN: Role[] = ['admin'];
/** Book, reschedule, cancel: customers for their own organization; staff who run the schedule. Finance only reads reservations. */
const BOOKERS: Role[] = ['customer', 'scheduler', 'admin'];
/** Customers see their organization's (issued) invoices; finance and admin all. The scheduler has no part in billing. */
const INVOICE_READERS: Role[] = ['customer', 'finance', 'admin'];
/** api.md: "(admin, or a customer of that organization)". */
const HOOK_MANAGERS: Role[] = ['customer', 'admin'];
/** An organization's drivers and calendar feed: "staff, or a customer of that org" (writes: staff = scheduler, admin). */
const ORGANIZATION_KEEPERS: Role[] = ['customer', 'scheduler', 'admin'];

type Tenancy = 'public' | 'staff' | 'global' | 'scoped' | { owned: OwnedResource; param?: string };

interface Spec {
  roles: Role[] | 'public';
  /**
   * How organizations are kept apart (docs/architecture.md, "Tenancy rules"): `owned` when the path names a thing of
   * an organization (404 for another's), `scoped` when customers' calls are limited to their organization, `global`
   * for facility data, `staff` when no customer may call it.
   */
  tenancy: Tenancy;
  success: 200 | 201 | 204;
  /** Where this comes from. */
  source: string;
}

const SPEC: Record<string, Spec> = {
  // System and auth
  'POST /api/v1/auth/login': { roles: 'public', tenancy: 'public', success: 200, source: 'api.md Conventions: no token on POST /auth/login; → 200' },
  'GET /health': { roles: 'public', tenancy: 'public', success: 200, source: 'api.md Conventions: no token on GET /health' },
  'GET /api/v1/facility': { roles: 'public', tenancy: 'public', success: 200, source: 'the web app reads the facility zone before login (docs/web.md)' },
  'GET /api/v1/me': { roles: ANYONE, tenancy: 'scoped', success: 200, source: 'api.md: GET /me → the user (the caller)' },
  'POST /api/v1/users': { roles: ADMIN, tenancy: 'staff', success: 201, source: 'api.md: POST /users (admin)' },
  'GET /api/v1/users': { roles: ADMIN, tenancy: 'staff', success: 200, source: 'api.md: GET /users, under (admin); product.md: admin: users' },
  // Organizations and drivers
  'POST /api/v1/organizations': { roles: ADMIN, tenancy: 'staff', success: 201, source: 'api.md: POST /organizations (admin)' },
  'GET /api/v1/organizations': { roles: STAFF, tenancy: 'staff', success: 200, source: 'api.md: GET list (staff)' },
  'GET /api/v1/organizations/:id': { roles: ANYONE, tenancy: { owned: 'organization' }, success: 200, source: 'api.md: GET /:id (customers: their own only)' },
  'PATCH /api/v1/organizations/:id': { roles: ADMIN, tenancy: { owned: 'organization' }, success: 200, source: 'api.md: PATCH /:id (admin)' },
  'POST /api/v1/organizations/:orgId/drivers': { roles: ORGANIZATION_KEEPERS, tenancy: { owned: 'organization', param: 'orgId' }, success: 201, source: 'api.md: (staff, or a customer of that org) → 201' },
  'GET /api/v1/organizations/:orgId/drivers': { roles: ANYONE, tenancy: { owned: 'organization', param: 'orgId' }, success: 200, source: "product.md: customers see their own organization's drivers" },
  'POST /api/v1/drivers/:id/certify': { roles: SCHEDULING, tenancy: { owned: 'driver' }, success: 200, source: 'api.md: certify (scheduler) → 200' },
  // Segments, blackouts, availability
  'POST /api/v1/segments': { roles: SCHEDULING, tenancy: 'staff', success: 201, source: 'api.md: POST /segments (scheduler) → 201' },
  'GET /api/v1/segments': { roles: ANYONE, tenancy: 'global', success: 200, source: 'api.md: GET /segments (any role)' },
  'GET /api/v1/segments/:id': { roles: ANYONE, tenancy: 'global', success: 200, source: 'api.md: GET /:id, as the list' },
  'PATCH /api/v1/segments/:id': { roles: SCHEDULING, tenancy: 'staff', success: 200, source: 'api.md: PATCH /:id; product.md: scheduler: everything about segments' },
  'POST /api/v1/blackouts': { roles: SCHEDULING, tenancy: 'staff', success: 201, source: 'api.md: POST /blackouts (scheduler) → 201' },
  'GET /api/v1/blackouts': { roles: ANYONE, tenancy: 'global', success: 200, source: 'facility data: closures are what availability subtracts' },
  'DELETE /api/v1/blackouts/:id': { roles: SCHEDULING, tenancy: 'staff', success: 204, source: 'product.md: scheduler: everything about blackouts; api.md: DELETE → 204' },
  'GET /api/v1/availability': { roles: ANYONE, tenancy: 'global', success: 200, source: 'product.md: customers see availability; "never by whom"' },
  'GET /api/v1/availability/suggestions': { roles: ANYONE, tenancy: 'global', success: 200, source: 'as availability' },
  // Reservations
  'POST /api/v1/reservations': { roles: BOOKERS, tenancy: 'scoped', success: 201, source: 'api.md: (customer for own org; staff give organizationId); naming another organization → 404' },
  'GET /api/v1/reservations': { roles: ANYONE, tenancy: 'scoped', success: 200, source: "api.md: customers see their org's; product.md: finance reads reservations" },
  'GET /api/v1/reservations/:id': { roles: ANYONE, tenancy: { owned: 'reservation' }, success: 200, source: "product.md: another organization's reservation by id → 404" },
  'GET /api/v1/reservations/:id/cancellation-fee': { roles: ANYONE, tenancy: { owned: 'reservation' }, success: 200, source: 'docs/billing.md: what cancelling would charge now, shown before a customer confirms; as GET /reservations/:id' },
  'PATCH /api/v1/reservations/:id': { roles: BOOKERS, tenancy: { owned: 'reservation' }, success: 200, source: 'product.md: customers reschedule their own; scheduler all' },
  'POST /api/v1/reservations/:id/cancel': { roles: BOOKERS, tenancy: { owned: 'reservation' }, success: 200, source: 'product.md: customers cancel their own; api.md → 200' },
  'POST /api/v1/reservations/:id/approve': { roles: SCHEDULING, tenancy: { owned: 'reservation' }, success: 200, source: 'api.md: approve (scheduler)' },
  'POST /api/v1/reservations/:id/reject': { roles: SCHEDULING, tenancy: { owned: 'reservation' }, success: 200, source: 'api.md: reject (scheduler)' },
  'POST /api/v1/reservations/:id/check-in': { roles: SCHEDULING, tenancy: { owned: 'reservation' }, success: 200, source: 'api.md: check-in (scheduler)' },
  'POST /api/v1/reservations/:id/check-out': { roles: SCHEDULING, tenancy: { owned: 'reservation' }, success: 200, source: 'api.md: check-out (scheduler)' },
  'POST /api/v1/reservations/:id/resolve': { roles: SCHEDULING, tenancy: { owned: 'reservation' }, success: 200, source: 'api.md: resolve (scheduler)' },
  'GET /api/v1/reservations/:id/audit': { roles: ANYONE, tenancy: { owned: 'reservation' }, success: 200, source: 'as GET /reservations/:id' },
  'GET /api/v1/conflicts': { roles: SCHEDULING, tenancy: 'staff', success: 200, source: 'api.md: GET /conflicts (scheduler)' },
  'POST /api/v1/reservation-series': { roles: BOOKERS, tenancy: 'scoped', success: 201, source: 'as POST /reservations' },
  'GET /api/v1/reservation-series/:id': { roles: ANYONE, tenancy: { owned: 'reservation_series' }, success: 200, source: 'as GET /reservations/:id' },
  'POST /api/v1/reservation-series/:id/cancel': { roles: BOOKERS, tenancy: { owned: 'reservation_series' }, success: 200, source: 'as cancelling a reservation' },
  // Billing
  'POST /api/v1/rate-cards': { roles: MONEY, tenancy: 'staff', success: 201, source: 'api.md: POST /rate-cards (finance)' },
  'GET /api/v1/rate-cards': { roles: ANYONE, tenancy: 'global', success: 200, source: 'prices are facility data (customers get quotes from them)' },
  'GET /api/v1/cancellation-policy': { roles: ANYONE, tenancy: 'global', success: 200, source: 'the policy customers are charged by' },
  'PUT /api/v1/cancellation-policy': { roles: MONEY, tenancy: 'staff', success: 200, source: 'api.md: PUT (finance)' },
  'POST /api/v1/quotes': { roles: ANYONE, tenancy: 'scoped', success: 200, source: 'product.md: a customer can price a booking; api.md: /quotes answers 200' },
  'POST /api/v1/invoices/generate': { roles: MONEY, tenancy: 'staff', success: 200, source: 'api.md: generate (finance) → 200' },
  'GET /api/v1/invoices': { roles: INVOICE_READERS, tenancy: 'scoped', success: 200, source: "product.md: customers see their organization's invoices" },
  'GET /api/v1/invoices/export': { roles: MONEY, tenancy: 'staff', success: 200, source: 'api.md: export (finance)' },
  'GET /api/v1/invoices/:id': { roles: INVOICE_READERS, tenancy: { owned: 'invoice' }, success: 200, source: "product.md: another organization's invoice by id → 404" },
  'GET /api/v1/invoices/:id/pdf': { roles: INVOICE_READERS, tenancy: { owned: 'invoice' }, success: 200, source: 'as GET /invoices/:id' },
  'POST /api/v1/invoices/:id/issue': { roles: MONEY, tenancy: { owned: 'invoice' }, success: 200, source: 'api.md: issue (finance)' },
  'POST /api/v1/invoices/:id/mark-paid': { roles: MONEY, tenancy: { owned: 'invoice' }, success: 200, source: 'api.md: mark-paid (finance)' },
  'POST /api/v1/invoices/:id/void': { roles: MONEY, tenancy: { owned: 'invoice' }, success: 200, source: 'api.md: void (finance)' },
  // Support catalog
  'GET /api/v1/catalog/items': { roles: ANYONE, tenancy: 'global', success: 200, source: "the foundation's offer; add-ons are booked by customers" },
  'POST /api/v1/catalog/items': { roles: ADMIN, tenancy: 'staff', success: 201, source: 'api.md: POST/PATCH (admin)' },
  'PATCH /api/v1/catalog/items/:id': { roles: ADMIN, tenancy: 'staff', success: 200, source: 'api.md: POST/PATCH (admin)' },
  'GET /api/v1/funding-programs': { roles: ANYONE, tenancy: 'global', success: 200, source: 'api.md: GET both (no role named): the programmes on offer' },
  'POST /api/v1/funding-programs': { roles: MONEY, tenancy: 'staff', success: 201, source: 'api.md: POST /funding-programs (finance)' },
  'POST /api/v1/funding-programs/:id/enrollments': { roles: MONEY, tenancy: 'staff', success: 201, source: 'product.md: enrolment by finance' },
  'GET /api/v1/funding-programs/:id/enrollments': { roles: STAFF, tenancy: 'staff', success: 200, source: 'lists organizations: a staff read' },
  // api.md: "(customer)". Staff may file for an organization naming organizationId (an addition, src/catalog/catalog.dto.ts):
  // it gives staff no access to anything of an organization they could not already change.
  'POST /api/v1/support-requests': { roles: ANYONE, tenancy: 'scoped', success: 201, source: 'api.md: POST (customer) → 201; staff file for an organization' },
  'GET /api/v1/support-requests': { roles: ANYONE, tenancy: 'scoped', success: 200, source: 'api.md: GET (customers: own org)' },
  'GET /api/v1/support-requests/:id': { roles: ANYONE, tenancy: { owned: 'support_request' }, success: 200, source: "product.md: another organization's request by id → 404" },
  // api.md: "(staff)": finance included, as programmes (the `funding` category) are finance's part of triage.
  'PATCH /api/v1/support-requests/:id': { roles: STAFF, tenancy: { owned: 'support_request' }, success: 200, source: 'api.md: PATCH /:id (staff)' },
  // Reports and feeds
  'GET /api/v1/reports/utilization': { roles: MONEY, tenancy: 'staff', success: 200, source: 'api.md: (finance, admin)' },
  'GET /api/v1/calendar/segments/:file': { roles: STAFF, tenancy: 'staff', success: 200, source: 'api.md: (staff token)' },
  'GET /api/v1/calendar/organizations/:file': { roles: 'public', tenancy: 'public', success: 200, source: "api.md Conventions: token-authenticated calendar feeds (the organization's feed token)" },
  'POST /api/v1/organizations/:id/feed-token': { roles: ORGANIZATION_KEEPERS, tenancy: { owned: 'organization' }, success: 200, source: "api.md: → 200 { token, url }; the organization's own feed" },
  // Notifications, webhooks, quotas
  'GET /api/v1/notifications': { roles: ANYONE, tenancy: 'scoped', success: 200, source: "api.md: (customers: their organization's; staff: all)" },
  'POST /api/v1/organizations/:id/webhooks': { roles: HOOK_MANAGERS, tenancy: { owned: 'organization' }, success: 201, source: 'api.md: (admin, or a customer of that organization) → 201' },
  'GET /api/v1/organizations/:id/webhooks': { roles: ANYONE, tenancy: { owned: 'organization' }, success: 200, source: "an organization's data: its customers and staff" },
  'GET /api/v1/webhooks/:id': { roles: ANYONE, tenancy: { owned: 'webhook' }, success: 200, source: 'not in api.md (an addition); as the list' },
  'DELETE /api/v1/webhooks/:id': { roles: HOOK_MANAGERS, tenancy: { owned: 'webhook' }, success: 204, source: 'as registering; DELETE → 204' },
  'GET /api/v1/webhooks/:id/deliveries': { roles: ANYONE, tenancy: { owned: 'webhook' }, success: 200, source: 'as the list' },
  'PUT /api/v1/organizations/:id/quotas': { roles: SCHEDULING, tenancy: { owned: 'organization' }, success: 200, source: 'api.md: PUT (scheduler, admin) → 200' },
  'GET /api/v1/organizations/:id/quotas': { roles: ANYONE, tenancy: { owned: 'organization' }, success: 200, source: 'api.md: GET (staff, and customers of that organization)' },
};

// ------------------------------------------------------------------ how each route is called

interface Call {
  method: Method;
  path: string;
  query?: Record<string, string>;
  body?: unknown;
}

/**
 * A call of the route that succeeds for an allowed caller, naming things of the owning organization (`w.owner`):
 * `shared` is made once and sent by every caller; `fresh` is made anew for every caller (the call consumes or
 * creates something unique). `namesOwner`: a `scoped` call that names the owning organization, which a foreign
 * customer is refused (404) instead of being limited to their own organization.
 */
interface Plan {
  shared?: (w: World) => Call | Promise<Call>;
  fresh?: (w: World) => Call | Promise<Call>;
  namesOwner?: boolean;
}

const get = (path: string, query?: Record<string, string>): Call => ({ method: 'get', path, query });
const post = (path: string, body: unknown = {}): Call => ({ method: 'post', path, body });
const range = () => ({ from: at(localDay(3), '00:00'), to: at(localDay(5), '00:00') });
const org = (w: World) => `/api/v1/organizations/${w.owner.organizationId}`;
const reservation = (verb: string, make: (w: World) => Promise<string>, body: unknown = {}) => ({
  fresh: async (w: World) => post(`/api/v1/reservations/${await make(w)}/${verb}`, body),
});
let serial = 0;
const unique = (prefix: string) => `${prefix}${++serial}${Math.random().toString(36).slice(2, 6)}`;

const PLANS: Record<string, Plan> = {
  'POST /api/v1/auth/login': { shared: (w) => post('/api/v1/auth/login', { email: w.owner.customer.email, password: w.owner.customer.password }) },
  'GET /health': { shared: () => get('/health') },
  'GET /api/v1/facility': { shared: () => get('/api/v1/facility') },
  'GET /api/v1/me': { shared: () => get('/api/v1/me') },
  'POST /api/v1/users': { fresh: () => post('/api/v1/users', { email: `${unique('u')}@example.kr`, password: 'long-enough-1', name: '사용자', role: 'finance' }) },
  'GET /api/v1/users': { shared: () => get('/api/v1/users') },
  'POST /api/v1/organizations': {
    fresh: () => post('/api/v1/organizations', { name: '새 회사', kind: 'supplier', businessNumber: TestApp.businessNumber(), membership: 'member', billingEmail: 'b@example.kr' }),
  },
  'GET /api/v1/organizations': { shared: () => get('/api/v1/organizations') },
  'GET /api/v1/organizations/:id': { shared: (w) => get(org(w)) },
  'PATCH /api/v1/organizations/:id': { shared: (w) => ({ method: 'patch', path: org(w), body: { billingEmail: 'finance@example.kr' } }) },
  'POST /api/v1/organizations/:orgId/drivers': { shared: (w) => post(`${org(w)}/drivers`, { name: '이운전', licenseNumber: 'L-77' }) },
  'GET /api/v1/organizations/:orgId/drivers': { shared: (w) => get(`${org(w)}/drivers`) },
  'POST /api/v1/drivers/:id/certify': { shared: (w) => post(`/api/v1/drivers/${w.owner.driverId}/certify`, { level: 2, certifiedUntil: '2030-12-31' }) },
  'POST /api/v1/segments': { fresh: () => post('/api/v1/segments', { code: unique('M'), name: '시험로', kind: 'matrix', capacityMode: 'exclusive' }) },
  'GET /api/v1/segments': { shared: () => get('/api/v1/segments') },
  'GET /api/v1/segments/:id': { shared: (w) => get(`/api/v1/segments/${w.segmentId}`) },
  'PATCH /api/v1/segments/:id': { shared: (w) => ({ method: 'patch', path: `/api/v1/segments/${w.blackoutSegmentId}`, body: { name: '정비 구간' } }) },
  'POST /api/v1/blackouts': { fresh: (w) => post('/api/v1/blackouts', w.blackoutBody()) },
  'GET /api/v1/blackouts': { shared: () => get('/api/v1/blackouts', range()) },
  'DELETE /api/v1/blackouts/:id': { fresh: async (w) => ({ method: 'delete', path: `/api/v1/blackouts/${await w.blackout()}` }) },
  'GET /api/v1/availability': { shared: (w) => get('/api/v1/availability', { ...range(), segmentIds: w.segmentId }) },
  'GET /api/v1/availability/suggestions': { shared: (w) => get('/api/v1/availability/suggestions', { segmentId: w.segmentId, durationMinutes: '30', notBefore: range().from }) },
  'POST /api/v1/reservations': {
    namesOwner: true,
    fresh: (w) => post('/api/v1/reservations', { organizationId: w.owner.organizationId, segmentId: w.segmentId, ...w.futureSlot(), purpose: 'matrix' }),
  },
  'GET /api/v1/reservations': { shared: () => get('/api/v1/reservations') },
  'GET /api/v1/reservations/:id': { shared: (w) => get(`/api/v1/reservations/${w.owner.reservationId}`) },
  'GET /api/v1/reservations/:id/cancellation-fee': { shared: (w) => get(`/api/v1/reservations/${w.owner.reservationId}/cancellation-fee`) },
  'PATCH /api/v1/reservations/:id': { shared: (w) => ({ method: 'patch', path: `/api/v1/reservations/${w.owner.reservationId}`, body: { purpose: '목적 변경' } }) },
  'POST /api/v1/reservations/:id/cancel': reservation('cancel', (w) => w.reservation(w.owner), { reason: '일정 변경' }),
  'POST /api/v1/reservations/:id/approve': reservation('approve', (w) => w.pending(w.owner)),
  'POST /api/v1/reservations/:id/reject': reservation('reject', (w) => w.pending(w.owner), { reason: '정비 일정' }),
  'POST /api/v1/reservations/:id/check-in': reservation('check-in', (w) => w.current(w.owner)),
  'POST /api/v1/reservations/:id/check-out': reservation('check-out', (w) => w.checkedIn(w.owner)),
  'POST /api/v1/reservations/:id/resolve': reservation('resolve', (w) => w.displaced(w.owner), { action: 'cancel' }),
  'GET /api/v1/reservations/:id/audit': { shared: (w) => get(`/api/v1/reservations/${w.owner.reservationId}/audit`) },
  'GET /api/v1/conflicts': { shared: () => get('/api/v1/conflicts') },
  'POST /api/v1/reservation-series': { namesOwner: true, fresh: (w) => post('/api/v1/reservation-series', { organizationId: w.owner.organizationId, ...w.seriesBody() }) },
  'GET /api/v1/reservation-series/:id': { shared: (w) => get(`/api/v1/reservation-series/${w.owner.seriesId}`) },
  'POST /api/v1/reservation-series/:id/cancel': { fresh: async (w) => post(`/api/v1/reservation-series/${await w.series(w.owner)}/cancel`, { reason: '계획 취소' }) },
  'POST /api/v1/rate-cards': { fresh: (w) => post('/api/v1/rate-cards', { segmentId: w.segmentId, effectiveFrom: w.nextDate(), hourlyRate: 110_000 }) },
  'GET /api/v1/rate-cards': { shared: (w) => get('/api/v1/rate-cards', { segmentId: w.segmentId }) },
  'GET /api/v1/cancellation-policy': { shared: () => get('/api/v1/cancellation-policy') },
  'PUT /api/v1/cancellation-policy': {
    shared: () => ({ method: 'put', path: '/api/v1/cancellation-policy', body: { tiers: [{ minNoticeHours: 168, percent: 0 }, { minNoticeHours: 48, percent: 50 }, { minNoticeHours: 0, percent: 100 }], noShowPercent: 100 } }),
  },
  'POST /api/v1/quotes': { namesOwner: true, shared: (w) => post('/api/v1/quotes', { organizationId: w.owner.organizationId, segmentId: w.segmentId, ...w.futureSlot(), vehicles: 1, addOns: [] }) },
  'POST /api/v1/invoices/generate': { shared: (w) => post('/api/v1/invoices/generate', { period: monthFromNow(-6), organizationId: w.owner.organizationId }) },
  'GET /api/v1/invoices': { shared: () => get('/api/v1/invoices') },
  'GET /api/v1/invoices/export': { shared: () => get('/api/v1/invoices/export', { period: monthFromNow(-1), format: 'json' }) },
  'GET /api/v1/invoices/:id': { shared: (w) => get(`/api/v1/invoices/${w.owner.invoiceId}`) },
  'GET /api/v1/invoices/:id/pdf': { shared: (w) => get(`/api/v1/invoices/${w.owner.invoiceId}/pdf`) },
  // Money-only actions: customers are refused by role before ownership is looked at, so the fresh invoices these
  // consume belong to new organizations (an organization's drafts replace each other when generated).
  'POST /api/v1/invoices/:id/issue': { fresh: async (w) => post(`/api/v1/invoices/${await w.draftInvoice()}/issue`) },
  'POST /api/v1/invoices/:id/mark-paid': { fresh: async (w) => post(`/api/v1/invoices/${await w.issuedInvoice()}/mark-paid`, { paidAt: at(localDay(-1), '09:00'), reference: '입금 확인' }) },
  'POST /api/v1/invoices/:id/void': { fresh: async (w) => post(`/api/v1/invoices/${await w.issuedInvoice()}/void`, { reason: '요금 오류' }) },
  'GET /api/v1/catalog/items': { shared: () => get('/api/v1/catalog/items') },
  'POST /api/v1/catalog/items': {
    fresh: () => post('/api/v1/catalog/items', { code: unique('ITEM-'), name: '항목', category: 'rnd', unit: 'each', memberPrice: 1000, nonMemberPrice: 2000, provider: 'x' }),
  },
  'PATCH /api/v1/catalog/items/:id': { shared: (w) => ({ method: 'patch', path: `/api/v1/catalog/items/${w.itemId}`, body: { name: '데이터 로거 (대여)' } }) },
  'GET /api/v1/funding-programs': { shared: () => get('/api/v1/funding-programs') },
  'POST /api/v1/funding-programs': { fresh: (w) => post('/api/v1/funding-programs', w.programBody()) },
  'POST /api/v1/funding-programs/:id/enrollments': { fresh: async (w) => post(`/api/v1/funding-programs/${w.programId}/enrollments`, { organizationId: await w.organization() }) },
  'GET /api/v1/funding-programs/:id/enrollments': { shared: (w) => get(`/api/v1/funding-programs/${w.programId}/enrollments`) },
  'POST /api/v1/support-requests': {
    namesOwner: true,
    shared: (w) => post('/api/v1/support-requests', { organizationId: w.owner.organizationId, category: 'site', title: '부지 상담', description: '공장 부지' }),
  },
  'GET /api/v1/support-requests': { shared: () => get('/api/v1/support-requests') },
  'GET /api/v1/support-requests/:id': { shared: (w) => get(`/api/v1/support-requests/${w.owner.requestId}`) },
  'PATCH /api/v1/support-requests/:id': { shared: (w) => ({ method: 'patch', path: `/api/v1/support-requests/${w.owner.requestId}`, body: { assignee: '담당자' } }) },
  'GET /api/v1/reports/utilization': { shared: () => get('/api/v1/reports/utilization', { ...range(), granularity: 'day' }) },
  'GET /api/v1/calendar/segments/:file': { shared: (w) => get(`/api/v1/calendar/segments/${w.segmentId}.ics`) },
  'GET /api/v1/calendar/organizations/:file': { shared: async (w) => get(`/api/v1/calendar/organizations/${w.owner.organizationId}.ics`, { token: await w.feedToken(w.owner) }) },
  'POST /api/v1/organizations/:id/feed-token': { shared: (w) => post(`${org(w)}/feed-token`) },
  'GET /api/v1/notifications': { shared: () => get('/api/v1/notifications') },
  'POST /api/v1/organizations/:id/webhooks': { shared: (w) => post(`${org(w)}/webhooks`, { url: 'https://93.184.215.14/matrix', events: ['reservation.created'] }) },
  'GET /api/v1/organizations/:id/webhooks': { shared: (w) => get(`${org(w)}/webhooks`) },
  'GET /api/v1/webhooks/:id': { shared: (w) => get(`/api/v1/webhooks/${w.owner.webhookId}`) },
  'DELETE /api/v1/webhooks/:id': { fresh: async (w) => ({ method: 'delete', path: `/api/v1/webhooks/${await w.webhook(w.owner)}` }) },
  'GET /api/v1/webhooks/:id/deliveries': { shared: (w) => get(`/api/v1/webhooks/${w.owner.webhookId}/deliveries`) },
  'PUT /api/v1/organizations/:id/quotas': { shared: (w) => ({ method: 'put', path: `${org(w)}/quotas`, body: { quotas: [{ period: 'month', maxMinutes: 1_000_000 }] } }) },
  'GET /api/v1/organizations/:id/quotas': { shared: (w) => get(`${org(w)}/quotas`) },
};

// ------------------------------------------------------------------ the expected answer

const isOwned = (tenancy: Tenancy): tenancy is { owned: OwnedResource; param?: string } => typeof tenancy === 'object';

function expectedStatus(spec: Spec, plan: Plan, caller: Caller): number {
  if (spec.roles === 'public') return spec.success;
  const role = roleOf(caller);
  if (role === null) return 401;
  if (!spec.roles.includes(role)) return 403;
  if (caller === 'foreign' && (isOwned(spec.tenancy) || (spec.tenancy === 'scoped' && plan.namesOwner))) return 404;
  return spec.success;
}

const CODE_OF: Record<number, string> = { 401: 'UNAUTHENTICATED', 403: 'FORBIDDEN', 404: 'NOT_FOUND' };

describe('authorization matrix: every route × every caller → the status of api.md', () => {
  let t: TestApp;
  let w: World;
  let routes: Route[];
  let cells = 0;

  beforeAll(async () => {
    t = await TestApp.start();
    w = await World.build(t);
    routes = routesOf(t);
  }, 120_000);
  afterAll(async () => {
    // eslint-disable-next-line no-console
    console.log(`authorization matrix: ${Object.keys(SPEC).length} routes × ${CALLERS.length} callers = ${cells} cells checked`);
    await t?.close();
  });

  const userOf = (caller: Caller): TestUser | null =>
    caller === 'anonymous' ? null : caller === 'own' ? w.owner.customer : caller === 'foreign' ? w.foreign.customer : w[caller];

  const send = (caller: Caller | TestUser | null, call: Call): Promise<Response> => {
    const user = typeof caller === 'string' ? userOf(caller) : caller;
    let req = t.http[call.method](call.path);
    if (call.query) req = req.query(call.query);
    if (user) req = req.set('Authorization', `Bearer ${user.token}`);
    return call.body === undefined ? req : req.send(call.body as object);
  };

  /**
   * Ids an answer must not contain: a customer never sees the other organization's things; a public route, called
   * with the owning organization's credentials or feed token, shows nothing of the foreign one. Staff see everything.
   */
  const hiddenFrom = (spec: Spec, caller: Caller): Tenant | undefined =>
    spec.roles === 'public' ? w.foreign : caller === 'own' ? w.foreign : caller === 'foreign' ? w.owner : undefined;
  const textOf = (res: Response) => res.text ?? JSON.stringify(res.body ?? '');

  it('has an expectation and a way to call it for every route of the app, and none for a route that does not exist', () => {
    const names = routes.map((r) => r.name).sort();
    expect(names.filter((n) => !SPEC[n])).toEqual([]);
    expect(Object.keys(SPEC).filter((n) => !names.includes(n))).toEqual([]);
    expect(Object.keys(PLANS).sort()).toEqual(Object.keys(SPEC).sort());
  });

  it('the @Access metadata of every route admits exactly the roles, and declares the tenancy, the specification gives', () => {
    const differences = routes.flatMap((route) => {
      const spec = SPEC[route.name];
      if (!spec || !route.rule) return [`${route.name}: ${spec ? 'no @Access' : 'no expectation'}`];
      const declared = route.rule.roles === 'public' ? 'public' : [...route.rule.roles].sort().join(',');
      const specified = spec.roles === 'public' ? 'public' : [...spec.roles].sort().join(',');
      const tenancy = route.rule.tenancy;
      const declaredTenancy = tenancy.kind === 'owned' ? `owned ${tenancy.resource} :${tenancy.param}` : tenancy.kind;
      const specifiedTenancy = isOwned(spec.tenancy) ? `owned ${spec.tenancy.owned} :${spec.tenancy.param ?? 'id'}` : spec.tenancy;
      return [
        ...(declared === specified ? [] : [`${route.name}: roles ${declared}, specified ${specified}`]),
        ...(declaredTenancy === specifiedTenancy ? [] : [`${route.name}: tenancy ${declaredTenancy}, specified ${specifiedTenancy}`]),
      ];
    });
    expect(differences).toEqual([]);
  });

  for (const [name, spec] of Object.entries(SPEC)) {
    const plan = PLANS[name];
    it(`${name}: ${CALLERS.map((c) => `${c} ${expectedStatus(spec, plan, c)}`).join(', ')}`, async () => {
      // the calls first (their fresh things are written before the digest below)
      let shared: Call | undefined;
      const calls = new Map<Caller, Call>();
      for (const caller of CALLERS) calls.set(caller, plan.fresh ? await plan.fresh(w) : (shared ??= await plan.shared!(w)));
      const expected = new Map(CALLERS.map((c) => [c, expectedStatus(spec, plan, c)]));
      const refused = CALLERS.filter((c) => expected.get(c)! >= 400);
      const problems: string[] = [];
      const answers = new Map<Caller, Response>();

      // refused callers first: together they must leave every table as it was
      const before = await databaseDigest(t);
      for (const caller of refused) answers.set(caller, await send(caller, calls.get(caller)!));
      // "404 exactly as for an id that does not exist": the same answer for an unknown id in the owned parameter
      let unknown: Response | undefined;
      if (isOwned(spec.tenancy) && expected.get('foreign') === 404) {
        const param = `:${spec.tenancy.param ?? 'id'}`;
        const route = routes.find((r) => r.name === name)!;
        const at = route.path.split('/').indexOf(param);
        const path = calls.get('foreign')!.path.split('/').map((part, i) => (i === at ? randomUUID() : part)).join('/');
        unknown = await send('foreign', { ...calls.get('foreign')!, path });
      }
      const changed = changedTables(before, await databaseDigest(t));
      if (changed.length) problems.push(`refused calls (${refused.join(', ')}) changed ${changed.join(', ')}`);

      for (const caller of CALLERS.filter((c) => !refused.includes(c))) answers.set(caller, await send(caller, calls.get(caller)!));

      for (const caller of CALLERS) {
        cells++;
        const res = answers.get(caller)!;
        const want = expected.get(caller)!;
        if (res.status !== want) problems.push(`${caller}: ${res.status} (expected ${want}) ${textOf(res).slice(0, 300)}`);
        if (res.status >= 400) {
          const problem = envelopeProblem(res);
          if (problem) problems.push(`${caller}: error envelope: ${problem}`);
          if (CODE_OF[res.status] && res.body?.code !== CODE_OF[res.status]) problems.push(`${caller}: code ${res.body?.code} for ${res.status}`);
        }
        const others = hiddenFrom(spec, caller);
        const leaked = others ? [...others.ids].filter((id) => textOf(res).includes(id)) : [];
        if (leaked.length) problems.push(`${caller}: the answer shows the other organization's ${leaked.join(', ')}`);
      }
      if (unknown && (unknown.status !== 404 || JSON.stringify(unknown.body) !== JSON.stringify(answers.get('foreign')!.body))) {
        problems.push(`foreign: another organization's thing answered ${JSON.stringify(answers.get('foreign')!.body)}, an unknown id ${unknown.status} ${JSON.stringify(unknown.body)}`);
      }
      expect(problems).toEqual([]);
    });
  }

  it('scoped lists: a customer naming another organization gets 404, naming their own gets it', async () => {
    const lists = Object.entries(SPEC).filter(([name, spec]) => spec.tenancy === 'scoped' && name.startsWith('GET ') && name !== 'GET /api/v1/me');
    expect(lists.length).toBeGreaterThan(3);
    const problems: string[] = [];
    for (const [name] of lists) {
      const call = (await PLANS[name].shared!(w)) as Call;
      const naming = (organizationId: string): Call => ({ ...call, query: { ...call.query, organizationId } });
      const foreign = await send('foreign', naming(w.owner.organizationId));
      if (foreign.status !== 404 || foreign.body.code !== 'NOT_FOUND') problems.push(`${name} foreign: ${foreign.status} ${foreign.text}`);
      const own = await send('own', naming(w.owner.organizationId));
      if (own.status !== 200) problems.push(`${name} own: ${own.status} ${own.text}`);
      const leaked = [...w.foreign.ids].filter((id) => own.text.includes(id));
      if (leaked.length) problems.push(`${name} own: shows ${leaked.join(', ')}`);
    }
    expect(problems).toEqual([]);
  });

  /**
   * Tenancy beyond the path: things of another organization named inside a body or a token. Each refusal is the
   * answer for an unknown thing (404), writes nothing, and shows none of the other organization's ids; a conflict
   * with another organization's booking names no reservation id (api.md: "only when the caller may see it").
   */
  it("a customer naming another organization's things in a body, or its feed token, is answered as for unknown things", async () => {
    const own = w.owner.customer;
    const foreignDriver = w.foreign.driverId;
    const [foreignBooking] = await t.query<{ start_at: Date; end_at: Date; segment_id: string }>(`SELECT start_at, end_at, segment_id FROM reservations WHERE id = $1`, [w.foreign.reservationId]);
    const foreignTime = { segmentId: foreignBooking.segment_id, start: foreignBooking.start_at.toISOString(), end: foreignBooking.end_at.toISOString() };
    const ownReservation = await w.reservation(w.owner);
    const cases: { name: string; user: TestUser | null; call: Call; status: number; code: string }[] = [
      { name: 'booking with their driver', user: own, call: post('/api/v1/reservations', { segmentId: w.segmentId, ...w.futureSlot(), driverIds: [foreignDriver] }), status: 404, code: 'NOT_FOUND' },
      { name: 'a series with their driver', user: own, call: post('/api/v1/reservation-series', { ...w.seriesBody(), driverIds: [foreignDriver] }), status: 404, code: 'NOT_FOUND' },
      { name: 'rescheduling with their driver', user: own, call: { method: 'patch', path: `/api/v1/reservations/${ownReservation}`, body: { driverIds: [foreignDriver] } }, status: 404, code: 'NOT_FOUND' },
      { name: 'staff booking for one organization with the driver of another', user: w.scheduler, call: post('/api/v1/reservations', { organizationId: w.owner.organizationId, segmentId: w.segmentId, ...w.futureSlot(), driverIds: [foreignDriver] }), status: 404, code: 'NOT_FOUND' },
      { name: 'booking over their reservation', user: own, call: post('/api/v1/reservations', foreignTime), status: 409, code: 'RESERVATION_CONFLICT' },
      { name: 'rescheduling onto their reservation', user: own, call: { method: 'patch', path: `/api/v1/reservations/${ownReservation}`, body: { start: foreignTime.start, end: foreignTime.end } }, status: 409, code: 'RESERVATION_CONFLICT' },
      { name: 'quoting for them', user: own, call: post('/api/v1/quotes', { organizationId: w.foreign.organizationId, segmentId: w.segmentId, ...w.futureSlot() }), status: 404, code: 'NOT_FOUND' },
      { name: 'filing a request for them', user: own, call: post('/api/v1/support-requests', { organizationId: w.foreign.organizationId, category: 'rnd', title: 'x', description: 'x' }), status: 404, code: 'NOT_FOUND' },
      { name: 'their feed with our token', user: null, call: get(`/api/v1/calendar/organizations/${w.foreign.organizationId}.ics`, { token: await w.feedToken(w.owner) }), status: 404, code: 'NOT_FOUND' },
      // api.md: "A customer sending a staff-only field (priority, waiveFee, ...) gets 403"
      { name: 'a priority booking', user: own, call: post('/api/v1/reservations', { ...foreignTime, priority: true }), status: 403, code: 'FORBIDDEN' },
      // api.md: "Checks run in this order ...: 401, 403, 400": the staff-only field answers before a malformed one
      { name: 'a priority booking with a malformed end', user: own, call: post('/api/v1/reservations', { segmentId: w.segmentId, start: foreignTime.start, end: 'tomorrow', priority: true }), status: 403, code: 'FORBIDDEN' },
      { name: 'waiving their own fee', user: own, call: post(`/api/v1/reservations/${ownReservation}/cancel`, { reason: 'x', waiveFee: true }), status: 403, code: 'FORBIDDEN' },
      { name: 'waiving their own fee without a reason', user: own, call: post(`/api/v1/reservations/${ownReservation}/cancel`, { waiveFee: true }), status: 403, code: 'FORBIDDEN' },
    ];
    const problems: string[] = [];
    for (const c of cases) {
      const before = await databaseDigest(t);
      const res = await send(c.user, c.call);
      if (res.status !== c.status || res.body?.code !== c.code) problems.push(`${c.name}: ${res.status} ${res.text} (expected ${c.status} ${c.code})`);
      const changed = changedTables(before, await databaseDigest(t));
      if (changed.length) problems.push(`${c.name}: changed ${changed.join(', ')}`);
      const leaked = c.user === w.scheduler ? [] : [...w.foreign.ids].filter((id) => res.text.includes(id));
      if (leaked.length) problems.push(`${c.name}: shows ${leaked.join(', ')}`);
    }
    // a waitlist entry behind another organization's booking: accepted, and nothing of theirs in the answer
    const waitlisted = await send(own, post('/api/v1/reservations', { ...foreignTime, waitlist: true }));
    if (waitlisted.status !== 201 || waitlisted.body.status !== 'waitlisted') problems.push(`waitlisting: ${waitlisted.status} ${waitlisted.text}`);
    if ([...w.foreign.ids].some((id) => waitlisted.text.includes(id))) problems.push(`waitlisting shows ${waitlisted.text}`);
    expect(problems).toEqual([]);
  });

  it("customers see their organization's issued invoices only: a draft is an unknown invoice to them", async () => {
    const draft = await w.draftInvoice(w.owner);
    const problems: string[] = [];
    for (const path of [`/api/v1/invoices/${draft}`, `/api/v1/invoices/${draft}/pdf`]) {
      const res = await send('own', get(path));
      if (res.status !== 404 || res.body.code !== 'NOT_FOUND') problems.push(`${path}: ${res.status} ${res.text}`);
      const staff = await send('finance', get(path));
      if (staff.status !== 200) problems.push(`${path} as finance: ${staff.status}`);
    }
    const listed = await send('own', get('/api/v1/invoices', { status: 'draft' }));
    if (listed.status !== 200 || listed.text.includes(draft)) problems.push(`list of drafts: ${listed.status} ${listed.text}`);
    const all = await send('own', get('/api/v1/invoices'));
    if (all.text.includes(draft) || !all.text.includes(w.owner.invoiceId)) problems.push(`list: ${all.text.slice(0, 300)}`);
    expect(problems).toEqual([]);
  });

  it('every route but the public ones answers 401 to a forged, an expired, an unsigned and a malformed token, before anything else', async () => {
    // signed with another secret; the app's secret but expired; no signature (alg none); not a JWT; no token; another scheme
    const jwt = new JwtService();
    const claims = { sub: w.admin.id, role: 'admin', org: null };
    const forged = jwt.sign(claims, { secret: 'not-the-secret-not-the-secret-0123', algorithm: 'HS256' });
    const expired = jwt.sign(claims, { secret: 'test-secret-test-secret-test-secret-0123', algorithm: 'HS256', expiresIn: -10 });
    const unsigned = `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.`;
    const headers = [`Bearer ${forged}`, `Bearer ${expired}`, `Bearer ${unsigned}`, 'Bearer not.a.jwt', 'Bearer', `Basic ${Buffer.from('admin:admin').toString('base64')}`];
    const problems: string[] = [];
    const before = await databaseDigest(t);
    for (const route of routes.filter((r) => SPEC[r.name]?.roles !== 'public')) {
      // any value will do for path parameters: the guard answers first
      const path = route.path.replace(/:file/, `${randomUUID()}.ics`).replace(/:[A-Za-z]+/g, () => randomUUID());
      for (const authorization of headers) {
        const res = await t.http[route.verb.toLowerCase() as Method](path).set('Authorization', authorization).send({});
        if (res.status !== 401 || res.body.code !== 'UNAUTHENTICATED') problems.push(`${route.name} with ${authorization.slice(0, 12)}…: ${res.status} ${res.text}`);
      }
    }
    expect(problems).toEqual([]);
    expect(changedTables(before, await databaseDigest(t))).toEqual([]);
  });
});
