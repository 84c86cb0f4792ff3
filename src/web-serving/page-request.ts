import type { FastifyRequest } from 'fastify';

/** Paths that belong to the API and its documentation: an unknown one there is a 404, never the web app. */
const SERVER_PATHS = /^\/(api|docs)(\/|$)/;

/** Whether an Accept header admits text/html (a browser navigating to a page sends it; fetch and curl do not). */
export function acceptsHtml(accept: string | undefined): boolean {
  return (accept ?? '').split(',').some((range) => {
    const [type, ...params] = range.split(';').map((part) => part.trim().toLowerCase());
    return type === 'text/html' && !params.some((param) => /^q=0(\.0*)?$/.test(param));
  });
}

/** A browser asking for one of the web app's pages: answered with index.html, and the app routes it. */
export function isPageRequest(request: FastifyRequest): boolean {
  const pathname = request.url.split('?', 1)[0];
  return (request.method === 'GET' || request.method === 'HEAD') && !SERVER_PATHS.test(pathname) && acceptsHtml(request.headers.accept);
}
