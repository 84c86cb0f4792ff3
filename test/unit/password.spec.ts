import { DUMMY_HASH, hashPassword, verifyPassword } from '../../src/auth/password.js';

// scrypt with N = 16384 costs tens of milliseconds per call: the hashes are made once and shared.
const PASSWORD = 'correct horse battery staple';
const KOREAN_NFC = '비밀번호안전하게'.normalize('NFC'); // precomposed Hangul syllables
const KOREAN_NFD = KOREAN_NFC.normalize('NFD'); // the same text as conjoining jamo
const ACCENTED_NFC = 'Crème brûlée à Daegu'.normalize('NFC');
const ACCENTED_NFD = ACCENTED_NFC.normalize('NFD');

describe('password hashing (scrypt)', () => {
  let hash: string;
  let secondHash: string;
  let koreanHash: string;
  let accentedHash: string;

  beforeAll(async () => {
    [hash, secondHash, koreanHash, accentedHash] = await Promise.all([
      hashPassword(PASSWORD),
      hashPassword(PASSWORD),
      hashPassword(KOREAN_NFC),
      hashPassword(ACCENTED_NFD), // hashed in the decomposed form, verified below in the composed one
    ]);
  });

  it('stores scrypt$N$r$p$salt$hash with a 16-byte salt and a 32-byte key', () => {
    const parts = hash.split('$');
    expect(parts).toHaveLength(6);
    expect(parts.slice(0, 4)).toEqual(['scrypt', '16384', '8', '1']);
    expect(Buffer.from(parts[4], 'base64')).toHaveLength(16);
    expect(Buffer.from(parts[5], 'base64')).toHaveLength(32);
    expect(hash).not.toContain(PASSWORD);
  });

  it('verifies the password it hashed', async () => {
    await expect(verifyPassword(PASSWORD, hash)).resolves.toBe(true);
  });

  it('refuses a wrong password', async () => {
    const results = await Promise.all([
      verifyPassword('correct horse battery stapl', hash),
      verifyPassword('Correct horse battery staple', hash),
      verifyPassword(`${PASSWORD} `, hash),
      verifyPassword('', hash),
    ]);
    expect(results).toEqual([false, false, false, false]);
  });

  it('salts every hash: two hashes of the same password differ, and both verify', async () => {
    expect(secondHash).not.toBe(hash);
    expect(secondHash.split('$')[4]).not.toBe(hash.split('$')[4]);
    await expect(verifyPassword(PASSWORD, secondHash)).resolves.toBe(true);
  });

  it('treats NFC and NFD forms of the same Korean text as the same password', async () => {
    expect(KOREAN_NFD).not.toBe(KOREAN_NFC); // the test is only meaningful if the code units differ
    const results = await Promise.all([verifyPassword(KOREAN_NFC, koreanHash), verifyPassword(KOREAN_NFD, koreanHash)]);
    expect(results).toEqual([true, true]);
  });

  it('treats NFC and NFD forms of the same accented text as the same password', async () => {
    expect(ACCENTED_NFD).not.toBe(ACCENTED_NFC);
    const results = await Promise.all([verifyPassword(ACCENTED_NFC, accentedHash), verifyPassword(ACCENTED_NFD, accentedHash)]);
    expect(results).toEqual([true, true]);
  });

  it('DUMMY_HASH is well-formed and matches no ordinary password', async () => {
    expect(DUMMY_HASH.split('$').slice(0, 4)).toEqual(['scrypt', '16384', '8', '1']);
    await expect(verifyPassword(PASSWORD, DUMMY_HASH)).resolves.toBe(false);
  });

  describe('malformed stored strings give false without throwing', () => {
    const salt = () => hash.split('$')[4];
    const key = () => hash.split('$')[5];

    it.each([
      ['empty', () => ''],
      ['no separators', () => 'garbage'],
      ['only separators', () => '$$$$$'],
      ['another scheme', () => `bcrypt$16384$8$1$${salt()}$${key()}`],
      ['a bcrypt hash', () => '$2b$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy'],
      ['salt and hash missing', () => 'scrypt$16384$8$1'],
      ['hash missing', () => `scrypt$16384$8$1$${salt()}`],
      ['empty hash', () => `scrypt$16384$8$1$${salt()}$`],
      ['empty salt', () => `scrypt$16384$8$1$$${key()}`],
      ['a key of the wrong length', () => `scrypt$16384$8$1$${salt()}$AAAA`],
      ['a salt that is not base64', () => `scrypt$16384$8$1$!!!$${key()}`],
    ])('%s', async (_label, stored) => {
      await expect(verifyPassword(PASSWORD, stored())).resolves.toBe(false);
    });

    it.each([
      ['N that is not a number', () => `scrypt$abc$8$1$${salt()}$${key()}`],
      ['N that is not a power of two', () => `scrypt$1000$8$1$${salt()}$${key()}`],
      ['a negative p', () => `scrypt$16384$8$-1$${salt()}$${key()}`],
      ['N so large it exceeds maxmem', () => `scrypt$1073741824$8$1$${salt()}$${key()}`],
    ])('%s', async (_label, stored) => {
      await expect(verifyPassword(PASSWORD, stored())).resolves.toBe(false);
    });
  });
});
