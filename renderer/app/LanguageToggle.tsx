import { useTranslation } from 'react-i18next';
import { currentLanguage, type Language } from '../i18n/create-i18n';
import { useSetLanguage } from '../hooks/use-set-language';

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
