/** Texts without React (the tests import this): dictionaries, keys, lookup, the default language. */
import { en } from './en.js';
import { ko, type Messages } from './ko.js';

export const LANGUAGES = ['ko', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

/** Each language by its own name, as the switch offers it. */
export const LANGUAGE_NAMES: Record<Language, string> = { ko: '한국어', en: 'English' };

export const DICTIONARIES: Record<Language, Messages> = { ko, en };

type Leaves<T, Prefix extends string = ''> = {
  [K in keyof T & string]: T[K] extends string ? `${Prefix}${K}` : Leaves<T[K], `${Prefix}${K}.`>;
}[keyof T & string];

/** Every text's dotted key: 'auth.email', 'pages.findTime.title', 'errors.RESERVATION_CONFLICT'. */
export type TextKey = Leaves<Messages>;
/** A screen's namespace under `pages` (its title is `pages.<id>.title`). */
export type PageId = keyof Messages['pages'];
export type Params = Record<string, string | number>;

export const isLanguage = (value: unknown): value is Language => LANGUAGES.includes(value as Language);

/** Korean unless the browser prefers English. */
export const detectLanguage = (browserLanguage: string | undefined): Language =>
  browserLanguage?.toLowerCase().startsWith('en') ? 'en' : 'ko';

/** The text of a key with `{name}` placeholders filled in; a key without a text shows as itself. */
export function translate(language: Language, key: TextKey, params: Params = {}): string {
  let node: unknown = DICTIONARIES[language];
  for (const part of key.split('.')) node = (node as Record<string, unknown> | undefined)?.[part];
  const text = typeof node === 'string' ? node : key;
  return text.replace(/\{(\w+)\}/g, (placeholder, name: string) => (name in params ? String(params[name]) : placeholder));
}

/** The key of an API error code's text (errors.UNKNOWN for a code this client does not know). */
export const errorKey = (code: string): TextKey =>
  Object.hasOwn(ko.errors, code) ? (`errors.${code}` as TextKey) : 'errors.UNKNOWN';
