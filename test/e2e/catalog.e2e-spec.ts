import { at, book, createSegment, localDay } from '../support/facility.js';
import { expectError } from '../support/envelope.js';
import { tableCounts } from '../support/fuzz.js';
import { createRateCard, draftFor, monthFromNow, quote } from '../support/billing.js';
import { TestApp, bearer, type TestUser } from '../support/test-app.js';

const CATEGORIES = ['rnd', 'funding', 'workforce', 'site', 'market', 'shared_service', 'equipment'];
const PROVIDER = '(재)지능형자동차부품진흥원';
const DEFAULT_POLICY = { tiers: [{ minNoticeHours: 168, percent: 0 }, { minNoticeHours: 48, percent: 50 }, { minNoticeHours: 0, percent: 100 }], noShowPercent: 100 };

let serial = 0;
/** A unique item code (tests share one database). */
const code = (prefix: string) => `${prefix}-${++serial}-${Math.random().toString(36).slice(2, 6)}`.toUpperCase();

/**
 * The support catalog (api.md "Support catalog"): items created and changed by admins and read by everyone, and the
 * add-ons a booking orders — checked on ordering (404 / 422 NOT_ELIGIBLE), priced in quotes, billed on the invoice
 * with the reservation, and counted in a cancellation fee.
 */
