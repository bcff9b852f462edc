/** Every provider the screens rely on, shared by main.tsx and the component tests. */
import type { i18n } from 'i18next';
import type { ReactNode } from 'react';
import { I18nextProvider } from 'react-i18next';
import type { TerminalApi } from '../../common/terminal-api';
import { ApiProvider } from '../hooks/api-context';
import { PreferencesContext, type PreferencesStore } from '../hooks/preferences';
import type { StatusStore } from '../hooks/status-store';
import { realTimers, TimersContext, type Timers } from '../hooks/timers';
import { ClockContext, systemClock, type Clock } from '../hooks/clock';
import { eventKeyTime, KeyTimeContext, type KeyTimeSource } from '../scan/key-time';

export interface AppServices {
  api: TerminalApi;
  statusStore: StatusStore;
  preferences: PreferencesStore;
  i18n: i18n;
  /** Idle-lock timing; tests pass createManualTimers(). Default: the window's timers. */
  timers?: Timers;
  /** When each key was pressed, for telling a scanner from a person; tests pass a manual one. Default: the event's timeStamp. */
  keyTime?: KeyTimeSource;
  /** The time countdowns count with (the MPM QR's expiry); tests pass createManualClock(). Default: Date.now. */
  clock?: Clock;
}

export function AppRoot({ services, children }: { services: AppServices; children: ReactNode }) {
  return (
    <I18nextProvider i18n={services.i18n}>
      <PreferencesContext.Provider value={services.preferences}>
        <TimersContext.Provider value={services.timers ?? realTimers}>
          <ClockContext.Provider value={services.clock ?? systemClock}>
            <KeyTimeContext.Provider value={services.keyTime ?? eventKeyTime}>
              <ApiProvider api={services.api} statusStore={services.statusStore}>
                {children}
              </ApiProvider>
            </KeyTimeContext.Provider>
          </ClockContext.Provider>
        </TimersContext.Provider>
      </PreferencesContext.Provider>
    </I18nextProvider>
  );
}
