import { at, createSegment, localDay } from '../support/facility.js';
import { fuzzEndpoint, type WriteEndpoint } from '../support/fuzz.js';
import { TestApp, type TestUser } from '../support/test-app.js';

/**
 * Valid bodies leave out the fields for which an empty list or null is itself valid (openingHours: [],
 * driverIds: [], addOns: [], a PATCH's maxVehicles: null), since the fuzzer may turn a field into those.
 */
describe('fuzzing the write endpoints of the facility: only 4xx, nothing written', () => {
  let t: TestApp;
  let scheduler: TestUser;
  let customer: TestUser;
  let segmentId: string;
  let sharedId: string;
  const day = localDay(30);

  beforeAll(async () => {
    t = await TestApp.start();
    scheduler = await t.createUser('scheduler');
    customer = await t.createCustomer();
    segmentId = (await createSegment(t, scheduler)).id;
    sharedId = (await createSegment(t, scheduler, { capacityMode: 'shared', maxVehicles: 4 })).id;
  });
  afterAll(() => t.close());

  const endpoints: Record<string, WriteEndpoint> = {
    'POST /segments (exclusive)': {
      method: 'post',
      path: () => '/api/v1/segments',
      as: () => scheduler,
      valid: () => ({
        code: `FZ-${Math.random().toString(36).slice(2, 8)}`,
        name: '퍼즈 시험로',
        nameEn: 'Fuzz track',
        kind: 'fuzz',
        capacityMode: 'exclusive',
        requiredDriverLevel: 1,
        slotMinutes: 30,
        minDurationMinutes: 60,
        maxDurationMinutes: 240,
        bufferMinutes: 15,
        minNoticeMinutes: 60,
        maxAdvanceDays: 90,
        approvalRequired: false,
        active: true,
      }),
      required: ['code', 'name', 'kind', 'capacityMode'],
    },
    'POST /segments (shared child)': {
      method: 'post',
      path: () => '/api/v1/segments',
      as: () => scheduler,
      valid: () => ({ code: `FZ-${Math.random().toString(36).slice(2, 8)}`, name: 'Shared', kind: 'fuzz', capacityMode: 'shared', maxVehicles: 3, parentId: segmentId }),
      required: ['code', 'name', 'kind', 'capacityMode', 'maxVehicles'],
    },
    'PATCH /segments/:id': {
      method: 'patch',
      path: () => `/api/v1/segments/${sharedId}`,
      as: () => scheduler,
      valid: () => ({ code: 'FZ-RENAMED', name: 'Renamed', kind: 'fuzz', capacityMode: 'shared', maxVehicles: 2, slotMinutes: 60, minDurationMinutes: 60, active: false, approvalRequired: true }),
      required: [],
    },
    'POST /blackouts': {
      method: 'post',
      path: () => '/api/v1/blackouts',
      as: () => scheduler,
      valid: () => ({ segmentIds: [segmentId], start: at(day, '08:00'), end: at(day, '10:00'), rrule: 'FREQ=WEEKLY;BYDAY=MO;COUNT=4', reason: 'fuzz', dryRun: false }),
      required: ['start', 'end', 'reason'],
    },
    'POST /reservations': {
      method: 'post',
      path: () => '/api/v1/reservations',
      as: () => customer,
      valid: () => ({ segmentId: sharedId, start: at(day, '10:00'), end: at(day, '11:00'), vehicles: 2, purpose: 'fuzz', waitlist: false }),
      required: ['segmentId', 'start', 'end'],
    },
    'POST /reservations (staff)': {
      method: 'post',
      path: () => '/api/v1/reservations',
      as: () => scheduler,
      valid: () => ({ organizationId: customer.organizationId, segmentId, start: at(day, '12:00'), end: at(day, '13:00'), purpose: 'fuzz', priority: true }),
      required: ['organizationId', 'segmentId', 'start', 'end'],
    },
  };

  for (const [name, endpoint] of Object.entries(endpoints)) {
    it(name, () => fuzzEndpoint(t, endpoint, 40));
  }
});
