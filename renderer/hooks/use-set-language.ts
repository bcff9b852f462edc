import { useTranslation } from 'react-i18next';
import { drop } from '../format/drop';
import { type Language } from '../i18n/create-i18n';
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
