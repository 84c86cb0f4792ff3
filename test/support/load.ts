import { at, localDay } from './facility.js';
import { NoAnswer, createOrganization, createUser, postSegment, sleep, type Answer, type AppFleet, type AppProcess } from './instances.js';

/**
 * Booking load from many concurrent clients against app processes (test/reliability), and the
 * ledger of what the app acknowledged, so that the database can be checked against it afterwards
 * (test/support/invariants.ts).
 */

/** RELIABILITY_SHORT=1: the same checks with less load and shorter phases (CI). */
export const SHORT = process.env.RELIABILITY_SHORT === '1';
export const scaled = <T>(full: T, short: T): T => (SHORT ? short : full);

/**
 * The environment of the app instances under load: lifecycle sweeps on (as in production, beside
 * the load), errors logged (AppFleet keeps the stacks of any 5xx), and a pool as large as the
 * clients one instance serves, so that requests queue on PostgreSQL's row locks rather than for a
 * pool connection, whose 5 s connect timeout would answer 503 on a machine as loaded as a test run
 * makes it (the tests prove invariants under concurrency, not the capacity of one instance).
 */
export const LOAD_ENV = { LIFECYCLE_INTERVAL_SECONDS: '2', LOG_LEVEL: 'error', DATABASE_POOL_SIZE: '32' };

const MINUTE = 60_000;
/** Bookings lie in 08:00–20:00 local: 24 half-hour slots. */
const SLOTS = 24;

export interface LoadUser {
  label: string;
  role: 'customer' | 'scheduler';
  token: string;
  organizationId: string | null;
}

export interface LoadSegment {
  id: string;
  code: string;
  capacityMode: 'exclusive' | 'shared';
  maxVehicles: number | null;
  /** relative share of the requests aimed at it */
  weight: number;
}

export interface LoadFacility {
  users: LoadUser[];
  organizations: string[];
  segments: LoadSegment[];
}

/**
 * Through the API: `organizations` organizations with `customersPerOrganization` customers each and
 * one scheduler, every one logged in (on alternating instances: users and tokens are shared); and
 * the segments under load: X exclusive with a 30-minute buffer, S shared by 3 vehicles, and the composite C over C1
 * (exclusive) and C2 (shared by 2), so composite and child bookings meet on the leaves.
 */
export async function setUpFacility(fleet: AppFleet, instances: AppProcess[], organizations = 4, customersPerOrganization = 2): Promise<LoadFacility> {
  const via = (i: number) => instances[i % instances.length];
  const admin = await fleet.adminToken(via(0));
  const orgIds: string[] = [];
  const users: LoadUser[] = [];
  for (let o = 0; o < organizations; o++) {
    const organizationId = await createOrganization(via(o), admin, `Load org ${o}`, o % 2 ? 'supplier' : 'oem');
    orgIds.push(organizationId);
    for (let c = 0; c < customersPerOrganization; c++) {
      users.push({ label: `customer-${o}-${c}`, role: 'customer', organizationId, token: await createUser(via(o + c), admin, 'customer', organizationId, via(o + c + 1)) });
    }
  }
  users.push({ label: 'scheduler', role: 'scheduler', organizationId: null, token: await createUser(via(0), admin, 'scheduler', null, via(1)) });

  // each of a kind of its own (load_x, ...): a refusal's suggestions then stay on the segment asked for
  const segment = async (code: string, weight: number, fields: Record<string, unknown> = {}): Promise<LoadSegment> => {
    const body = await postSegment(via(weight), admin, code, { kind: `load_${code.toLowerCase()}`, ...fields });
    return { id: body.id, code, capacityMode: body.capacityMode, maxVehicles: body.maxVehicles ?? null, weight };
  };
  const x = await segment('X', 3, { bufferMinutes: 30 });
  const s = await segment('S', 3, { capacityMode: 'shared', maxVehicles: 3 });
  const c = await segment('C', 1);
  const c1 = await segment('C1', 2, { parentId: c.id });
  const c2 = await segment('C2', 2, { parentId: c.id, capacityMode: 'shared', maxVehicles: 2 });
  return { users, organizations: orgIds, segments: [x, s, c, c1, c2] };
}

