import ICAL from 'ical.js';
import { usedTrack } from '../support/billing.js';
import { at, book, createSegment, localDay } from '../support/facility.js';
import { expectError } from '../support/envelope.js';
import { TestApp, bearer, type TestUser } from '../support/test-app.js';

interface Parsed {
  calendar: ICAL.Component;
  events: Map<string, { uid: string; start: string; end: string; status: string | null; summary: string }>;
}

/** Parses a feed the way a calendar program does (ical.js), one entry per VEVENT keyed by UID. */
function parse(text: string): Parsed {
  const calendar = new ICAL.Component(ICAL.parse(text));
  expect(calendar.name).toBe('vcalendar');
  const events = new Map<string, { uid: string; start: string; end: string; status: string | null; summary: string }>();
  for (const vevent of calendar.getAllSubcomponents('vevent')) {
    const event = new ICAL.Event(vevent);
    expect(events.has(event.uid)).toBe(false);
    events.set(event.uid, {
      uid: event.uid,
      start: event.startDate.toJSDate().toISOString(),
      end: event.endDate.toJSDate().toISOString(),
      status: (vevent.getFirstPropertyValue('status') as string | null) ?? null,
      summary: event.summary,
    });
  }
  return { calendar, events };
}

const iso = (instant: string) => new Date(instant).toISOString();
const uid = (id: string) => `${id}@proving-ground`;

