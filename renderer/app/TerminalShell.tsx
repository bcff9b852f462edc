/**
 * The cashier app: header always on top; enrollment until the terminal is enrolled, sign-in
 * until someone is signed in, then the screen the route names, if the role may use it. The idle
 * lock and the staff switch lay a sign-in overlay over the screen instead of replacing it, so a
 * sale in progress survives them.
 */
import { useEffect, useState, type ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import type { TerminalStatus } from '../../common/terminal-api';
import { useApi, useStatusSnapshot, useStatusStore } from '../hooks/api-context';
import { Header } from './Header';
import { createLockStore, LockProvider, useLocked } from '../hooks/lock';
import { LockOverlay } from './LockOverlay';
import { usePreferences } from '../hooks/preferences';
import { useIdleLock } from './use-idle-lock';
import { staffCan, type Capability } from '../flows/permissions';
import { navigate, useRoute, type Route } from '../hooks/routes';
import { drop } from '../format/drop';
import { ChargeScreen } from '../screens/ChargeScreen';
import { DailyCloseScreen } from '../screens/DailyCloseScreen';
import { EnrollScreen } from '../screens/EnrollScreen';
import { HistoryScreen } from '../screens/HistoryScreen';
import { HomeScreen } from '../screens/HomeScreen';
import { LoginScreen } from '../screens/LoginScreen';
import { LookupScreen } from '../screens/LookupScreen';
import { MigrationScreen } from '../screens/MigrationScreen';
import { PaymentScreen } from '../screens/PaymentScreen';
import { KumapoScreen } from '../screens/KumapoScreen';
import { NoticeBanner } from '../screens/notices/NoticeBanner';
import { SettingsScreen } from '../screens/SettingsScreen';
import { SyncScreen } from '../screens/SyncScreen';

type ScreenRoute = Exclude<Route, 'simulator' | 'customer' | 'customer-display' | 'home'>;

const SCREENS: Record<ScreenRoute, { capability: Capability; render: () => ReactElement }> = {
  pay: { capability: 'pay', render: () => <PaymentScreen /> },
  points: { capability: 'points', render: () => <KumapoScreen /> },
  charge: { capability: 'charge', render: () => <ChargeScreen /> },
  migrate: { capability: 'migrate', render: () => <MigrationScreen /> },
  lookup: { capability: 'lookup', render: () => <LookupScreen /> },
  history: { capability: 'history', render: () => <HistoryScreen /> },
  close: { capability: 'dailyCheck', render: () => <DailyCloseScreen /> },
  sync: { capability: 'sync', render: () => <SyncScreen /> },
  settings: { capability: 'settings', render: () => <SettingsScreen /> },
};

function ScreenFor({ route, status }: { route: Route; status: TerminalStatus }) {
  const { t } = useTranslation();
  if (route === 'home' || route === 'simulator' || route === 'customer' || route === 'customer-display') return <HomeScreen />;
  const screen = SCREENS[route];
  if (staffCan(status, screen.capability)) return screen.render();
  return (
    <>
      <p className="notice notice--warn" role="alert" data-testid="not-allowed">
        {t('home.notAllowed', { role: status.staff ? t(`roles.${status.staff.role}`) : '' })}
      </p>
      <HomeScreen />
    </>
  );
}

export function TerminalShell() {
  const [lockStore] = useState(createLockStore);
  return (
    <LockProvider store={lockStore}>
      <Shell lockStore={lockStore} />
    </LockProvider>
  );
}

function Shell({ lockStore }: { lockStore: ReturnType<typeof createLockStore> }) {
  const { t } = useTranslation();
  const locked = useLocked();
  const { idleLockMs } = usePreferences();
  const api = useApi();
  const statusStore = useStatusStore();
  const snapshot = useStatusSnapshot();
  const route = useRoute();

  useEffect(() => {
    drop(statusStore.refresh(), 'initial status');
  }, [statusStore]);

  const signedIn = snapshot.kind === 'ready' && snapshot.status.enrolled && snapshot.status.staff !== null;
  useIdleLock(lockStore, idleLockMs, signedIn && locked === null);
  // Signed out (here or by the core): the sign-in screen replaces the overlay.
  useEffect(() => {
    if (!signedIn) lockStore.unlock();
  }, [signedIn, lockStore]);

  async function logout(): Promise<void> {
    const result = await api.call('logout', {});
    if (!result.ok) console.warn('kumapay: logout refused', result.code, result.message);
    await statusStore.refresh();
    navigate('home');
  }

  if (snapshot.kind === 'loading') return <p className="splash" data-testid="app-loading">{t('app.loading')}</p>;
  if (snapshot.kind === 'failed') {
    return (
      <div className="splash" role="alert" data-testid="app-host-failed">
        <h1>{t('app.hostUnavailable')}</h1>
        <p>{t('app.hostUnavailableHelp')}</p>
        <p className="mono">{snapshot.message}</p>
      </div>
    );
  }
  const { status } = snapshot;
  return (
    <div className="app">
      <Header status={status} onLogout={() => drop(logout(), 'logout')} onSwitchStaff={() => lockStore.lock('switch')} />
      {status.accessLost && (
        <p className="notice notice--error" role="alert" data-testid="access-lost" data-reason={status.accessLost.reason}>
          {/* A reason newer than this renderer still stops the counter: the revocation text. */}
          {t(status.accessLost.reason === 'terminal_token_expired' ? 'app.accessLost.terminal_token_expired' : 'app.accessLost.terminal_revoked')}
        </p>
      )}
      {/* R28 入金通知: heard on every screen while someone is signed in. */}
      {status.enrolled && status.staff && <NoticeBanner />}
      {!status.enrolled ? (
        <EnrollScreen />
      ) : !status.staff ? (
        <LoginScreen />
      ) : (
        // inert: under the overlay nothing can be tapped or focused; the screen keeps its state.
        <div className="app-body" inert={locked !== null} data-testid="app-body">
          <ScreenFor route={route} status={status} />
        </div>
      )}
      {locked !== null && status.staff && <LockOverlay reason={locked} staff={status.staff} store={lockStore} />}
    </div>
  );
}
