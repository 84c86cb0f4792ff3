import { fuzzEndpoint, type WriteEndpoint } from '../support/fuzz.js';
import { TestApp, type TestUser } from '../support/test-app.js';

describe('fuzzing the write endpoints of the service base: only 4xx, nothing written', () => {
  let t: TestApp;
  let admin: TestUser;
  let scheduler: TestUser;
  let customer: TestUser;
  let driverId: string;

  beforeAll(async () => {
    t = await TestApp.start();
    admin = await t.createUser('admin');
    scheduler = await t.createUser('scheduler');
    customer = await t.createCustomer();
    const [driver] = await t.query<{ id: string }>(
      `INSERT INTO drivers (organization_id, name, license_number) VALUES ($1, 'D', 'L') RETURNING id`,
      [customer.organizationId],
    );
    driverId = driver.id;
  });
  afterAll(() => t.close());

  const endpoints: Record<string, WriteEndpoint> = {
    'POST /auth/login': { method: 'post', path: () => '/api/v1/auth/login', as: () => customer, valid: () => ({ email: 'a@b.kr', password: 'x' }), required: ['email', 'password'] },
    'POST /users': {
      method: 'post',
      path: () => '/api/v1/users',
      as: () => admin,
      valid: () => ({ email: 'fuzz@example.kr', password: 'long-enough-1', name: 'F', role: 'finance' }),
      required: ['email', 'password', 'name', 'role'],
    },
    'POST /organizations': {
      method: 'post',
      path: () => '/api/v1/organizations',
      as: () => admin,
      valid: () => ({ name: 'F', kind: 'oem', businessNumber: TestApp.businessNumber(), membership: 'member', billingEmail: 'b@example.kr' }),
      required: ['name', 'kind', 'businessNumber', 'membership', 'billingEmail'],
    },
    'PATCH /organizations/:id': {
      method: 'patch',
      path: () => `/api/v1/organizations/${customer.organizationId}`,
      as: () => admin,
      valid: () => ({ name: 'F', kind: 'oem', membership: 'member', starCompany: true }),
      required: [],
    },
    'POST /organizations/:orgId/drivers': {
      method: 'post',
      path: () => `/api/v1/organizations/${customer.organizationId}/drivers`,
      as: () => customer,
      valid: () => ({ name: 'D', licenseNumber: 'L-1' }),
      required: ['name', 'licenseNumber'],
    },
    'POST /drivers/:id/certify': {
      method: 'post',
      path: () => `/api/v1/drivers/${driverId}/certify`,
      as: () => scheduler,
      valid: () => ({ level: 2, certifiedUntil: '2027-06-30' }),
      required: ['level', 'certifiedUntil'],
    },
  };

  for (const [name, endpoint] of Object.entries(endpoints)) {
    it(name, () => fuzzEndpoint(t, endpoint));
  }
});
