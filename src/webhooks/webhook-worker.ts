import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ValidationFailed } from '../common/errors.js';
import { AppConfig } from '../config/app-config.js';
import { DeliveryQueue, Ticker, WEBHOOK_QUEUE, type Claimed, type Outcome } from '../outbox/delivery-queue.js';
import { checkDestination } from './destination.js';
import { signatureOf } from './signature.js';
import { WebhooksRepository, type Message } from './webhooks.repository.js';

/** At most this much of an answer is read (to free the connection); the rest is dropped. */
const MAX_ANSWER_BYTES = 64 * 1024;
const USER_AGENT = 'proving-ground-webhooks/1';

/** Reads and drops a bounded part of an answer; what it says does not matter, nor whether reading fails. */
async function discard(answer: Response): Promise<void> {
  const reader = answer.body?.getReader();
  if (!reader) return;
  try {
    for (let read = 0; read < MAX_ANSWER_BYTES; ) {
      const chunk = await reader.read();
      if (chunk.done) return;
      read += chunk.value.byteLength;
    }
  } catch {
    // the status decided the attempt already
  } finally {
    await reader.cancel().catch(() => undefined);
  }
}

/**
 * Sends webhook deliveries. Every instance runs one on its own timer; the DeliveryQueue's lease and
 * SKIP LOCKED let each delivery be sent by one instance at a time, and again only after a failure
 * (or a sender that died), so receivers see each event once unless an attempt failed on their side.
 */
@Injectable()
export class WebhookWorker implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Webhooks');
  private readonly ticker = new Ticker(this.logger, () => this.runOnce());
  private readonly queue: DeliveryQueue;
  private stopping = false;

  constructor(
    private readonly config: AppConfig,
    private readonly repository: WebhooksRepository,
    dataSource: DataSource,
  ) {
    this.queue = new DeliveryQueue(dataSource, WEBHOOK_QUEUE, { scheduleSeconds: config.WEBHOOK_RETRY_SECONDS, windowSeconds: config.WEBHOOK_RETRY_WINDOW_SECONDS });
  }

  onApplicationBootstrap(): void {
    this.ticker.start(this.config.DELIVERY_INTERVAL_MS);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopping = true;
    await this.ticker.stop();
  }

  /** Attempts every due delivery once; answers how many attempts it made. */
  runOnce(): Promise<number> {
    return this.queue.drain((batch) => this.deliver(batch), () => this.stopping);
  }

  /**
   * Sends a batch: each webhook's messages one after another in the order their events were
   * written (a booking's `created` before its `confirmed`), different webhooks side by side.
   */
  private async deliver(batch: Claimed[]): Promise<void> {
    const rows = new Map(batch.map((row) => [row.id, row]));
    // in event order; a claimed delivery without a message went with its deleted webhook: nothing to send or settle
    const byWebhook = new Map<string, Message[]>();
    for (const message of await this.repository.messages([...rows.keys()])) {
      byWebhook.set(message.webhookId, [...(byWebhook.get(message.webhookId) ?? []), message]);
    }
    const sends = [...byWebhook.values()].map(async (messages) => {
      for (const message of messages) await this.queue.settle(rows.get(message.deliveryId)!, await this.attempt(message));
    });
    // every send ends (settled, or its lease left to run out) before the run does
    const failures = (await Promise.allSettled(sends)).filter((r) => r.status === 'rejected');
    if (failures.length) throw failures[0].reason;
  }

  /** One POST of the message; any answer but 2xx within the timeout is a failure retried by the schedule. */
  private async attempt(message: Message): Promise<Outcome> {
    try {
      // DNS may have changed since the webhook was created
      await checkDestination(message.url, this.config.WEBHOOK_ALLOW_PRIVATE);
    } catch (error) {
      if (error instanceof ValidationFailed) return { ok: false, error: error.message };
      throw error;
    }
    const body = JSON.stringify({ id: message.eventId, type: message.type, createdAt: message.createdAt.toISOString(), data: message.data });
    const timestamp = Math.floor(Date.now() / 1000);
    const timeoutMs = this.config.WEBHOOK_TIMEOUT_MS;
    try {
      const answer = await fetch(message.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': USER_AGENT,
          'webhook-id': message.eventId,
          'webhook-timestamp': String(timestamp),
          'webhook-signature': signatureOf(message.secret, message.eventId, timestamp, body),
        },
        body,
        // a redirect could lead anywhere, past the destination check: it is an answer like any other non-2xx
        redirect: 'manual',
        signal: AbortSignal.timeout(timeoutMs),
      });
      await discard(answer);
      return answer.ok ? { ok: true, responseStatus: answer.status } : { ok: false, error: `HTTP ${answer.status}`, responseStatus: answer.status };
    } catch (error) {
      return { ok: false, error: failureOf(error, timeoutMs) };
    }
  }
}

/** Why a request got no answer: the timeout, or the connection's error (refused, reset, DNS, TLS). */
function failureOf(error: unknown, timeoutMs: number): string {
  if ((error as Error | undefined)?.name === 'TimeoutError') return `timeout after ${timeoutMs} ms`;
  const cause = (error as { cause?: { code?: string; message?: string } } | undefined)?.cause;
  return cause?.message ?? cause?.code ?? String(error);
}
