import { expectError } from '../support/envelope.js';
import { TestApp, bearer, type TestUser } from '../support/test-app.js';

describe('users, organizations, drivers', () => {
  let t: TestApp;
  let admin: TestUser;
  let scheduler: TestUser;
  let finance: TestUser;
  let alice: TestUser; // customer of org A
  let bob: TestUser; // customer of org B

  beforeAll(async () => {
    t = await TestApp.start();
    admin = await t.createUser('admin');
    scheduler = await t.createUser('scheduler');
    finance = await t.createUser('finance');
    alice = await t.createCustomer({ name: 'Org A' });
    bob = await t.createCustomer({ name: 'Org B' });
  });
  afterAll(() => t.close());

  describe('users', () => {
    it('an admin creates users of every role; customers need an organization', async () => {
      const res = await t.http
        .post('/api/v1/users')
        .set(bearer(admin))
        .send({ email: 'new.customer@example.kr', password: 'long-enough-1', name: 'New', role: 'customer', organizationId: alice.organizationId })
        .expect(201);
      expect(res.body).toEqual(expect.objectContaining({ id: expect.any(String), role: 'customer', organizationId: alice.organizationId }));
      expect(res.body.password).toBeUndefined();
      const noOrg = await t.http.post('/api/v1/users').set(bearer(admin)).send({ email: 'c2@example.kr', password: 'long-enough-1', name: 'C', role: 'customer' });
      expect(expectError(noOrg, 400, 'VALIDATION_FAILED').details).toEqual({ fields: [expect.objectContaining({ field: 'organizationId' })] });
      await t.http.post('/api/v1/users').set(bearer(admin)).send({ email: 'sched@example.kr', password: 'long-enough-1', name: 'S', role: 'scheduler' }).expect(201);
    });

    it('refuses a short password, a bad role, a duplicate e-mail and an unknown organization', async () => {
      const body = { email: 'dup@example.kr', password: 'long-enough-1', name: 'D', role: 'finance' };
      expectError(await t.http.post('/api/v1/users').set(bearer(admin)).send({ ...body, password: 'short' }), 400, 'VALIDATION_FAILED');
      expectError(await t.http.post('/api/v1/users').set(bearer(admin)).send({ ...body, role: 'root' }), 400, 'VALIDATION_FAILED');
      await t.http.post('/api/v1/users').set(bearer(admin)).send(body).expect(201);
      expectError(await t.http.post('/api/v1/users').set(bearer(admin)).send({ ...body, email: 'DUP@example.kr' }), 409, 'DUPLICATE');
      const ghost = await t.http
        .post('/api/v1/users')
        .set(bearer(admin))
        .send({ ...body, email: 'ghost@example.kr', role: 'customer', organizationId: '00000000-0000-4000-8000-000000000000' });
      expectError(ghost, 404, 'NOT_FOUND');
    });

    it('only admins manage users', async () => {
      for (const user of [scheduler, finance, alice]) {
        expectError(await t.http.get('/api/v1/users').set(bearer(user)), 403, 'FORBIDDEN');
        expectError(await t.http.post('/api/v1/users').set(bearer(user)).send({}), 403, 'FORBIDDEN');
      }
      expectError(await t.http.get('/api/v1/users'), 401, 'UNAUTHENTICATED');
    });

    it('lists users with cursor pagination', async () => {
      const first = await t.http.get('/api/v1/users?limit=2').set(bearer(admin)).expect(200);
      expect(first.body.items).toHaveLength(2);
      expect(first.body.nextCursor).toEqual(expect.any(String));
      const seen = new Set(first.body.items.map((u: { id: string }) => u.id));
      let cursor = first.body.nextCursor as string | null;
      while (cursor) {
        const page = await t.http.get(`/api/v1/users?limit=2&cursor=${encodeURIComponent(cursor)}`).set(bearer(admin)).expect(200);
        for (const u of page.body.items) {
          expect(seen.has(u.id)).toBe(false);
          seen.add(u.id);
        }
        cursor = page.body.nextCursor;
      }
      const [{ count }] = await t.query<{ count: string }>('SELECT count(*) FROM users');
      expect(seen.size).toBe(Number(count));
      expectError(await t.http.get('/api/v1/users?limit=0').set(bearer(admin)), 400, 'VALIDATION_FAILED');
      expectError(await t.http.get('/api/v1/users?limit=501').set(bearer(admin)), 400, 'VALIDATION_FAILED');
      expectError(await t.http.get('/api/v1/users?cursor=garbage').set(bearer(admin)), 400, 'VALIDATION_FAILED');
    });
  });

  describe('organizations', () => {
    const valid = () => ({
      name: '대구오토텍 (demo)',
      kind: 'supplier',
      businessNumber: TestApp.businessNumber(),
      membership: 'member',
      billingEmail: 'billing@autotech.example',
    });

    it('an admin creates an organization; the business number check digit is verified', async () => {
      const body = valid();
      const res = await t.http.post('/api/v1/organizations').set(bearer(admin)).send(body).expect(201);
      expect(res.body).toEqual(expect.objectContaining({ ...body, id: expect.any(String), starCompany: false }));
      const digits = body.businessNumber.replace(/-/g, '');
      const wrongLast = `${digits.slice(0, 9)}${(Number(digits[9]) + 1) % 10}`;
      const bad = await t.http
        .post('/api/v1/organizations')
        .set(bearer(admin))
        .send({ ...valid(), businessNumber: `${wrongLast.slice(0, 3)}-${wrongLast.slice(3, 5)}-${wrongLast.slice(5)}` });
      expect(expectError(bad, 400, 'VALIDATION_FAILED').details).toEqual({ fields: [expect.objectContaining({ field: 'businessNumber' })] });
      expectError(await t.http.post('/api/v1/organizations').set(bearer(admin)).send(body), 409, 'DUPLICATE');
    });

    it('refuses bad kinds, memberships, e-mails and unknown fields', async () => {
      for (const patch of [{ kind: 'bank' }, { membership: 'gold' }, { billingEmail: 'nope' }, { starCompany: 'yes' }, { extra: 1 }]) {
        expectError(await t.http.post('/api/v1/organizations').set(bearer(admin)).send({ ...valid(), ...patch }), 400, 'VALIDATION_FAILED');
      }
    });

    it('only admins create and change organizations; staff list them', async () => {
      for (const user of [scheduler, finance, alice]) {
        expectError(await t.http.post('/api/v1/organizations').set(bearer(user)).send(valid()), 403, 'FORBIDDEN');
        expectError(await t.http.patch(`/api/v1/organizations/${alice.organizationId}`).set(bearer(user)).send({ name: 'x' }), 403, 'FORBIDDEN');
      }
      for (const user of [scheduler, finance, admin]) await t.http.get('/api/v1/organizations').set(bearer(user)).expect(200);
      expectError(await t.http.get('/api/v1/organizations').set(bearer(alice)), 403, 'FORBIDDEN');
    });

    it('PATCH changes membership and star-company status', async () => {
      const org = await t.createOrganization({ membership: 'non_member' });
      const res = await t.http.patch(`/api/v1/organizations/${org.id}`).set(bearer(admin)).send({ membership: 'member', starCompany: true }).expect(200);
      expect(res.body).toEqual(expect.objectContaining({ id: org.id, membership: 'member', starCompany: true }));
      expectError(await t.http.patch(`/api/v1/organizations/${org.id}`).set(bearer(admin)).send({ kind: 'bank' }), 400, 'VALIDATION_FAILED');
      expectError(await t.http.patch('/api/v1/organizations/00000000-0000-4000-8000-000000000000').set(bearer(admin)).send({ name: 'x' }), 404, 'NOT_FOUND');
    });

    it('a customer sees their own organization and gets 404 for another, as for an unknown id', async () => {
      await t.http.get(`/api/v1/organizations/${alice.organizationId}`).set(bearer(alice)).expect(200);
      const foreign = await t.http.get(`/api/v1/organizations/${bob.organizationId}`).set(bearer(alice));
      const unknown = await t.http.get('/api/v1/organizations/00000000-0000-4000-8000-000000000000').set(bearer(alice));
      expectError(foreign, 404, 'NOT_FOUND');
      expect(foreign.body).toEqual(unknown.body);
      expectError(await t.http.get('/api/v1/organizations/not-a-uuid').set(bearer(alice)), 400, 'VALIDATION_FAILED');
    });
  });

  describe('drivers', () => {
    it('a customer registers drivers of their own organization at level 0', async () => {
      const res = await t.http
        .post(`/api/v1/organizations/${alice.organizationId}/drivers`)
        .set(bearer(alice))
        .send({ name: '김운전', licenseNumber: '11-22-333333-44' })
        .expect(201);
      expect(res.body).toEqual(expect.objectContaining({ id: expect.any(String), organizationId: alice.organizationId, name: '김운전', level: 0, certifiedUntil: null }));
    });

    it('a customer cannot touch another organization\'s drivers (404)', async () => {
      expectError(await t.http.post(`/api/v1/organizations/${bob.organizationId}/drivers`).set(bearer(alice)).send({ name: 'x', licenseNumber: 'y' }), 404, 'NOT_FOUND');
      expectError(await t.http.get(`/api/v1/organizations/${bob.organizationId}/drivers`).set(bearer(alice)), 404, 'NOT_FOUND');
    });

    it('a scheduler certifies a driver; customers and finance may not', async () => {
      const driver = await t.http.post(`/api/v1/organizations/${bob.organizationId}/drivers`).set(bearer(scheduler)).send({ name: 'Lee', licenseNumber: 'L-1' }).expect(201);
      const id = driver.body.id as string;
      expectError(await t.http.post(`/api/v1/drivers/${id}/certify`).set(bearer(bob)).send({ level: 3, certifiedUntil: '2027-12-31' }), 403, 'FORBIDDEN');
      expectError(await t.http.post(`/api/v1/drivers/${id}/certify`).set(bearer(finance)).send({ level: 3, certifiedUntil: '2027-12-31' }), 403, 'FORBIDDEN');
      const res = await t.http.post(`/api/v1/drivers/${id}/certify`).set(bearer(scheduler)).send({ level: 3, certifiedUntil: '2027-12-31' }).expect(200);
      expect(res.body).toEqual(expect.objectContaining({ id, level: 3, certifiedUntil: '2027-12-31' }));
      for (const bad of [{ level: 0, certifiedUntil: '2027-12-31' }, { level: 5, certifiedUntil: '2027-12-31' }, { level: 2, certifiedUntil: '2027-02-30' }, { level: 2 }]) {
        expectError(await t.http.post(`/api/v1/drivers/${id}/certify`).set(bearer(scheduler)).send(bad), 400, 'VALIDATION_FAILED');
      }
      expectError(await t.http.post('/api/v1/drivers/00000000-0000-4000-8000-000000000000/certify').set(bearer(scheduler)).send({ level: 1, certifiedUntil: '2027-01-01' }), 404, 'NOT_FOUND');
      const audit = await t.query<{ action: string; to_state: string }>(`SELECT action, to_state FROM audit_log WHERE entity_id = $1 ORDER BY id`, [id]);
      expect(audit).toEqual([
        { action: 'create', to_state: 'level 0' },
        { action: 'certify', to_state: 'level 3 until 2027-12-31' },
      ]);
    });

    it('lists an organization\'s drivers for its customers and staff', async () => {
      const res = await t.http.get(`/api/v1/organizations/${alice.organizationId}/drivers`).set(bearer(alice)).expect(200);
      expect(res.body).toEqual({ items: [expect.objectContaining({ name: '김운전' })], nextCursor: null });
      await t.http.get(`/api/v1/organizations/${alice.organizationId}/drivers`).set(bearer(finance)).expect(200);
    });
  });
});
