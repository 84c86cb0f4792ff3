import { addLocalDays, atLocal, localDate } from '../../src/segments/local-time.js';
import type { TestApp, TestUser } from './test-app.js';

export const ZONE = 'Asia/Seoul';
const ALL_DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

/** The local date `days` after today in the facility zone (Asia/Seoul). */
export function localDay(days: number): string {
  return addLocalDays(localDate(new Date(), ZONE), days);
}

/** An instant as the API takes it: local wall-clock time on a local date, with the +09:00 offset. */
export function at(date: string, clock: string): string {
  const [h, m] = clock.split(':').map(Number);
  return atLocal(date, h * 60 + m, ZONE).toISOString().replace('.000Z', 'Z');
}

let serial = 0;

/** Creates a segment through the API; open every day 00:00–24:00 unless told otherwise. */
export async function createSegment(t: TestApp, scheduler: TestUser, overrides: Record<string, unknown> = {}): Promise<Record<string, any>> {
  serial += 1;
  const res = await t.http
    .post('/api/v1/segments')
    .set('Authorization', `Bearer ${scheduler.token}`)
    .send({
      code: `T${serial}-${Math.random().toString(36).slice(2, 7)}`,
      name: `Test segment ${serial}`,
      kind: 'test',
      capacityMode: 'exclusive',
      openingHours: [{ days: ALL_DAYS, open: '00:00', close: '24:00' }],
      ...overrides,
    });
  if (res.status !== 201) throw new Error(`segment not created: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

export function book(t: TestApp, user: TestUser, body: Record<string, unknown>) {
  return t.http.post('/api/v1/reservations').set('Authorization', `Bearer ${user.token}`).send(body);
}
