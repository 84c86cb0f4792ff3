import fc from 'fast-check';
import type { TestApp, TestUser } from './test-app.js';

export interface WriteEndpoint {
  /** The route as Nest's metadata names it (`VERB /path/:param`, see routes.ts), so coverage of every write route can be checked. */
  route?: string;
  method: 'post' | 'patch' | 'put' | 'delete';
  path: () => string;
  as: () => TestUser;
  /** A body the endpoint accepts. */
  valid: () => Record<string, unknown>;
  /** Fields whose absence makes the body invalid. */
  required: string[];
}

const wrongTyped = (value: unknown): fc.Arbitrary<unknown> => {
  // an empty list or object has the type of a list or object field, and may be valid there (quotas: [])
  const list = Array.isArray(value);
  const object = !list && value !== null && typeof value === 'object';
  const candidates: fc.Arbitrary<unknown>[] = [
    fc.constant(null),
    fc.dictionary(fc.string(), fc.integer(), { minKeys: object ? 1 : 0, maxKeys: 2 }),
    fc.array(fc.integer(), { minLength: list ? 1 : 0, maxLength: 3 }),
  ];
  if (typeof value !== 'string') candidates.push(fc.string({ maxLength: 20 }));
  if (typeof value !== 'number') candidates.push(fc.integer(), fc.double());
  if (typeof value !== 'boolean') candidates.push(fc.boolean());
  return fc.oneof(...candidates);
};

/** Bodies that must be refused: a field of the wrong type, an unknown field, a required field missing, or not an object at all. */
export function invalidBodies(endpoint: WriteEndpoint): fc.Arbitrary<unknown> {
  const valid = endpoint.valid();
  const keys = Object.keys(valid);
  const unknownField = fc
    .string({ minLength: 1, maxLength: 12 })
    .filter((k) => !keys.includes(k) && k !== '__proto__' && k !== 'constructor')
    .map((k) => ({ ...endpoint.valid(), [k]: 1 }));
  // a body-less action (valid `{}`) has no field to mistype
  const wrongField = keys.length ? [fc.constantFrom(...keys).chain((key) => wrongTyped(valid[key]).map((v) => ({ ...endpoint.valid(), [key]: v })))] : [];
  const arbitraries: fc.Arbitrary<unknown>[] = [...wrongField, unknownField, fc.oneof(fc.integer(), fc.string(), fc.array(fc.anything(), { maxLength: 3 }), fc.constant(null))];
  if (endpoint.required.length) {
    arbitraries.push(fc.constantFrom(...endpoint.required).map((k) => {
      const body = endpoint.valid();
      delete body[k];
      return body;
    }));
  }
  return fc.oneof(...arbitraries);
}

/** Counts of every table, to prove a refused request wrote nothing. */
export async function tableCounts(t: TestApp): Promise<Record<string, number>> {
  const tables = await t.query<{ relname: string }>(`SELECT relname FROM pg_stat_user_tables WHERE schemaname = 'public' AND relname NOT IN ('migrations', 'login_failures')`);
  const counts: Record<string, number> = {};
  for (const { relname } of tables) {
    const [{ n }] = await t.query<{ n: number }>(`SELECT count(*)::int AS n FROM "${relname}"`);
    counts[relname] = n;
  }
  return counts;
}

/** Fires generated invalid bodies at an endpoint: only 4xx, never 5xx, and nothing written. */
export async function fuzzEndpoint(t: TestApp, endpoint: WriteEndpoint, numRuns = 25): Promise<void> {
  const before = await tableCounts(t);
  await fc.assert(
    fc.asyncProperty(invalidBodies(endpoint), async (body) => {
      const res = await t.http[endpoint.method](endpoint.path())
        .set('Authorization', `Bearer ${endpoint.as().token}`)
        .set('content-type', 'application/json')
        .send(JSON.stringify(body));
      if (res.status < 400 || res.status >= 500) {
        throw new Error(`${endpoint.method.toUpperCase()} ${endpoint.path()} answered ${res.status} to ${JSON.stringify(body)}: ${JSON.stringify(res.body)}`);
      }
      expect(res.body).toEqual(expect.objectContaining({ statusCode: res.status, code: expect.any(String) }));
    }),
    { numRuns },
  );
  expect(await tableCounts(t)).toEqual(before);
}

/**
 * Tables a refused request may still write, by design: failed logins are counted (api.md, 429 RATE_LIMITED).
 * `migrations` never changes.
 */
const WRITTEN_WHEN_REFUSED = ['login_failures', 'migrations'];

/**
 * A digest of the content of every table: per table, its row count and an md5 over the md5 of each row's text,
 * in a stable order. Unlike row counts it also sees updates and deletes; unlike `pg_stat_user_tables` counters
 * it is exact at once (those are flushed by each backend with a delay) and ignores rolled-back work.
 */