/** A small seeded generator (mulberry32): each client's sequence of requests is repeatable. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type RequestKind = 'book' | 'series' | 'cancel' | 'reschedule';

/** One request of the load: where it went, when, and what came back (status null: no HTTP answer). */
export interface Sent {
  worker: number;
  kind: RequestKind;
  instance: string;
  generation: number;
  sentAt: number;
  answeredAt: number;
  status: number | null;
  code?: string;
  /** why there was no answer (ECONNREFUSED, TimeoutError, ...) */
  reason?: string;
}

/** A state the database may show for an acknowledged reservation. */
export interface AllowedState {
  start: string;
  end: string;
  cancelled: boolean;
}

export interface Acknowledged {
  id: string;
  segmentId: string;
  organizationId: string;
  seriesId: string | null;
  vehicles: number;
  /**
   * One entry when every change was answered; a change without an answer (its effect unknown)
   * adds the state it would have led to, and the client leaves that reservation alone afterwards.
   */
  allowed: AllowedState[];
}

/** What the app acknowledged, and how many creations ended without a definite answer. */
export class Ledger {
  readonly reservations = new Map<string, Acknowledged>();
  /** series id → the ids its 201 listed as created */
  readonly series = new Map<string, string[]>();
  /** bookings and series answered by no answer or a 5xx: each may or may not be in the database */
  unknownBookings = 0;
  unknownSeries = 0;
  /** the occurrences those unknown series asked for: at most this many rows of theirs may exist */
  unknownOccurrences = 0;

  acknowledge(view: { id: string; segmentId: string; organizationId: string; seriesId: string | null; vehicles: number; start: string; end: string }): void {
    this.reservations.set(view.id, { ...view, allowed: [{ start: view.start, end: view.end, cancelled: false }] });
  }
}

export interface LoadOptions {
  facility: LoadFacility;
  clients: number;
  durationMs: number;
  /** the instance client `worker` sends its next request to */
  route: (worker: number) => AppProcess;
  seed: number;
  /** share of requests that create a series (daily, `occurrences` of them) */
  seriesShare: number;
  occurrences: [number, number];
  /** bookings start on local days firstDay … firstDay + days - 1 from today */
  firstDay?: number;
  days?: number;
  /** a request not answered within this counts as no answer (a hang) */
  timeoutMs?: number;
}

/** The answer when it is definite; undefined for no answer or a 5xx, after which the request may or may not have taken effect. */
function definite(answer: Answer | NoAnswer): Answer | undefined {
  return answer instanceof NoAnswer || answer.status >= 500 ? undefined : answer;
}

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? 0;

/**
 * `clients` concurrent clients, each a user of the facility (customers book for their own
 * organization, the scheduler for any), each sending its next request as soon as the last one is
 * answered: single bookings on random overlapping slots (1–4 half hours, 1..maxVehicles vehicles on
 * shared segments), daily series, cancels and reschedules of what it booked itself. After a 5xx or
 * no answer a client pauses 100 ms, as a client would before retrying.
 */
export class Load {
  readonly ledger = new Ledger();
  readonly sent: Sent[] = [];
  /** answers no client should get for its request (wrong 4xx, a 409 with another code, ...) */
  readonly unexpected: string[] = [];
  startedAt = 0;
  endedAt = 0;
  private stopped = false;
  private readonly inFlight = new Map<string, number>();
  private readonly days: string[];

  constructor(private readonly options: LoadOptions) {
    const { firstDay = 30, days = 14 } = options;
    this.days = Array.from({ length: days }, (_, d) => localDay(firstDay + d));
  }

  /** Requests of `kind` sent to `instance` and not answered yet. */
  pending(instance: AppProcess, kind: RequestKind): number {
    return this.inFlight.get(`${instance.name}|${kind}`) ?? 0;
  }

  /** Ends the load early; `run()` resolves once the requests in flight are answered. */
  stop(): void {
    this.stopped = true;
  }

  async run(): Promise<void> {
    this.startedAt = Date.now();
    const deadline = this.startedAt + this.options.durationMs;
    await Promise.all(Array.from({ length: this.options.clients }, (_, w) => this.client(w, deadline)));
    this.endedAt = Date.now();
  }

