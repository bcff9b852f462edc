/** 設定: language, server, enrollment, devices with a test-scan area, camera, scanner advice. */
import { useTranslation } from 'react-i18next';
import { useStatus } from '../app/api-context';
import { useSetLanguage } from '../app/LanguageToggle';
import { staffCan } from '../app/permissions';
import { usePreferences, usePreferencesStore } from '../app/preferences';
import { navigate } from '../app/routes';
import { useKeys } from '../app/use-keys';
import { Screen } from '../components/Screen';
import { currentLanguage, LANGUAGES } from '../i18n/create-i18n';
import { BackendUrlForm } from './settings/BackendUrlForm';
import { CameraChoice } from './settings/CameraChoice';
import { DevicesPanel } from './settings/DevicesPanel';
import { TestScanArea } from './settings/TestScanArea';

const LANGUAGE_NAMES = { ja: '日本語', en: 'English' } as const;

export function SettingsScreen() {
  const { t, i18n } = useTranslation();
  const status = useStatus();
  const preferences = usePreferences();
  const preferencesStore = usePreferencesStore();
  const setLanguage = useSetLanguage();
  const language = currentLanguage(i18n);

  useKeys((key) => {
    if (key !== 'Escape') return false;
    navigate('home');
    return true;
  });

  return (
    <Screen title={t('settings.title')} testId="screen-settings">
      <section className="panel">
        <h2>{t('settings.language')}</h2>
        <div className="button-row" role="radiogroup" aria-label={t('settings.language')}>
          {LANGUAGES.map((code) => (
            <button key={code} type="button" role="radio" lang={code} aria-checked={language === code} className={`button${language === code ? ' button--primary' : ''}`} data-testid={`settings-language-${code}`} onClick={() => setLanguage(code)}>
              {LANGUAGE_NAMES[code]}
            </button>
          ))}
        </div>
        <label className="check">
          <input type="checkbox" data-testid="settings-sound" checked={preferences.soundEnabled} onChange={(event) => preferencesStore.set({ soundEnabled: event.target.checked })} />
          {t('sound.on')}
        </label>
      </section>
      <section className="panel">
        <h2>{t('settings.enrollment')}</h2>
        <dl className="figures">
          <div className="figure">
            <dt>{t('settings.terminalId')}</dt>
            <dd className="mono" data-testid="settings-terminal-id">{status.terminalId ?? '—'}</dd>
          </div>
          <div className="figure">
            <dt>{t('settings.merchant')}</dt>
            <dd>{status.merchantName ?? '—'}</dd>
          </div>
          <div className="figure">
            <dt>{t('settings.chargePoint')}</dt>
            <dd>{status.chargePoint ? t('settings.yes') : t('settings.no')}</dd>
          </div>
        </dl>
        <BackendUrlForm initialUrl={status.backendUrl} disabled={!staffCan(status, 'editBackendUrl')} />
      </section>
      <DevicesPanel devices={status.devices} />
      <TestScanArea />
      <section className="panel">
        <CameraChoice />
        <h2>{t('settings.scannerNoteTitle')}</h2>
        <p className="note" data-testid="scanner-note">
          {t('settings.scannerNote')}
        </p>
      </section>
    </Screen>
  );
}
