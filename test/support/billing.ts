import { addLocalDays, atLocal, localDate, weekdayOf, type Weekday } from '../../src/segments/local-time.js';
import { ZONE, book, localDay } from './facility.js';
import { bearer, type TestApp, type TestUser } from './test-app.js';

/** An instant as the API takes it, local wall-clock time in any zone (the DST tests run in Europe/Berlin). */
export function atIn(zone: string, date: string, clock: string): string {
  const [h, m] = clock.split(':').map(Number);
  return atLocal(date, h * 60 + m, zone).toISOString().replace('.000Z', 'Z');
}

/** The local month 'YYYY-MM' `n` months from the current one in the facility zone (negative: earlier). */
export function monthFromNow(n: number, zone = ZONE): string {
  const [y, m] = localDate(new Date(), zone).slice(0, 7).split('-').map(Number);
  const index = y * 12 + (m - 1) + n;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** The month before 'YYYY-MM'. */
export function monthBefore(month: string): string {
  return addLocalDays(`${month}-01`, -1).slice(0, 7);
}

/** The first local date on or after `localDay(fromDays)` that falls on `day`. */
export function nextWeekday(day: Weekday, fromDays = 2): string {
  for (let d = fromDays; ; d++) if (weekdayOf(localDay(d)) === day) return localDay(d);
}

export function createRateCard(t: TestApp, user: TestUser, body: Record<string, unknown>) {
  return t.http.post('/api/v1/rate-cards').set(bearer(user)).send(body);
}

export function quote(t: TestApp, user: TestUser, body: Record<string, unknown>) {
  return t.http.post('/api/v1/quotes').set(bearer(user)).send({ vehicles: 1, addOns: [], ...body });
}

export async function generate(t: TestApp, user: TestUser, period: string, organizationId?: string): Promise<Record<string, any>[]> {
  const res = await t.http.post('/api/v1/invoices/generate').set(bearer(user)).send(organizationId ? { period, organizationId } : { period });
  if (res.status !== 200) throw new Error(`generate ${period}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.items as Record<string, any>[];
}

/** Generates the organization's month and expects exactly one draft. */
export async function draftFor(t: TestApp, user: TestUser, period: string, organizationId: string): Promise<Record<string, any>> {
  const items = await generate(t, user, period, organizationId);
  if (items.length !== 1) throw new Error(`expected one draft for ${organizationId} ${period}, got ${JSON.stringify(items)}`);
  return items[0];
}

export async function issue(t: TestApp, user: TestUser, id: string): Promise<Record<string, any>> {
  const res = await t.http.post(`/api/v1/invoices/${id}/issue`).set(bearer(user));
  if (res.status !== 200) throw new Error(`issue ${id}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

export interface Usage {
  /** Check-in instant (default: the start). */
  checkIn?: string | null;
  /** Check-out instant (default: the end); null leaves it checked in. */
  checkOut?: string | null;
}

/**
 * A back-office entry by a scheduler (past times are allowed for staff), checked in and out at the given instants:
 * track time that billing picks up. Returns the reservation as finally answered.
 */
export async function usedTrack(
  t: TestApp,
  scheduler: TestUser,
  body: { organizationId: string; segmentId: string; start: string; end: string; vehicles?: number },
  usage: Usage = {},
): Promise<Record<string, any>> {
  const r = await book(t, scheduler, body);
  if (r.status !== 201) throw new Error(`booking refused: ${r.status} ${JSON.stringify(r.body)}`);
  const checkIn = usage.checkIn === undefined ? body.start : usage.checkIn;
  let last = r.body;
  if (checkIn !== null) {
    const res = await t.http.post(`/api/v1/reservations/${r.body.id}/check-in`).set(bearer(scheduler)).send({ at: checkIn });
    if (res.status !== 200) throw new Error(`check-in refused: ${res.status} ${JSON.stringify(res.body)}`);
    last = res.body;
    const checkOut = usage.checkOut === undefined ? body.end : usage.checkOut;
    if (checkOut !== null) {
      const out = await t.http.post(`/api/v1/reservations/${r.body.id}/check-out`).set(bearer(scheduler)).send({ at: checkOut });
      if (out.status !== 200) throw new Error(`check-out refused: ${out.status} ${JSON.stringify(out.body)}`);
      last = out.body;
    }
  }
  return last;
}

/** Reads a supertest response body as raw bytes (CSV, PDF). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- supertest's parser hands over its own response type
export function rawBody(res: any, cb: (err: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
}
