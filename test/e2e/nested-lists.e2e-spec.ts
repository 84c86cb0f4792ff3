import { at, createSegment, localDay } from '../support/facility.js';
import { expectError } from '../support/envelope.js';
import { TestApp, bearer, type TestUser } from '../support/test-app.js';

/** A list of objects whose entries are lists, strings, numbers or null is a malformed body (400), never a 500. */
describe('lists of objects refuse entries that are not objects', () => {
  let t: TestApp;
  let scheduler: TestUser;
  let finance: TestUser;
  let customer: TestUser;
  let segmentId: string;
  const day = localDay(30);

  beforeAll(async () => {
    t = await TestApp.start();
    scheduler = await t.createUser('scheduler');
    finance = await t.createUser('finance');
    customer = await t.createCustomer();
    segmentId = (await createSegment(t, scheduler)).id;
  });
  afterAll(() => t.close());

  const cases: [string, () => TestUser, 'post' | 'put', string, (entry: unknown) => Record<string, unknown>, string][] = [
    ['reservation add-ons', () => customer, 'post', '/api/v1/reservations', (e) => ({ segmentId, start: at(day, '09:00'), end: at(day, '10:00'), addOns: [e] }), 'addOns'],
    ['quote add-ons', () => customer, 'post', '/api/v1/quotes', (e) => ({ segmentId, start: at(day, '09:00'), end: at(day, '10:00'), addOns: [e] }), 'addOns'],
    ['segment opening hours', () => scheduler, 'post', '/api/v1/segments', (e) => ({ code: 'NL-1', name: 'n', kind: 'k', capacityMode: 'exclusive', openingHours: [e] }), 'openingHours'],
    ['rate-card surcharges', () => finance, 'post', '/api/v1/rate-cards', (e) => ({ segmentId, effectiveFrom: '2020-01-01', hourlyRate: 1000, surcharges: [e] }), 'surcharges'],
    ['cancellation tiers', () => finance, 'put', '/api/v1/cancellation-policy', (e) => ({ tiers: [e], noShowPercent: 100 }), 'tiers'],
  ];

  it.each(cases)('%s', async (_, as, method, path, body, field) => {
    for (const entry of [[], 'x', 7, null, true]) {
      const res = await t.http[method](path).set(bearer(as())).send(body(entry));
      const details = expectError(res, 400, 'VALIDATION_FAILED').details as { fields: { field: string }[] };
      expect(details.fields.map((f) => f.field.split('.')[0])).toContain(field);
    }
    expect(await t.query(`SELECT id FROM reservations`)).toEqual([]);
  });
});