  private async client(worker: number, deadline: number): Promise<void> {
    const rnd = random(this.options.seed * 1009 + worker);
    const { users } = this.options.facility;
    const user = users[worker % users.length];
    /** the acknowledged, still held reservations this client may change */
    const mine: string[] = [];
    while (!this.stopped && Date.now() < deadline) {
      // 12 % cancels and 12 % reschedules of its own bookings (once it has some), `seriesShare` series, the rest bookings
      const r = rnd();
      let answer: Answer | NoAnswer;
      if (r < 0.12 && mine.length) answer = await this.cancel(worker, user, mine, rnd);
      else if (r >= 0.12 && r < 0.24 && mine.length) answer = await this.reschedule(worker, user, mine, rnd);
      else if (r >= 0.24 && r < 0.24 + this.options.seriesShare) answer = await this.createSeries(worker, user, mine, rnd);
      else answer = await this.book(worker, user, mine, rnd);
      if (!definite(answer)) await sleep(100);
    }
  }

  private pick<T>(rnd: () => number, list: T[]): T {
    return list[Math.floor(rnd() * list.length)];
  }

  private segment(rnd: () => number): LoadSegment {
    const segments = this.options.facility.segments;
    let r = rnd() * segments.reduce((s, x) => s + x.weight, 0);
    for (const s of segments) if ((r -= s.weight) < 0) return s;
    return segments[0];
  }

  /** A random grid-aligned interval of 1–4 half hours inside 08:00–20:00 of a random day of the window. */
  private interval(rnd: () => number): { start: string; end: string } {
    const len = 1 + Math.floor(rnd() * 4);
    const slot = Math.floor(rnd() * (SLOTS - len + 1));
    const start = new Date(at(this.pick(rnd, this.days), '08:00')).getTime() + slot * 30 * MINUTE;
    return { start: new Date(start).toISOString(), end: new Date(start + len * 30 * MINUTE).toISOString() };
  }

  private owner(user: LoadUser, rnd: () => number): Record<string, string> {
    return user.role === 'scheduler' ? { organizationId: this.pick(rnd, this.options.facility.organizations) } : {};
  }

  private vehicles(segment: LoadSegment, rnd: () => number): Record<string, number> {
    return segment.capacityMode === 'shared' ? { vehicles: 1 + Math.floor(rnd() * segment.maxVehicles!) } : {};
  }

  private async send(worker: number, kind: RequestKind, method: string, path: string, token: string, body: unknown): Promise<Answer | NoAnswer> {
    const instance = this.options.route(worker);
    const key = `${instance.name}|${kind}`;
    const sent: Sent = { worker, kind, instance: instance.name, generation: instance.generation, sentAt: Date.now(), answeredAt: 0, status: null };
    this.inFlight.set(key, (this.inFlight.get(key) ?? 0) + 1);
    try {
      const answer = await instance.request(method, path, { token, body, timeoutMs: this.options.timeoutMs ?? 30_000 });
      sent.status = answer.status;
      sent.code = answer.body?.code;
      return answer;
    } catch (error) {
      if (!(error instanceof NoAnswer)) throw error;
      sent.reason = error.reason;
      return error;
    } finally {
      this.inFlight.set(key, this.inFlight.get(key)! - 1);
      sent.answeredAt = Date.now();
      this.sent.push(sent);
    }
  }


  private expect(kind: RequestKind, answer: Answer, ...allowed: string[]): void {
    if (!allowed.includes(`${answer.status} ${answer.body?.code ?? ''}`.trim())) this.unexpected.push(`${kind}: ${answer.status} ${JSON.stringify(answer.body).slice(0, 300)}`);
  }

  private async book(worker: number, user: LoadUser, mine: string[], rnd: () => number): Promise<Answer | NoAnswer> {
    const segment = this.segment(rnd);
    const body = { segmentId: segment.id, ...this.interval(rnd), ...this.vehicles(segment, rnd), ...this.owner(user, rnd), purpose: 'reliability load' };
    const answer = await this.send(worker, 'book', 'POST', '/api/v1/reservations', user.token, body);
    const a = definite(answer);
    if (!a) this.ledger.unknownBookings += 1;
    else if (a.status === 201) {
      this.ledger.acknowledge(a.body);
      mine.push(a.body.id);
    } else this.expect('book', a, '409 RESERVATION_CONFLICT');
    return answer;
  }

