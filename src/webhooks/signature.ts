import { createHmac, randomBytes } from 'node:crypto';

/**
 * Standard Webhooks signing (https://www.standardwebhooks.com): a secret is `whsec_` and the
 * base64 of the key; a signature is `v1,` and the base64 HMAC-SHA256 of `<id>.<timestamp>.<body>`.
 */
const SECRET_PREFIX = 'whsec_';

/** A new webhook secret: 32 random bytes, in the form Standard Webhooks libraries verify with. */
export function newSecret(): string {
  return SECRET_PREFIX + randomBytes(32).toString('base64');
}

/** The `Webhook-Signature` of a message; the prefix is optional, as in the reference libraries. */
export function signatureOf(secret: string, id: string, timestampSeconds: number, body: string): string {
  const key = Buffer.from(secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret, 'base64');
  return `v1,${createHmac('sha256', key).update(`${id}.${timestampSeconds}.${body}`).digest('base64')}`;
}
