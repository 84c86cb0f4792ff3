import { METHOD_METADATA, PATH_METADATA, ROUTE_ARGS_METADATA } from '@nestjs/common/constants.js';
import { MetadataScanner, ModulesContainer } from '@nestjs/core';
import { ACCESS_RULE, type AccessRule } from '../../src/auth/access.decorators.js';
import { OwnershipPipe } from '../../src/auth/ownership.pipe.js';
import { TestApp } from '../support/test-app.js';

const VERBS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'ALL', 'OPTIONS', 'HEAD', 'SEARCH'];

interface Route {
  name: string;
  rule: AccessRule | undefined;
  usesOwnedId: boolean;
}

/** Every route of the app, from Nest's own metadata: a new route cannot hide from this test. */
function routesOf(t: TestApp): Route[] {
  const modules = t.app.get(ModulesContainer, { strict: false });
  const scanner = new MetadataScanner();
  const routes: Route[] = [];
  const controllers = [...modules.values()].flatMap((m) => [...m.controllers.values()]);
  for (const wrapper of controllers) {
    if (!wrapper.metatype) continue;
    const proto = Object.getPrototypeOf(wrapper.instance) as Record<string, (...args: unknown[]) => unknown>;
    const base = Reflect.getMetadata(PATH_METADATA, wrapper.metatype) as string;
    for (const method of scanner.getAllMethodNames(proto)) {
      const handler = proto[method];
      const path = Reflect.getMetadata(PATH_METADATA, handler) as string | undefined;
      if (path === undefined) continue;
      const verb = VERBS[Reflect.getMetadata(METHOD_METADATA, handler) as number];
      const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, wrapper.metatype, method) ?? {}) as Record<string, { pipes?: unknown[] }>;
      routes.push({
        name: `${verb} /${[base, path].filter((p) => p && p !== '/').join('/')}`,
        rule: Reflect.getMetadata(ACCESS_RULE, handler) as AccessRule | undefined,
        usesOwnedId: Object.values(args).some((a) => a.pipes?.includes(OwnershipPipe)),
      });
    }
  }
  return routes;
}

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
