/**
 * Entry point: pick the host (Electron preload or browser host), build the services and start.
 * No inline script anywhere: index.html loads this file as a module, so a strict CSP holds.
 */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { AppRoot, type AppServices } from './app/AppRoot';
import { createPreferencesStore } from './hooks/preferences';
import { createStatusStore } from './hooks/status-store';
import { pickHost } from './bridge/pick-host';
import { createI18n } from './i18n/create-i18n';

function localStorageOrNull(): Storage | null {
  try {
    return window.localStorage;
  } catch (error) {
    // Storage can be disabled by policy; preferences then last for this session only.
    console.warn('kumapay: localStorage unavailable', error);
    return null;
  }
}

function start(): void {
  const container = document.getElementById('root');
  if (!container) throw new Error('index.html has no #root');
  const preferences = createPreferencesStore(localStorageOrNull());
  const i18n = createI18n(preferences.get().language);
  document.documentElement.lang = preferences.get().language;
  i18n.on('languageChanged', (language) => {
    document.documentElement.lang = language;
  });
  const host = pickHost(window);
  const root = createRoot(container);
  if (host.kind === 'none') {
    root.render(
      <div className="splash" role="alert" data-testid="app-host-failed">
        <h1>{i18n.t('app.hostUnavailable')}</h1>
        <p>{i18n.t('app.hostUnavailableHelp')}</p>
        <p className="mono">{host.reason}</p>
      </div>,
    );
    return;
  }
  const services: AppServices = { api: host.api, statusStore: createStatusStore(host.api), preferences, i18n };
  const simHost = host.kind === 'browser' ? { origin: host.origin, secret: host.secret } : null;
  root.render(
    <StrictMode>
      <AppRoot services={services}>
        <App simHost={simHost} />
      </AppRoot>
    </StrictMode>,
  );
}

start();
