import { randomUUID } from 'node:crypto';
import { expectError } from '../support/envelope.js';
import { at, book, createSegment, localDay } from '../support/facility.js';
import { changedTables, databaseDigest } from '../support/fuzz.js';
import { TestApp, bearer, type TestUser } from '../support/test-app.js';

/**
 * Regression (found by the authorization matrix, test/reliability/authorization-matrix.rel-spec.ts): api.md orders
 * the checks 401, 403, 400, 404 and answers 403 to "a customer sending a staff-only field (priority, waiveFee …)".
 * The services refused those fields only after the body was validated, so a customer's priority booking with any
 * malformed field answered 400, and a customer waiving a fee without a reason 400. The AuthGuard now refuses them
 * first (@StaffOnlyFields on the routes).
 */
describe('staff-only fields: 403 for customers, before validation and before ownership', () => {
  let t: TestApp;
  let scheduler: TestUser;
  let customer: TestUser;
  let other: TestUser;
  let segmentId: string;
  let reservationId: string;
  const day = localDay(12);

  beforeAll(async () => {
    t = await TestApp.start();
    scheduler = await t.createUser('scheduler');
    customer = await t.createCustomer();
    other = await t.createCustomer();
    segmentId = (await createSegment(t, scheduler)).id;
    reservationId = (await book(t, customer, { segmentId, start: at(day, '10:00'), end: at(day, '11:00') }).expect(201)).body.id;
  });
  afterAll(() => t.close());

  async function forbidden(user: TestUser, path: string, body: unknown) {
    const before = await databaseDigest(t);
    expectError(await t.http.post(path).set(bearer(user)).send(body as object), 403, 'FORBIDDEN');
    expect(changedTables(before, await databaseDigest(t))).toEqual([]);
  }

  it.each([
    ['a valid body', { segmentId: 'S', start: at(day, '12:00'), end: at(day, '13:00'), priority: true }],
    ['a malformed end', { segmentId: 'S', start: at(day, '12:00'), end: 'tomorrow', priority: true }],
    ['an unknown field', { segmentId: 'S', start: at(day, '12:00'), end: at(day, '13:00'), priority: true, colour: 'red' }],
    ['priority not a boolean', { segmentId: 'S', start: at(day, '12:00'), end: at(day, '13:00'), priority: 'yes' }],
  ])('a customer booking with priority and %s → 403', (_name, body) =>
    forbidden(customer, '/api/v1/reservations', { ...body, segmentId: body.segmentId === 'S' ? segmentId : body.segmentId }));

  it('a customer waiving a fee → 403, with or without a reason, on their own or another organization\'s reservation', async () => {
    await forbidden(customer, `/api/v1/reservations/${reservationId}/cancel`, { reason: 'x', waiveFee: true });
    await forbidden(customer, `/api/v1/reservations/${reservationId}/cancel`, { waiveFee: true });
    // 403 comes before 404: the other organization learns nothing about the id
    await forbidden(other, `/api/v1/reservations/${reservationId}/cancel`, { reason: 'x', waiveFee: true });
    await forbidden(other, `/api/v1/reservations/${randomUUID()}/cancel`, { reason: 'x', waiveFee: true });
  });

  it('the fields set to false are what customers send anyway: accepted', async () => {
    const r = await book(t, customer, { segmentId, start: at(day, '14:00'), end: at(day, '15:00'), priority: false }).expect(201);
    const cancelled = await t.http.post(`/api/v1/reservations/${r.body.id}/cancel`).set(bearer(customer)).send({ reason: 'x', waiveFee: false }).expect(200);
    expect(cancelled.body.reservation.status).toBe('cancelled');
  });

  it('staff keep the usual order: a malformed body is 400, and they may use the fields', async () => {
    expectError(await book(t, scheduler, { organizationId: customer.organizationId, segmentId, start: at(day, '16:00'), end: 'tomorrow', priority: true }), 400, 'VALIDATION_FAILED');
    await book(t, scheduler, { organizationId: customer.organizationId, segmentId, start: at(day, '16:00'), end: at(day, '17:00'), priority: true }).expect(201);
    await t.http.post(`/api/v1/reservations/${reservationId}/cancel`).set(bearer(scheduler)).send({ reason: 'x', waiveFee: true }).expect(200);
  });
});
