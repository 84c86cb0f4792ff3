import { createHmac, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** What a receiver answers to one request: an HTTP status (with headers), or `hang` to never answer. */
export type Answer = number | { status: number; headers: Record<string, string> } | 'hang';

export interface Received {
  path: string;
  method: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  at: number;
}

/**
 * A webhook receiver on loopback (port 0) that records every request. Each path answers from its
 * script, in order, then 200; `delayMs` holds every answer back that long.
 */
export class WebhookReceiver {
  readonly requests: Received[] = [];
  private readonly scripts = new Map<string, Answer[]>();

  private constructor(
    private readonly server: http.Server,
    private readonly delayMs: number,
  ) {}

  static async start(delayMs = 0): Promise<WebhookReceiver> {
    const server = http.createServer();
    const receiver = new WebhookReceiver(server, delayMs);
    server.on('request', (req, res) => receiver.handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return receiver;
  }

  url(path: string): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}${path}`;
  }

  /** The next answers of a path (replacing what was left of its script). */
  script(path: string, ...answers: Answer[]): void {
    this.scripts.set(path, answers);
  }

  at(path: string): Received[] {
    return this.requests.filter((r) => r.path === path);
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = req.url ?? '/';
      this.requests.push({ path, method: req.method ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), at: Date.now() });
      const answer = this.scripts.get(path)?.shift() ?? 200;
      if (answer === 'hang') return;
      const { status, headers } = typeof answer === 'number' ? { status: answer, headers: {} } : answer;
      setTimeout(() => res.writeHead(status, { 'content-type': 'text/plain', ...headers }).end(`answered ${status}`), this.delayMs);
    });
  }
}

/**
 * Verifies a request as a Standard Webhooks receiver does (written here from the specification,
 * not with the app's code): `v1,` HMAC-SHA256 of "id.timestamp.body" keyed with the base64 after
 * `whsec_`, compared in constant time, the timestamp within five minutes of now.
 */
export function verifySignature(secret: string, request: Received): boolean {
  const id = String(request.headers['webhook-id']);
  const timestamp = Number(request.headers['webhook-timestamp']);
  if (!Number.isInteger(timestamp) || Math.abs(Date.now() / 1000 - timestamp) > 300) return false;
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const expected = Buffer.from(createHmac('sha256', key).update(`${id}.${timestamp}.${request.body}`).digest('base64'));
  return String(request.headers['webhook-signature'])
    .split(' ')
    .some((signature) => {
      const [version, value] = signature.split(',');
      const given = Buffer.from(value ?? '');
      return version === 'v1' && given.length === expected.length && timingSafeEqual(given, expected);
    });
}
