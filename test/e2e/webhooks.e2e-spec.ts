import { randomUUID } from 'node:crypto';
import { expectError } from '../support/envelope.js';
import { fuzzEndpoint, tableCounts } from '../support/fuzz.js';
import { TestApp, bearer, type TestUser } from '../support/test-app.js';
import { WebhookReceiver, verifySignature, type Received } from '../support/webhook-receiver.js';
import { Outbox } from '../../src/outbox/outbox.service.js';
import type { EventType } from '../../src/outbox/events.js';
import { WebhookWorker } from '../../src/webhooks/webhook-worker.js';

/**
 * Webhooks (api.md, "Notifications, webhooks, quotas"): registration and tenancy over HTTP, and
 * delivery by the worker to a loopback receiver that verifies every signature. Events are emitted
 * through the Outbox directly, as the services that change state do, inside a transaction.
 */

const TIMEOUT_MS = 500;
const SETTINGS = { WEBHOOK_ALLOW_PRIVATE: 'true', WEBHOOK_RETRY_SECONDS: '0', WEBHOOK_TIMEOUT_MS: String(TIMEOUT_MS) };

/** Emits one event per type for an organization, in one transaction; answers the event ids. */
async function emit(t: TestApp, organizationId: string, ...types: EventType[]): Promise<string[]> {
  return t.db.transaction(async (manager) => {
    const ids: string[] = [];
    for (const type of types) ids.push(await t.app.get(Outbox).emit(manager, { type, organizationId, data: { organizationId, type, n: ids.length } }));
    return ids;
  });
}

