import fc from 'fast-check';
import type { TestApp, TestUser } from './test-app.js';

export interface WriteEndpoint {
  method: 'post' | 'patch' | 'put';
  path: () => string;
  as: () => TestUser;
  /** A body the endpoint accepts. */
  valid: () => Record<string, unknown>;
  /** Fields whose absence makes the body invalid. */
  required: string[];
}

const wrongTyped = (value: unknown): fc.Arbitrary<unknown> => {
  const candidates: fc.Arbitrary<unknown>[] = [fc.constant(null), fc.dictionary(fc.string(), fc.integer(), { maxKeys: 2 }), fc.array(fc.integer(), { maxLength: 3 })];
  if (typeof value !== 'string') candidates.push(fc.string({ maxLength: 20 }));
  if (typeof value !== 'number') candidates.push(fc.integer(), fc.double());
  if (typeof value !== 'boolean') candidates.push(fc.boolean());
  return fc.oneof(...candidates);
};

/** Bodies that must be refused: a field of the wrong type, an unknown field, a required field missing, or not an object at all. */
export function invalidBodies(endpoint: WriteEndpoint): fc.Arbitrary<unknown> {
  const valid = endpoint.valid();
  const keys = Object.keys(valid);
  const wrongField = fc
    .constantFrom(...keys)
    .chain((key) => wrongTyped(valid[key]).map((v) => ({ ...endpoint.valid(), [key]: v })));
  const unknownField = fc
    .string({ minLength: 1, maxLength: 12 })
    .filter((k) => !keys.includes(k) && k !== '__proto__' && k !== 'constructor')
    .map((k) => ({ ...endpoint.valid(), [k]: 1 }));
  const arbitraries: fc.Arbitrary<unknown>[] = [wrongField, unknownField, fc.oneof(fc.integer(), fc.string(), fc.array(fc.anything(), { maxLength: 3 }), fc.constant(null))];
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
