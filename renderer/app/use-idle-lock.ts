/**
 * Locks the screen after `idleMs` with no touch, key or scan while someone is signed in. The
 * timers are injected (AppServices.timers) so tests move time by hand.
 */
import { useEffect } from 'react';
import { useApi } from '../hooks/api-context';
import type { LockStore } from '../hooks/lock';
import { useTimers } from '../hooks/timers';

const ACTIVITY_EVENTS = ['pointerdown', 'keydown', 'wheel', 'touchstart'] as const;

export function useIdleLock(store: LockStore, idleMs: number, active: boolean): void {
  const timers = useTimers();
  const api = useApi();
  useEffect(() => {
    if (!active) return undefined;
    let handle = timers.setTimeout(() => store.lock('idle'), idleMs);
    const restart = () => {
      timers.clearTimeout(handle);
      handle = timers.setTimeout(() => store.lock('idle'), idleMs);
    };
    for (const name of ACTIVITY_EVENTS) window.addEventListener(name, restart, { capture: true, passive: true });
    // A customer's scan or tap is activity at the counter too.
    const unsubscribe = api.subscribe((event) => {
      if (event.type === 'scan' || event.type === 'card' || event.type === 'payment_checking') restart();
    });
    return () => {
      timers.clearTimeout(handle);
      for (const name of ACTIVITY_EVENTS) window.removeEventListener(name, restart, { capture: true });
      unsubscribe();
    };
  }, [timers, api, store, idleMs, active]);
}
