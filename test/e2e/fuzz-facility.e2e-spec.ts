import { createSegment } from '../support/facility.js';
import { fuzzEndpoint } from '../support/fuzz.js';
import { facilityEndpoints } from '../support/write-endpoints.js';
import { TestApp, type TestUser } from '../support/test-app.js';

/** The endpoints and their valid bodies are shared with the fuzzing of every write route (test/support/write-endpoints.ts). */
describe('fuzzing the write endpoints of the facility: only 4xx, nothing written', () => {
  let t: TestApp;
  let scheduler: TestUser;
  let customer: TestUser;
  let segmentId: string;
  let sharedId: string;

  beforeAll(async () => {
    t = await TestApp.start();
    scheduler = await t.createUser('scheduler');
    customer = await t.createCustomer();
    segmentId = (await createSegment(t, scheduler)).id;
    sharedId = (await createSegment(t, scheduler, { capacityMode: 'shared', maxVehicles: 4 })).id;
  });
  afterAll(() => t.close());

  const endpoints = facilityEndpoints(() => ({ scheduler, customer, segmentId, sharedId }));

  for (const [name, endpoint] of Object.entries(endpoints)) {
    it(name, () => fuzzEndpoint(t, endpoint, 40));
  }
});
