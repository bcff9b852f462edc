/**
 * Renders the whole renderer against the fake terminal, at a route, as a signed-in role: what
 * a cashier would see, driven the way a cashier (or a scanner) would drive it.
 */
import { render } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { TerminalStatus } from '../../common/terminal-api';
import { App } from '../app/App';
import { AppRoot, type AppServices } from '../app/AppRoot';
import { createPreferencesStore, type Preferences } from '../hooks/preferences';
import { hrefOf, type Route } from '../hooks/routes';
import { createStatusStore } from '../hooks/status-store';
import type { Timers } from '../hooks/timers';
import type { Clock } from '../hooks/clock';
import { createFakeTerminal, type FakeTerminal } from '../bridge/fake';
import { createI18n, type Language } from '../i18n/create-i18n';
import { createManualKeyTime } from '../scan/key-time';

export interface RenderAppOptions {
  route?: Route;
  status?: Partial<TerminalStatus>;
  language?: Language;
  /** Lets a test script answers before the first render (getStatus runs on mount). */
  setup?: (fake: FakeTerminal) => void;
  /** Idle-lock timing (createManualTimers() to move time by hand). */
  timers?: Timers;
  /** Preferences the terminal starts with (e.g. a shorter idle lock). */
  preferences?: Partial<Preferences>;
  /** The time countdowns count with (createManualClock() to set it by hand). */
  clock?: Clock;
}

export function renderApp(options: RenderAppOptions = {}) {
  const fake = createFakeTerminal(options.status);
  // Key presses stand still in time until a test says a person paused (`keyTime.advance(ms)`):
  // a scanner burst is a burst however busy the machine running the test is.
  const keyTime = createManualKeyTime();
  options.setup?.(fake);
  window.location.hash = hrefOf(options.route ?? 'home');
  const services: AppServices = {
    api: fake.api,
    statusStore: createStatusStore(fake.api),
    preferences: createPreferencesStore(null, options.preferences),
    i18n: createI18n(options.language ?? 'ja'),
    keyTime: keyTime.source,
    ...(options.timers ? { timers: options.timers } : {}),
    ...(options.clock ? { clock: options.clock } : {}),
  };
  // No delay between keys: time between them is what `keyTime` says, not the machine's speed.
  const user = userEvent.setup({ delay: null });
  const view = render(
    <AppRoot services={services}>
      <App simHost={null} />
    </AppRoot>,
  );
  return { fake, user, services, keyTime, ...view };
}
