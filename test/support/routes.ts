import { METHOD_METADATA, PATH_METADATA, ROUTE_ARGS_METADATA } from '@nestjs/common/constants.js';
import { MetadataScanner, ModulesContainer } from '@nestjs/core';
import { ACCESS_RULE, type AccessRule } from '../../src/auth/access.decorators.js';
import { OwnershipPipe } from '../../src/auth/ownership.pipe.js';
import type { TestApp } from './test-app.js';

const VERBS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'ALL', 'OPTIONS', 'HEAD', 'SEARCH'];
export const WRITE_VERBS = ['POST', 'PUT', 'PATCH', 'DELETE'];

export interface Route {
  /** `VERB /path/:param`, e.g. `POST /api/v1/reservations/:id/cancel`. */
  name: string;
  verb: string;
  /** The path pattern, with `:param` placeholders. */
  path: string;
  rule: AccessRule | undefined;
  usesOwnedId: boolean;
}

/**
 * Every route of the app, from Nest's own metadata (controllers of every module, every handler with a
 * path): a new route cannot hide from the tests that enumerate them (route guards, authorization matrix, fuzzing).
 */
export function routesOf(t: TestApp): Route[] {
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
      const full = `/${[base, path].filter((p) => p && p !== '/').join('/')}`;
      routes.push({
        name: `${verb} ${full}`,
        verb,
        path: full,
        rule: Reflect.getMetadata(ACCESS_RULE, handler) as AccessRule | undefined,
        usesOwnedId: Object.values(args).some((a) => a.pipes?.includes(OwnershipPipe)),
      });
    }
  }
  return routes;
}
