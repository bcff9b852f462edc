/**
 * When a key was pressed, as the wedge-scanner detector sees it. The app reads the event's own
 * `timeStamp` (the press, not when we got to it); tests hand in a manual one so that telling a
 * scanner from a person never depends on how fast the test machine is.
 */
import { createContext, useContext } from 'react';

/** Milliseconds on any steady scale: only the gaps between keys matter. */
export type KeyTimeSource = (event: KeyboardEvent) => number;

export const eventKeyTime: KeyTimeSource = (event) => event.timeStamp;

export const KeyTimeContext = createContext<KeyTimeSource>(eventKeyTime);

export function useKeyTime(): KeyTimeSource {
  return useContext(KeyTimeContext);
}

/**
 * A hand-moved key clock for tests: every key is pressed at the same instant (as fast as any
 * scanner) until `advance(ms)` says a person paused.
 */
export function createManualKeyTime(): { source: KeyTimeSource; advance(ms: number): void } {
  let nowMs = 0;
  return {
    source: () => nowMs,
    advance(ms) {
      nowMs += ms;
    },
  };
}
