/**
 * Hears a keyboard-mode scanner on the whole window (capture phase, ahead of screen shortcuts)
 * and hands over finished bursts. The Enter that ends a burst is consumed, so it never presses
 * whatever button has focus. Text fields are left alone: a scan into a field is typed there.
 */
import { useEffect, useRef } from 'react';
import { isTextField } from '../hooks/use-keys';
import { createBurstDetector, type BurstResult } from './burst-detector';
import { useKeyTime } from './key-time';

export type ScanBurst = Extract<BurstResult, { kind: 'scan' }>;

export function useWedgeScanner(onBurst: (burst: ScanBurst) => void, enabled = true): void {
  const latest = useRef(onBurst);
  const pressedAtMs = useKeyTime();
  useEffect(() => {
    latest.current = onBurst;
  });
  useEffect(() => {
    if (!enabled) return undefined;
    const detector = createBurstDetector();
    const onKeyDown = (event: KeyboardEvent) => {
      if (isTextField(event.target)) {
        detector.reset();
        return;
      }
      const result = detector.push({ key: event.key, code: event.code, shiftKey: event.shiftKey, atMs: pressedAtMs(event) });
      if (result.kind === 'scan') {
        event.preventDefault();
        event.stopPropagation();
        latest.current(result);
      } else if (detector.inBurst()) {
        // Mid-burst keys belong to the scanner, not to screen shortcuts.
        event.stopPropagation();
      }
    };
    window.addEventListener('keydown', onKeyDown, { capture: true });
    return () => window.removeEventListener('keydown', onKeyDown, { capture: true });
  }, [enabled, pressedAtMs]);
}
