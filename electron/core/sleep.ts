import type { Timers } from './ports';

/** A pause through the Timers port, so tests decide how long "later" is. */
export function sleep(timers: Timers, delayMs: number): Promise<void> {
  return new Promise((resolve) => {
    timers.setTimeout(resolve, delayMs);
  });
}
