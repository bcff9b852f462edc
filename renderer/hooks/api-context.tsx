/** The terminal API and its status, handed to every screen through React context. */
import { createContext, useContext, useEffect, useRef, useSyncExternalStore, type ReactNode } from 'react';
import type { TerminalApi, TerminalEvent, TerminalStatus } from '../../common/terminal-api';
import type { StatusSnapshot, StatusStore } from './status-store';

interface ApiContextValue {
  api: TerminalApi;
  statusStore: StatusStore;
}

const ApiContext = createContext<ApiContextValue | null>(null);

export function ApiProvider({ api, statusStore, children }: ApiContextValue & { children: ReactNode }) {
  return <ApiContext.Provider value={{ api, statusStore }}>{children}</ApiContext.Provider>;
}

function useApiContext(): ApiContextValue {
  const value = useContext(ApiContext);
  if (!value) throw new Error('ApiProvider missing above this component');
  return value;
}

export function useApi(): TerminalApi {
  return useApiContext().api;
}

export function useStatusStore(): StatusStore {
  return useApiContext().statusStore;
}

export function useStatusSnapshot(): StatusSnapshot {
  const store = useStatusStore();
  return useSyncExternalStore(store.subscribe, store.getSnapshot);
}

/** For screens under the app's status gate, where a status is known to exist. */
export function useStatus(): TerminalStatus {
  const snapshot = useStatusSnapshot();
  if (snapshot.kind !== 'ready') throw new Error('useStatus used before the status was loaded');
  return snapshot.status;
}

/** Hears terminal events while `enabled`; the latest listener is used without resubscribing. */
export function useTerminalEvents(listener: (event: TerminalEvent) => void, enabled = true): void {
  const api = useApi();
  const latest = useRef(listener);
  useEffect(() => {
    latest.current = listener;
  });
  useEffect(() => {
    if (!enabled) return undefined;
    return api.subscribe((event) => latest.current(event));
  }, [api, enabled]);
}
