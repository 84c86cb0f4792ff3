import fc from 'fast-check';
import { createHmac } from 'node:crypto';
import { newSecret, signatureOf } from '../../../src/webhooks/signature.js';

describe('Standard Webhooks signatures', () => {
  // the test vector published with the Standard Webhooks specification and its reference libraries
  const vector = {
    secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
    id: 'msg_p5jXN8AQM9LWM0D4loKWxJek',
    timestamp: 1614265330,
    body: '{"test": 2432232314}',
    signature: 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
  };

  it('signs the published test vector as the specification does', () => {
    expect(signatureOf(vector.secret, vector.id, vector.timestamp, vector.body)).toBe(vector.signature);
  });

  it('takes the secret with or without its whsec_ prefix, as the reference libraries do', () => {
    expect(signatureOf(vector.secret.slice('whsec_'.length), vector.id, vector.timestamp, vector.body)).toBe(vector.signature);
  });

  it('signs the id, the timestamp and the body: changing any one changes the signature', () => {
    const base = signatureOf(vector.secret, vector.id, vector.timestamp, vector.body);
    expect(signatureOf(vector.secret, 'msg_other', vector.timestamp, vector.body)).not.toBe(base);
    expect(signatureOf(vector.secret, vector.id, vector.timestamp + 1, vector.body)).not.toBe(base);
    expect(signatureOf(vector.secret, vector.id, vector.timestamp, '{"test": 2432232315}')).not.toBe(base);
    expect(signatureOf(newSecret(), vector.id, vector.timestamp, vector.body)).not.toBe(base);
  });

  it('is the HMAC-SHA256 of "id.timestamp.body" keyed with the decoded secret, for any message', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 24, maxLength: 64 }), fc.uuid(), fc.integer({ min: 0, max: 2 ** 33 }), fc.json(), (key, id, timestamp, body) => {
        const secret = `whsec_${Buffer.from(key).toString('base64')}`;
        const expected = createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64');
        expect(signatureOf(secret, id, timestamp, body)).toBe(`v1,${expected}`);
      }),
      { seed: 4242, numRuns: 200 },
    );
  });

  it('makes secrets of whsec_ and the base64 of 32 random bytes, each new', () => {
    const secrets = Array.from({ length: 50 }, newSecret);
    for (const secret of secrets) {
      expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
      expect(Buffer.from(secret.slice('whsec_'.length), 'base64')).toHaveLength(32);
    }
    expect(new Set(secrets).size).toBe(secrets.length);
  });
});
