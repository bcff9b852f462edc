/** Timers are injected so tests move time by hand; the clock itself is common/time's Clock. */
export interface TimerHandle {
  cancel(): void;
}

export interface Timers {
  setTimeout(callback: () => void, delayMs: number): TimerHandle;
}

export const systemTimers: Timers = {
  setTimeout(callback, delayMs) {
    const handle = setTimeout(callback, delayMs);
    // A pending poll or reconnect must never keep the host process alive on its own.
    handle.unref();
    return { cancel: () => clearTimeout(handle) };
  },
};
