import { expectError } from '../support/envelope.js';
import { createSegment } from '../support/facility.js';
import { databaseDigest, changedTables } from '../support/fuzz.js';
import { TestApp, bearer, type TestUser } from '../support/test-app.js';

/**
 * Regression (found by test/reliability/fuzz-writes.rel-spec.ts): a lone UTF-16 surrogate in an e-mail field
 * ("billingEmail": "\ud800", valid JSON) made validator.js's isEmail throw a URIError, answered 500. Text that is not
 * well-formed Unicode is now refused with 400 naming the field, in any field of any body or query, before it reaches
 * a validator or a UTF-8 column (where pg would have stored U+FFFD instead of what was accepted).
 */
describe('text that is not well-formed Unicode is a 400, never a 500', () => {
  let t: TestApp;
  let admin: TestUser;
  let scheduler: TestUser;
  let customer: TestUser;

  beforeAll(async () => {
    t = await TestApp.start();
    admin = await t.createUser('admin');
    scheduler = await t.createUser('scheduler');
    customer = await t.createCustomer();
  });
  afterAll(() => t.close());

  /** Sends raw JSON (supertest would re-encode the string), expecting 400 naming `field` and nothing written. */
  async function refused(user: TestUser, method: 'post' | 'patch' | 'get', path: string, json: string | undefined, field: string) {
    const before = await databaseDigest(t);
    let req = t.http[method](path).set(bearer(user));
    if (json !== undefined) req = req.set('content-type', 'application/json').send(json);
    const error = expectError(await req, 400, 'VALIDATION_FAILED');
    expect((error.details as { fields: { field: string }[] }).fields.map((f) => f.field)).toContain(field);
    expect(changedTables(before, await databaseDigest(t))).toEqual([]);
  }

  const organization = (billingEmail: string) =>
    `{"name":"U","kind":"oem","businessNumber":"${TestApp.businessNumber()}","membership":"member","billingEmail":"${billingEmail}"}`;

  it.each(['\\ud800', 'a\\ud800@b.kr', 'ab@\\udfff.kr', '\\udc00\\ud800@b.kr'])('POST /organizations with billingEmail %s', (email) =>
    refused(admin, 'post', '/api/v1/organizations', organization(email), 'billingEmail'));

  it('PATCH /organizations/:id with a lone surrogate in billingEmail', () =>
    refused(admin, 'patch', `/api/v1/organizations/${customer.organizationId}`, '{"billingEmail":"x\\ud83d@example.kr"}', 'billingEmail'));

  it('POST /users with a lone surrogate in the e-mail', () =>
    refused(admin, 'post', '/api/v1/users', '{"email":"\\ud800@example.kr","password":"long-enough-1","name":"U","role":"finance"}', 'email'));

  it('POST /auth/login with a lone surrogate in the e-mail (no token needed to reach it)', async () => {
    const res = await t.http.post('/api/v1/auth/login').set('content-type', 'application/json').send('{"email":"\\ud800","password":"x"}');
    expectError(res, 400, 'VALIDATION_FAILED');
  });

  it('a lone surrogate in a nested field, and in free text', async () => {
    const seg = await createSegment(t, scheduler);
    await refused(scheduler, 'patch', `/api/v1/segments/${seg.id}`, '{"openingHours":[{"days":["mon"],"open":"08:00","close":"20:00"},{"days":["\\ud800"],"open":"08:00","close":"20:00"}]}', 'openingHours.1.days.0');
    await refused(customer, 'post', '/api/v1/support-requests', '{"category":"rnd","title":"\\udfff","description":"x"}', 'title');
  });

  it('well-formed text outside the Basic Multilingual Plane is taken as sent', async () => {
    const res = await t.http.post('/api/v1/support-requests').set(bearer(customer)).set('content-type', 'application/json').send('{"category":"rnd","title":"\\ud83d\\ude97 시험","description":"𝒙"}').expect(201);
    expect(res.body).toEqual(expect.objectContaining({ title: '🚗 시험', description: '𝒙' }));
    const stored = await t.http.get(`/api/v1/support-requests/${res.body.id}`).set(bearer(customer)).expect(200);
    expect(stored.body.title).toBe('🚗 시험');
  });
});
