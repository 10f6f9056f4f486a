// i18next set-up: French by default, the choice kept in localStorage, <html lang> kept in step.
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { en } from './en';
import { fr } from './fr';
import { ja } from './ja';
import { withManyForms } from './plurals';
import { LANGUAGES, type Language } from './types';

export { LANGUAGES, type Language } from './types';

const STORAGE_KEY = 'vigie.language';

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

function storedLanguage(): Language {
  try {
    const value = localStorage.getItem(STORAGE_KEY);
    return isLanguage(value) ? value : 'fr';
  } catch {
    return 'fr';
  }
}

export const i18n = i18next.createInstance();

void i18n.use(initReactI18next).init({
  resources: { fr: { translation: withManyForms(fr) }, en: { translation: en }, ja: { translation: ja } },
  lng: storedLanguage(),
  fallbackLng: 'fr',
  supportedLngs: [...LANGUAGES],
  // React escapes text itself.
  interpolation: { escapeValue: false },
  returnNull: false,
  initAsync: false,
});

document.documentElement.lang = i18n.language;
i18n.on('languageChanged', (lng) => {
  document.documentElement.lang = lng;
});

export function currentLanguage(): Language {
  return isLanguage(i18n.language) ? i18n.language : 'fr';
}

export function setLanguage(language: Language): void {
  try {
    localStorage.setItem(STORAGE_KEY, language);
  } catch {
    // Private modes may refuse storage: the choice then lasts for this window only.
  }
  void i18n.changeLanguage(language);
}

/** For keys built at run time (error codes from the main process, audit actions…). */
export function translateKey(key: string, fallback: string): string {
  return i18n.exists(key) ? (i18n.t as (k: string) => string)(key) : fallback;
}
