import type { Response } from 'supertest';
import { addLocalDays } from '../../src/segments/local-time.js';
import { createRateCard, monthFromNow, usedTrack } from './billing.js';
import { at, createSegment, localDay } from './facility.js';
import { TestApp, bearer, type TestUser } from './test-app.js';

const MINUTE = 60_000;
const SLOT = 30 * MINUTE;

/** An instant as the API takes it (UTC, no milliseconds). */
const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');

export type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** An organization with a customer and one of each thing an organization owns. */
export interface Tenant {
  organizationId: string;
  customer: TestUser;
  reservationId: string;
  seriesId: string;
  driverId: string;
  /** Issued: customers see issued invoices only. */
  invoiceId: string;
  requestId: string;
  webhookId: string;
  /** Every id of this organization's things (the factories add theirs): another organization must never see one. */
  ids: Set<string>;
}

/**
 * Real resources for tests that call every route: staff users, segments, catalog and funding, and two
 * organizations (`owner`, `foreign`) each with a customer and one of each thing an organization owns.
 * Factories make fresh things for routes that consume them (cancel, issue, delete ...): every one goes
 * through the API as the role that would do it, and throws on an unexpected answer.
 */
export class World {
  admin!: TestUser;
  scheduler!: TestUser;
  finance!: TestUser;
  /** Exclusive, open all day every day, with a rate card: future bookings, displacements. */
  segmentId!: string;
  /** Needs approval: customer bookings start pending. */
  approvalSegmentId!: string;
  /** Shared with room for 1000 vehicles: any number of bookings spanning now (check-in, check-out). */
  nowSegmentId!: string;
  /** Series occurrences only. */
  seriesSegmentId!: string;
  /** Blackouts only: creating one displaces nothing. */
  blackoutSegmentId!: string;
  /** Back-office usage of past months, with a rate card: what invoices bill. */
  billingSegmentId!: string;
  itemId!: string;
  itemCode!: string;
  programId!: string;
  blackoutId!: string;
  /** An organization whose priority bookings displace the tenants' reservations. */
  bystanderId!: string;
  owner!: Tenant;
  foreign!: Tenant;

  private futureSlots = 0;
  private seriesSlots = 0;
  private usageSlots = 0;
  private blackoutSlots = 0;
  private dates = 0;
  private readonly futureBase = Date.parse(at(localDay(3), '00:00'));
  private readonly blackoutBase = Date.parse(at(localDay(5), '00:00'));
  private readonly usagePeriod = monthFromNow(-1);

  private constructor(readonly t: TestApp) {}

  static async build(t: TestApp): Promise<World> {
    const w = new World(t);
    w.admin = await t.createUser('admin');
    w.scheduler = await t.createUser('scheduler');
    w.finance = await t.createUser('finance');
    w.segmentId = (await createSegment(t, w.scheduler, { kind: 'world' })).id;
    w.approvalSegmentId = (await createSegment(t, w.scheduler, { kind: 'world', approvalRequired: true })).id;
    w.nowSegmentId = (await createSegment(t, w.scheduler, { kind: 'world_now', capacityMode: 'shared', maxVehicles: 1000 })).id;
    w.seriesSegmentId = (await createSegment(t, w.scheduler, { kind: 'world_series' })).id;
    w.blackoutSegmentId = (await createSegment(t, w.scheduler, { kind: 'world_closed' })).id;
    w.billingSegmentId = (await createSegment(t, w.scheduler, { kind: 'world_billing' })).id;
    for (const segmentId of [w.segmentId, w.billingSegmentId]) {
      await w.expect(createRateCard(t, w.finance, { segmentId, effectiveFrom: '2020-01-01', hourlyRate: 100_000 }), 201, 'rate card');
    }
    w.itemCode = `WORLD-${Math.random().toString(36).slice(2, 7).toUpperCase()}`;
    const item = { code: w.itemCode, name: '데이터 로거', category: 'equipment', unit: 'day', memberPrice: 10_000, nonMemberPrice: 20_000, provider: 'x', addOn: true };
    w.itemId = (await w.expect(w.send(w.admin, 'post', '/api/v1/catalog/items', item), 201, 'catalog item')).id;
    w.programId = (await w.expect(w.send(w.finance, 'post', '/api/v1/funding-programs', w.programBody()), 201, 'funding programme')).id;
    w.blackoutId = await w.blackout();
    w.bystanderId = (await t.createOrganization()).id;
    w.owner = await w.tenant();
    w.foreign = await w.tenant();
    return w;
  }

  // ------------------------------------------------------------------ plumbing