  private async createSeries(worker: number, user: LoadUser, mine: string[], rnd: () => number): Promise<Answer | NoAnswer> {
    const segment = this.segment(rnd);
    const [min, max] = this.options.occurrences;
    const count = min + Math.floor(rnd() * (max - min + 1));
    const { start } = this.interval(rnd);
    // two in three skip conflicting occurrences (refused when more than 90 % would be skipped), one in three is all or nothing
    const policy = rnd() < 2 / 3 ? { conflictPolicy: 'skip_conflicts', maxConflictPercent: 90 } : { conflictPolicy: 'all_or_nothing' };
    const body = { segmentId: segment.id, firstStart: start, durationMinutes: rnd() < 0.5 ? 30 : 60, rrule: `FREQ=DAILY;COUNT=${count}`, ...this.vehicles(segment, rnd), ...this.owner(user, rnd), ...policy };
    const answer = await this.send(worker, 'series', 'POST', '/api/v1/reservation-series', user.token, body);
    const a = definite(answer);
    if (!a) {
      this.ledger.unknownSeries += 1;
      this.ledger.unknownOccurrences += count;
    } else if (a.status === 201) {
      const created = a.body.created as Parameters<Ledger['acknowledge']>[0][];
      this.ledger.series.set(a.body.series.id, created.map((r) => r.id));
      for (const r of created) {
        this.ledger.acknowledge(r);
        mine.push(r.id);
      }
    } else this.expect('series', a, '409 RESERVATION_CONFLICT');
    return answer;
  }

  private async cancel(worker: number, user: LoadUser, mine: string[], rnd: () => number): Promise<Answer | NoAnswer> {
    const id = mine.splice(Math.floor(rnd() * mine.length), 1)[0];
    const known = this.ledger.reservations.get(id)!;
    const answer = await this.send(worker, 'cancel', 'POST', `/api/v1/reservations/${id}/cancel`, user.token, { reason: 'reliability load' });
    const cancelled = { ...known.allowed[0], cancelled: true };
    const a = definite(answer);
    // without a definite answer it may be cancelled or not, and this client touches it no more
    if (!a) known.allowed.push(cancelled);
    else if (a.status === 200) known.allowed = [cancelled];
    else {
      this.expect('cancel', a);
      mine.push(id);
    }
    return answer;
  }

  private async reschedule(worker: number, user: LoadUser, mine: string[], rnd: () => number): Promise<Answer | NoAnswer> {
    const index = Math.floor(rnd() * mine.length);
    const id = mine[index];
    const known = this.ledger.reservations.get(id)!;
    const to = this.interval(rnd);
    const answer = await this.send(worker, 'reschedule', 'PATCH', `/api/v1/reservations/${id}`, user.token, to);
    const a = definite(answer);
    if (!a) {
      // maybe moved, maybe not: both are allowed, and this client touches it no more
      known.allowed.push({ ...to, cancelled: false });
      mine.splice(index, 1);
    } else if (a.status === 200) known.allowed = [{ start: a.body.start, end: a.body.end, cancelled: false }];
    // a refused reschedule leaves the reservation where it was: `allowed` stays as it is
    else this.expect('reschedule', a, '409 RESERVATION_CONFLICT');
    return answer;
  }

  /** Answers counted by status ('none': no HTTP answer). */
  tally(filter: (s: Sent) => boolean = () => true): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const s of this.sent.filter(filter)) {
      const key = s.status === null ? 'none' : String(s.status);
      counts[key] = (counts[key] ?? 0) + 1;
    }
    return counts;
  }

  /** One line for the run's log: requests, answers by status, latency, what was acknowledged. */
  summary(label: string, extra = ''): string {
    const t = this.tally();
    const ms = this.sent.filter((s) => s.status !== null).map((s) => s.answeredAt - s.sentAt).sort((a, b) => a - b);
    const statuses = ['201', '200', '409', '422', '503', '500', 'none'].map((k) => `${k}: ${t[k] ?? 0}`).join(', ');
    const others = Object.keys(t).filter((k) => !['201', '200', '409', '422', '503', '500', 'none'].includes(k));
    return (
      `[reliability] ${label}${SHORT ? ' (short)' : ''}: ${this.options.clients} clients, ${((this.endedAt - this.startedAt) / 1000).toFixed(1)} s, ` +
      `${this.sent.length} requests (${statuses}${others.map((k) => `, ${k}: ${t[k]}`).join('')}), ` +
      `p50 ${pct(ms, 50)} ms, p99 ${pct(ms, 99)} ms, max ${ms.at(-1) ?? 0} ms; acknowledged ${this.ledger.reservations.size} reservations, ${this.ledger.series.size} series` +
      (extra ? `; ${extra}` : '')
    );
  }
}
