import { routesOf } from '../support/routes.js';
import { TestApp } from '../support/test-app.js';

describe('every route declares who may call it and how organizations are kept apart', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start();
  });
  afterAll(() => t.close());

  it('finds the routes', () => {
    expect(routesOf(t).length).toBeGreaterThan(5);
  });

  it('declares roles and a tenancy rule on every route', () => {
    const missing = routesOf(t).filter((r) => !r.rule || (r.rule.roles !== 'public' && r.rule.roles.length === 0));
    expect(missing.map((r) => r.name)).toEqual([]);
  });

  it('admits customers only on routes whose tenancy is global, scoped or owned', () => {
    const leaky = routesOf(t).filter(
      (r) => r.rule && r.rule.roles !== 'public' && r.rule.roles.includes('customer') && !['global', 'scoped', 'owned'].includes(r.rule.tenancy.kind),
    );
    expect(leaky.map((r) => r.name)).toEqual([]);
  });

  it('checks the owned path parameter with @OwnedId() on every owned route, and only there', () => {
    const wrong = routesOf(t).filter((r) => (r.rule?.tenancy.kind === 'owned') !== r.usesOwnedId);
    expect(wrong.map((r) => r.name)).toEqual([]);
  });

  it('keeps public routes to the ones api.md names', () => {
    const open = routesOf(t).filter((r) => r.rule?.roles === 'public').map((r) => r.name).sort();
    expect(open).toEqual(['GET /api/v1/calendar/organizations/:file', 'GET /api/v1/facility', 'GET /health', 'POST /api/v1/auth/login']);
  });
});
