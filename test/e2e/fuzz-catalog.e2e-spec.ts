import { fuzzEndpoint, tableCounts } from '../support/fuzz.js';
import { catalogEndpoints } from '../support/write-endpoints.js';
import { TestApp, bearer, type TestUser } from '../support/test-app.js';

/**
 * Fuzzing the write endpoints of the support catalog: only 4xx, never 5xx, nothing written. Valid bodies leave out
 * the fields for which an empty object, an empty list or null is itself valid (eligibility: {}, linkedItemCodes: [],
 * assignee: null), since the fuzzer may turn a field into those; hand-written bodies below cover those fields.
 */
describe('fuzzing the write endpoints of the support catalog: only 4xx, nothing written', () => {
  let t: TestApp;
  let admin: TestUser;
  let finance: TestUser;
  let scheduler: TestUser;
  let customer: TestUser;
  let itemId: string;
  let programId: string;
  let requestId: string;

  beforeAll(async () => {
    t = await TestApp.start();
    admin = await t.createUser('admin');
    finance = await t.createUser('finance');
    scheduler = await t.createUser('scheduler');
    customer = await t.createCustomer({ membership: 'member' });
    itemId = (
      await t.http
        .post('/api/v1/catalog/items')
        .set(bearer(admin))
        .send({ code: 'FZ-ITEM', name: 'fuzz item', category: 'equipment', unit: 'day', memberPrice: 1000, nonMemberPrice: 2000, provider: 'x', addOn: true })
        .expect(201)
    ).body.id;
    programId = (
      await t.http
        .post('/api/v1/funding-programs')
        .set(bearer(finance))
        .send({ code: 'FZ-PROGRAM', name: 'fuzz programme', coveragePercent: 30, annualCap: 1000000, appliesTo: 'track', validFrom: '2020-01-01', validTo: '2040-12-31', eligibility: { membersOnly: true } })
        .expect(201)
    ).body.id;
    // the customer is enrolled already: a valid enrolment body would answer 409, never write
    await t.http.post(`/api/v1/funding-programs/${programId}/enrollments`).set(bearer(finance)).send({ organizationId: customer.organizationId }).expect(201);
    requestId = (await t.http.post('/api/v1/support-requests').set(bearer(customer)).send({ category: 'market', title: 'fuzz', description: 'fuzz' }).expect(201)).body.id;
  });
  afterAll(() => t.close());

  const endpoints = catalogEndpoints(() => ({ admin, finance, scheduler, customer, itemId, programId, requestId }));

  for (const [name, endpoint] of Object.entries(endpoints)) {
    it(name, () => fuzzEndpoint(t, endpoint, 40));
  }

  const item = (patch: Record<string, unknown>) => ({ code: 'FZ-NEW', name: 'x', category: 'rnd', unit: 'each', memberPrice: 1, nonMemberPrice: 1, provider: 'x', ...patch });
  const program = (patch: Record<string, unknown>) => ({ code: 'FZ-NEW', name: 'x', coveragePercent: 50, annualCap: 1, appliesTo: 'all', validFrom: '2026-01-01', validTo: '2027-12-31', ...patch });
  const cases: [string, 'post' | 'patch', () => string, () => TestUser, () => unknown][] = [
    ['item: eligibility not an object', 'post', () => '/api/v1/catalog/items', () => admin, () => item({ eligibility: 'members' })],
    ['item: eligibility a list', 'post', () => '/api/v1/catalog/items', () => admin, () => item({ eligibility: [] })],
    ['item: eligibility null', 'post', () => '/api/v1/catalog/items', () => admin, () => item({ eligibility: null })],
    ['item: eligibility kinds not a list', 'post', () => '/api/v1/catalog/items', () => admin, () => item({ eligibility: { kinds: 'oem' } })],
    ['item: eligibility kinds repeated', 'post', () => '/api/v1/catalog/items', () => admin, () => item({ eligibility: { kinds: ['oem', 'oem'] } })],
    ['item: eligibility unknown field', 'post', () => '/api/v1/catalog/items', () => admin, () => item({ eligibility: { everyone: true } })],
    ['item: price beyond a trillion won', 'post', () => '/api/v1/catalog/items', () => admin, () => item({ memberPrice: 1_000_000_000_001 })],
    ['item patch: eligibility a list', 'patch', () => `/api/v1/catalog/items/${itemId}`, () => admin, () => ({ eligibility: [] })],
    ['item patch: eligibility null', 'patch', () => `/api/v1/catalog/items/${itemId}`, () => admin, () => ({ eligibility: null })],
    ['item patch: the code', 'patch', () => `/api/v1/catalog/items/${itemId}`, () => admin, () => ({ code: 'OTHER' })],
    ['item patch: id not a uuid', 'patch', () => '/api/v1/catalog/items/abc', () => admin, () => ({ name: 'x' })],
    ['programme: eligibility a list', 'post', () => '/api/v1/funding-programs', () => finance, () => program({ eligibility: [] })],
    ['programme: eligibility null', 'post', () => '/api/v1/funding-programs', () => finance, () => program({ eligibility: null })],
    ['programme: eligibility kinds unknown', 'post', () => '/api/v1/funding-programs', () => finance, () => program({ eligibility: { kinds: ['bank'] } })],
    ['programme: validTo before validFrom', 'post', () => '/api/v1/funding-programs', () => finance, () => program({ validFrom: '2027-01-01', validTo: '2026-12-31' })],
    ['programme: coverage 0', 'post', () => '/api/v1/funding-programs', () => finance, () => program({ coveragePercent: 0 })],
    ['enrolment: programme id not a uuid', 'post', () => '/api/v1/funding-programs/abc/enrollments', () => finance, () => ({ organizationId: customer.organizationId })],
    ['request patch: linked codes not a list', 'patch', () => `/api/v1/support-requests/${requestId}`, () => scheduler, () => ({ linkedItemCodes: 'FZ-ITEM' })],
    ['request patch: a linked code malformed', 'patch', () => `/api/v1/support-requests/${requestId}`, () => scheduler, () => ({ linkedItemCodes: ['FZ ITEM'] })],
    ['request patch: linked codes null', 'patch', () => `/api/v1/support-requests/${requestId}`, () => scheduler, () => ({ linkedItemCodes: null })],
    ['request patch: linked codes repeated', 'patch', () => `/api/v1/support-requests/${requestId}`, () => scheduler, () => ({ linkedItemCodes: ['FZ-ITEM', 'FZ-ITEM'] })],
    ['request patch: assignee not text', 'patch', () => `/api/v1/support-requests/${requestId}`, () => scheduler, () => ({ assignee: 5 })],
    ['request patch: assignee too long', 'patch', () => `/api/v1/support-requests/${requestId}`, () => scheduler, () => ({ assignee: 'x'.repeat(201) })],
    ['request patch: status null', 'patch', () => `/api/v1/support-requests/${requestId}`, () => scheduler, () => ({ status: null })],
    ['request: description too long', 'post', () => '/api/v1/support-requests', () => customer, () => ({ category: 'rnd', title: 'x', description: 'x'.repeat(5001) })],
  ];

  it.each(cases)('%s → 400, nothing written', async (_name, method, path, as, body) => {
    const before = await tableCounts(t);
    const res = await t.http[method](path()).set(bearer(as())).send(body() as object);
    expect({ status: res.status, code: res.body.code }).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
    expect(await tableCounts(t)).toEqual(before);
  });

  it('nothing changed: the item, the programme and the request are as created', async () => {
    const items = await t.http.get('/api/v1/catalog/items').set(bearer(customer)).expect(200);
    expect(items.body.items).toEqual([expect.objectContaining({ id: itemId, code: 'FZ-ITEM', name: 'fuzz item', memberPrice: 1000, active: true, eligibility: {} })]);
    const programs = await t.http.get('/api/v1/funding-programs').set(bearer(finance)).expect(200);
    expect(programs.body.items).toEqual([expect.objectContaining({ id: programId, code: 'FZ-PROGRAM', eligibility: { membersOnly: true } })]);
    const request = await t.http.get(`/api/v1/support-requests/${requestId}`).set(bearer(customer)).expect(200);
    expect(request.body).toEqual(expect.objectContaining({ status: 'open', assignee: null, linkedItemCodes: [] }));
  });
});
