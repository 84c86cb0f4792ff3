import { at, createSegment, localDay } from '../support/facility.js';
import { fuzzEndpoint, tableCounts } from '../support/fuzz.js';
import { billingEndpoints } from '../support/write-endpoints.js';
import { createRateCard, draftFor, issue, monthFromNow, usedTrack } from '../support/billing.js';
import { TestApp, bearer, type TestUser } from '../support/test-app.js';

/**
 * Fuzzing the write endpoints of billing: only 4xx, never 5xx, nothing written. Valid bodies leave out the fields
 * for which an empty list is itself valid (surcharges: [], addOns: []) and the optional fields whose absence is
 * valid (the fuzzer only drops the `required` ones); hand-written invalid bodies cover those below.
 */
describe('fuzzing the write endpoints of billing: only 4xx, nothing written', () => {
  let t: TestApp;
  let scheduler: TestUser;
  let finance: TestUser;
  let customer: TestUser;
  let segmentId: string;
  let invoiceId: string;
  const day = localDay(20);

  beforeAll(async () => {
    t = await TestApp.start();
    scheduler = await t.createUser('scheduler');
    finance = await t.createUser('finance');
    customer = await t.createCustomer();
    segmentId = (await createSegment(t, scheduler)).id;
    await createRateCard(t, finance, { segmentId, effectiveFrom: '2020-01-01', hourlyRate: 100000 }).expect(201);
    const period = monthFromNow(-1);
    await usedTrack(t, scheduler, { organizationId: customer.organizationId!, segmentId, start: at(`${period}-10`, '10:00'), end: at(`${period}-10`, '11:00') });
    invoiceId = (await issue(t, finance, (await draftFor(t, finance, period, customer.organizationId!)).id)).id;
  });
  afterAll(() => t.close());

  const endpoints = billingEndpoints(() => ({ finance, customer, segmentId, invoiceId }));

  for (const [name, endpoint] of Object.entries(endpoints)) {
    it(name, () => fuzzEndpoint(t, endpoint, 40));
  }

  /** Bodies of the right shape with a wrong value: each answers 400 and writes nothing. */
  const card = (patch: Record<string, unknown>) => ({ segmentId, effectiveFrom: '2031-01-01', hourlyRate: 120000, ...patch });
  const surcharge = (patch: Record<string, unknown>) => card({ surcharges: [{ name: '야간', days: ['mon'], from: '18:00', to: '20:00', percent: 30, ...patch }] });
  const policy = (patch: Record<string, unknown>) => ({ tiers: [{ minNoticeHours: 48, percent: 50 }, { minNoticeHours: 0, percent: 100 }], noShowPercent: 100, ...patch });
  const cases: [string, 'post' | 'put', () => string, () => TestUser, () => unknown][] = [
    ['rate card: negative rate', 'post', () => '/api/v1/rate-cards', () => finance, () => card({ hourlyRate: -1 })],
    ['rate card: fractional rate', 'post', () => '/api/v1/rate-cards', () => finance, () => card({ hourlyRate: 1000.5 })],
    ['rate card: discount over 100', 'post', () => '/api/v1/rate-cards', () => finance, () => card({ memberDiscountPercent: 101 })],
    ['rate card: zero increment', 'post', () => '/api/v1/rate-cards', () => finance, () => card({ billingIncrementMinutes: 0 })],
    ['rate card: negative minimum', 'post', () => '/api/v1/rate-cards', () => finance, () => card({ minimumBillableMinutes: -30 })],
    ['rate card: no such date', 'post', () => '/api/v1/rate-cards', () => finance, () => card({ effectiveFrom: '2031-02-30' })],
    ['rate card: an instant for a date', 'post', () => '/api/v1/rate-cards', () => finance, () => card({ effectiveFrom: '2031-01-01T00:00:00Z' })],
    ['rate card: surcharges not a list', 'post', () => '/api/v1/rate-cards', () => finance, () => card({ surcharges: { name: 'x' } })],
    ['rate card: surcharge without days', 'post', () => '/api/v1/rate-cards', () => finance, () => surcharge({ days: [] })],
    ['rate card: surcharge unknown weekday', 'post', () => '/api/v1/rate-cards', () => finance, () => surcharge({ days: ['monday'] })],
    ['rate card: surcharge repeated weekday', 'post', () => '/api/v1/rate-cards', () => finance, () => surcharge({ days: ['mon', 'mon'] })],
    ['rate card: surcharge from 24:00', 'post', () => '/api/v1/rate-cards', () => finance, () => surcharge({ from: '24:00', to: '24:00' })],
    ['rate card: surcharge to 25:00', 'post', () => '/api/v1/rate-cards', () => finance, () => surcharge({ to: '25:00' })],
    ['rate card: surcharge across midnight', 'post', () => '/api/v1/rate-cards', () => finance, () => surcharge({ from: '22:00', to: '06:00' })],
    ['rate card: surcharge over 1000 %', 'post', () => '/api/v1/rate-cards', () => finance, () => surcharge({ percent: 1001 })],
    ['rate card: negative surcharge', 'post', () => '/api/v1/rate-cards', () => finance, () => surcharge({ percent: -10 })],
    ['rate card: surcharge without a name', 'post', () => '/api/v1/rate-cards', () => finance, () => surcharge({ name: '' })],
    ['rate card: surcharge with an unknown field', 'post', () => '/api/v1/rate-cards', () => finance, () => surcharge({ extra: 1 })],
    ['policy: no tiers', 'put', () => '/api/v1/cancellation-policy', () => finance, () => policy({ tiers: [] })],
    ['policy: percent over 100', 'put', () => '/api/v1/cancellation-policy', () => finance, () => policy({ tiers: [{ minNoticeHours: 0, percent: 101 }] })],
    ['policy: negative notice', 'put', () => '/api/v1/cancellation-policy', () => finance, () => policy({ tiers: [{ minNoticeHours: -1, percent: 10 }, { minNoticeHours: 0, percent: 100 }] })],
    ['policy: a notice twice', 'put', () => '/api/v1/cancellation-policy', () => finance, () => policy({ tiers: [{ minNoticeHours: 0, percent: 10 }, { minNoticeHours: 0, percent: 100 }] })],
    ['policy: nothing for the shortest notice', 'put', () => '/api/v1/cancellation-policy', () => finance, () => policy({ tiers: [{ minNoticeHours: 24, percent: 100 }] })],
    ['policy: a tier with an unknown field', 'put', () => '/api/v1/cancellation-policy', () => finance, () => policy({ tiers: [{ minNoticeHours: 0, percent: 100, waive: true }] })],
    ['policy: no-show over 100', 'put', () => '/api/v1/cancellation-policy', () => finance, () => policy({ noShowPercent: 101 })],
    ['quote: an instant without offset', 'post', () => '/api/v1/quotes', () => customer, () => ({ segmentId, start: `${day}T10:00:00`, end: at(day, '11:00') })],
    ['quote: end before start', 'post', () => '/api/v1/quotes', () => customer, () => ({ segmentId, start: at(day, '11:00'), end: at(day, '10:00') })],
    ['quote: zero vehicles', 'post', () => '/api/v1/quotes', () => customer, () => ({ segmentId, start: at(day, '10:00'), end: at(day, '11:00'), vehicles: 0 })],
    ['quote: add-ons not a list', 'post', () => '/api/v1/quotes', () => customer, () => ({ segmentId, start: at(day, '10:00'), end: at(day, '11:00'), addOns: 'x' })],
    ['generate: month 13', 'post', () => '/api/v1/invoices/generate', () => finance, () => ({ period: '2026-13' })],
    ['generate: a date for a month', 'post', () => '/api/v1/invoices/generate', () => finance, () => ({ period: '2026-01-01' })],
    ['generate: organization not a uuid', 'post', () => '/api/v1/invoices/generate', () => finance, () => ({ period: '2026-01', organizationId: 'abc' })],
    ['mark-paid: paidAt without offset', 'post', () => `/api/v1/invoices/${invoiceId}/mark-paid`, () => finance, () => ({ paidAt: '2026-01-01T10:00:00', reference: 'x' })],
    ['mark-paid: empty reference', 'post', () => `/api/v1/invoices/${invoiceId}/mark-paid`, () => finance, () => ({ paidAt: '2026-01-01T10:00:00Z', reference: '' })],
    ['void: empty reason', 'post', () => `/api/v1/invoices/${invoiceId}/void`, () => finance, () => ({ reason: '' })],
    ['void: reason too long', 'post', () => `/api/v1/invoices/${invoiceId}/void`, () => finance, () => ({ reason: 'x'.repeat(2001) })],
  ];

  it.each(cases)('%s → 400, nothing written', async (_name, method, path, as, body) => {
    const before = await tableCounts(t);
    const res = await t.http[method](path()).set(bearer(as())).send(body() as object);
    expect({ status: res.status, code: res.body.code }).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
    expect(await tableCounts(t)).toEqual(before);
  });

  it('nothing changed: the policy, the invoice and the rate cards are as before', async () => {
    const policyNow = await t.http.get('/api/v1/cancellation-policy').set(bearer(customer)).expect(200);
    expect(policyNow.body.noShowPercent).toBe(100);
    const invoice = await t.http.get(`/api/v1/invoices/${invoiceId}`).set(bearer(finance)).expect(200);
    expect(invoice.body).toEqual(expect.objectContaining({ status: 'issued', paidAt: null, voidReason: null }));
    const cards = await t.http.get(`/api/v1/rate-cards?segmentId=${segmentId}`).set(bearer(finance)).expect(200);
    expect(cards.body.items).toHaveLength(1);
  });
});
