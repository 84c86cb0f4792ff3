import { at, book, createSegment, localDay } from '../support/facility.js';
import { WebhookReceiver, verifySignature, type Received } from '../support/webhook-receiver.js';
import { TestApp, bearer, type TestUser } from '../support/test-app.js';

/**
 * Issue 8, black-box: the app's own timer-driven worker delivers the events of real changes,
 * signed, once, after the change commits, and an organization hears nothing of another's.
 */
describe('webhook events of real changes', () => {
  let receiver: WebhookReceiver;
  let t: TestApp;
  let scheduler: TestUser;
  let alice: TestUser;
  let bob: TestUser;
  const secrets: Record<string, string> = {};

  beforeAll(async () => {
    receiver = await WebhookReceiver.start();
    t = await TestApp.start({ WEBHOOK_ALLOW_PRIVATE: 'true', DELIVERY_INTERVAL_MS: '50' });
    scheduler = await t.createUser('scheduler');
    alice = await t.createCustomer();
    bob = await t.createCustomer();
    for (const [name, user] of [['alice', alice], ['bob', bob]] as const) {
      const res = await t.http
        .post(`/api/v1/organizations/${user.organizationId}/webhooks`)
        .set(bearer(user))
        .send({ url: receiver.url(`/${name}`), events: ['reservation.created', 'reservation.confirmed', 'reservation.displaced', 'reservation.cancelled', 'reservation.approved'] })
        .expect(201);
      secrets[name] = res.body.secret;
    }
  });
  afterAll(async () => {
    await t?.close();
    await receiver?.close();
  });

  async function until(path: string, n: number): Promise<Received[]> {
    for (let i = 0; i < 200 && receiver.at(path).length < n; i++) await new Promise((r) => setTimeout(r, 25));
    return receiver.at(path);
  }
  const events = (path: string) => receiver.at(path).map((r) => JSON.parse(r.body) as { id: string; type: string; createdAt: string; data: Record<string, any> });

  it('a booking is delivered as reservation.created and reservation.confirmed, signed, each once', async () => {
    const seg = await createSegment(t, scheduler);
    const day = localDay(4);
    const res = await book(t, alice, { segmentId: seg.id, start: at(day, '09:00'), end: at(day, '11:00') }).expect(201);
    const received = await until('/alice', 2);
    await new Promise((r) => setTimeout(r, 300)); // and nothing more arrives
    expect(receiver.at('/alice')).toHaveLength(2);
    for (const r of received) expect(verifySignature(secrets.alice, r)).toBe(true);
    expect(events('/alice').map((e) => [e.type, e.data.reservation.id, e.data.reservation.status])).toEqual([
      ['reservation.created', res.body.id, 'confirmed'],
      ['reservation.confirmed', res.body.id, 'confirmed'],
    ]);
    expect(new Set(received.map((r) => r.headers['webhook-id'])).size).toBe(2);
    expect(receiver.at('/bob')).toEqual([]);
  });

  it('a displaced booking carries suggestions and nothing of the organization that displaced it', async () => {
    const seg = await createSegment(t, scheduler);
    const day = localDay(5);
    const before = receiver.at('/alice').length;
    const mine = await book(t, alice, { segmentId: seg.id, start: at(day, '09:00'), end: at(day, '10:00') }).expect(201);
    await book(t, scheduler, { organizationId: bob.organizationId, segmentId: seg.id, start: at(day, '09:00'), end: at(day, '10:00'), priority: true, purpose: 'bob secret programme' }).expect(201);
    await until('/alice', before + 3);
    const displaced = events('/alice').find((e) => e.type === 'reservation.displaced')!;
    expect(displaced.data.reservation).toEqual(expect.objectContaining({ id: mine.body.id, status: 'displaced', organizationId: alice.organizationId }));
    expect(displaced.data.suggestions.length).toBeGreaterThan(0);
    const text = JSON.stringify(displaced);
    expect(text).not.toContain(bob.organizationId);
    expect(text).not.toContain('bob secret programme');
    // bob hears of his own booking only
    await until('/bob', 2);
    expect(events('/bob').every((e) => e.data.reservation.organizationId === bob.organizationId)).toBe(true);
  });

  it('an event is delivered only after its change commits: a refused booking sends nothing', async () => {
    const seg = await createSegment(t, scheduler);
    const day = localDay(6);
    await book(t, alice, { segmentId: seg.id, start: at(day, '09:00'), end: at(day, '10:00') }).expect(201);
    await new Promise((r) => setTimeout(r, 300));
    const before = receiver.requests.length;
    await book(t, bob, { segmentId: seg.id, start: at(day, '09:00'), end: at(day, '10:00') }).expect(409);
    await new Promise((r) => setTimeout(r, 300));
    expect(receiver.requests.length).toBe(before);
    // the deliveries list says what happened
    const [hook] = (await t.http.get(`/api/v1/organizations/${alice.organizationId}/webhooks`).set(bearer(alice)).expect(200)).body.items;
    const deliveries = (await t.http.get(`/api/v1/webhooks/${hook.id}/deliveries?limit=500`).set(bearer(alice)).expect(200)).body.items as Record<string, any>[];
    expect(deliveries.length).toBe(receiver.at('/alice').length);
    expect(deliveries.every((d) => d.status === 'delivered' && d.attempts === 1 && d.responseStatus === 200)).toBe(true);
    await t.http.get(`/api/v1/webhooks/${hook.id}/deliveries`).set(bearer(bob)).expect(404);
  });
});
