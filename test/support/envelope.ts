import type { Response } from 'supertest';

/** Asserts the error envelope of api.md and returns it. */
export function expectError(res: Response, status: number, code: string): Record<string, unknown> {
  if (res.status !== status || res.body?.code !== code) {
    throw new Error(`expected ${status} ${code}, got ${res.status} ${JSON.stringify(res.body)}`);
  }
  expect(res.body).toEqual(expect.objectContaining({ statusCode: status, code, message: expect.any(String) }));
  return res.body as Record<string, unknown>;
}

/**
 * What is wrong with an error answer's envelope (api.md, Conventions: `{ statusCode, code, message, details? }`,
 * JSON, statusCode equal to the HTTP status, nothing else), or undefined when it is right.
 */
export function envelopeProblem(res: Response): string | undefined {
  const body = res.body as Record<string, unknown> | undefined;
  if (!/^application\/json/.test(String(res.headers['content-type']))) return `content-type ${res.headers['content-type']}`;
  if (!body || typeof body !== 'object' || Array.isArray(body)) return `body ${JSON.stringify(body)}`;
  const extra = Object.keys(body).filter((k) => !['statusCode', 'code', 'message', 'details'].includes(k));
  if (extra.length) return `unexpected fields ${extra.join(', ')}`;
  if (body.statusCode !== res.status) return `statusCode ${String(body.statusCode)} for HTTP ${res.status}`;
  if (typeof body.code !== 'string' || !/^[A-Z_]+$/.test(body.code)) return `code ${JSON.stringify(body.code)}`;
  if (typeof body.message !== 'string' || body.message.length === 0) return `message ${JSON.stringify(body.message)}`;
  if (body.details !== undefined && (typeof body.details !== 'object' || body.details === null || Array.isArray(body.details))) return `details ${JSON.stringify(body.details)}`;
  return undefined;
}