describe('webhooks', () => {
  let t: TestApp;
  let receiver: WebhookReceiver;
  let worker: WebhookWorker;
  let admin: TestUser;
  let scheduler: TestUser;
  let finance: TestUser;
  let alice: TestUser; // organization A
  let bob: TestUser; // organization B

  const hooksOf = (orgId: string) => `/api/v1/organizations/${orgId}/webhooks`;
  /** Registers a webhook of a customer's organization (Alice's unless told) on a path of the receiver; answers the 201 body. */
  const register = async (path: string, events: string[], as: TestUser = alice) =>
    (await t.http.post(hooksOf(as.organizationId!)).set(bearer(as)).send({ url: receiver.url(path), events }).expect(201)).body as Record<string, any>;
  const deliveries = async (hookId: string, as: TestUser = alice) =>
    (await t.http.get(`/api/v1/webhooks/${hookId}/deliveries`).set(bearer(as)).expect(200)).body.items as Record<string, any>[];

  beforeAll(async () => {
    receiver = await WebhookReceiver.start();
    t = await TestApp.start(SETTINGS);
    worker = t.app.get(WebhookWorker);
    admin = await t.createUser('admin');
    scheduler = await t.createUser('scheduler');
    finance = await t.createUser('finance');
    alice = await t.createCustomer();
    bob = await t.createCustomer();
  });
  afterAll(async () => {
    await t?.close();
    await receiver?.close();
  });

  // ------------------------------------------------------------------ registration

  it('creates a webhook: 201 with a whsec_ secret, shown in that answer only', async () => {
    const created = await register('/created', ['reservation.confirmed', 'invoice.issued']);
    expect(created).toEqual({
      id: expect.any(String),
      organizationId: alice.organizationId,
      url: receiver.url('/created'),
      events: ['reservation.confirmed', 'invoice.issued'],
      secret: expect.stringMatching(/^whsec_[A-Za-z0-9+/]{43}=$/),
      createdAt: expect.any(String),
    });
    expect(Buffer.from(created.secret.slice('whsec_'.length), 'base64')).toHaveLength(32);
    const { secret, ...view } = created;
    const got = await t.http.get(`/api/v1/webhooks/${created.id}`).set(bearer(alice)).expect(200);
    expect(got.body).toEqual(view);
    const list = await t.http.get(hooksOf(alice.organizationId!)).set(bearer(alice)).expect(200);
    expect(list.body).toEqual({ items: expect.arrayContaining([view]), nextCursor: null });
    expect(JSON.stringify(list.body)).not.toContain(secret);
    // audited, without the secret
    const audit = await t.query<{ action: string; actor_id: string; data: unknown }>(`SELECT action, actor_id, data FROM audit_log WHERE entity_type = 'webhook' AND entity_id = $1`, [created.id]);
    expect(audit).toEqual([{ action: 'create', actor_id: alice.id, data: { organizationId: alice.organizationId, events: created.events } }]);
    expect(JSON.stringify(audit)).not.toContain(secret);
  });

  it('answers a retry with the same Idempotency-Key with the same webhook and secret, creating one', async () => {
    const send = () =>
      t.http.post(hooksOf(alice.organizationId!)).set(bearer(alice)).set('Idempotency-Key', 'hook-once').send({ url: receiver.url('/idempotent'), events: ['invoice.issued'] });
    const first = await send().expect(201);
    const again = await send().expect(201);
    expect(again.body).toEqual(first.body);
    expect(await t.query(`SELECT id FROM webhooks WHERE url = $1`, [receiver.url('/idempotent')])).toEqual([{ id: first.body.id }]);
  });

  it('lets an admin register a webhook for any organization; lists page with cursors', async () => {
    const org = await t.createOrganization();
    const made: string[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await t.http.post(hooksOf(org.id)).set(bearer(admin)).send({ url: receiver.url(`/admin/${i}`), events: ['invoice.voided'] }).expect(201);
      made.push(res.body.id);
    }
    const first = await t.http.get(`${hooksOf(org.id)}?limit=2`).set(bearer(scheduler)).expect(200);
    expect(first.body.items.map((h: { id: string }) => h.id)).toEqual(made.slice(0, 2));
    const second = await t.http.get(`${hooksOf(org.id)}?limit=2&cursor=${first.body.nextCursor}`).set(bearer(finance)).expect(200);
    expect(second.body).toEqual({ items: [expect.objectContaining({ id: made[2] })], nextCursor: null });
    expectError(await t.http.get(`${hooksOf(org.id)}?cursor=nonsense`).set(bearer(admin)), 400, 'VALIDATION_FAILED');
    expectError(await t.http.get(`${hooksOf(org.id)}?limit=0`).set(bearer(admin)), 400, 'VALIDATION_FAILED');
  });

  // ------------------------------------------------------------------ delivery
  // Each test uses a customer of a new organization, so no other test's webhooks receive its events,
  // and leaves no delivery pending, so each run of the worker attempts only the test's own.

  it('delivers a subscribed event once, signed, with the documented headers and body; other types are not delivered', async () => {
    const carol = await t.createCustomer();
    const hook = await register('/signed', ['reservation.confirmed'], carol);
    const [confirmed] = await emit(t, carol.organizationId!, 'reservation.confirmed', 'reservation.cancelled', 'reservation.expired');
    expect(await worker.runOnce()).toBe(1);
    const [request, ...more] = receiver.at('/signed');
    expect(more).toEqual([]);
    const [event] = await t.query<{ created_at: Date }>(`SELECT created_at FROM events WHERE id = $1`, [confirmed]);
    expect(request.method).toBe('POST');
    expect(request.headers).toEqual(
      expect.objectContaining({ 'content-type': 'application/json', 'webhook-id': confirmed, 'webhook-timestamp': expect.stringMatching(/^\d+$/), 'user-agent': expect.any(String) }),
    );
    expect(verifySignature(hook.secret, request)).toBe(true);
    expect(verifySignature(`whsec_${Buffer.alloc(32).toString('base64')}`, request)).toBe(false);
    expect(JSON.parse(request.body)).toEqual({
      id: confirmed,
      type: 'reservation.confirmed',
      createdAt: event.created_at.toISOString(),
      data: { organizationId: carol.organizationId, type: 'reservation.confirmed', n: 0 },
    });
    expect(await worker.runOnce()).toBe(0);
    expect(receiver.at('/signed')).toHaveLength(1);
    expect(await deliveries(hook.id, carol)).toEqual([
      {
        id: expect.any(String),
        webhookId: hook.id,
        eventId: confirmed,
        type: 'reservation.confirmed',
        status: 'delivered',
        attempts: 1,
        responseStatus: 200,
        lastError: null,
        nextAttemptAt: null,
        createdAt: expect.any(String),
        deliveredAt: expect.any(String),
      },
    ]);
  });

  it('retries a receiver answering 500 twice: delivered at the third attempt, every attempt signed alike', async () => {
    const carol = await t.createCustomer();
    const hook = await register('/flaky', ['reservation.approved'], carol);
    receiver.script('/flaky', 500, 500, 200);
    const [id] = await emit(t, carol.organizationId!, 'reservation.approved');
    expect(await worker.runOnce()).toBe(1);
    expect(await deliveries(hook.id, carol)).toEqual([
      expect.objectContaining({ status: 'pending', attempts: 1, responseStatus: 500, lastError: 'HTTP 500', nextAttemptAt: expect.any(String), deliveredAt: null }),
    ]);
    expect(await worker.runOnce()).toBe(1);
    expect(await worker.runOnce()).toBe(1);
    expect(await deliveries(hook.id, carol)).toEqual([expect.objectContaining({ status: 'delivered', attempts: 3, responseStatus: 200, lastError: null, nextAttemptAt: null })]);
    const requests = receiver.at('/flaky');
    expect(requests.map((r) => r.headers['webhook-id'])).toEqual([id, id, id]);
    expect(requests.every((r) => verifySignature(hook.secret, r) && r.body === requests[0].body)).toBe(true);
  });

  it('fails an attempt the receiver does not answer within WEBHOOK_TIMEOUT_MS, and tries again', async () => {
    const carol = await t.createCustomer();
    const hook = await register('/hang', ['reservation.rejected'], carol);
    receiver.script('/hang', 'hang', 'hang');
    await emit(t, carol.organizationId!, 'reservation.rejected');
    const started = Date.now();
    expect(await worker.runOnce()).toBe(1);
    expect(Date.now() - started).toBeGreaterThanOrEqual(TIMEOUT_MS - 50);
    expect(await deliveries(hook.id, carol)).toEqual([expect.objectContaining({ status: 'pending', attempts: 1, responseStatus: null, lastError: `timeout after ${TIMEOUT_MS} ms` })]);
    expect(await worker.runOnce()).toBe(1);
    expect(await worker.runOnce()).toBe(1);
    expect(await deliveries(hook.id, carol)).toEqual([expect.objectContaining({ status: 'delivered', attempts: 3, responseStatus: 200 })]);
  });

  it('never follows a redirect: it is a failed attempt like any other non-2xx answer', async () => {
    const carol = await t.createCustomer();
    const hook = await register('/moved', ['reservation.waitlist_promoted'], carol);
    receiver.script('/moved', { status: 307, headers: { location: receiver.url('/moved-here') } });
    await emit(t, carol.organizationId!, 'reservation.waitlist_promoted');
    expect(await worker.runOnce()).toBe(1);
    expect(receiver.at('/moved-here')).toEqual([]);
    expect(await deliveries(hook.id, carol)).toEqual([expect.objectContaining({ status: 'pending', attempts: 1, responseStatus: 307, lastError: 'HTTP 307' })]);
    expect(await worker.runOnce()).toBe(1);
    expect(await deliveries(hook.id, carol)).toEqual([expect.objectContaining({ status: 'delivered', attempts: 2, responseStatus: 200 })]);
  });

  it('records a refused connection as a failed attempt', async () => {
    const closed = await WebhookReceiver.start();
    const url = closed.url('/gone');
    await closed.close();
    const carol = await t.createCustomer();
    const hook = (await t.http.post(hooksOf(carol.organizationId!)).set(bearer(carol)).send({ url, events: ['reservation.relocated'] }).expect(201)).body;
    await emit(t, carol.organizationId!, 'reservation.relocated');
    expect(await worker.runOnce()).toBe(1);
    expect(await deliveries(hook.id, carol)).toEqual([expect.objectContaining({ status: 'pending', attempts: 1, responseStatus: null, lastError: expect.stringContaining('ECONNREFUSED') })]);
    await t.http.delete(`/api/v1/webhooks/${hook.id}`).set(bearer(carol)).expect(204);
  });

  it('gives a delivery up as failed once the retry window is over, keeping the last error', async () => {
    const carol = await t.createCustomer();
    const hook = await register('/down', ['reservation.no_show'], carol);
    receiver.script('/down', 503, 503, 503);
    await emit(t, carol.organizationId!, 'reservation.no_show');
    expect(await worker.runOnce()).toBe(1);
    expect((await deliveries(hook.id, carol))[0]).toEqual(expect.objectContaining({ status: 'pending', attempts: 1 }));
    // the delivery was written a day and an hour ago: the 24-hour window is over
    await t.query(`UPDATE webhook_deliveries SET created_at = created_at - interval '25 hours' WHERE webhook_id = $1`, [hook.id]);
    expect(await worker.runOnce()).toBe(1);
    expect(await deliveries(hook.id, carol)).toEqual([
      expect.objectContaining({ status: 'failed', attempts: 2, responseStatus: 503, lastError: 'HTTP 503', nextAttemptAt: null, deliveredAt: null }),
    ]);
    expect(await worker.runOnce()).toBe(0);
    expect(receiver.at('/down')).toHaveLength(2);
  });

  it('ends a run although failed deliveries are due again at once (a 0 s schedule), more than a batch of them', async () => {
    const carol = await t.createCustomer();
    const hook = await register('/always-500', ['reservation.displaced'], carol);
    receiver.script('/always-500', ...Array<number>(100).fill(500));
    await emit(t, carol.organizationId!, ...Array<EventType>(30).fill('reservation.displaced'));
    const attempts = await worker.runOnce();
    expect(attempts).toBeGreaterThanOrEqual(30);
    expect(attempts).toBeLessThan(60);
    const rows = await t.query<{ status: string; attempts: number }>(`SELECT DISTINCT status, least(attempts, 2) AS attempts FROM webhook_deliveries WHERE webhook_id = $1`, [hook.id]);
    expect(rows).toEqual(expect.arrayContaining([{ status: 'pending', attempts: 1 }]));
    expect(rows.every((r) => r.status === 'pending')).toBe(true);
    await t.http.delete(`/api/v1/webhooks/${hook.id}`).set(bearer(carol)).expect(204);
  });

  it('delivers nothing for a transaction that rolled back', async () => {
    const carol = await t.createCustomer();
    const hook = await register('/rolled-back', ['support_request.updated'], carol);
    const before = await t.query<{ n: number }>(`SELECT count(*)::int AS n FROM events`);
    await expect(
      t.db.transaction(async (manager) => {
        await t.app.get(Outbox).emit(manager, { type: 'support_request.updated', organizationId: carol.organizationId!, data: {} });
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    expect(await t.query<{ n: number }>(`SELECT count(*)::int AS n FROM events`)).toEqual(before);
    expect(await worker.runOnce()).toBe(0);
    expect(await deliveries(hook.id, carol)).toEqual([]);
    expect(receiver.at('/rolled-back')).toEqual([]);
  });

  it("sends a webhook only its own organization's events", async () => {
    const [carol, dave] = [await t.createCustomer(), await t.createCustomer()];
    const mine = await register('/mine', ['invoice.issued'], carol);
    const theirs = await register('/theirs', ['invoice.issued'], dave);
    const [daves] = await emit(t, dave.organizationId!, 'invoice.issued');
    expect(await worker.runOnce()).toBe(1);
    expect(receiver.at('/mine')).toEqual([]);
    expect(await deliveries(mine.id, carol)).toEqual([]);
    const [request] = receiver.at('/theirs');
    expect(verifySignature(theirs.secret, request)).toBe(true);
    expect(JSON.parse(request.body)).toEqual(expect.objectContaining({ id: daves, data: expect.objectContaining({ organizationId: dave.organizationId }) }));
  });

  it('deletes a webhook: 204, audited; its pending deliveries go with it and nothing more is sent', async () => {
    const carol = await t.createCustomer();
    const hook = await register('/deleted', ['invoice.voided'], carol);
    await emit(t, carol.organizationId!, 'invoice.voided');
    await t.http.delete(`/api/v1/webhooks/${hook.id}`).set(bearer(carol)).expect(204, '');
    expectError(await t.http.get(`/api/v1/webhooks/${hook.id}`).set(bearer(carol)), 404, 'NOT_FOUND');
    expectError(await t.http.get(`/api/v1/webhooks/${hook.id}/deliveries`).set(bearer(admin)), 404, 'NOT_FOUND');
    expectError(await t.http.delete(`/api/v1/webhooks/${hook.id}`).set(bearer(admin)), 404, 'NOT_FOUND');
    expect(await t.query(`SELECT 1 FROM webhook_deliveries WHERE webhook_id = $1`, [hook.id])).toEqual([]);
    await emit(t, carol.organizationId!, 'invoice.voided');
    expect(await worker.runOnce()).toBe(0);
    expect(receiver.at('/deleted')).toEqual([]);
    const audit = await t.query<{ action: string; actor_id: string }>(`SELECT action, actor_id FROM audit_log WHERE entity_type = 'webhook' AND entity_id = $1 ORDER BY id`, [hook.id]);
    expect(audit).toEqual([{ action: 'create', actor_id: carol.id }, { action: 'delete', actor_id: carol.id }]);
  });

  // ------------------------------------------------------------------ tenancy and roles

  it("answers 404 to a customer naming another organization's webhook, its deliveries or the organization", async () => {
    const hook = await register('/private', ['reservation.created']);
    await emit(t, alice.organizationId!, 'reservation.created');
    await worker.runOnce();
    const unknown = randomUUID();
    for (const id of [hook.id, unknown]) {
      expectError(await t.http.get(`/api/v1/webhooks/${id}`).set(bearer(bob)), 404, 'NOT_FOUND');
      expectError(await t.http.get(`/api/v1/webhooks/${id}/deliveries`).set(bearer(bob)), 404, 'NOT_FOUND');
      expectError(await t.http.delete(`/api/v1/webhooks/${id}`).set(bearer(bob)), 404, 'NOT_FOUND');
    }
    for (const orgId of [alice.organizationId!, unknown]) {
      expectError(await t.http.get(hooksOf(orgId)).set(bearer(bob)), 404, 'NOT_FOUND');
      expectError(await t.http.post(hooksOf(orgId)).set(bearer(bob)).send({ url: receiver.url('/bob'), events: ['reservation.created'] }), 404, 'NOT_FOUND');
    }
    // Bob's own list holds only his organization's webhooks
    const bobs = await t.http.get(hooksOf(bob.organizationId!)).set(bearer(bob)).expect(200);
    expect(bobs.body.items.map((h: { organizationId: string }) => h.organizationId)).toEqual(bobs.body.items.map(() => bob.organizationId));
    // the webhook is untouched and staff see it and its deliveries
    await t.http.get(`/api/v1/webhooks/${hook.id}`).set(bearer(scheduler)).expect(200);
    expect(await deliveries(hook.id, finance)).toEqual([expect.objectContaining({ status: 'delivered' })]);
  });

  it('refuses staff other than admins (403), callers without a token (401), unknown ids (404) and ids that are not UUIDs (400)', async () => {
    const hook = await register('/roles', ['reservation.created']);
    const body = { url: receiver.url('/staff'), events: ['reservation.created'] };
    expectError(await t.http.post(hooksOf(alice.organizationId!)).set(bearer(scheduler)).send(body), 403, 'FORBIDDEN');
    expectError(await t.http.post(hooksOf(alice.organizationId!)).set(bearer(finance)).send(body), 403, 'FORBIDDEN');
    expectError(await t.http.delete(`/api/v1/webhooks/${hook.id}`).set(bearer(scheduler)), 403, 'FORBIDDEN');
    expectError(await t.http.delete(`/api/v1/webhooks/${hook.id}`).set(bearer(finance)), 403, 'FORBIDDEN');
    expectError(await t.http.get(`/api/v1/webhooks/${hook.id}`), 401, 'UNAUTHENTICATED');
    expectError(await t.http.post(hooksOf(alice.organizationId!)).send(body), 401, 'UNAUTHENTICATED');
    expectError(await t.http.post(hooksOf(randomUUID())).set(bearer(admin)).send(body), 404, 'NOT_FOUND');
    expectError(await t.http.get(hooksOf(randomUUID())).set(bearer(admin)), 404, 'NOT_FOUND');
    expectError(await t.http.get(`/api/v1/webhooks/${randomUUID()}`).set(bearer(admin)), 404, 'NOT_FOUND');
    expectError(await t.http.get('/api/v1/webhooks/not-a-uuid').set(bearer(alice)), 400, 'VALIDATION_FAILED');
    await t.http.get(`/api/v1/webhooks/${hook.id}`).set(bearer(alice)).expect(200);
  });

  // ------------------------------------------------------------------ bad bodies

  it('fuzzing POST /organizations/:id/webhooks: only 4xx, nothing written', () =>
    fuzzEndpoint(t, {
      method: 'post',
      path: () => hooksOf(alice.organizationId!),
      as: () => alice,
      valid: () => ({ url: receiver.url('/fuzz'), events: ['reservation.created', 'invoice.issued'] }),
      required: ['url', 'events'],
    }, 40));

  it.each([
    ['no events', { events: [] }, 'events'],
    ['an unknown event type', { events: ['reservation.created', 'reservation.exploded'] }, 'events'],
    ['an e-mail-only event type', { events: ['reservation.expired'] }, 'events'],
    ['a type twice', { events: ['invoice.issued', 'invoice.issued'] }, 'events'],
    ['thirteen types', { events: Array.from({ length: 13 }, (_, i) => `reservation.x${i}`) }, 'events'],
    ['events not a list', { events: 'invoice.issued' }, 'events'],
    ['a URL longer than 2000 characters', { url: `http://127.0.0.1/${'x'.repeat(2000)}` }, 'url'],
    ['an empty URL', { url: '' }, 'url'],
    ['a URL that is not one', { url: 'hooks here please' }, 'url'],
    ['an ftp URL', { url: 'ftp://127.0.0.1/hook' }, 'url'],
    ['a URL with credentials', { url: 'http://user:pw@127.0.0.1/hook' }, 'url'],
  ])('refuses %s: 400 naming the field, nothing written', async (_name, patch, field) => {
    const before = await tableCounts(t);
    const res = await t.http.post(hooksOf(alice.organizationId!)).set(bearer(alice)).send({ url: receiver.url('/bad'), events: ['reservation.created'], ...patch });
    const error = expectError(res, 400, 'VALIDATION_FAILED');
    expect((error.details as { fields: { field: string }[] }).fields.map((f) => f.field)).toContain(field);
    expect(await tableCounts(t)).toEqual(before);
  });
});

describe('webhooks without WEBHOOK_ALLOW_PRIVATE', () => {
  let t: TestApp;
  let receiver: WebhookReceiver;
  let customer: TestUser;

  beforeAll(async () => {
    receiver = await WebhookReceiver.start();
    t = await TestApp.start({ WEBHOOK_RETRY_SECONDS: '0' });
    customer = await t.createCustomer();
  });
  afterAll(async () => {
    await t?.close();
    await receiver?.close();
  });

  it.each([
    ['an ftp URL', 'ftp://8.8.8.8/hook', /http or https/],
    ['the loopback receiver', null, /resolves to 127\.0\.0\.1/],
    ['a loopback address', 'http://127.0.0.1/hook', /127\.0\.0\.1/],
    ['localhost', 'http://localhost:8080/hook', /localhost resolves to/],
    ['a private address in 10/8', 'http://10.20.30.40/hook', /10\.20\.30\.40/],
    ['a private address in 192.168/16', 'http://192.168.0.10/hook', /192\.168\.0\.10/],
    ['IPv6 loopback', 'http://[::1]:8080/hook', /::1/],
    ['the cloud metadata address', 'http://169.254.169.254/latest/meta-data/', /169\.254\.169\.254/],
    ['the cloud metadata address, IPv4-mapped', 'http://[::ffff:169.254.169.254]/latest/meta-data/', /non-public/],
    ['a host that does not resolve', 'http://no-such-host.invalid/hook', /does not resolve/],
  ])('refuses %s: 400 on the url, nothing written', async (_name, url, reason) => {
    const before = await tableCounts(t);
    const res = await t.http
      .post(`/api/v1/organizations/${customer.organizationId}/webhooks`)
      .set(bearer(customer))
      .send({ url: url ?? receiver.url('/hook'), events: ['reservation.created'] });
    const error = expectError(res, 400, 'VALIDATION_FAILED');
    expect(error.details).toEqual({ fields: [{ field: 'url', problems: [expect.stringMatching(reason)] }] });
    expect(await tableCounts(t)).toEqual(before);
  });

  it('accepts a public address', async () => {
    const res = await t.http.post(`/api/v1/organizations/${customer.organizationId}/webhooks`).set(bearer(customer)).send({ url: 'https://93.184.215.14/hook', events: ['reservation.created'] });
    expect(res.status).toBe(201);
    expect(res.body.url).toBe('https://93.184.215.14/hook');
    await t.http.delete(`/api/v1/webhooks/${res.body.id}`).set(bearer(customer)).expect(204);
  });

  it('checks the destination again before each attempt: a host that now resolves privately is not called', async () => {
    // as if the host's DNS had changed since the webhook was registered
    const [hook] = await t.query<{ id: string }>(
      `INSERT INTO webhooks (organization_id, url, events, secret) VALUES ($1, $2, '{reservation.created}', 'whsec_AAAA') RETURNING id`,
      [customer.organizationId, receiver.url('/rebound')],
    );
    await emit(t, customer.organizationId!, 'reservation.created');
    expect(await t.app.get(WebhookWorker).runOnce()).toBe(1);
    expect(receiver.requests).toEqual([]);
    const page = await t.http.get(`/api/v1/webhooks/${hook.id}/deliveries`).set(bearer(customer)).expect(200);
    expect(page.body.items).toEqual([expect.objectContaining({ status: 'pending', attempts: 1, responseStatus: null, lastError: expect.stringMatching(/resolves to 127\.0\.0\.1/) })]);
  });
});

describe('webhooks on two app instances sharing one database', () => {
  let a: TestApp;
  let b: TestApp;
  let receiver: WebhookReceiver;
  const attempts = { a: 0, b: 0 };

  /** Counts the attempts each instance's worker makes, as its timer calls it. */
  const count = (t: TestApp, name: keyof typeof attempts) => {
    const worker = t.app.get(WebhookWorker);
    const runOnce = worker.runOnce.bind(worker);
    worker.runOnce = async () => {
      const n = await runOnce();
      attempts[name] += n;
      return n;
    };
  };

  beforeAll(async () => {
    // every answer takes a while, so both instances' timers find work while the other sends
    receiver = await WebhookReceiver.start(40);
    const settings = { ...SETTINGS, DELIVERY_INTERVAL_MS: '20' };
    a = await TestApp.start(settings);
    b = await a.alongside(settings);
    count(a, 'a');
    count(b, 'b');
  });
  afterAll(async () => {
    await b?.close(); // before a, whose close drops the database
    await a?.close();
    await receiver?.close();
  });

  it('sends each of many events exactly once although both instances send every 20 ms', async () => {
    const customer = await a.createCustomer();
    const hook = (await b.http.post(`/api/v1/organizations/${customer.organizationId}/webhooks`).set(bearer(customer)).send({ url: receiver.url('/both'), events: ['reservation.created'] }).expect(201)).body;
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) ids.push(...(await emit(i % 2 ? b : a, customer.organizationId!, ...Array<EventType>(30).fill('reservation.created'))));
    const deadline = Date.now() + 30_000;
    const delivered = async () => (await a.query<{ n: number }>(`SELECT count(*)::int AS n FROM webhook_deliveries WHERE webhook_id = $1 AND status = 'delivered'`, [hook.id]))[0].n;
    while ((await delivered()) < ids.length) {
      if (Date.now() > deadline) throw new Error(`only ${await delivered()} of ${ids.length} delivered`);
      await new Promise((r) => setTimeout(r, 50));
    }
    // give both timers time to send anything twice, if they could
    await new Promise((r) => setTimeout(r, 300));
    const received = receiver.at('/both');
    expect(received.map((r: Received) => r.headers['webhook-id']).sort()).toEqual([...ids].sort());
    expect(received.every((r) => verifySignature(hook.secret, r))).toBe(true);
    expect(await a.query(`SELECT attempts FROM webhook_deliveries WHERE webhook_id = $1 AND attempts <> 1`, [hook.id])).toEqual([]);
    expect(attempts.a + attempts.b).toBe(ids.length);
    expect(attempts.a).toBeGreaterThan(0);
    expect(attempts.b).toBeGreaterThan(0);
  });
});
