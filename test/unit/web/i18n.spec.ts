import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ErrorCode } from '../../../src/common/errors.js';
import { DICTIONARIES, LANGUAGES, detectLanguage, errorKey, translate, type TextKey } from '../../../src/web/i18n/translate.js';
import { INVOICE_STATUSES, RESERVATION_STATUSES } from '../../../src/web/model.js';

const WEB = path.resolve('src/web');

/** Every leaf of a dictionary: dotted key → text (or whatever non-object value is there). */
function leaves(node: unknown, prefix = ''): Map<string, unknown> {
  const found = new Map<string, unknown>();
  for (const [key, value] of Object.entries(node as Record<string, unknown>)) {
    if (value !== null && typeof value === 'object') leaves(value, `${prefix}${key}.`).forEach((v, k) => found.set(k, v));
    else found.set(`${prefix}${key}`, value);
  }
  return found;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.tsx?$/.test(entry.name) ? [full] : [];
  });
}

/** The keys the web app's sources pass as literals: t('auth.email'), translate(language, 'crash.title'). */
function literalKeys(): { file: string; key: string }[] {
  const call = /\b(?:t|translate\([^,()]+,)\(?\s*['"]([\w.]+)['"]/g;
  return sourceFiles(WEB).flatMap((file) =>
    [...readFileSync(file, 'utf8').matchAll(call)].map((m) => ({ file: path.relative(WEB, file), key: m[1] })),
  );
}

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('web app texts', () => {
  const keys = Object.fromEntries(LANGUAGES.map((language) => [language, leaves(DICTIONARIES[language])]));

  it.each(LANGUAGES)('%s has every key of the other languages', (language) => {
    const all = new Set(LANGUAGES.flatMap((other) => [...keys[other].keys()]));
    expect([...all].filter((key) => !keys[language].has(key))).toEqual([]);
  });

  it.each(LANGUAGES)('%s has a non-empty text for every key', (language) => {
    const bad = [...keys[language]].filter(([, text]) => typeof text !== 'string' || text.trim() === '').map(([key]) => key);
    expect(bad).toEqual([]);
  });

  it('uses the same placeholders in every language', () => {
    const differing = [...keys.ko].filter(([key, text]) =>
      LANGUAGES.some((language) => placeholders(String(keys[language].get(key))).join() !== placeholders(String(text)).join()),
    );
    expect(differing.map(([key]) => key)).toEqual([]);
  });

  it('has a text in every language for each key the sources use', () => {
    const used = literalKeys();
    expect(used.length).toBeGreaterThan(20);
    const missing = used.filter(({ key }) => LANGUAGES.some((language) => typeof keys[language].get(key) !== 'string'));
    expect(missing).toEqual([]);
  });

  it('says every error code of the API, and the client’s own, in words', () => {
    const codes = [...Object.values(ErrorCode), 'NETWORK', 'UNKNOWN'].sort();
    for (const language of LANGUAGES) expect(Object.keys(DICTIONARIES[language].errors).sort()).toEqual(codes);
    expect(errorKey('RESERVATION_CONFLICT')).toBe('errors.RESERVATION_CONFLICT');
    expect(errorKey('SOMETHING_NEW')).toBe('errors.UNKNOWN');
  });

  it('names every reservation and invoice status', () => {
    for (const language of LANGUAGES) {
      expect(Object.keys(DICTIONARIES[language].status.reservation).sort()).toEqual([...RESERVATION_STATUSES].sort());
      expect(Object.keys(DICTIONARIES[language].status.invoice).sort()).toEqual([...INVOICE_STATUSES].sort());
    }
  });

  it('fills placeholders and leaves unknown ones visible', () => {
    expect(translate('en', 'app.zoneNote', { zone: 'Asia/Seoul' })).toBe('All dates and times are in the facility zone (Asia/Seoul).');
    expect(translate('ko', 'app.zoneNote')).toContain('{zone}');
    expect(translate('en', 'missing.key' as TextKey)).toBe('missing.key');
  });

  it('defaults to Korean unless the browser prefers English', () => {
    expect(detectLanguage('en-US')).toBe('en');
    expect(detectLanguage('EN')).toBe('en');
    expect(detectLanguage('ko-KR')).toBe('ko');
    expect(detectLanguage('de-DE')).toBe('ko');
    expect(detectLanguage(undefined)).toBe('ko');
  });
});
