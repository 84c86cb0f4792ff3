import { toEnvelope } from '../../src/common/error.filter.js';
import { Transactions } from '../../src/database/transactions.js';
import { TestApp } from '../support/test-app.js';

/**
 * A transaction whose connection PostgreSQL terminates between two statements (as a fast shutdown
 * or a restart does) answers 503 SERVICE_UNAVAILABLE, not 500: TypeORM releases the query runner
 * when its connection errors, and the next statement used to fail with "Query runner already
 * released" (found by test/reliability/postgres-restart.rel-spec.ts).
 */

let t: TestApp;

beforeAll(async () => {
  t = await TestApp.start();
});
afterAll(() => t?.close());

/** Runs a transaction whose backend is terminated (by another connection) after its first statement. */
async function terminatedMidway(): Promise<unknown> {
  return t.app
    .get(Transactions)
    .run(async (manager) => {
      const [{ pid }] = (await manager.query('SELECT pg_backend_pid() AS pid')) as { pid: number }[];
      await t.query('SELECT pg_terminate_backend($1)', [pid]);
      // the termination reaches this connection while no statement of it is running
      await new Promise((r) => setTimeout(r, 300));
      await manager.query('SELECT 1');
      return 'committed';
    })
    .then(
      () => undefined,
      (error: unknown) => error,
    );
}

it('a transaction that lost its connection fails as "database unavailable" (503), and the next one works', async () => {
  const error = await terminatedMidway();
  expect(error).toBeDefined();
  expect(toEnvelope(error).envelope).toEqual({ statusCode: 503, code: 'SERVICE_UNAVAILABLE', message: expect.any(String) });
  // the broken connection was not returned to the pool: the next transactions run normally
  for (let i = 0; i < 3; i++) {
    await expect(t.app.get(Transactions).run((manager) => manager.query('SELECT 1 AS one'))).resolves.toEqual([{ one: 1 }]);
  }
});
