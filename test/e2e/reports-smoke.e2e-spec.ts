import { at, book, createSegment, localDay } from '../support/facility.js';
import { expectError } from '../support/envelope.js';
import { TestApp, bearer, type TestUser } from '../support/test-app.js';

describe('reports and feeds: smoke', () => {
  let t: TestApp;
  let scheduler: TestUser;
  let finance: TestUser;
  let alice: TestUser;
  beforeAll(async () => {
    t = await TestApp.start();
    scheduler = await t.createUser('scheduler');
    finance = await t.createUser('finance');
    alice = await t.createCustomer();
  });
  afterAll(() => t.close());

  it('reports open and booked minutes per local day', async () => {
    const seg = await createSegment(t, scheduler, { openingHours: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], open: '08:00', close: '20:00' }] });
    const day = localDay(5);
    await book(t, alice, { segmentId: seg.id, start: at(day, '10:00'), end: at(day, '13:00') }).expect(201);
    const res = await t.http
      .get(`/api/v1/reports/utilization?from=${encodeURIComponent(at(day, '00:00'))}&to=${encodeURIComponent(at(localDay(7), '00:00'))}&granularity=day&segmentId=${seg.id}`)
      .set(bearer(finance))
      .expect(200);
    expect(res.body.items).toEqual([
      expect.objectContaining({ segmentId: seg.id, periodStart: new Date(at(day, '00:00')).toISOString(), openMinutes: 720, bookedMinutes: 180, utilization: 0.25, revenue: 0 }),
      expect.objectContaining({ openMinutes: 720, bookedMinutes: 0, utilization: 0 }),
    ]);
    const csv = await t.http.get(`/api/v1/reports/utilization?from=${encodeURIComponent(at(day, '00:00'))}&to=${encodeURIComponent(at(localDay(6), '00:00'))}&segmentId=${seg.id}&format=csv`).set(bearer(finance)).expect(200);
    expect(csv.text).toContain('segmentId,segmentCode,periodStart,openMinutes,bookedMinutes,utilization,revenue');
    expectError(await t.http.get(`/api/v1/reports/utilization?from=${encodeURIComponent(at(day, '00:00'))}&to=${encodeURIComponent(at(localDay(6), '00:00'))}`).set(bearer(alice)), 403, 'FORBIDDEN');
  });

  it('serves a segment feed to staff and an organization feed by token', async () => {
    const seg = await createSegment(t, scheduler);
    const day = localDay(6);
    const r = await book(t, alice, { segmentId: seg.id, start: at(day, '10:00'), end: at(day, '11:00') }).expect(201);
    const staffFeed = await t.http.get(`/api/v1/calendar/segments/${seg.id}.ics`).set(bearer(scheduler)).expect(200);
    expect(staffFeed.headers['content-type']).toContain('text/calendar');
    expect(staffFeed.text).toContain(`UID:${r.body.id}@proving-ground`);
    const rotated = await t.http.post(`/api/v1/organizations/${alice.organizationId}/feed-token`).set(bearer(alice)).expect(200);
    const url = new URL(rotated.body.url);
    const feed = await t.http.get(`${url.pathname}${url.search}`).expect(200);
    expect(feed.text).toContain('BEGIN:VCALENDAR');
    expect(feed.text).toContain(`UID:${r.body.id}@proving-ground`);
    expectError(await t.http.get(`${url.pathname}?token=wrong`), 404, 'NOT_FOUND');
    await t.http.post(`/api/v1/reservations/${r.body.id}/cancel`).set(bearer(alice)).send({ reason: 'x' }).expect(200);
    expect((await t.http.get(`${url.pathname}${url.search}`).expect(200)).text).toContain('STATUS:CANCELLED');
  });
});
