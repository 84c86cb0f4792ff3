import { expectError } from '../support/envelope.js';
import { tableCounts } from '../support/fuzz.js';
import { TestApp, bearer, type TestUser } from '../support/test-app.js';

const CATEGORIES = ['rnd', 'funding', 'workforce', 'site', 'market', 'shared_service', 'equipment'];
const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';

/**
 * Support requests, the demand-side window (product.md "Support catalog"): customers file difficulties for their own
 * organization; staff triage them open → triaged → in_progress → resolved, or declined from any open state, assign
 * an owner and link catalog items. Every change is audited; customers never see another organization's requests.
 */
describe('support requests', () => {
  let t: TestApp;
  let admin: TestUser;
  let scheduler: TestUser;
  let finance: TestUser;
  let alice: TestUser;
  let alice2: TestUser;
  let bob: TestUser;
  let driverCode: string;
  let clinicCode: string;

  beforeAll(async () => {
    t = await TestApp.start();
    admin = await t.createUser('admin');
    scheduler = await t.createUser('scheduler');
    finance = await t.createUser('finance');
    alice = await t.createCustomer({ kind: 'other', membership: 'non_member' });
    alice2 = await t.createUser('customer', alice.organizationId);
    bob = await t.createCustomer();
    const base = { category: 'market', unit: 'each', memberPrice: 100000, nonMemberPrice: 150000, provider: '(재)지능형자동차부품진흥원' };
    driverCode = `SR-DRV-${Math.random().toString(36).slice(2, 6)}`.toUpperCase();
    clinicCode = `SR-CLINIC-${Math.random().toString(36).slice(2, 6)}`.toUpperCase();
    await t.http.post('/api/v1/catalog/items').set(bearer(admin)).send({ ...base, code: driverCode, name: 'driver', category: 'shared_service', unit: 'hour', addOn: true }).expect(201);
    await t.http.post('/api/v1/catalog/items').set(bearer(admin)).send({ ...base, code: clinicCode, name: '자동차-섬유 융합 클리닉' }).expect(201);
  });
  afterAll(() => t.close());

  const file = (user: TestUser, body: Record<string, unknown>) => t.http.post('/api/v1/support-requests').set(bearer(user)).send(body);
  const patch = (user: TestUser, id: string, body: Record<string, unknown>) => t.http.patch(`/api/v1/support-requests/${id}`).set(bearer(user)).send(body);
  const get = (user: TestUser, id: string) => t.http.get(`/api/v1/support-requests/${id}`).set(bearer(user));
  async function request(user: TestUser = alice, category = 'market'): Promise<Record<string, any>> {
    const res = await file(user, { category, title: '자동차 내장재 인증 절차를 모릅니다', description: '섬유 기업입니다. 차량용 내장재 인증을 어디서 시작해야 할지 모릅니다.' });
    if (res.status !== 201) throw new Error(`request not filed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  }
  const auditOf = (id: string) =>
    t.query<{ action: string; from_state: string | null; to_state: string; actor_id: string }>(
      `SELECT action, from_state, to_state, actor_id FROM audit_log WHERE entity_type = 'support_request' AND entity_id = $1 ORDER BY id`,
      [id],
    );

  it('a customer files a request in every category: 201, open, for their own organization, audited', async () => {
    for (const category of CATEGORIES) {
      const res = await file(alice, { category, title: `어려움 ${category}`, description: '설명' }).expect(201);
      expect(res.body).toEqual(
        expect.objectContaining({
          id: expect.stringMatching(/^[0-9a-f-]{36}$/),
          organizationId: alice.organizationId,
          category,
          title: `어려움 ${category}`,
          description: '설명',
          status: 'open',
          assignee: null,
          linkedItemCodes: [],
          createdAt: expect.any(String),
        }),
      );
      expect(await auditOf(res.body.id)).toEqual([{ action: 'create', from_state: null, to_state: 'open', actor_id: alice.id }]);
    }
    // naming their own organization is fine; another's is answered as unknown (404), nothing written
    await file(alice, { category: 'rnd', title: 'x', description: 'y', organizationId: alice.organizationId }).expect(201);
    const before = await tableCounts(t);
    expectError(await file(alice, { category: 'rnd', title: 'x', description: 'y', organizationId: bob.organizationId }), 404, 'NOT_FOUND');
    expect(await tableCounts(t)).toEqual(before);
  });

  it('staff file for an organization they name; Idempotency-Key: retries, even concurrent ones, create one request', async () => {
    const filed = await file(scheduler, { category: 'workforce', title: '교육 문의', description: '엔지니어 교육', organizationId: bob.organizationId }).expect(201);
    expect(filed.body).toEqual(expect.objectContaining({ organizationId: bob.organizationId, status: 'open', createdBy: scheduler.id }));
    expectError(await file(scheduler, { category: 'workforce', title: 'x', description: 'y' }), 400, 'VALIDATION_FAILED');
    expectError(await file(scheduler, { category: 'workforce', title: 'x', description: 'y', organizationId: UNKNOWN_ID }), 404, 'NOT_FOUND');

    for (let round = 0; round < 3; round++) {
      const body = { category: 'funding', title: `정책자금 문의 ${round}`, description: '지원사업을 찾습니다' };
      const key = `sr-${round}-${Math.random().toString(36).slice(2)}`;
      const send = (b: Record<string, unknown>) => t.http.post('/api/v1/support-requests').set(bearer(alice)).set('Idempotency-Key', key).send(b);
      const answers = await Promise.all(Array.from({ length: 12 }, () => send(body)));
      expect(answers.map((a) => a.status)).toEqual(Array(12).fill(201));
      expect(new Set(answers.map((a) => a.body.id)).size).toBe(1);
      expect((await send(body).expect(201)).body).toEqual(answers[0].body);
      const [{ n }] = await t.query<{ n: number }>(`SELECT count(*)::int AS n FROM support_requests WHERE title = $1`, [body.title]);
      expect(n).toBe(1);
      expectError(await send({ ...body, title: 'other' }), 422, 'IDEMPOTENCY_KEY_REUSED');
    }
  });

  it('malformed requests → 400, nothing written', async () => {
    const before = await tableCounts(t);
    const valid = { category: 'site', title: '부지 상담', description: '공장 부지를 찾습니다' };
    const cases: [string, Record<string, unknown>][] = [
      ['category', { ...valid, category: 'catering' }],
      ['title', { ...valid, title: '' }],
      ['title', { ...valid, title: 'x'.repeat(201) }],
      ['description', { ...valid, description: 5 }],
      ['status', { ...valid, status: 'resolved' }],
      ['organizationId', { ...valid, organizationId: 'abc' }],
    ];
    for (const [field, body] of cases) {
      const res = expectError(await file(alice, body), 400, 'VALIDATION_FAILED');
      expect((res.details as { fields: { field: string }[] }).fields.map((f) => f.field)).toContain(field);
    }
    for (const missing of ['category', 'title', 'description']) {
      const body: Record<string, unknown> = { ...valid };
      delete body[missing];
      expectError(await file(alice, body), 400, 'VALIDATION_FAILED');
    }
    expect(await tableCounts(t)).toEqual(before);
  });

  it('staff triage: open → triaged → in_progress → resolved, assign an owner, link catalog items; every change audited', async () => {
    const r = await request();
    const triaged = await patch(scheduler, r.id, { status: 'triaged', assignee: '김담당 (scheduler)' }).expect(200);
    expect(triaged.body).toEqual(expect.objectContaining({ id: r.id, status: 'triaged', assignee: '김담당 (scheduler)', linkedItemCodes: [] }));
    // linked codes are matched regardless of case and kept as the catalog spells them
    const linked = await patch(finance, r.id, { linkedItemCodes: [clinicCode.toLowerCase(), driverCode] }).expect(200);
    expect(linked.body).toEqual(expect.objectContaining({ status: 'triaged', linkedItemCodes: [clinicCode, driverCode] }));
    const working = await patch(finance, r.id, { status: 'in_progress', assignee: '박재무 (finance)' }).expect(200);
    expect(working.body).toEqual(expect.objectContaining({ status: 'in_progress', assignee: '박재무 (finance)', linkedItemCodes: [clinicCode, driverCode] }));
    // links can be narrowed and cleared again
    const narrowed = await patch(admin, r.id, { linkedItemCodes: [driverCode] }).expect(200);
    expect(narrowed.body.linkedItemCodes).toEqual([driverCode]);
    const cleared = await patch(admin, r.id, { linkedItemCodes: [] }).expect(200);
    expect(cleared.body.linkedItemCodes).toEqual([]);
    const done = await patch(admin, r.id, { status: 'resolved', linkedItemCodes: [clinicCode], assignee: null }).expect(200);
    expect(done.body).toEqual(expect.objectContaining({ status: 'resolved', assignee: null, linkedItemCodes: [clinicCode] }));

    // the customer sees the outcome
    const seen = await get(alice, r.id).expect(200);
    expect(seen.body).toEqual(done.body);
    expect((await get(alice2, r.id).expect(200)).body).toEqual(done.body);

    expect(await auditOf(r.id)).toEqual([
      { action: 'create', from_state: null, to_state: 'open', actor_id: alice.id },
      { action: 'update', from_state: 'open', to_state: 'triaged', actor_id: scheduler.id },
      { action: 'update', from_state: 'triaged', to_state: 'triaged', actor_id: finance.id },
      { action: 'update', from_state: 'triaged', to_state: 'in_progress', actor_id: finance.id },
      { action: 'update', from_state: 'in_progress', to_state: 'in_progress', actor_id: admin.id },
      { action: 'update', from_state: 'in_progress', to_state: 'in_progress', actor_id: admin.id },
      { action: 'update', from_state: 'in_progress', to_state: 'resolved', actor_id: admin.id },
    ]);
    const [last] = await t.query<{ data: Record<string, unknown> }>(`SELECT data FROM audit_log WHERE entity_type = 'support_request' AND entity_id = $1 ORDER BY id DESC LIMIT 1`, [r.id]);
    expect(last.data).toEqual(expect.objectContaining({ assignee: null, linkedItemCodes: [clinicCode] }));
  });

  it('an unknown catalog code → 404 and nothing changes', async () => {
    const r = await request();
    const before = await tableCounts(t);
    expectError(await patch(scheduler, r.id, { linkedItemCodes: ['NO-SUCH-ITEM'] }), 404, 'NOT_FOUND');
    expectError(await patch(scheduler, r.id, { status: 'triaged', linkedItemCodes: [driverCode, 'NO-SUCH-ITEM'] }), 404, 'NOT_FOUND');
    // the same code twice in other cases is one code, not a missing one
    expect(await tableCounts(t)).toEqual(before);
    expect((await get(scheduler, r.id).expect(200)).body).toEqual(expect.objectContaining({ status: 'open', linkedItemCodes: [] }));
    const twice = await patch(scheduler, r.id, { linkedItemCodes: [driverCode, driverCode.toLowerCase()] }).expect(200);
    expect(twice.body.linkedItemCodes).toEqual([driverCode]);
    expectError(await patch(scheduler, UNKNOWN_ID, { status: 'triaged' }), 404, 'NOT_FOUND');
    expectError(await patch(scheduler, r.id, { status: 'closed' }), 400, 'VALIDATION_FAILED');
    expectError(await patch(scheduler, r.id, { linkedItemCodes: ['bad code'] }), 400, 'VALIDATION_FAILED');
  });

  it('illegal transitions → 409 INVALID_STATE, nothing written; declined from any open state; resolved and declined are final', async () => {
    const r = await request();
    const before = await tableCounts(t);
    const body = expectError(await patch(scheduler, r.id, { status: 'resolved' }), 409, 'INVALID_STATE');
    expect(body.details).toEqual(expect.objectContaining({ status: 'open' }));
    expectError(await patch(scheduler, r.id, { status: 'in_progress' }), 409, 'INVALID_STATE');
    expect(await tableCounts(t)).toEqual(before);

    await patch(scheduler, r.id, { status: 'triaged' }).expect(200);
    expectError(await patch(scheduler, r.id, { status: 'open' }), 409, 'INVALID_STATE');
    expectError(await patch(scheduler, r.id, { status: 'resolved' }), 409, 'INVALID_STATE');
    await patch(scheduler, r.id, { status: 'in_progress' }).expect(200);
    expectError(await patch(scheduler, r.id, { status: 'triaged' }), 409, 'INVALID_STATE');
    expectError(await patch(scheduler, r.id, { status: 'open' }), 409, 'INVALID_STATE');
    await patch(scheduler, r.id, { status: 'resolved' }).expect(200);
    for (const status of ['open', 'triaged', 'in_progress', 'declined']) {
      expectError(await patch(admin, r.id, { status }), 409, 'INVALID_STATE');
    }

    // declined from open, from triaged, from in_progress; then final
    const fromOpen = await request();
    await patch(scheduler, fromOpen.id, { status: 'declined' }).expect(200);
    const fromTriaged = await request();
    await patch(scheduler, fromTriaged.id, { status: 'triaged' }).expect(200);
    await patch(finance, fromTriaged.id, { status: 'declined' }).expect(200);
    const fromWorking = await request();
    await patch(scheduler, fromWorking.id, { status: 'triaged' }).expect(200);
    await patch(scheduler, fromWorking.id, { status: 'in_progress' }).expect(200);
    const declined = await patch(admin, fromWorking.id, { status: 'declined' }).expect(200);
    expect(declined.body.status).toBe('declined');
    for (const status of ['open', 'triaged', 'in_progress', 'resolved']) {
      expectError(await patch(scheduler, fromOpen.id, { status }), 409, 'INVALID_STATE');
    }
    expect((await auditOf(fromWorking.id)).map((a) => `${a.from_state}→${a.to_state}`)).toEqual(['null→open', 'open→triaged', 'triaged→in_progress', 'in_progress→declined']);
  });

  it('customers cannot PATCH (403), not even their own request; nothing written', async () => {
    const r = await request(alice);
    const before = await tableCounts(t);
    expectError(await patch(alice, r.id, { status: 'triaged' }), 403, 'FORBIDDEN');
    expectError(await patch(alice, r.id, { assignee: 'me' }), 403, 'FORBIDDEN');
    expectError(await patch(bob, r.id, { status: 'declined' }), 403, 'FORBIDDEN');
    expect(await tableCounts(t)).toEqual(before);
    expect((await get(alice, r.id).expect(200)).body.status).toBe('open');
  });

  it("tenancy: a customer lists only their organization's requests; another's by id → 404, the same answer as an unknown id", async () => {
    const mine = await request(alice);
    const colleague = await request(alice2);
    const theirs = await request(bob, 'rnd');
    const all = async (user: TestUser, query = '') => (await t.http.get(`/api/v1/support-requests?limit=500${query}`).set(bearer(user)).expect(200)).body.items as Record<string, any>[];

    const aliceSees = await all(alice);
    expect(aliceSees.every((r) => r.organizationId === alice.organizationId)).toBe(true);
    expect(aliceSees.map((r) => r.id)).toEqual(expect.arrayContaining([mine.id, colleague.id]));
    expect(aliceSees.map((r) => r.id)).not.toContain(theirs.id);
    const bobSees = await all(bob);
    expect(bobSees.every((r) => r.organizationId === bob.organizationId)).toBe(true);
    expect(bobSees.map((r) => r.id)).toContain(theirs.id);
    expect(bobSees.map((r) => r.id)).not.toContain(mine.id);

    const other = await get(alice, theirs.id);
    const unknown = await get(alice, UNKNOWN_ID);
    expectError(other, 404, 'NOT_FOUND');
    expectError(unknown, 404, 'NOT_FOUND');
    expect(other.body).toEqual(unknown.body);
    expectError(await t.http.get(`/api/v1/support-requests?organizationId=${bob.organizationId}`).set(bearer(alice)), 404, 'NOT_FOUND');
    // their own organization named explicitly is fine
    expect((await all(alice, `&organizationId=${alice.organizationId}`)).length).toBe(aliceSees.length);
    // staff see both, by id too
    for (const user of [scheduler, finance, admin]) {
      await get(user, theirs.id).expect(200);
      const ids = (await all(user)).map((r) => r.id);
      expect(ids).toEqual(expect.arrayContaining([mine.id, theirs.id]));
    }
    expectError(await t.http.get('/api/v1/support-requests'), 401, 'UNAUTHENTICATED');
  });

  it('staff list every organization with ?status, ?category and ?organizationId filters', async () => {
    const org = await t.createCustomer();
    const a = await request(org, 'equipment');
    const b = await request(org, 'equipment');
    const c = await request(org, 'workforce');
    await patch(scheduler, b.id, { status: 'triaged' }).expect(200);
    await patch(scheduler, c.id, { status: 'declined' }).expect(200);
    const list = async (query: string) => (await t.http.get(`/api/v1/support-requests?limit=500&${query}`).set(bearer(scheduler)).expect(200)).body.items as Record<string, any>[];

    const equipment = await list('category=equipment');
    expect(equipment.every((r) => r.category === 'equipment')).toBe(true);
    expect(equipment.map((r) => r.id)).toEqual(expect.arrayContaining([a.id, b.id]));
    const triaged = await list('status=triaged');
    expect(triaged.every((r) => r.status === 'triaged')).toBe(true);
    expect(triaged.map((r) => r.id)).toContain(b.id);
    expect((await list(`organizationId=${org.organizationId}`)).map((r) => r.id)).toEqual([a.id, b.id, c.id]);
    expect((await list(`organizationId=${org.organizationId}&status=open&category=equipment`)).map((r) => r.id)).toEqual([a.id]);
    expect((await list(`organizationId=${org.organizationId}&status=declined`)).map((r) => r.id)).toEqual([c.id]);
    // a customer filters their own the same way
    expect((await t.http.get('/api/v1/support-requests?status=triaged').set(bearer(org)).expect(200)).body.items.map((r: { id: string }) => r.id)).toEqual([b.id]);
    expectError(await t.http.get('/api/v1/support-requests?status=closed').set(bearer(scheduler)), 400, 'VALIDATION_FAILED');
    expectError(await t.http.get('/api/v1/support-requests?category=catering').set(bearer(scheduler)), 400, 'VALIDATION_FAILED');
  });

  it('cursor pagination: pages in creation order, nothing twice, nothing missed', async () => {
    const org = await t.createCustomer();
    const filed: string[] = [];
    for (let i = 0; i < 7; i++) filed.push((await request(org, CATEGORIES[i])).id);
    for (const user of [org, scheduler]) {
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const res: { body: { items: { id: string }[]; nextCursor: string | null } } = await t.http
          .get(`/api/v1/support-requests?organizationId=${org.organizationId}&limit=3${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`)
          .set(bearer(user))
          .expect(200);
        expect(res.body.items.length).toBeLessThanOrEqual(3);
        seen.push(...res.body.items.map((r) => r.id));
        cursor = res.body.nextCursor;
        pages += 1;
      } while (cursor);
      expect(pages).toBe(3);
      expect(seen).toEqual(filed);
    }
    expectError(await t.http.get('/api/v1/support-requests?cursor=garbage').set(bearer(scheduler)), 400, 'VALIDATION_FAILED');
    expectError(await t.http.get('/api/v1/support-requests?limit=0').set(bearer(scheduler)), 400, 'VALIDATION_FAILED');
  });
});