describe('support catalog: items and reservation add-ons', () => {
  let t: TestApp;
  let admin: TestUser;
  let scheduler: TestUser;
  let finance: TestUser;
  /** member OEM */
  let alice: TestUser;
  /** non-member OEM */
  let bob: TestUser;
  /** member star-company supplier */
  let star: TestUser;

  beforeAll(async () => {
    t = await TestApp.start();
    admin = await t.createUser('admin');
    scheduler = await t.createUser('scheduler');
    finance = await t.createUser('finance');
    alice = await t.createCustomer({ kind: 'oem', membership: 'member' });
    bob = await t.createCustomer({ kind: 'oem', membership: 'non_member' });
    star = await t.createCustomer({ kind: 'supplier', membership: 'member', starCompany: true });
  });
  afterAll(() => t.close());

  const createItem = (body: Record<string, unknown>, user: TestUser = admin) => t.http.post('/api/v1/catalog/items').set(bearer(user)).send(body);
  const patchItem = (id: string, body: Record<string, unknown>, user: TestUser = admin) => t.http.patch(`/api/v1/catalog/items/${id}`).set(bearer(user)).send(body);
  const itemBody = (overrides: Record<string, unknown> = {}) => ({
    code: code('IT'),
    name: '시험 항목 (test item)',
    category: 'equipment',
    unit: 'day',
    memberPrice: 100000,
    nonMemberPrice: 130000,
    taxable: true,
    provider: PROVIDER,
    addOn: false,
    ...overrides,
  });
  async function item(overrides: Record<string, unknown> = {}): Promise<Record<string, any>> {
    const res = await createItem(itemBody(overrides));
    if (res.status !== 201) throw new Error(`item not created: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  }

  describe('items', () => {
    it('an admin creates items of every category and unit, with prices, VAT treatment, provider, add-on flag and eligibility', async () => {
      const units = ['hour', 'day', 'each'];
      for (const [i, category] of CATEGORIES.entries()) {
        const body = itemBody({
          category,
          unit: units[i % 3],
          memberPrice: 10000 * (i + 1),
          nonMemberPrice: 15000 * (i + 1),
          taxable: i % 2 === 0,
          provider: `제공기관 ${i}`,
          addOn: i % 2 === 1,
          eligibility: { kinds: ['oem', 'supplier'], membersOnly: i % 3 === 0, starCompanyOnly: i % 4 === 0 },
        });
        const res = await createItem(body).expect(201);
        expect(res.body).toEqual(
          expect.objectContaining({
            id: expect.stringMatching(/^[0-9a-f-]{36}$/),
            code: body.code,
            name: body.name,
            category,
            unit: units[i % 3],
            memberPrice: 10000 * (i + 1),
            nonMemberPrice: 15000 * (i + 1),
            taxable: i % 2 === 0,
            provider: `제공기관 ${i}`,
            addOn: i % 2 === 1,
            eligibility: { kinds: ['oem', 'supplier'], membersOnly: i % 3 === 0, starCompanyOnly: i % 4 === 0 },
            active: true,
          }),
        );
        // and it reads back the same
        const listed = await t.http.get(`/api/v1/catalog/items?category=${category}`).set(bearer(bob)).expect(200);
        expect(listed.body.items).toContainEqual(res.body);
      }
      // Defaults: taxable, not an add-on, no eligibility limits, active.
      const { taxable: _t, addOn: _a, ...bare } = itemBody({ category: 'rnd', unit: 'each' });
      const res = await createItem(bare).expect(201);
      expect(res.body).toEqual(expect.objectContaining({ taxable: true, addOn: false, eligibility: {}, active: true }));
    });

    it('a code is unique regardless of case: 409 DUPLICATE, nothing written', async () => {
      const first = await item({ code: code('DUP') });
      const before = await tableCounts(t);
      for (const taken of [first.code, first.code.toLowerCase()]) {
        const res = await createItem(itemBody({ code: taken }));
        expectError(res, 409, 'DUPLICATE');
      }
      expect(await tableCounts(t)).toEqual(before);
    });

    it('Idempotency-Key: concurrent retries of a creation all answer the one item (201), never a 409 of their own', async () => {
      for (let round = 0; round < 3; round++) {
        const body = itemBody({ code: code('IDEM') });
        const key = `item-${round}-${Math.random().toString(36).slice(2)}`;
        const answers = await Promise.all(Array.from({ length: 8 }, () => t.http.post('/api/v1/catalog/items').set(bearer(admin)).set('Idempotency-Key', key).send(body)));
        expect(answers.map((a) => a.status)).toEqual(Array(8).fill(201));
        expect(new Set(answers.map((a) => a.body.id)).size).toBe(1);
        const [{ n }] = await t.query<{ n: number }>(`SELECT count(*)::int AS n FROM catalog_items WHERE code = $1`, [body.code]);
        expect(n).toBe(1);
      }
    });

    it('malformed items → 400 VALIDATION_FAILED naming the field, nothing written', async () => {
      const cases: [string, Record<string, unknown>][] = [
        ['category', { category: 'catering' }],
        ['unit', { unit: 'week' }],
        ['memberPrice', { memberPrice: -1 }],
        ['memberPrice', { memberPrice: 1000.5 }],
        ['nonMemberPrice', { nonMemberPrice: '100000' }],
        ['code', { code: '' }],
        ['code', { code: 'has space' }],
        ['code', { code: 'X'.repeat(41) }],
        ['name', { name: '' }],
        ['provider', { provider: '' }],
        ['taxable', { taxable: 'yes' }],
        ['addOn', { addOn: 1 }],
        ['eligibility.kinds', { eligibility: { kinds: ['bank'] } }],
        ['eligibility.membersOnly', { eligibility: { membersOnly: 'true' } }],
        ['eligibility.starCompanyOnly', { eligibility: { starCompanyOnly: null } }],
        ['eligibility.vipOnly', { eligibility: { vipOnly: true } }],
        ['colour', { colour: 'red' }],
      ];
      const before = await tableCounts(t);
      for (const [field, patch] of cases) {
        const body = expectError(await createItem(itemBody(patch)), 400, 'VALIDATION_FAILED');
        const fields = (body.details as { fields: { field: string }[] }).fields.map((f) => f.field);
        expect({ patch, fields }).toEqual({ patch, fields: expect.arrayContaining([field]) });
      }
      for (const missing of ['code', 'name', 'category', 'unit', 'memberPrice', 'nonMemberPrice', 'provider']) {
        const body: Record<string, unknown> = itemBody();
        delete body[missing];
        expectError(await createItem(body), 400, 'VALIDATION_FAILED');
      }
      expect(await tableCounts(t)).toEqual(before);
    });

    it('PATCH changes prices and deactivates; the code cannot change; unknown id → 404; bad values → 400', async () => {
      const it1 = await item({ category: 'site', unit: 'day', memberPrice: 30000, nonMemberPrice: 40000 });
      const priced = await patchItem(it1.id, { memberPrice: 35000, nonMemberPrice: 45000 }).expect(200);
      expect(priced.body).toEqual({ ...it1, memberPrice: 35000, nonMemberPrice: 45000, updatedAt: expect.any(String) });
      const off = await patchItem(it1.id, { active: false }).expect(200);
      expect(off.body).toEqual(expect.objectContaining({ id: it1.id, active: false, memberPrice: 35000 }));
      const limited = await patchItem(it1.id, { eligibility: { membersOnly: true } }).expect(200);
      expect(limited.body.eligibility).toEqual({ membersOnly: true });
      const listed = await t.http.get('/api/v1/catalog/items?category=site&limit=500').set(bearer(alice)).expect(200);
      expect(listed.body.items.find((i: { id: string }) => i.id === it1.id)).toEqual(expect.objectContaining({ active: false, memberPrice: 35000, nonMemberPrice: 45000 }));

      const before = await tableCounts(t);
      expectError(await patchItem(it1.id, { code: 'RENAMED' }), 400, 'VALIDATION_FAILED');
      expectError(await patchItem(it1.id, { memberPrice: -5 }), 400, 'VALIDATION_FAILED');
      expectError(await patchItem(it1.id, { name: null }), 400, 'VALIDATION_FAILED');
      expectError(await patchItem(it1.id, { unit: 'month' }), 400, 'VALIDATION_FAILED');
      expectError(await patchItem('00000000-0000-4000-8000-000000000000', { memberPrice: 1 }), 404, 'NOT_FOUND');
      expectError(await patchItem('not-a-uuid', { memberPrice: 1 }), 400, 'VALIDATION_FAILED');
      expect(await tableCounts(t)).toEqual(before);
      // the changes are audited
      const audit = await t.query<{ action: string; from_state: string | null; to_state: string }>(
        `SELECT action, from_state, to_state FROM audit_log WHERE entity_type = 'catalog_item' AND entity_id = $1 ORDER BY id`,
        [it1.id],
      );
      expect(audit).toEqual([
        { action: 'create', from_state: null, to_state: 'active' },
        { action: 'update', from_state: 'active', to_state: 'active' },
        { action: 'update', from_state: 'active', to_state: 'inactive' },
        { action: 'update', from_state: 'inactive', to_state: 'inactive' },
      ]);
    });

    it('GET ?category= filters; an unknown category → 400; pages with a cursor', async () => {
      const mine = [await item({ category: 'workforce' }), await item({ category: 'workforce' }), await item({ category: 'workforce' })];
      const all = await t.http.get('/api/v1/catalog/items?category=workforce&limit=500').set(bearer(finance)).expect(200);
      expect(all.body.items.every((i: { category: string }) => i.category === 'workforce')).toBe(true);
      expect(all.body.items.map((i: { id: string }) => i.id)).toEqual(expect.arrayContaining(mine.map((i) => i.id)));
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page: { body: { items: { id: string }[]; nextCursor: string | null } } = await t.http
          .get(`/api/v1/catalog/items?category=workforce&limit=2${cursor ? `&cursor=${cursor}` : ''}`)
          .set(bearer(alice))
          .expect(200);
        expect(page.body.items.length).toBeLessThanOrEqual(2);
        seen.push(...page.body.items.map((i) => i.id));
        cursor = page.body.nextCursor;
      } while (cursor);
      expect(seen).toEqual(all.body.items.map((i: { id: string }) => i.id));
      expectError(await t.http.get('/api/v1/catalog/items?category=catering').set(bearer(alice)), 400, 'VALIDATION_FAILED');
    });

    it('only admins create or change items (403 for every other role, nothing written); every role reads', async () => {
      const existing = await item();
      const before = await tableCounts(t);
      for (const user of [scheduler, finance, alice, star]) {
        expectError(await createItem(itemBody(), user), 403, 'FORBIDDEN');
        expectError(await patchItem(existing.id, { memberPrice: 1 }, user), 403, 'FORBIDDEN');
      }
      expect(await tableCounts(t)).toEqual(before);
      for (const user of [admin, scheduler, finance, alice, bob, star]) {
        const res = await t.http.get('/api/v1/catalog/items?limit=500').set(bearer(user)).expect(200);
        expect(res.body.items.map((i: { id: string }) => i.id)).toContain(existing.id);
      }
      expectError(await t.http.get('/api/v1/catalog/items'), 401, 'UNAUTHENTICATED');
    });
  });

  describe('add-ons on reservations', () => {
    let segmentId: string;
    /** test driver: hour, ₩80,000 member / ₩100,000 non-member, taxable */
    let driver: Record<string, any>;
    /** data logger: day, ₩150,000 / ₩200,000, taxable */
    let logger: Record<string, any>;
    /** workshop bay: day, ₩50,000 / ₩70,000, NOT taxable */
    let bay: Record<string, any>;

    beforeAll(async () => {
      // ₩100,000 an hour, members 20 % off, no surcharges: 2 h = ₩160,000 for a member, ₩200,000 for a non-member
      segmentId = (await createSegment(t, scheduler)).id;
      await createRateCard(t, finance, { segmentId, effectiveFrom: '2020-01-01', hourlyRate: 100000, memberDiscountPercent: 20 }).expect(201);
      driver = await item({ code: code('DRV'), category: 'shared_service', unit: 'hour', memberPrice: 80000, nonMemberPrice: 100000, taxable: true, addOn: true });
      logger = await item({ code: code('DAQ'), category: 'equipment', unit: 'day', memberPrice: 150000, nonMemberPrice: 200000, taxable: true, addOn: true });
      bay = await item({ code: code('BAY'), category: 'equipment', unit: 'day', memberPrice: 50000, nonMemberPrice: 70000, taxable: false, addOn: true });
      await t.http.put('/api/v1/cancellation-policy').set(bearer(finance)).send(DEFAULT_POLICY).expect(200);
    });

    let hour = 6;
    /** A fresh free two-hour slot on the segment, days ahead. */
    const slot = (days = 20) => {
      hour += 2;
      const day = localDay(days + Math.floor(hour / 20));
      const h = String(hour % 20).padStart(2, '0');
      const h2 = String((hour % 20) + 2).padStart(2, '0');
      return { start: at(day, `${h}:00`), end: at(day, `${h2}:00`) };
    };

    it('a booking with add-ons stores them (by the catalog code), for a customer and for staff', async () => {
      const res = await book(t, alice, { segmentId, ...slot(), addOns: [{ itemCode: driver.code, quantity: 2 }, { itemCode: bay.code.toLowerCase(), quantity: 1 }] }).expect(201);
      expect(res.body.addOns).toEqual([{ itemCode: driver.code, quantity: 2, unitPrice: driver.memberPrice }, { itemCode: bay.code, quantity: 1, unitPrice: bay.memberPrice }]);
      const read = await t.http.get(`/api/v1/reservations/${res.body.id}`).set(bearer(alice)).expect(200);
      expect(read.body.addOns).toEqual(res.body.addOns);
      const staff = await book(t, scheduler, { organizationId: bob.organizationId, segmentId, ...slot(), addOns: [{ itemCode: logger.code, quantity: 3 }] }).expect(201);
      // bob's organization pays the non-member price, kept with the reservation
      expect(staff.body.addOns).toEqual([{ itemCode: logger.code, quantity: 3, unitPrice: logger.nonMemberPrice }]);
      const none = await book(t, alice, { segmentId, ...slot() }).expect(201);
      expect(none.body.addOns).toEqual([]);
    });

    it('an unknown item → 404; an item the organization may not order → 422 NOT_ELIGIBLE; nothing written', async () => {
      const notAddOn = await item({ code: code('STORAGE'), category: 'site', addOn: false });
      const inactive = await item({ code: code('OLD'), addOn: true });
      await patchItem(inactive.id, { active: false }).expect(200);
      const suppliersOnly = await item({ code: code('SUP'), addOn: true, eligibility: { kinds: ['supplier', 'research'] } });
      const membersOnly = await item({ code: code('MEM'), addOn: true, eligibility: { membersOnly: true } });
      const starOnly = await item({ code: code('STAR'), addOn: true, eligibility: { starCompanyOnly: true } });
      const memberStar = await item({ code: code('MSTAR'), addOn: true, eligibility: { membersOnly: true, starCompanyOnly: true } });

      const before = await tableCounts(t);
      const s = slot();
      expectError(await book(t, alice, { segmentId, ...s, addOns: [{ itemCode: 'NO-SUCH-ITEM', quantity: 1 }] }), 404, 'NOT_FOUND');
      // 404 comes before 422, whatever the order of the list
      expectError(await book(t, alice, { segmentId, ...s, addOns: [{ itemCode: notAddOn.code, quantity: 1 }, { itemCode: 'NO-SUCH-ITEM', quantity: 1 }] }), 404, 'NOT_FOUND');
      const refused: [TestUser, Record<string, any>][] = [
        [alice, notAddOn], // not an add-on
        [alice, inactive], // no longer offered
        [alice, suppliersOnly], // an OEM: kind not listed
        [bob, membersOnly], // a non-member
        [alice, starOnly], // not a star company
        [alice, memberStar], // a member, but not a star company: every condition must hold
      ];
      for (const [user, it1] of refused) {
        const body = expectError(await book(t, user, { segmentId, ...s, addOns: [{ itemCode: driver.code, quantity: 1 }, { itemCode: it1.code, quantity: 1 }] }), 422, 'NOT_ELIGIBLE');
        expect(body.details).toEqual(expect.objectContaining({ itemCode: it1.code }));
        // staff booking for the organization: the same rule
        expectError(await book(t, scheduler, { organizationId: user.organizationId, segmentId, ...s, addOns: [{ itemCode: it1.code, quantity: 1 }] }), 422, 'NOT_ELIGIBLE');
        // and a quote refuses it the same way
        expectError(await quote(t, user, { segmentId, ...s, addOns: [{ itemCode: it1.code, quantity: 1 }] }), 422, 'NOT_ELIGIBLE');
      }
      expect(await tableCounts(t)).toEqual(before);

      // the ones that fit: a supplier orders the supplier item; a member star company the star items
      await book(t, star, { segmentId, ...slot(), addOns: [{ itemCode: suppliersOnly.code, quantity: 1 }, { itemCode: starOnly.code, quantity: 1 }, { itemCode: memberStar.code, quantity: 1 }, { itemCode: membersOnly.code, quantity: 1 }] }).expect(201);
      // the same item twice in one booking → 400
      expectError(await book(t, alice, { segmentId, ...slot(), addOns: [{ itemCode: driver.code, quantity: 1 }, { itemCode: driver.code.toLowerCase(), quantity: 2 }] }), 400, 'VALIDATION_FAILED');
    });

    it('a quote prices add-ons: member or non-member price, quantity × unit price, VAT only on the taxable ones', async () => {
      const s = slot(25);
      const addOns = [{ itemCode: driver.code, quantity: 2 }, { itemCode: bay.code, quantity: 1 }];
      const member = await quote(t, alice, { segmentId, ...s, addOns }).expect(200);
      // track 2 h × ₩100,000 × 0.8 = ₩160,000; driver 2 h × ₩80,000 = ₩160,000 (taxable); bay 1 day × ₩50,000 = ₩50,000 (exempt)
      // supply 370,000; VAT 10 % of (160,000 + 160,000) = 32,000; total 402,000
      expect(member.body).toEqual({
        lines: [
          expect.objectContaining({ quantity: 2, unit: 'hour', unitPrice: 80000, amount: 160000, taxable: true }),
          expect.objectContaining({ quantity: 2, unit: 'hour', unitPrice: 80000, amount: 160000, taxable: true, itemCode: driver.code }),
          expect.objectContaining({ quantity: 1, unit: 'day', unitPrice: 50000, amount: 50000, taxable: false, itemCode: bay.code }),
        ],
        supplyAmount: 370000,
        vat: 32000,
        total: 402000,
      });
      expect(member.body.lines[1].description).toContain(driver.name);
      const nonMember = await quote(t, bob, { segmentId, ...s, addOns }).expect(200);
      // track 2 h × ₩100,000 = ₩200,000; driver 2 × ₩100,000 = ₩200,000; bay ₩70,000 exempt
      // supply 470,000; VAT 10 % of 400,000 = 40,000; total 510,000
      expect(nonMember.body).toEqual({
        lines: [
          expect.objectContaining({ amount: 200000, taxable: true }),
          expect.objectContaining({ quantity: 2, unitPrice: 100000, amount: 200000, taxable: true, itemCode: driver.code }),
          expect.objectContaining({ quantity: 1, unitPrice: 70000, amount: 70000, taxable: false, itemCode: bay.code }),
        ],
        supplyAmount: 470000,
        vat: 40000,
        total: 510000,
      });
      // a quote writes nothing
      const before = await tableCounts(t);
      await quote(t, alice, { segmentId, ...s, addOns }).expect(200);
      expect(await tableCounts(t)).toEqual(before);
    });

    it('the invoice of a completed reservation has one line per add-on (itemCode set) at the amounts the quote showed', async () => {
      const period = monthFromNow(-1);
      const day = `${period}-12`;
      const body = { organizationId: bob.organizationId, segmentId, start: at(day, '10:00'), end: at(day, '12:00') };
      const addOns = [{ itemCode: driver.code, quantity: 2 }, { itemCode: logger.code, quantity: 1 }, { itemCode: bay.code, quantity: 3 }];
      // staff may quote (and book) a back-office entry in the past
      const quoted = await quote(t, scheduler, { ...body, addOns }).expect(200);
      const r = await book(t, scheduler, { ...body, addOns }).expect(201);
      await t.http.post(`/api/v1/reservations/${r.body.id}/check-in`).set(bearer(scheduler)).send({ at: body.start }).expect(200);
      await t.http.post(`/api/v1/reservations/${r.body.id}/check-out`).set(bearer(scheduler)).send({ at: body.end }).expect(200);

      const draft = await draftFor(t, finance, period, bob.organizationId!);
      // track ₩200,000; driver 2 × ₩100,000 = ₩200,000; logger 1 × ₩200,000; bay 3 × ₩70,000 = ₩210,000 (exempt)
      // supply 810,000; VAT 10 % of 600,000 = 60,000; total 870,000
      expect(draft.lines).toEqual([
        expect.objectContaining({ reservationId: r.body.id, unit: 'hour', amount: 200000, taxable: true }),
        expect.objectContaining({ reservationId: r.body.id, itemCode: driver.code, quantity: 2, unit: 'hour', unitPrice: 100000, amount: 200000, taxable: true }),
        expect.objectContaining({ reservationId: r.body.id, itemCode: logger.code, quantity: 1, unit: 'day', unitPrice: 200000, amount: 200000, taxable: true }),
        expect.objectContaining({ reservationId: r.body.id, itemCode: bay.code, quantity: 3, unit: 'day', unitPrice: 70000, amount: 210000, taxable: false }),
      ]);
      expect(draft.lines[0].itemCode).toBeUndefined();
      expect(draft).toEqual(expect.objectContaining({ supplyAmount: 810000, vat: 60000, total: 870000 }));
      const strip = (l: Record<string, unknown>) => ({ quantity: l.quantity, unit: l.unit, unitPrice: l.unitPrice, amount: l.amount, taxable: l.taxable, itemCode: l.itemCode });
      expect(draft.lines.map(strip)).toEqual(quoted.body.lines.map(strip));
      expect({ supplyAmount: draft.supplyAmount, vat: draft.vat, total: draft.total }).toEqual({ supplyAmount: quoted.body.supplyAmount, vat: quoted.body.vat, total: quoted.body.total });
    });

    it('a cancellation fee is the policy percent of track time AND add-ons (50 % tier)', async () => {
      // 4 days ahead: at least 48 h but under 168 h of notice → 50 %
      const day = localDay(4);
      const addOns = [{ itemCode: driver.code, quantity: 2 }, { itemCode: bay.code, quantity: 1 }];
      const r = await book(t, alice, { segmentId, start: at(day, '10:00'), end: at(day, '12:00'), addOns }).expect(201);
      const res = await t.http.post(`/api/v1/reservations/${r.body.id}/cancel`).set(bearer(alice)).send({ reason: '일정 변경' }).expect(200);
      // 50 % × (track ₩160,000 + driver ₩160,000 + bay ₩50,000) = 50 % × ₩370,000 = ₩185,000
      expect(res.body.cancellationFee).toBe(185000);
      const [fee] = await t.query<{ percent: number; charge: string; amount: string }>(`SELECT percent, charge, amount FROM reservation_fees WHERE reservation_id = $1`, [r.body.id]);
      expect({ percent: fee.percent, charge: Number(fee.charge), amount: Number(fee.amount) }).toEqual({ percent: 50, charge: 370000, amount: 185000 });

      // < 48 h → 100 % of the whole charge, for a non-member: 200,000 + 1 day × 200,000 = 400,000
      const soon = localDay(1);
      const r2 = await book(t, bob, { segmentId, start: at(soon, '14:00'), end: at(soon, '16:00'), addOns: [{ itemCode: logger.code, quantity: 1 }] }).expect(201);
      const res2 = await t.http.post(`/api/v1/reservations/${r2.body.id}/cancel`).set(bearer(bob)).send({ reason: 'x' }).expect(200);
      expect(res2.body.cancellationFee).toBe(400000);
    });

    it('an add-on ordered before its item is deactivated is still billed with the reservation', async () => {
      const gone = await item({ code: code('GONE'), unit: 'each', memberPrice: 12345, nonMemberPrice: 20000, addOn: true });
      const period = monthFromNow(-2);
      const day = `${period}-14`;
      const body = { organizationId: alice.organizationId, segmentId, start: at(day, '10:00'), end: at(day, '11:00'), addOns: [{ itemCode: gone.code, quantity: 2 }] };
      const r = await book(t, scheduler, body).expect(201);
      await t.http.post(`/api/v1/reservations/${r.body.id}/check-in`).set(bearer(scheduler)).send({ at: body.start }).expect(200);
      await t.http.post(`/api/v1/reservations/${r.body.id}/check-out`).set(bearer(scheduler)).send({ at: body.end }).expect(200);
      await patchItem(gone.id, { active: false }).expect(200);
      const draft = await draftFor(t, finance, period, alice.organizationId!);
      // 1 h × ₩80,000 (member) + 2 × ₩12,345 = 80,000 + 24,690 = 104,690; VAT 10,469; total 115,159
      expect(draft.lines).toEqual([expect.objectContaining({ amount: 80000 }), expect.objectContaining({ itemCode: gone.code, quantity: 2, unitPrice: 12345, amount: 24690 })]);
      expect(draft).toEqual(expect.objectContaining({ supplyAmount: 104690, vat: 10469, total: 115159 }));
    });
  });
});
