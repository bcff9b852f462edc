import { useTranslation } from 'react-i18next';
import { currentLanguage, type Language } from '../i18n/create-i18n';
import { drop } from '../format/drop';
import { usePreferencesStore } from './preferences';

/** Switches ja ⇄ en at run time and remembers the choice on this terminal. */
export function useSetLanguage(): (language: Language) => void {
  const { i18n } = useTranslation();
  const preferences = usePreferencesStore();
  return (language) => {
    preferences.set({ language });
    drop(i18n.changeLanguage(language), 'language change');
  };
}

export function LanguageToggle() {
  const { t, i18n } = useTranslation();
  const setLanguage = useSetLanguage();
  const next: Language = currentLanguage(i18n) === 'ja' ? 'en' : 'ja';
  return (
    <button type="button" className="button button--small" data-testid="language-toggle" lang={next} onClick={() => setLanguage(next)}>
      {t('header.language')}
    </button>
  );
}