  send(user: TestUser | null, method: Method, path: string, body?: unknown) {
    let req = this.t.http[method](path);
    if (user) req = req.set(bearer(user));
    return body === undefined ? req : req.send(body as object);
  }

  /** Awaits a factory's request and returns its body, or throws naming what could not be made. */
  async expect(pending: PromiseLike<Response>, status: number, what: string): Promise<Record<string, any>> {
    const res = await pending;
    if (res.status !== status) throw new Error(`world: ${what} answered ${res.status} (expected ${status}): ${JSON.stringify(res.body)}`);
    return res.body as Record<string, any>;
  }

  /** The next free 30-minute slot in the future (from three days ahead), on any segment. */
  futureSlot(): { start: string; end: string } {
    const start = this.futureBase + this.futureSlots++ * SLOT;
    return { start: iso(start), end: iso(start + SLOT) };
  }

  /** A grid-aligned hour containing now (staff may book it: back-office entries are exempt from notice). */
  nowSlot(): { start: string; end: string } {
    const start = Math.floor(Date.now() / SLOT) * SLOT;
    return { start: iso(start), end: iso(start + 2 * SLOT) };
  }

  private track(tenant: Tenant | undefined, id: string): string {
    tenant?.ids.add(id);
    return id;
  }

  /** A local date no rate card of the world takes yet (rate cards are versioned per segment and date). */
  nextDate(): string {
    return addLocalDays('2031-01-01', this.dates++);
  }

  programBody(): Record<string, unknown> {
    const code = `WP-${Math.random().toString(36).slice(2, 8).toUpperCase()}`;
    return { code, name: '시험 지원', coveragePercent: 30, annualCap: 1_000_000, appliesTo: 'track', validFrom: '2020-01-01', validTo: '2040-12-31' };
  }

  // ------------------------------------------------------------------ factories

  /** A new organization (no users), e.g. to enrol. */
  async organization(): Promise<string> {
    return (await this.t.createOrganization()).id;
  }

  /** An organization with a customer and one of each thing it can own. */
  async tenant(): Promise<Tenant> {
    const customer = await this.t.createCustomer();
    const organizationId = customer.organizationId!;
    const tenant = { organizationId, customer, ids: new Set([organizationId, customer.id]) } as Tenant;
    tenant.reservationId = await this.reservation(tenant);
    tenant.seriesId = await this.series(tenant);
    tenant.driverId = await this.driver(tenant);
    tenant.invoiceId = await this.issuedInvoice(tenant);
    tenant.requestId = await this.supportRequest(tenant);
    tenant.webhookId = await this.webhook(tenant);
    return tenant;
  }

  /** A confirmed future reservation, booked by a scheduler for the tenant. */
  async reservation(tenant: Tenant, segmentId = this.segmentId): Promise<string> {
    const body = { organizationId: tenant.organizationId, segmentId, ...this.futureSlot(), purpose: `${tenant.organizationId} business` };
    return this.track(tenant, (await this.expect(this.send(this.scheduler, 'post', '/api/v1/reservations', body), 201, 'reservation')).id);
  }

  /** A pending reservation: the tenant's customer books a segment that needs approval. */
  async pending(tenant: Tenant): Promise<string> {
    const res = await this.expect(this.send(tenant.customer, 'post', '/api/v1/reservations', { segmentId: this.approvalSegmentId, ...this.futureSlot() }), 201, 'pending reservation');
    if (res.status !== 'pending') throw new Error(`world: expected a pending reservation, got ${res.status}`);
    return this.track(tenant, res.id);
  }

  /** A confirmed reservation spanning now (on the shared segment), ready to check in. */
  async current(tenant: Tenant): Promise<string> {
    const body = { organizationId: tenant.organizationId, segmentId: this.nowSegmentId, ...this.nowSlot() };
    return this.track(tenant, (await this.expect(this.send(this.scheduler, 'post', '/api/v1/reservations', body), 201, 'current reservation')).id);
  }

  /** A reservation checked in now, ready to check out. */
  async checkedIn(tenant: Tenant): Promise<string> {
    const id = await this.current(tenant);
    await this.expect(this.send(this.scheduler, 'post', `/api/v1/reservations/${id}/check-in`, {}), 200, 'check-in');
    return id;
  }

