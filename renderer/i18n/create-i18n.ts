/**
 * One i18next instance per app (and per test), so switching language in one test never leaks
 * into another. Resources are bundled: no network fetch, nothing for the CSP to allow.
 */
import i18next, { type i18n } from 'i18next';
import { initReactI18next } from 'react-i18next';
import { en } from './en';
import { ja } from './ja';
import { drop } from '../format/drop';

export type Language = 'ja' | 'en';
export const LANGUAGES: readonly Language[] = ['ja', 'en'];
const LANGUAGE_STORAGE_KEY = 'kumapay.language';

export function isLanguage(value: unknown): value is Language {
  return value === 'ja' || value === 'en';
}

export function createI18n(language: Language = 'ja'): i18n {
  const instance = i18next.createInstance();
  drop(instance.use(initReactI18next).init({
    lng: language,
    fallbackLng: 'ja',
    resources: { ja: { translation: ja }, en: { translation: en } },
    // Synchronous init: resources are in memory, so the first render already has its words.
    initAsync: false,
    interpolation: { escapeValue: false },
    returnNull: false,
  }), 'i18n init');
  return instance;
}

export function currentLanguage(instance: i18n): Language {
  return isLanguage(instance.language) ? instance.language : 'ja';
}

export function storedLanguage(storage: Pick<Storage, 'getItem'> | null): Language {
  const value = storage?.getItem(LANGUAGE_STORAGE_KEY);
  return isLanguage(value) ? value : 'ja';
}

export function storeLanguage(storage: Pick<Storage, 'setItem'> | null, language: Language): void {
  storage?.setItem(LANGUAGE_STORAGE_KEY, language);
}
