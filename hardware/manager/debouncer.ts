/**
 * The same code or card within the window is one event. The window slides: a QR held in front
 * of a scanner in continuous mode, or a card typed again by a keyboard reader, stays one event
 * until it has been away for a whole window.
 */
import { HARDWARE_LIMITS } from '../limits';

export interface Debouncer {
  /** True when this key is new (emit it); false when it repeats within the window. */
  admit(key: string, atMs: number): boolean;
  setWindowMs(windowMs: number): void;
}

export function createDebouncer(windowMs: number, entriesMax: number = HARDWARE_LIMITS.debounceEntriesMax): Debouncer {
  let window = windowMs;
  // Insertion order is last-seen order: a key seen again is moved to the end.
  const lastSeenAtMs = new Map<string, number>();

  function prune(nowMs: number): void {
    for (const [key, seenAtMs] of lastSeenAtMs) {
      if (nowMs - seenAtMs < window && lastSeenAtMs.size <= entriesMax) break;
      lastSeenAtMs.delete(key);
    }
  }

  return {
    admit(key, atMs) {
      const seenAtMs = lastSeenAtMs.get(key);
      lastSeenAtMs.delete(key);
      lastSeenAtMs.set(key, atMs);
      prune(atMs);
      return seenAtMs === undefined || atMs - seenAtMs >= window;
    },
    setWindowMs(next) {
      window = next;
    },
  };
}
