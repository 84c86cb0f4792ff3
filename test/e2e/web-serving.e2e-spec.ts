import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expectError } from '../support/envelope.js';
import { TestApp } from '../support/test-app.js';

const HTML = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';
const INDEX = '<!doctype html><title>web app</title><div id="root"></div>';
const ASSET = 'assets/index-Ab12Cd34.js';

/** A built web app as Vite leaves it: index.html and content-hashed assets. */
function webBuild(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'web-'));
  mkdirSync(path.join(dir, 'assets'));
  writeFileSync(path.join(dir, 'index.html'), INDEX);
  writeFileSync(path.join(dir, ASSET), 'console.log(1);');
  writeFileSync(path.join(dir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  return dir;
}

describe('the web app at /', () => {
  let t: TestApp;
  let dir: string;
  beforeAll(async () => {
    dir = webBuild();
    t = await TestApp.start({ WEB_DIR: dir, FACILITY_TIMEZONE: 'Europe/Berlin' });
  });
  afterAll(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers a browser asking for / or any page with index.html, never cached', async () => {
    for (const page of ['/', '/login', '/staff/schedule', '/finance/invoices?period=2026-03', '/apis', '/docsy']) {
      const res = await t.http.get(page).set('Accept', HTML);
      expect([page, res.status, res.headers['content-type']]).toEqual([page, 200, expect.stringMatching(/^text\/html/)]);
      expect(res.text).toBe(INDEX);
      expect(res.headers['cache-control']).toBe('no-cache');
    }
  });

  it('answers HEAD of a page like GET', async () => {
    const res = await t.http.head('/customer/reservations').set('Accept', 'text/html');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
  });

  it('serves hashed assets for a year and other files revalidated', async () => {
    const asset = await t.http.get(`/${ASSET}`).expect(200);
    expect(asset.headers['content-type']).toMatch(/javascript/);
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const icon = await t.http.get('/favicon.svg').expect(200);
    expect(icon.headers['cache-control']).toBe('no-cache');
  });

  it('keeps unknown paths under /api and /docs in the 404 envelope, even for a browser', async () => {
    for (const p of ['/api', '/api/v1/nope', '/api/v2/reservations', '/docs/nope']) {
      expectError(await t.http.get(p).set('Accept', HTML), 404, 'NOT_FOUND');
    }
  });

  it('answers requests that do not accept HTML, and other methods, with the 404 envelope', async () => {
    expectError(await t.http.get('/staff/schedule'), 404, 'NOT_FOUND');
    expectError(await t.http.get('/staff/schedule').set('Accept', 'application/json'), 404, 'NOT_FOUND');
    expectError(await t.http.get('/staff/schedule').set('Accept', '*/*'), 404, 'NOT_FOUND');
    expectError(await t.http.get('/staff/schedule').set('Accept', 'text/html;q=0, application/json'), 404, 'NOT_FOUND');
    expectError(await t.http.get('/assets/missing-123.js').set('Accept', '*/*'), 404, 'NOT_FOUND');
    expectError(await t.http.post('/staff/schedule').set('Accept', HTML).send({}), 404, 'NOT_FOUND');
    expectError(await t.http.delete('/').set('Accept', HTML), 404, 'NOT_FOUND');
  });

  it('keeps /health, /docs and /docs-json', async () => {
    expect((await t.http.get('/health').set('Accept', HTML).expect(200)).body).toEqual({ status: 'ok', database: 'up' });
    expect((await t.http.get('/docs').set('Accept', HTML).expect(200)).text).toMatch(/swagger/i);
    expect((await t.http.get('/docs-json').set('Accept', HTML).expect(200)).body.paths).toHaveProperty(['/api/v1/facility']);
  });

  it('tells anyone the facility and its zone, without a token', async () => {
    const res = await t.http.get('/api/v1/facility').expect(200);
    expect(res.body).toEqual({ name: expect.any(String), timeZone: 'Europe/Berlin' });
  });
});

describe('without a web build', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start({ WEB_DIR: path.join(tmpdir(), 'no-web-build-here') });
  });
  afterAll(() => t.close());

  it('starts, serves the API, and answers pages with the 404 envelope', async () => {
    expectError(await t.http.get('/').set('Accept', HTML), 404, 'NOT_FOUND');
    expectError(await t.http.get('/staff/schedule').set('Accept', HTML), 404, 'NOT_FOUND');
    await t.http.get('/health').expect(200);
    await t.http.get('/api/v1/facility').expect(200);
  });
});
