/**
 * Screen lock (issue 10): after the idle time, or when a cashier taps スタッフ切替, a sign-in
 * overlay covers the app. The screen underneath stays mounted — a sale in progress keeps its
 * amount and state — but hears no keys, scans or card taps until someone signs in again.
 */
import { createContext, useContext, useRef, useSyncExternalStore, type ReactNode } from 'react';

export type LockReason = 'idle' | 'switch';

export interface LockStore {
  get(): LockReason | null;
  lock(reason: LockReason): void;
  unlock(): void;
  subscribe(onChange: () => void): () => void;
}

export function createLockStore(): LockStore {
  let current: LockReason | null = null;
  const watchers = new Set<() => void>();
  const set = (next: LockReason | null) => {
    if (current === next) return;
    current = next;
    for (const watcher of [...watchers]) watcher();
  };
  return {
    get: () => current,
    // An idle lock never downgrades a switch the cashier asked for (both lock; the reason words the overlay).
    lock: (reason) => set(current ?? reason),
    unlock: () => set(null),
    subscribe(onChange) {
      watchers.add(onChange);
      return () => watchers.delete(onChange);
    },
  };
}

const LockContext = createContext<LockStore | null>(null);

export function LockProvider({ store, children }: { store: LockStore; children: ReactNode }) {
  return <LockContext.Provider value={store}>{children}</LockContext.Provider>;
}

/** The lock store, or null outside the cashier app (demo and customer-display pages never lock). */
export function useLockStore(): LockStore | null {
  return useContext(LockContext);
}

const noStore = { get: () => null, subscribe: () => () => undefined };

export function useLocked(): LockReason | null {
  const store = useLockStore() ?? noStore;
  return useSyncExternalStore(store.subscribe, store.get);
}

/** For window listeners: reads the lock at event time without re-subscribing. */
export function useLockedRef(): { readonly current: boolean } {
  const store = useLockStore();
  const ref = useRef({
    get current() {
      return store?.get() != null;
    },
  });
  return ref.current;
}
