import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import nodemailer, { type Mail } from 'nodemailer';
import { DataSource } from 'typeorm';
import { InvoicesService } from '../billing/invoices.service.js';
import { AppConfig } from '../config/app-config.js';
import { DeliveryQueue, MAIL_QUEUE, Ticker, type Claimed } from '../outbox/delivery-queue.js';
import { renderMessage, type Locale } from './messages.js';
import { NotificationsRepository } from './notifications.repository.js';

/** Finance's view of an invoice, to attach its PDF whatever its organization. */
const SYSTEM = { userId: '00000000-0000-0000-0000-000000000000', role: 'admin', organizationId: null } as const;

/**
 * Sends the outbox's e-mails through SMTP_URL. Every instance polls; the queue's lease makes each
 * e-mail go out once, retried by MAIL_RETRY_SECONDS and marked failed with its last error after
 * MAIL_RETRY_WINDOW_SECONDS. Without SMTP_URL nothing is sent and the rows stay pending.
 */
@Injectable()
export class MailWorker implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly ticker = new Ticker(new Logger('Mail'), () => this.runOnce());
  private readonly queue: DeliveryQueue;
  private readonly transport?: Mail;

  constructor(
    private readonly config: AppConfig,
    dataSource: DataSource,
    private readonly repository: NotificationsRepository,
    private readonly invoices: InvoicesService,
  ) {
    this.queue = new DeliveryQueue(dataSource, MAIL_QUEUE, { scheduleSeconds: config.MAIL_RETRY_SECONDS, windowSeconds: config.MAIL_RETRY_WINDOW_SECONDS });
    if (config.SMTP_URL) {
      this.transport = nodemailer.createTransport({ url: config.SMTP_URL, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 });
    }
  }

  onApplicationBootstrap(): void {
    if (this.transport) this.ticker.start(this.config.DELIVERY_INTERVAL_MS);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.ticker.stop();
    this.transport?.close();
  }

  /** Sends every e-mail due now; returns how many attempts were made. */
  async runOnce(): Promise<number> {
    if (!this.transport) return 0;
    return this.queue.drain((batch) => Promise.all(batch.map((row) => this.attempt(row))));
  }

  private async attempt(row: Claimed): Promise<void> {
    try {
      const mail = await this.repository.mail(row.id);
      const segmentNames = await this.repository.segmentNames(mail.data);
      const message = renderMessage({ type: mail.kind, data: mail.data, locale: mail.locale as Locale, zone: this.config.FACILITY_TIMEZONE, segmentNames });
      await this.transport!.sendMail({
        from: this.config.MAIL_FROM,
        to: mail.recipient,
        subject: message.subject,
        text: message.text,
        headers: { 'X-Notification-Id': row.id, 'X-Event-Id': mail.eventId },
        attachments: await this.attachments(mail.kind, mail.data),
      });
      await this.queue.settle(row, { ok: true });
    } catch (error) {
      await this.queue.settle(row, { ok: false, error: error instanceof Error ? error.message : String(error) });
    }
  }

  /** An issued invoice's PDF; for a voided one, its credit note's. */
  private async attachments(kind: string, data: Record<string, unknown>): Promise<{ filename: string; content: Buffer; contentType: string }[]> {
    const invoice = (kind === 'invoice.issued' ? data.invoice : kind === 'invoice.voided' ? data.creditNote : undefined) as { id: string } | undefined;
    if (!invoice) return [];
    const pdf = await this.invoices.pdf(SYSTEM, invoice.id);
    return [{ filename: pdf.filename, content: pdf.body, contentType: 'application/pdf' }];
  }
}