describe('calendar feeds', () => {
  let t: TestApp;
  let scheduler: TestUser;
  let finance: TestUser;
  let admin: TestUser;
  let alice: TestUser;
  let bob: TestUser;
  beforeAll(async () => {
    t = await TestApp.start();
    [scheduler, finance, admin, alice, bob] = await Promise.all([t.createUser('scheduler'), t.createUser('finance'), t.createUser('admin'), t.createCustomer(), t.createCustomer()]);
  });
  afterAll(() => t.close());

  const rotate = (user: TestUser, organizationId: string) => t.http.post(`/api/v1/organizations/${organizationId}/feed-token`).set(bearer(user));
  const feedPath = (url: string) => {
    const u = new URL(url);
    return `${u.pathname}${u.search}`;
  };

  it('an organization feed: held, completed and cancelled reservations, stable UIDs, exact instants, the facility zone; nothing of other organizations', async () => {
    const seg = await createSegment(t, scheduler);
    const day = localDay(4);
    const confirmed = (await book(t, alice, { segmentId: seg.id, start: at(day, '09:00'), end: at(day, '10:30') }).expect(201)).body;
    const cancelled = (await book(t, alice, { segmentId: seg.id, start: at(day, '11:00'), end: at(day, '12:00') }).expect(201)).body;
    await t.http.post(`/api/v1/reservations/${cancelled.id}/cancel`).set(bearer(alice)).send({ reason: 'plans changed' }).expect(200);
    const past = localDay(-3);
    const completed = await usedTrack(t, scheduler, { organizationId: alice.organizationId!, segmentId: seg.id, start: at(past, '13:00'), end: at(past, '14:00') });
    expect(completed.status).toBe('completed');
    const rejected = (await book(t, alice, { segmentId: seg.id, start: at(day, '14:00'), end: at(day, '15:00') }).expect(201)).body;
    const waitlisted = (await book(t, alice, { segmentId: seg.id, start: at(day, '16:00'), end: at(day, '17:00') }).expect(201)).body;
    await t.query(`UPDATE reservations SET status = 'rejected' WHERE id = $1`, [rejected.id]);
    await t.query(`UPDATE reservations SET status = 'waitlisted' WHERE id = $1`, [waitlisted.id]);
    const bobs = (await book(t, bob, { segmentId: seg.id, start: at(day, '18:00'), end: at(day, '19:00') }).expect(201)).body;

    const rotated = await rotate(alice, alice.organizationId!).expect(200);
    expect(rotated.body).toEqual({ token: expect.stringMatching(/^[A-Za-z0-9_-]{20,}$/), url: expect.stringContaining(`/api/v1/calendar/organizations/${alice.organizationId}.ics?token=`) });
    expect(new URL(rotated.body.url).searchParams.get('token')).toBe(rotated.body.token);

    const res = await t.http.get(feedPath(rotated.body.url)).expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/calendar/);
    const { calendar, events } = parse(res.text);
    expect(calendar.getFirstPropertyValue('x-wr-timezone')).toBe('Asia/Seoul');
    expect(calendar.getFirstPropertyValue('version')).toBe('2.0');
    expect([...events.keys()].sort()).toEqual([uid(confirmed.id), uid(cancelled.id), uid(completed.id)].sort());
    expect(events.get(uid(confirmed.id))).toEqual(expect.objectContaining({ start: iso(at(day, '09:00')), end: iso(at(day, '10:30')), status: 'CONFIRMED' }));
    expect(events.get(uid(cancelled.id))).toEqual(expect.objectContaining({ start: iso(at(day, '11:00')), end: iso(at(day, '12:00')), status: 'CANCELLED' }));
    expect(events.get(uid(completed.id))).toEqual(expect.objectContaining({ start: iso(at(past, '13:00')), end: iso(at(past, '14:00')) }));
    expect(events.has(uid(bobs.id))).toBe(false);
    expect(res.text).not.toContain(bobs.id);

    // stable across requests
    const again = parse((await t.http.get(feedPath(rotated.body.url)).expect(200)).text);
    expect([...again.events.keys()].sort()).toEqual([...events.keys()].sort());

    // bob's feed: only bob's
    const bobFeed = await rotate(bob, bob.organizationId!).expect(200);
    expect([...parse((await t.http.get(feedPath(bobFeed.body.url)).expect(200)).text).events.keys()]).toEqual([uid(bobs.id)]);
  });

  it('a segment feed for staff: every organization, 401 without a token, 403 for customers', async () => {
    const seg = await createSegment(t, scheduler);
    const day = localDay(5);
    const a = (await book(t, alice, { segmentId: seg.id, start: at(day, '09:00'), end: at(day, '10:00') }).expect(201)).body;
    const b = (await book(t, bob, { segmentId: seg.id, start: at(day, '10:00'), end: at(day, '11:00') }).expect(201)).body;
    const other = await createSegment(t, scheduler);
    const c = (await book(t, bob, { segmentId: other.id, start: at(day, '10:00'), end: at(day, '11:00') }).expect(201)).body;
    for (const staff of [scheduler, finance, admin]) {
      const res = await t.http.get(`/api/v1/calendar/segments/${seg.id}.ics`).set(bearer(staff)).expect(200);
      const { calendar, events } = parse(res.text);
      expect(calendar.getFirstPropertyValue('x-wr-timezone')).toBe('Asia/Seoul');
      expect([...events.keys()].sort()).toEqual([uid(a.id), uid(b.id)].sort());
      expect(events.get(uid(b.id))).toEqual(expect.objectContaining({ start: iso(at(day, '10:00')), end: iso(at(day, '11:00')), status: 'CONFIRMED' }));
      expect(events.has(uid(c.id))).toBe(false);
    }
    // uppercase uuid names the same calendar
    await t.http.get(`/api/v1/calendar/segments/${String(seg.id).toUpperCase()}.ics`).set(bearer(scheduler)).expect(200);
    expectError(await t.http.get(`/api/v1/calendar/segments/${seg.id}.ics`).set(bearer(alice)), 403, 'FORBIDDEN');
    expectError(await t.http.get(`/api/v1/calendar/segments/${seg.id}.ics`), 401, 'UNAUTHENTICATED');
    expectError(await t.http.get(`/api/v1/calendar/segments/nope.ics`).set(bearer(scheduler)), 404, 'NOT_FOUND');
    expectError(await t.http.get(`/api/v1/calendar/segments/${seg.id}`).set(bearer(scheduler)), 404, 'NOT_FOUND');
    expectError(await t.http.get(`/api/v1/calendar/segments/00000000-0000-4000-8000-000000000000.ics`).set(bearer(scheduler)), 404, 'NOT_FOUND');
  });

  it('tokens: rotating replaces the old one; wrong, missing or foreign tokens are 404; only one own organization', async () => {
    const first = await rotate(alice, alice.organizationId!).expect(200);
    const second = await rotate(alice, alice.organizationId!).expect(200);
    expect(second.body.token).not.toBe(first.body.token);
    expectError(await t.http.get(feedPath(first.body.url)), 404, 'NOT_FOUND');
    await t.http.get(feedPath(second.body.url)).expect(200);

    const path = `/api/v1/calendar/organizations/${alice.organizationId}.ics`;
    expectError(await t.http.get(path), 404, 'NOT_FOUND');
    expectError(await t.http.get(`${path}?token=`), 404, 'NOT_FOUND');
    expectError(await t.http.get(`${path}?token=wrong`), 404, 'NOT_FOUND');
    expectError(await t.http.get(`${path}?token=${second.body.token}&token=${second.body.token}`), 404, 'NOT_FOUND');
    // bob's token does not open alice's feed
    const bobs = await rotate(bob, bob.organizationId!).expect(200);
    expectError(await t.http.get(`${path}?token=${bobs.body.token}`), 404, 'NOT_FOUND');
    // an organization that never had a token
    const fresh = await t.createOrganization();
    expectError(await t.http.get(`/api/v1/calendar/organizations/${fresh.id}.ics?token=${second.body.token}`), 404, 'NOT_FOUND');
    // malformed ids
    expectError(await t.http.get(`/api/v1/calendar/organizations/nope.ics?token=${second.body.token}`), 404, 'NOT_FOUND');

    // a customer may not rotate another organization's token (and cannot tell it exists)
    expectError(await rotate(alice, bob.organizationId!), 404, 'NOT_FOUND');
    await t.http.get(feedPath(bobs.body.url)).expect(200);
    // staff may; finance has no say over organizations; nobody without a token
    await rotate(scheduler, bob.organizationId!).expect(200);
    await rotate(admin, bob.organizationId!).expect(200);
    expectError(await t.http.get(feedPath(bobs.body.url)), 404, 'NOT_FOUND');
    expectError(await rotate(finance, bob.organizationId!), 403, 'FORBIDDEN');
    expectError(await t.http.post(`/api/v1/organizations/${bob.organizationId}/feed-token`), 401, 'UNAUTHENTICATED');
    expectError(await rotate(admin, '00000000-0000-4000-8000-000000000000'), 404, 'NOT_FOUND');
  });
});
