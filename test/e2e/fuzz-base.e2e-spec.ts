import { fuzzEndpoint } from '../support/fuzz.js';
import { baseEndpoints } from '../support/write-endpoints.js';
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

  const endpoints = baseEndpoints(() => ({ admin, scheduler, customer, driverId }));

  for (const [name, endpoint] of Object.entries(endpoints)) {
    it(name, () => fuzzEndpoint(t, endpoint));
  }
});