export async function databaseDigest(t: TestApp): Promise<Record<string, string>> {
  const tables = await t.query<{ name: string }>(
    `SELECT table_name AS name FROM information_schema.tables
      WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND NOT (table_name = ANY($1)) ORDER BY table_name`,
    [WRITTEN_WHEN_REFUSED],
  );
  const sql = tables
    .map(({ name }) => `SELECT '${name}' AS name, count(*) || ':' || coalesce(md5(string_agg(md5(x::text), '' ORDER BY md5(x::text))), '') AS digest FROM "${name}" x`)
    .join(' UNION ALL ');
  const rows = await t.query<{ name: string; digest: string }>(sql);
  return Object.fromEntries(rows.map((r) => [r.name, r.digest]));
}

/** Tables whose digest differs. */
export function changedTables(before: Record<string, string>, after: Record<string, string>): string[] {
  return [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((k) => before[k] !== after[k]).sort();
}

// ---------------------------------------------------------------------------- generated bodies

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Path = (string | number)[];

const INSTANT = /^\d{4}-\d{2}-\d{2}T/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const MONTH = /^\d{4}-\d{2}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-/i;

/** Instants the validator takes (years 1900–9000) but that sit at the edges of what the services compute with. */
const edgeInstant = fc.oneof(
  fc.date({ min: new Date('1900-01-02T00:00:00Z'), max: new Date('8999-12-30T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString()),
  fc.constantFrom(
    '1900-01-01T00:00:00Z',
    '9000-12-31T23:59:59Z',
    '1900-01-01T00:00:00+14:00',
    '9000-12-31T23:59:59-12:00',
    '2026-02-29T10:00:00+09:00',
    '2028-02-29T10:00:00+09:00',
    '2026-03-29T02:30:00+01:00',
    '2026-01-01T10:00:00.123456789Z',
    '2026-01-01T10:00+0900',
    '2026-01-01T24:00:00Z',
    '0001-01-01T00:00:00Z',
    '+275760-09-13T00:00:00Z',
    '2026-01-01T10:00:00',
  ),
);
const edgeDate = fc.oneof(
  fc.date({ min: new Date('1900-01-02T00:00:00Z'), max: new Date('8999-12-30T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
  fc.constantFrom('1900-01-01', '9999-12-31', '0000-01-01', '2026-02-29', '2028-02-29', '2026-00-10', '2026-1-1', '20260101'),
);
const edgeMonth = fc.constantFrom('1900-01', '9999-12', '0000-01', '2026-00', '2026-13', '2026-1', '-2026-01');
const edgeUuid = fc.oneof(fc.uuid(), fc.constantFrom('00000000-0000-0000-0000-000000000000', 'ffffffff-ffff-ffff-ffff-ffffffffffff', 'not-a-uuid'));
const edgeRrule = fc.constantFrom(
  'FREQ=DAILY',
  'FREQ=DAILY;COUNT=0',
  'FREQ=DAILY;COUNT=-1',
  'FREQ=DAILY;COUNT=501',
  'FREQ=HOURLY;COUNT=500',
  'FREQ=MINUTELY;COUNT=500',
  'FREQ=SECONDLY;COUNT=500',
  'FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30;COUNT=3',
  'FREQ=WEEKLY;UNTIL=90001231T000000Z',
  'FREQ=WEEKLY;BYDAY=XX',
  'FREQ=DAILY;INTERVAL=0;COUNT=3',
  'FREQ=DAILY;INTERVAL=99999999;COUNT=3',
  'RRULE:FREQ=DAILY;COUNT=2',
  'DTSTART:20260101T000000Z\nRRULE:FREQ=DAILY;COUNT=2',
  'FREQ=MONTHLY;BYSETPOS=-1;BYDAY=MO;COUNT=3',
  'FREQ=DAILY;COUNT=2;COUNT=3',
);
const edgeUrl = fc.constantFrom(
  'http://127.0.0.1/hook',
  'http://[::1]/hook',
  'http://169.254.169.254/latest/meta-data',
  'http://0x7f.1/hook',
  'http://[::ffff:7f00:1]/hook',
  'https://93.184.215.14:0/hook',
  'https://93.184.215.14:99999/hook',
  'https://[2001:db8::1]/hook',
  'javascript:alert(1)',
  'https://',
);
const edgeText = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.constantFrom('', ' ', '\u0000', 'a\u0000b', '\ud800', '%', "'; DROP TABLE users; --", '24:00', '00:60', '99:99', 'x'.repeat(5001), 'é'.repeat(300)),
);

/** Values of the same JSON type as `value`, at the edges of what the field means (dates, ids, limits), or of any type. */
function edgeValueOf(value: Json): fc.Arbitrary<Json> {
  const anything = fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<Json>;
  if (typeof value === 'string') {
    const shaped = INSTANT.test(value)
      ? edgeInstant
      : DATE.test(value)
        ? edgeDate
        : MONTH.test(value)
          ? edgeMonth
          : UUID.test(value)
            ? edgeUuid
            : value.includes('FREQ=')
              ? edgeRrule
              : /^https?:/.test(value)
                ? edgeUrl
                : edgeText;
    return fc.oneof({ weight: 4, arbitrary: shaped }, { weight: 1, arbitrary: edgeText }, { weight: 1, arbitrary: anything });
  }
  if (typeof value === 'number') {
    const near = fc.constantFrom(value - 1, value + 1, value * 1000, -value, value + 0.5);
    const limits = fc.constantFrom(0, -1, 1, 2 ** 31 - 1, 2 ** 31, 2 ** 53, 1e21, 1e308, 5e-324, 0.1);
    return fc.oneof(near, limits, fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), anything);
  }
  if (typeof value === 'boolean') return fc.oneof(fc.constant(!value), anything);
  if (Array.isArray(value)) {
    const lists: Json[][] = [[]];
    if (value.length) lists.push([...value, ...value], Array.from({ length: 600 }, () => value[0]));
    return fc.oneof(fc.constantFrom(...lists), fc.array(anything, { maxLength: 3 }));
  }
  if (value && typeof value === 'object') return fc.oneof(fc.constant({}), anything);
  return anything;
}

/** Every path into a JSON value (the value itself excluded), containers and leaves. */
function pathsOf(value: Json, prefix: Path = []): Path[] {
  if (value === null || typeof value !== 'object') return [];
  const entries: [string | number, Json][] = Array.isArray(value) ? value.map((v, i) => [i, v]) : Object.entries(value);
  return entries.flatMap(([k, v]) => [[...prefix, k], ...pathsOf(v, [...prefix, k])]);
}

function setAt(root: Json, path: Path, value: Json | undefined): Json {
  const copy = structuredClone(root);
  let node = copy as Record<string | number, Json>;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, Json>;
  const last = path[path.length - 1];
  if (value === undefined && !Array.isArray(node)) delete node[last];
  else node[last] = value as Json;
  return copy;
}

/**
 * Near-valid bodies: a valid body with one or two of its fields (at any depth) replaced by an edge value of the
 * same kind (an instant near year 9000, a leap day, an unknown id, a malformed RRULE, 2^31, a list of 600 ...)
 * or of any JSON type, or dropped. Many pass validation and reach the services: where 5xx would come from.
 */
export function mutatedBodies(endpoint: WriteEndpoint): fc.Arbitrary<unknown> {
  const valid = endpoint.valid() as Json;
  const paths = pathsOf(valid);
  if (paths.length === 0) return fc.constant(null).map(() => endpoint.valid());
  const mutation = fc.constantFrom(...paths).chain((path) => {
    const original = path.reduce<Json>((node, key) => (node as Record<string | number, Json>)[key], valid);
    return fc.oneof({ weight: 5, arbitrary: edgeValueOf(original) }, { weight: 1, arbitrary: fc.constant(undefined) }).map((v) => ({ path, v }));
  });
  return fc.array(mutation, { minLength: 1, maxLength: 2 }).map((mutations) => {
    let body = endpoint.valid() as Json;
    for (const { path, v } of mutations) {
      try {
        body = setAt(body, path, v);
      } catch {
        // an earlier mutation removed the path's parent: skip this one
      }
    }
    return body;
  });
}

/** What the fuzzer sends: a JSON value, or raw text with a content type (malformed JSON, other media types). */
export type Sent = { json: unknown } | { raw: string; contentType: string };

const rawBodies: fc.Arbitrary<Sent> = fc.oneof(
  fc.constantFrom('{', '{"a":1,}', '', '\u0000', '{"__proto__":{"admin":true}}', '{"constructor":{"prototype":{"x":1}}}').map((raw) => ({ raw, contentType: 'application/json' })),
  fc.constantFrom('text/plain', 'application/x-www-form-urlencoded', 'application/xml', 'multipart/form-data; boundary=x').map((contentType) => ({ raw: 'a=1', contentType })),
  fc.constant({ raw: `{"x":"${'x'.repeat(1_100_000)}"}`, contentType: 'application/json' }),
);

/**
 * Bodies for an endpoint: the valid one, near-valid ones (mutatedBodies), ones that must be refused
 * (invalidBodies; `mustRefuse` when the endpoint takes a body at all) and raw text.
 */
export function generatedBodies(endpoint: WriteEndpoint): fc.Arbitrary<{ sent: Sent; mustRefuse: boolean }> {
  const takesBody = Object.keys(endpoint.valid()).length > 0;
  return fc.oneof(
    { weight: 1, arbitrary: fc.constant(null).map(() => ({ sent: { json: endpoint.valid() }, mustRefuse: false })) },
    { weight: 5, arbitrary: mutatedBodies(endpoint).map((json) => ({ sent: { json }, mustRefuse: false })) },
    { weight: 3, arbitrary: invalidBodies(endpoint).map((json) => ({ sent: { json }, mustRefuse: takesBody })) },
    { weight: 1, arbitrary: rawBodies.map((sent) => ({ sent, mustRefuse: takesBody })) },
  );
}
