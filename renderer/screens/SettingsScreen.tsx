/**
 * 設定, in tabs so each fits 1024×768 without scrolling: 表示 (language, sound, idle lock),
 * 端末 (enrollment, server), 機器 (devices, test-scan area, camera, scanner advice), and for a
 * manager プリンター (R29 receipt printer) and 店頭QR (R28, the register's printed store QR).
 * `#/settings/printer` and `#/settings/store-qr` open those tabs directly.
 */
import { lazy, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useStatus } from '../hooks/api-context';
import { useSetLanguage } from '../hooks/use-set-language';
import { staffCan, type Capability } from '../flows/permissions';
import { usePreferences, usePreferencesStore } from '../hooks/preferences';
import { navigate, subRouteOf } from '../hooks/routes';
import { useKeys } from '../hooks/use-keys';
import { Screen } from '../components/Screen';
import { currentLanguage, LANGUAGES } from '../i18n/create-i18n';
import { BackendUrlForm } from './settings/BackendUrlForm';
import { CameraChoice } from './settings/CameraChoice';
import { DevicesPanel } from './settings/DevicesPanel';
import { IdleLockSetting } from './settings/IdleLockSetting';
import { StoreQrPanel } from './settings/StoreQrPanel';
import { TestScanArea } from './settings/TestScanArea';

// A manager's tab, with the settings schema (zod) in its own chunk: not in every screen's bundle.
const PrinterSettings = lazy(async () => ({ default: (await import('./settings/PrinterSettings')).PrinterSettings }));

const LANGUAGE_NAMES = { ja: '日本語', en: 'English' } as const;
const TABS = ['display', 'terminal', 'devices', 'printer', 'store-qr'] as const;
type Tab = (typeof TABS)[number];
/** A manager's tabs: other roles do not see them. */
const TAB_CAPABILITY: Partial<Record<Tab, Capability>> = { printer: 'printerSettings', 'store-qr': 'storeQr' };

function tabOf(hash: string, tabs: readonly Tab[]): Tab {
  return tabs.find((tab) => tab === subRouteOf(hash)) ?? 'display';
}

export function SettingsScreen() {
  const { t, i18n } = useTranslation();
  const status = useStatus();
  const preferences = usePreferences();
  const preferencesStore = usePreferencesStore();
  const setLanguage = useSetLanguage();
  const language = currentLanguage(i18n);
  const tabs = TABS.filter((name) => {
    const capability = TAB_CAPABILITY[name];
    return capability === undefined || staffCan(status, capability);
  });
  const [chosen, setTab] = useState<Tab>(() => tabOf(window.location.hash, tabs));
  const tab = tabs.includes(chosen) ? chosen : 'display';

  useKeys((key) => {
    if (key !== 'Escape') return false;
    navigate('home');
    return true;
  });

  return (
    <Screen title={t('settings.title')} testId="screen-settings">
      <div className="tabs" role="tablist" aria-label={t('settings.title')}>
        {tabs.map((name) => (
          <button
            key={name}
            type="button"
            role="tab"
            aria-selected={tab === name}
            className={`button tab${tab === name ? ' button--primary' : ''}`}
            data-testid={`settings-tab-${name}`}
            onClick={() => setTab(name)}
          >
            {name === 'printer' ? t('print.settings.tab') : name === 'store-qr' ? t('storeQr.tab') : t(`counter.settingsTab.${name}`)}
          </button>
        ))}
      </div>
      {tab === 'display' && (
        <section className="panel">
          <h2>{t('settings.language')}</h2>
          <div className="button-row" role="radiogroup" aria-label={t('settings.language')}>
            {LANGUAGES.map((code) => (
              <button
                key={code}
                type="button"
                role="radio"
                lang={code}
                aria-checked={language === code}
                className={`button${language === code ? ' button--primary' : ''}`}
                data-testid={`settings-language-${code}`}
                onClick={() => setLanguage(code)}
              >
                {LANGUAGE_NAMES[code]}
              </button>
            ))}
          </div>
          <label className="check">
            <input
              type="checkbox"
              data-testid="settings-sound"
              checked={preferences.soundEnabled}
              onChange={(event) => preferencesStore.set({ soundEnabled: event.target.checked })}
            />
            {t('sound.on')}
          </label>
          <IdleLockSetting editable={status.staff?.role === 'manager'} />
        </section>
      )}
      {tab === 'terminal' && (
        <section className="panel">
          <h2>{t('settings.enrollment')}</h2>
          <dl className="figures">
            <div className="figure">
              <dt>{t('settings.terminalId')}</dt>
              <dd className="mono" data-testid="settings-terminal-id">
                {status.terminalId ?? '—'}
              </dd>
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
          <BackendUrlForm
            initialUrl={status.backendUrl}
            disabled={!staffCan(status, 'editBackendUrl')}
          />
        </section>
      )}
      {tab === 'printer' && (
        <Suspense fallback={<p className="hint">{t('print.settings.loading')}</p>}>
          <PrinterSettings />
        </Suspense>
      )}
      {tab === 'store-qr' && <StoreQrPanel />}
      {tab === 'devices' && (
        <div className="settings-columns settings-columns--devices">
          <div>
            <DevicesPanel devices={status.devices} editable={staffCan(status, 'deviceSettings')} />
          </div>
          {/* Devices take the left column whole: a counter with five of them still fits 1024×768. */}
          <div>
            <TestScanArea devices={status.devices} />
            <section className="panel">
              <CameraChoice />
            </section>
            <details className="panel settings-note">
              <summary>{t('settings.scannerNoteTitle')}</summary>
              <p className="note" data-testid="scanner-note">
                {t('settings.scannerNote')}
              </p>
            </details>
          </div>
        </div>
      )}
    </Screen>
  );
}
