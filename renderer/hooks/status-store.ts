/**
 * The terminal's status as the header and every screen see it: read once at start, replaced by
 * every `status` event, and re-read after commands that change it (the renderer does not rely
 * on the core remembering to send an event).
 */
import type { TerminalApi, TerminalStatus } from '../../common/terminal-api';
import { describeError } from '../bridge/host-error';

export type StatusSnapshot =
  | { kind: 'loading' }
  | { kind: 'ready'; status: TerminalStatus }
  | { kind: 'failed'; message: string };

export interface StatusStore {
  getSnapshot(): StatusSnapshot;
  subscribe(onChange: () => void): () => void;
  refresh(): Promise<void>;
  dispose(): void;
}

export function createStatusStore(api: TerminalApi): StatusStore {
  let snapshot: StatusSnapshot = { kind: 'loading' };
  const watchers = new Set<() => void>();

  function set(next: StatusSnapshot): void {
    snapshot = next;
    for (const watcher of [...watchers]) watcher();
  }

  const unsubscribe = api.subscribe((event) => {
    if (event.type === 'status') set({ kind: 'ready', status: event.status });
  });

  async function refresh(): Promise<void> {
    try {
      set({ kind: 'ready', status: await api.call('getStatus', {}) });
    } catch (error) {
      // Keep the last good status on screen; only a first failure leaves nothing to show.
      if (snapshot.kind !== 'ready') set({ kind: 'failed', message: describeError(error) });
      else console.warn('kumapay: status refresh failed', describeError(error));
    }
  }

  return {
    getSnapshot: () => snapshot,
    subscribe(onChange) {
      watchers.add(onChange);
      return () => watchers.delete(onChange);
    },
    refresh,
    dispose: unsubscribe,
  };
}
