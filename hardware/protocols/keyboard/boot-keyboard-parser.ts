/**
 * Boot keyboard input reports (modifiers, reserved, six key slots) → lines of text. A key
 * counts when it appears in a report and was not down in the previous one. A line with a key
 * the layout cannot type, a Ctrl/Alt/GUI chord or a rollover error is garbled as a whole and
 * dropped at its terminator; a half line left past the gap bound is dropped too.
 *
 * Two things are not chords: Alt held alone while keypad digits are typed is Windows "Alt mode"
 * (a character by its code-page value, how Japanese scanners type 漢字; the bytes are decoded
 * with the device's encoding at the end of the line), and a chord between lines (a scanner's
 * Ctrl+Shift+J suffix after Enter) belongs to no code and is ignored.
 */
import { altCodeBytes } from '../../../common/alt-numpad';
import type { ScanTextEncoding } from '../../../common/scan-encoding';
import type { ParserSink } from '../../events';
import { HARDWARE_LIMITS } from '../../limits';
import { decodeCleanText } from '../text/clean-text';
import type { KeyboardLayout } from './layouts';
import { USAGE_ENTER, USAGE_ERROR_ROLLOVER, USAGE_KEYPAD_ENTER, USAGE_TAB } from './layouts';

export const BOOT_REPORT_BYTES = 8;
const MODIFIER_SHIFT = 0x02 | 0x20;
const MODIFIER_OTHER = 0xff & ~MODIFIER_SHIFT;
const MODIFIER_LEFT_ALT = 0x04;
const USAGE_KEYPAD_1 = 0x59;
const USAGE_KEYPAD_0 = 0x62;

export type KeyboardTerminator = 'enter' | 'tab';

export interface BootKeyboardParserOptions {
  layout: KeyboardLayout;
  terminator?: KeyboardTerminator;
  /** Composite devices prefix keyboard reports with a report id; null when they do not. */
  reportId?: number | null;
  /** Of the bytes typed in Alt mode; the layout's own characters are ASCII either way. */
  encoding?: ScanTextEncoding;
  keyGapMsMax?: number;
  /** Bytes of one line (an Alt-mode 漢字 counts two); HARDWARE_LIMITS.keyboardLineBytesMax by default. */
  lineBytesMax?: number;
}

export interface BootKeyboardParser {
  feed(report: Uint8Array, atMs: number): void;
  reset(): void;
}

const utf8 = new TextEncoder();

function keypadDigit(usage: number): string | null {
  if (usage === USAGE_KEYPAD_0) return '0';
  return usage >= USAGE_KEYPAD_1 && usage < USAGE_KEYPAD_0 ? String(usage - USAGE_KEYPAD_1 + 1) : null;
}

export function createBootKeyboardParser(options: BootKeyboardParserOptions, sink: ParserSink<string>): BootKeyboardParser {
  const { layout } = options;
  const terminators = options.terminator === 'tab' ? [USAGE_TAB] : [USAGE_ENTER, USAGE_KEYPAD_ENTER];
  const reportId = options.reportId ?? null;
  const encoding = options.encoding ?? 'utf8';
  const keyGapMsMax = options.keyGapMsMax ?? HARDWARE_LIMITS.keyboardKeyGapMsMax;
  const lineBytesMax = options.lineBytesMax ?? HARDWARE_LIMITS.keyboardLineBytesMax;
  const down = new Set<number>();
  // Bytes, not characters: Alt-mode characters arrive as code-page bytes only the end decodes.
  let line: number[] = [];
  let poisoned: 'unmapped_key' | 'frame_too_long' | null = null;
  let keyCount = 0;
  let lastKeyAtMs = 0;
  // Keypad digits typed while Alt is held; null when Alt is not held alone.
  let altDigits: string | null = null;

  function clearLine(): void {
    line = [];
    poisoned = null;
    keyCount = 0;
    altDigits = null;
  }

  function append(bytes: ArrayLike<number>): void {
    if (poisoned !== null) return;
    if (line.length + bytes.length > lineBytesMax) {
      poisoned = 'frame_too_long';
      return;
    }
    for (let i = 0; i < bytes.length; i++) line.push(bytes[i]!);
  }

  /** Alt released: the digits typed under it are one character. */
  function finishAltCode(): void {
    const digits = altDigits;
    altDigits = null;
    if (digits === null || digits === '') return; // Alt pressed and released alone
    const bytes = altCodeBytes(digits);
    if (bytes === null) poisoned ??= 'unmapped_key';
    else append(bytes);
  }

  function endLine(): void {
    // Enter while Alt is still held over digits: that character was never finished.
    if (altDigits !== null && altDigits !== '') poisoned ??= 'unmapped_key';
    if (poisoned !== null) {
      sink.drop(poisoned, keyCount);
    } else if (line.length > 0) {
      const text = decodeCleanText(Uint8Array.from(line), { encoding });
      if (text === null) sink.drop('garbled_text', keyCount);
      else sink.frame(text);
    }
    clearLine();
  }

  function press(usage: number, modifiers: number): void {
    if (terminators.includes(usage)) {
      endLine();
      return;
    }
    const digit = keypadDigit(usage);
    if (altDigits !== null && modifiers === MODIFIER_LEFT_ALT && digit !== null) {
      keyCount++;
      altDigits += digit;
      return;
    }
    const chord = (modifiers & MODIFIER_OTHER) !== 0;
    // A chord before any key of a line is a scanner's suffix or prefix, not part of a code.
    if (chord && keyCount === 0) return;
    keyCount++;
    if (poisoned !== null) return;
    const chars = layout.get(usage);
    const char = chord ? null : chars?.[(modifiers & MODIFIER_SHIFT) !== 0 ? 1 : 0];
    if (char === null || char === undefined) {
      poisoned = 'unmapped_key';
      return;
    }
    append(utf8.encode(char));
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
    if (altDigits !== null && modifiers !== MODIFIER_LEFT_ALT) finishAltCode();
    if (altDigits === null && modifiers === MODIFIER_LEFT_ALT) altDigits = '';
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
