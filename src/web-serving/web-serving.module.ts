import { Injectable, Module, type DynamicModule, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { ServeStaticModule } from '@nestjs/serve-static';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { isPageRequest } from './page-request.js';

/** The route on which @nestjs/serve-static answers index.html for any path that no other route takes. */
const FALLBACK_ROUTE = '*';

/** Vite names what it emits under assets/ by content hash (a changed file gets a new name): cache those for good. */
function cacheHeaders(root: string) {
  const hashed = path.join(root, 'assets') + path.sep;
  return (reply: FastifyReply, file: string) =>
    void reply.header('cache-control', file.startsWith(hashed) ? 'public, max-age=31536000, immutable' : 'no-cache');
}

/** Keeps the index.html fallback to page requests (see isPageRequest); anything else gets the 404 envelope. */
@Injectable()
class PageFallback implements OnModuleInit {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    fastify.addHook('onRequest', async (request, reply) => {
      if (request.routeOptions.url !== FALLBACK_ROUTE || isPageRequest(request)) return;
      reply.callNotFound();
      return reply;
    });
  }
}

/**
 * The web app (src/web, built by Vite into WEB_DIR) at `/`: its files as they are, index.html for every other page
 * request. Without a build there is nothing to serve and the API runs alone.
 */
@Module({})
export class WebServingModule {
  static forRoot(webDir: string): DynamicModule {
    const root = path.resolve(webDir);
    if (!existsSync(path.join(root, 'index.html'))) return { module: WebServingModule };
    return {
      module: WebServingModule,
      imports: [
        ServeStaticModule.forRoot({
          rootPath: root,
          renderPath: FALLBACK_ROUTE,
          serveStaticOptions: { index: false, fallthrough: true, setHeaders: cacheHeaders(root) },
        }),
      ],
      providers: [PageFallback],
    };
  }
}
