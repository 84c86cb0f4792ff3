import { useId } from 'react';
import { useI18n } from '../i18n/context.js';
import { LANGUAGE_NAMES, LANGUAGES, isLanguage } from '../i18n/translate.js';

/** 한국어 / English, remembered in this browser. */
export function LanguageSwitch() {
  const { language, setLanguage, t } = useI18n();
  const id = useId();
  return (
    <div className="language-switch">
      <label htmlFor={id}>{t('language.label')}</label>
      <select id={id} value={language} onChange={(e) => isLanguage(e.target.value) && setLanguage(e.target.value)}>
        {LANGUAGES.map((l) => (
          <option key={l} value={l} lang={l}>
            {LANGUAGE_NAMES[l]}
          </option>
        ))}
      </select>
    </div>
  );
}
