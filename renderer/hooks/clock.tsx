/**
 * The time the screens count with (the MPM QR's countdown, deadlines), injectable so tests set
 * it by hand instead of waiting or patching Date. The core's clock decides money; this one only
 * draws countdowns.
 */
import { createContext, useContext } from 'react';

export interface Clock {
  nowMs(): number;
}

export const systemClock: Clock = { nowMs: () => Date.now() };

export const ClockContext = createContext<Clock>(systemClock);

export function useClock(): Clock {
  return useContext(ClockContext);
}

/** A hand-set clock for tests: `set(ms)` or `advance(ms)`. */
export function createManualClock(startMs: number): Clock & { set(ms: number): void; advance(ms: number): void } {
  let nowMs = startMs;
  return {
    nowMs: () => nowMs,
    set(ms) {
      nowMs = ms;
    },
    advance(ms) {
      nowMs += ms;
    },
  };
}