  /** A displaced reservation: a scheduler's priority booking for another organization took its time. */
  async displaced(tenant: Tenant): Promise<string> {
    const slot = this.futureSlot();
    const body = (organizationId: string, priority: boolean) => ({ organizationId, segmentId: this.segmentId, ...slot, priority });
    const victim = await this.expect(this.send(this.scheduler, 'post', '/api/v1/reservations', body(tenant.organizationId, false)), 201, 'reservation to displace');
    const winner = await this.expect(this.send(this.scheduler, 'post', '/api/v1/reservations', body(this.bystanderId, true)), 201, 'priority booking');
    if (!winner.displaced?.includes(victim.id)) throw new Error(`world: the priority booking displaced ${JSON.stringify(winner.displaced)}`);
    return this.track(tenant, victim.id);
  }

  /** The body of a new series of two daily occurrences of the series-only segment, each series at its own time. */
  seriesBody(): Record<string, unknown> {
    const n = this.seriesSlots++;
    const firstStart = iso(Date.parse(at(localDay(60 + 2 * Math.floor(n / 48)), '00:00')) + (n % 48) * SLOT);
    return { segmentId: this.seriesSegmentId, firstStart, durationMinutes: 30, rrule: 'FREQ=DAILY;COUNT=2' };
  }

  /** A series filed by the tenant's customer. */
  async series(tenant: Tenant): Promise<string> {
    const created = await this.expect(this.send(tenant.customer, 'post', '/api/v1/reservation-series', this.seriesBody()), 201, 'series');
    for (const r of created.created as { id: string }[]) this.track(tenant, r.id);
    return this.track(tenant, created.series.id);
  }

  async driver(tenant: Tenant): Promise<string> {
    const body = { name: '김시험', licenseNumber: `L-${tenant.ids.size}` };
    return this.track(tenant, (await this.expect(this.send(tenant.customer, 'post', `/api/v1/organizations/${tenant.organizationId}/drivers`, body), 201, 'driver')).id);
  }

  async supportRequest(tenant: Tenant): Promise<string> {
    const body = { category: 'rnd', title: '인증 절차', description: `${tenant.organizationId} needs help` };
    return this.track(tenant, (await this.expect(this.send(tenant.customer, 'post', '/api/v1/support-requests', body), 201, 'support request')).id);
  }

  /** A webhook to a public address literal (no DNS; the test app runs no delivery worker). */
  async webhook(tenant: Tenant): Promise<string> {
    const body = { url: 'https://93.184.215.14/hooks', events: ['reservation.created'] };
    return this.track(tenant, (await this.expect(this.send(this.admin, 'post', `/api/v1/organizations/${tenant.organizationId}/webhooks`, body), 201, 'webhook')).id);
  }

  /** The body of a new blackout on the blackout-only segment (it displaces nothing), each at its own time. */
  blackoutBody(): Record<string, unknown> {
    const start = this.blackoutBase + this.blackoutSlots++ * SLOT;
    return { segmentIds: [this.blackoutSegmentId], start: iso(start), end: iso(start + SLOT), reason: '노면 정비' };
  }

  async blackout(): Promise<string> {
    return (await this.expect(this.send(this.scheduler, 'post', '/api/v1/blackouts', this.blackoutBody()), 201, 'blackout')).blackout.id;
  }

  /**
   * A draft invoice: last month's back-office usage of the tenant (or of a new organization), generated.
   * Generating replaces an organization's drafts, so drafts that must coexist belong to new organizations.
   */
  async draftInvoice(tenant?: Tenant): Promise<string> {
    const organizationId = tenant?.organizationId ?? (await this.organization());
    const start = Date.parse(at(`${this.usagePeriod}-01`, '00:00')) + this.usageSlots++ * 2 * SLOT;
    const used = await usedTrack(this.t, this.scheduler, { organizationId, segmentId: this.billingSegmentId, start: iso(start), end: iso(start + 2 * SLOT) });
    this.track(tenant, used.id as string);
    const items = (await this.expect(this.send(this.finance, 'post', '/api/v1/invoices/generate', { period: this.usagePeriod, organizationId }), 200, 'invoice generation')).items as { id: string }[];
    if (items.length !== 1) throw new Error(`world: expected one draft, got ${JSON.stringify(items)}`);
    return this.track(tenant, items[0].id);
  }

  async issuedInvoice(tenant?: Tenant): Promise<string> {
    const id = await this.draftInvoice(tenant);
    await this.expect(this.send(this.finance, 'post', `/api/v1/invoices/${id}/issue`), 200, 'invoice issue');
    return id;
  }

  /** A fresh feed token of the tenant's calendar (replacing the previous one). */
  async feedToken(tenant: Tenant): Promise<string> {
    return (await this.expect(this.send(this.admin, 'post', `/api/v1/organizations/${tenant.organizationId}/feed-token`), 200, 'feed token')).token;
  }
}
