import { expectError } from '../support/envelope.js';
import { TestApp, bearer, type TestUser } from '../support/test-app.js';

describe('auth: login, tokens, rate limit, /me', () => {
  let t: TestApp;
  let customer: TestUser;
  beforeAll(async () => {
    t = await TestApp.start();
    customer = await t.createCustomer();
  });
  afterAll(() => t.close());

  it('logs in and returns a bearer token with the user', async () => {
    const res = await t.http.post('/api/v1/auth/login').send({ email: customer.email, password: customer.password }).expect(200);
    expect(res.body).toEqual({
      accessToken: expect.any(String),
      tokenType: 'Bearer',
      expiresIn: expect.any(Number),
      user: expect.objectContaining({ id: customer.id, email: customer.email, role: 'customer', organizationId: customer.organizationId }),
    });
    expect(res.body.user.passwordHash).toBeUndefined();
    const me = await t.http.get('/api/v1/me').set('Authorization', `Bearer ${res.body.accessToken}`).expect(200);
    expect(me.body).toEqual(expect.objectContaining({ id: customer.id, email: customer.email, role: 'customer' }));
  });

  it('accepts the e-mail in any letter case', async () => {
    await t.http.post('/api/v1/auth/login').send({ email: customer.email.toUpperCase(), password: customer.password }).expect(200);
  });

  it('answers a wrong password and an unknown e-mail identically', async () => {
    const wrong = await t.http.post('/api/v1/auth/login').send({ email: customer.email, password: 'not-the-password' });
    const unknown = await t.http.post('/api/v1/auth/login').send({ email: 'nobody@example.kr', password: 'not-the-password' });
    expectError(wrong, 401, 'UNAUTHENTICATED');
    expectError(unknown, 401, 'UNAUTHENTICATED');
    expect(wrong.body).toEqual(unknown.body);
  });

  it('refuses a malformed login body with 400', async () => {
    expectError(await t.http.post('/api/v1/auth/login').send({ email: 'x@y.z' }), 400, 'VALIDATION_FAILED');
    expectError(await t.http.post('/api/v1/auth/login').send({ email: 5, password: [] }), 400, 'VALIDATION_FAILED');
  });

  it('rate-limits failed logins per address and e-mail after 10 a minute, with Retry-After', async () => {
    const victim = await t.createCustomer();
    for (let i = 0; i < 10; i++) {
      expectError(await t.http.post('/api/v1/auth/login').send({ email: victim.email, password: `wrong-${i}` }), 401, 'UNAUTHENTICATED');
    }
    const limited = await t.http.post('/api/v1/auth/login').send({ email: victim.email, password: victim.password });
    expectError(limited, 429, 'RATE_LIMITED');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(limited.headers['retry-after'])).toBeLessThanOrEqual(60);
    // another e-mail from the same address is not affected
    await t.http.post('/api/v1/auth/login').send({ email: customer.email, password: customer.password }).expect(200);
  });

  it('does not count successful logins', async () => {
    const user = await t.createCustomer();
    for (let i = 0; i < 12; i++) {
      await t.http.post('/api/v1/auth/login').send({ email: user.email, password: user.password }).expect(200);
    }
  });

  it('counts failures in PostgreSQL, so every instance sees them', async () => {
    const user = await t.createCustomer();
    await t.http.post('/api/v1/auth/login').send({ email: user.email, password: 'wrong-password' }).expect(401);
    const rows = await t.query<{ failures: number }>(`SELECT failures FROM login_failures WHERE key LIKE $1`, [`%|${user.email}`]);
    expect(rows).toEqual([{ failures: 1 }]);
  });

  it('refuses expired or tampered tokens', async () => {
    const [head, body] = customer.token.split('.');
    expectError(await t.http.get('/api/v1/me').set('Authorization', `Bearer ${head}.${body}.AAAA`), 401, 'UNAUTHENTICATED');
    expectError(await t.http.get('/api/v1/me').set('Authorization', customer.token), 401, 'UNAUTHENTICATED');
  });

  it('GET /me works for every role', async () => {
    for (const role of ['scheduler', 'finance', 'admin'] as const) {
      const user = await t.createUser(role);
      const res = await t.http.get('/api/v1/me').set(bearer(user)).expect(200);
      expect(res.body.role).toBe(role);
    }
  });
});
