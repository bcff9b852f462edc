/**
 * Boot keyboard input reports (modifiers, reserved, six key slots) → lines of text. A key
 * counts when it appears in a report and was not down in the previous one. A line with a key
 * the layout cannot type, a Ctrl/Alt chord or a rollover error is garbled as a whole and
 * dropped at its terminator; a half line left past the gap bound is dropped too.
 */
import type { ParserSink } from '../../events';
import { HARDWARE_LIMITS } from '../../limits';
import type { KeyboardLayout } from './layouts';
import { USAGE_ENTER, USAGE_ERROR_ROLLOVER, USAGE_KEYPAD_ENTER, USAGE_TAB } from './layouts';

export const BOOT_REPORT_BYTES = 8;
const MODIFIER_SHIFT = 0x02 | 0x20;
const MODIFIER_OTHER = 0xff & ~MODIFIER_SHIFT;

export type KeyboardTerminator = 'enter' | 'tab';

export interface BootKeyboardParserOptions {
  layout: KeyboardLayout;
  terminator?: KeyboardTerminator;
  /** Composite devices prefix keyboard reports with a report id; null when they do not. */
  reportId?: number | null;
  keyGapMsMax?: number;
  lineCharsMax?: number;
}

export interface BootKeyboardParser {
  feed(report: Uint8Array, atMs: number): void;
  reset(): void;
}

export function createBootKeyboardParser(options: BootKeyboardParserOptions, sink: ParserSink<string>): BootKeyboardParser {
  const { layout } = options;
  const terminators = options.terminator === 'tab' ? [USAGE_TAB] : [USAGE_ENTER, USAGE_KEYPAD_ENTER];
  const reportId = options.reportId ?? null;
  const keyGapMsMax = options.keyGapMsMax ?? HARDWARE_LIMITS.keyboardKeyGapMsMax;
  const lineCharsMax = options.lineCharsMax ?? HARDWARE_LIMITS.keyboardLineCharsMax;
  const down = new Set<number>();
  let line: string[] = [];
  let poisoned: 'unmapped_key' | 'frame_too_long' | null = null;
  let keyCount = 0;
  let lastKeyAtMs = 0;

  function clearLine(): void {
    line = [];
    poisoned = null;
    keyCount = 0;
  }

  function endLine(): void {
    if (poisoned !== null) sink.drop(poisoned, keyCount);
    else if (line.length > 0) sink.frame(line.join(''));
    clearLine();
  }

  function press(usage: number, modifiers: number): void {
    keyCount++;
    if (terminators.includes(usage)) {
      keyCount--;
      endLine();
      return;
    }
    if (poisoned !== null) return;
    const chars = layout.get(usage);
    const char = (modifiers & MODIFIER_OTHER) !== 0 ? null : chars?.[(modifiers & MODIFIER_SHIFT) !== 0 ? 1 : 0];
    if (char === null || char === undefined) {
      poisoned = 'unmapped_key';
      return;
    }
    if (line.length >= lineCharsMax) {
      poisoned = 'frame_too_long';
      return;
    }
    line.push(char);
  }

  function feed(raw: Uint8Array, atMs: number): void {
    let report = raw;
    if (reportId !== null) {
      if (raw[0] !== reportId) {
        sink.drop('foreign_report', raw.length);
        return;
      }
      report = raw.subarray(1);
    }
    if (report.length !== BOOT_REPORT_BYTES) {
      sink.drop('malformed_report', raw.length);
      return;
    }
    if (keyCount > 0 && atMs - lastKeyAtMs > keyGapMsMax) {
      sink.drop('stale_partial', keyCount);
      clearLine();
    }
    const modifiers = report[0]!;
    const keys = [...report.subarray(2)].filter((usage) => usage !== 0);
    if (keys.includes(USAGE_ERROR_ROLLOVER)) {
      // Too many keys at once: which ones were pressed is unknown, so the line is lost.
      poisoned = 'unmapped_key';
      keyCount++;
      lastKeyAtMs = atMs;
      return;
    }
    const pressed = keys.filter((usage) => !down.has(usage));
    down.clear();
    for (const usage of keys) down.add(usage);
    for (const usage of pressed) press(usage, modifiers);
    if (pressed.length > 0) lastKeyAtMs = atMs;
  }

  function reset(): void {
    down.clear();
    clearLine();
  }

  return { feed, reset };
}
