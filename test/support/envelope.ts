import type { Response } from 'supertest';

/** Asserts the error envelope of api.md and returns it. */
export function expectError(res: Response, status: number, code: string): Record<string, unknown> {
  if (res.status !== status || res.body?.code !== code) {
    throw new Error(`expected ${status} ${code}, got ${res.status} ${JSON.stringify(res.body)}`);
  }
  expect(res.body).toEqual(expect.objectContaining({ statusCode: status, code, message: expect.any(String) }));
  return res.body as Record<string, unknown>;
}
