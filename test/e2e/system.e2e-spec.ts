import { expectError } from '../support/envelope.js';
import { TestApp } from '../support/test-app.js';

describe('system: health, OpenAPI, envelope', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start();
  });
  afterAll(() => t.close());

  it('GET /health answers ok with the database up', async () => {
    const res = await t.http.get('/health').expect(200);
    expect(res.body).toEqual({ status: 'ok', database: 'up' });
  });

  it('serves Swagger UI at /docs and an OpenAPI 3 document at /docs-json', async () => {
    await t.http.get('/docs').expect(200);
    const res = await t.http.get('/docs-json').expect(200);
    expect(res.body.openapi).toMatch(/^3\./);
    expect(Object.keys(res.body.paths)).toEqual(
      expect.arrayContaining(['/health', '/api/v1/auth/login', '/api/v1/me', '/api/v1/users', '/api/v1/organizations']),
    );
  });

  it('answers unknown routes with the 404 envelope', async () => {
    expectError(await t.http.get('/api/v1/nothing-here'), 404, 'NOT_FOUND');
    expectError(await t.http.delete('/api/v1/users'), 404, 'NOT_FOUND');
  });

  it('answers malformed JSON with 400 VALIDATION_FAILED', async () => {
    const res = await t.http.post('/api/v1/auth/login').set('content-type', 'application/json').send('{"email": ');
    expectError(res, 400, 'VALIDATION_FAILED');
  });

  it('answers an unsupported content type with a 4xx envelope', async () => {
    const res = await t.http.post('/api/v1/auth/login').set('content-type', 'text/xml').send('<a/>');
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(res.body.code).toEqual(expect.any(String));
  });

  it('requires a token everywhere but the public routes', async () => {
    expectError(await t.http.get('/api/v1/me'), 401, 'UNAUTHENTICATED');
    expectError(await t.http.get('/api/v1/me').set('Authorization', 'Bearer nonsense'), 401, 'UNAUTHENTICATED');
  });
});
