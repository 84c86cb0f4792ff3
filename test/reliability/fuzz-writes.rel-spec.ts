import fc from 'fast-check';
import type { Response } from 'supertest';
import { envelopeProblem } from '../support/envelope.js';
import { createSegment } from '../support/facility.js';
import { changedTables, databaseDigest, generatedBodies, type Sent, type WriteEndpoint } from '../support/fuzz.js';
import { WRITE_VERBS, routesOf } from '../support/routes.js';
import { TestApp } from '../support/test-app.js';
import { World } from '../support/world.js';
import { actionEndpoints, baseEndpoints, billingEndpoints, catalogEndpoints, facilityEndpoints, type WriteFixture } from '../support/write-endpoints.js';

/**
 * Fuzzing every write route (issue, part 4): for each POST, PUT, PATCH and DELETE route of the app (enumerated from
 * Nest's metadata: a write route without an endpoint definition fails the first test), fast-check generates requests
 * sent as a caller the route admits:
 * - bodies: the valid one, near-valid ones (a field or two at any depth replaced by an edge value of its kind or any
 *   JSON, or dropped), ones that must be refused (wrong type, unknown field, required field missing, not an object),
 *   raw text (malformed JSON, other media types, over the 1 MiB limit);
 * - the path parameter: mostly the fixture's real thing, else an unknown UUID or any text;
 * - on POSTs, sometimes an Idempotency-Key (fresh, reused, malformed).
 * Each answer must be below 500; a refused one (4xx) must carry the error envelope of api.md and leave every table
 * as it was (a digest of the content of all tables, before and after); a body that must be refused must be.
 * A route that consumes its thing (cancel, issue, delete ...) gets a fresh one after each success, so the
 * generated requests keep reaching the service's logic instead of stopping at 409.
 */

const RUNS = Number(process.env.FUZZ_RUNS ?? 30);

