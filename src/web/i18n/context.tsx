import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { readStored, writeStored } from '../storage.js';
import { detectLanguage, isLanguage, translate, type Language, type Params, type TextKey } from './translate.js';

const KEY = 'pg.language';

/** The language chosen with the switch, else the browser's. */
export function storedLanguage(): Language {
  const stored = readStored(KEY);
  return isLanguage(stored) ? stored : detectLanguage(navigator.language);
}

export type Translate = (key: TextKey, params?: Params) => string;

interface I18n {
  language: Language;
  setLanguage(language: Language): void;
  t: Translate;
}

const I18nContext = createContext<I18n | null>(null);

export function I18nProvider({ children }: { children: ReactNode }) {
  const [language, setLanguage] = useState(storedLanguage);
  useEffect(() => {
    document.documentElement.lang = language;
  }, [language]);
  const value = useMemo<I18n>(
    () => ({
      language,
      setLanguage(next) {
        writeStored(KEY, next);
        setLanguage(next);
      },
      t: (key, params) => translate(language, key, params),
    }),
    [language],
  );
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const i18n = useContext(I18nContext);
  if (!i18n) throw new Error('useI18n() outside <I18nProvider>');
  return i18n;
}

/** `const t = useT(); t('auth.email')`, `t('app.zoneNote', { zone })`. */
export const useT = (): Translate => useI18n().t;
