/**
 * Hears a keyboard-mode scanner on the whole window (capture phase, ahead of screen shortcuts)
 * and hands over finished bursts. The Enter that ends a burst is consumed, so it never presses
 * whatever button has focus. Text fields are left alone: a scan into a field is typed there.
 */
import { useEffect, useRef } from 'react';
import { DEFAULT_SCAN_TEXT_ENCODING, type ScanTextEncoding } from '../../common/scan-encoding';
import { isTextField } from '../hooks/use-keys';
import { createBurstDetector, DEFAULT_BURST_OPTIONS, type BurstResult } from './burst-detector';
import { useKeyTime } from './key-time';

export type ScanBurst = Extract<BurstResult, { kind: 'scan' }>;

/** `encoding`: of characters the scanner types in Alt mode (the terminal's preference, 設定 → 機器). */
export function useWedgeScanner(onBurst: (burst: ScanBurst) => void, enabled = true, encoding: ScanTextEncoding = DEFAULT_SCAN_TEXT_ENCODING): void {
  const latest = useRef(onBurst);
  const pressedAtMs = useKeyTime();
  useEffect(() => {
    latest.current = onBurst;
  });
  useEffect(() => {
    if (!enabled) return undefined;
    const detector = createBurstDetector({ ...DEFAULT_BURST_OPTIONS, encoding });
    const onKeyDown = (event: KeyboardEvent) => {
      if (isTextField(event.target)) {
        detector.reset();
        return;
      }
      const result = detector.push({
        key: event.key,
        code: event.code,
        shiftKey: event.shiftKey,
        ctrlKey: event.ctrlKey,
        altKey: event.altKey,
        metaKey: event.metaKey,
        atMs: pressedAtMs(event),
      });
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
  }, [enabled, encoding, pressedAtMs]);
}