describe('fuzzing every write route: never 5xx, refusals in the envelope and writing nothing', () => {
  let t: TestApp;
  let w: World;
  let fx: WriteFixture;
  const statuses = new Map<number, number>();

  beforeAll(async () => {
    t = await TestApp.start();
    w = await World.build(t);
    const owner = w.owner;
    fx = {
      admin: w.admin,
      scheduler: w.scheduler,
      finance: w.finance,
      customer: owner.customer,
      segmentId: w.segmentId,
      sharedId: (await createSegment(t, w.scheduler, { kind: 'fuzz', capacityMode: 'shared', maxVehicles: 4 })).id,
      driverId: owner.driverId,
      invoiceId: await w.issuedInvoice(),
      draftId: await w.draftInvoice(),
      itemId: w.itemId,
      programId: w.programId,
      requestId: owner.requestId,
      reservationId: await w.reservation(owner),
      cancellableId: await w.reservation(owner),
      currentId: await w.current(owner),
      pendingId: await w.pending(owner),
      checkedInId: await w.checkedIn(owner),
      displacedId: await w.displaced(owner),
      seriesId: await w.series(owner),
      blackoutId: await w.blackout(),
      webhookId: await w.webhook(owner),
    };
  }, 120_000);
  afterAll(async () => {
    const total = [...statuses.values()].reduce((a, b) => a + b, 0);
    const byStatus = [...statuses.entries()].sort(([a], [b]) => a - b).map(([s, n]) => `${s}×${n}`).join(' ');
    // eslint-disable-next-line no-console
    console.log(`fuzzed write routes: ${total} requests (${byStatus})`);
    await t?.close();
  });

  const fixture = () => fx;
  const endpoints: Record<string, WriteEndpoint> = {
    ...baseEndpoints(fixture),
    ...catalogEndpoints(fixture),
    ...billingEndpoints(fixture),
    ...actionEndpoints(fixture),
    // last: blackouts and segment changes may close time that later bookings would need
    ...facilityEndpoints(fixture),
  };

  /** After a success, the consumed thing is replaced (or what would disturb the following routes undone). */
  const afterSuccess: Partial<Record<string, (res: Response) => Promise<void>>> = {
    'POST /reservations/:id/cancel': async () => void (fx.cancellableId = await w.reservation(w.owner)),
    'POST /reservations/:id/approve': async () => void (fx.pendingId = await w.pending(w.owner)),
    'POST /reservations/:id/reject': async () => void (fx.pendingId = await w.pending(w.owner)),
    'POST /reservations/:id/check-in': async () => void (fx.currentId = await w.current(w.owner)),
    'POST /reservations/:id/check-out': async () => void (fx.checkedInId = await w.checkedIn(w.owner)),
    'POST /reservations/:id/resolve': async () => void (fx.displacedId = await w.displaced(w.owner)),
    'POST /reservation-series/:id/cancel': async () => void (fx.seriesId = await w.series(w.owner)),
    'DELETE /blackouts/:id': async () => void (fx.blackoutId = await w.blackout()),
    'DELETE /webhooks/:id': async () => void (fx.webhookId = await w.webhook(w.owner)),
    'POST /invoices/:id/issue': async () => void (fx.draftId = await w.draftInvoice()),
    'POST /invoices/:id/mark-paid': async () => void (fx.invoiceId = await w.issuedInvoice()),
    'POST /invoices/:id/void': async () => void (fx.invoiceId = await w.issuedInvoice()),
    // a quota of 0 minutes would refuse the customer's later bookings; a blackout would close their time
    'PUT /organizations/:id/quotas': async () => void (await w.expect(w.send(w.scheduler, 'put', `/api/v1/organizations/${w.owner.organizationId}/quotas`, { quotas: [] }), 200, 'quota reset')),
    'POST /blackouts': async (res) => {
      if (res.body?.blackout?.id) await w.expect(w.send(w.scheduler, 'delete', `/api/v1/blackouts/${res.body.blackout.id}`), 204, 'blackout removal');
    },
  };

  it('has an endpoint definition for every write route of the app', () => {
    const writes = routesOf(t).filter((r) => WRITE_VERBS.includes(r.verb)).map((r) => r.name);
    const covered = new Set(Object.values(endpoints).map((e) => e.route));
    expect(writes.filter((name) => !covered.has(name))).toEqual([]);
    expect([...covered].filter((name) => !writes.includes(name!))).toEqual([]);
    expect(writes.length).toBeGreaterThan(30);
  });

  /** The path with its one parameter (if any) replaced: the real thing mostly, else an unknown UUID or any text. */
  const pathVariants = (endpoint: WriteEndpoint): fc.Arbitrary<{ path: () => string; real: boolean }> => {
    const real = fc.constant({ path: endpoint.path, real: true });
    if (!endpoint.route!.includes('/:')) return real;
    const at = endpoint.route!.split(' ')[1].split('/').findIndex((p) => p.startsWith(':'));
    const replaced = (value: string) => ({ path: () => endpoint.path().split('/').map((p, i) => (i === at ? value : p)).join('/'), real: false });
    const other = fc.oneof(
      fc.uuid().map(replaced),
      fc.string({ minLength: 1, maxLength: 40 }).map((s) => replaced(encodeURIComponent(s))),
      fc.constantFrom('0', '-1', 'null', '%00', '%2e%2e', 'ABCDEFAB-0000-4000-8000-00000000000G').map(replaced),
    );
    return fc.oneof({ weight: 8, arbitrary: real }, { weight: 2, arbitrary: other });
  };

  /**
   * An Idempotency-Key on some POSTs: fresh ones, a few reused across runs (replays, 422 IDEMPOTENCY_KEY_REUSED),
   * and malformed ones (longer than 200 characters, spaces).
   */
  const idempotencyKeys = (endpoint: WriteEndpoint): fc.Arbitrary<string | null> =>
    endpoint.method !== 'post'
      ? fc.constant(null)
      : fc.option(fc.oneof(fc.uuid(), fc.constantFrom('fuzz-key-1', 'fuzz-key-2', 'x'.repeat(201), 'a b'), fc.string({ minLength: 1, maxLength: 210 })), { freq: 2 });

  const send = (endpoint: WriteEndpoint, path: string, sent: Sent, key: string | null): Promise<Response> => {
    let req = t.http[endpoint.method](path).set('Authorization', `Bearer ${endpoint.as().token}`);
    if (key !== null) req = req.set('Idempotency-Key', key);
    return 'json' in sent ? req.set('content-type', 'application/json').send(JSON.stringify(sent.json)) : req.set('content-type', sent.contentType).send(sent.raw);
  };

  for (const [name, endpoint] of Object.entries(endpoints)) {
    it(`${name} (${endpoint.route})`, async () => {
      // the digest of the database as the last request left it; unknown after a failed run
      let known: Record<string, string> | undefined;
      await fc.assert(
        fc.asyncProperty(generatedBodies(endpoint), pathVariants(endpoint), idempotencyKeys(endpoint), async ({ sent, mustRefuse }, { path, real }, key) => {
          const before = known ?? (await databaseDigest(t));
          known = undefined;
          const url = path();
          const res = await send(endpoint, url, sent, key);
          statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
          const shown = `${endpoint.method.toUpperCase()} ${url} key ${JSON.stringify(key)} ${JSON.stringify(sent).slice(0, 500)} → ${res.status} ${String(res.text).slice(0, 500)}`;
          if (res.status >= 500 || res.status < 200) throw new Error(`server error: ${shown}`);
          const after = await databaseDigest(t);
          if (res.status >= 400) {
            const problem = envelopeProblem(res);
            if (problem) throw new Error(`error envelope: ${problem}: ${shown}`);
            // with an Idempotency-Key, the refusal itself is recorded so that a retry gets it again (api.md: "a retry
            // with the same key and body returns the first response"): that row, and nothing else, may be written
            const changed = changedTables(before, after).filter((table) => key === null || table !== 'idempotency_keys');
            if (changed.length) throw new Error(`a refused request changed ${changed.join(', ')}: ${shown}`);
            known = after;
            return;
          }
          if (mustRefuse) throw new Error(`accepted a body that must be refused: ${shown}`);
          const renew = real ? afterSuccess[name] : undefined;
          if (renew) await renew(res);
          known = renew ? undefined : after;
        }),
        { numRuns: RUNS },
      );
    });
  }
});
