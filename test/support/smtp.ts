import { simpleParser, type ParsedMail } from 'mailparser';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/**
 * A real SMTP server on a loopback port that keeps every message it accepts, parsed.
 * `refuse(n)` makes it answer the next n messages with a temporary failure (451).
 */
export class SmtpReceiver {
  readonly mails: ParsedMail[] = [];
  private refusals = 0;

  private constructor(private readonly server: SMTPServer) {}

  static async start(): Promise<SmtpReceiver> {
    let receiver: SmtpReceiver | undefined;
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData(stream, _session, callback) {
        simpleParser(stream)
          .then((mail) => {
            if (receiver!.refusals > 0) {
              receiver!.refusals -= 1;
              callback(Object.assign(new Error('mailbox busy, try later'), { responseCode: 451 }));
              return;
            }
            receiver!.mails.push(mail);
            callback();
          })
          .catch(callback);
      },
    });
    receiver = new SmtpReceiver(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return receiver;
  }

  get url(): string {
    return `smtp://127.0.0.1:${(this.server.server.address() as AddressInfo).port}`;
  }

  refuse(n: number): void {
    this.refusals = n;
  }

  to(address: string): ParsedMail[] {
    return this.mails.filter((m) => (Array.isArray(m.to) ? m.to : [m.to]).some((t) => t?.value.some((v) => v.address === address)));
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
