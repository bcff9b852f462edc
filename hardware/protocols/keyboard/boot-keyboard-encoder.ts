/**
 * Text → the boot keyboard reports a keyboard-mode device types it with (press, release).
 * Characters the layout has no key for can be typed in Windows "Alt mode", as a Japanese scanner
 * does: Left Alt held, the character's code-page value in decimal on the keypad, Alt released.
 */
import iconv from 'iconv-lite';
import { HardwareError } from '../../errors';
import type { KeyboardLayout } from './layouts';
import { USAGE_ENTER, USAGE_TAB } from './layouts';
import type { KeyboardTerminator } from './boot-keyboard-parser';

const LEFT_SHIFT = 0x02;
const LEFT_ALT = 0x04;
const USAGE_KEYPAD_1 = 0x59;
const USAGE_KEYPAD_0 = 0x62;

/** How characters without a key are typed: not at all, or in Alt mode in this encoding. */
export type AltModeEncoding = 'none' | 'shift_jis' | 'utf8';

/** One Alt-mode character: Alt down, each decimal digit pressed and released on the keypad, Alt up. */
export function altModeReports(value: number): Uint8Array[] {
  const reports = [new Uint8Array([LEFT_ALT, 0, 0, 0, 0, 0, 0, 0])];
  for (const digit of String(value)) {
    const usage = digit === '0' ? USAGE_KEYPAD_0 : USAGE_KEYPAD_1 + Number(digit) - 1;
    reports.push(new Uint8Array([LEFT_ALT, 0, usage, 0, 0, 0, 0, 0]), new Uint8Array([LEFT_ALT, 0, 0, 0, 0, 0, 0, 0]));
  }
  reports.push(new Uint8Array(8));
  return reports;
}

/** The code-page values Alt mode types for one character: one per character in Shift_JIS, one per byte in UTF-8. */
function altValues(char: string, encoding: Exclude<AltModeEncoding, 'none'>): number[] {
  if (encoding === 'utf8') return [...new TextEncoder().encode(char)];
  const bytes = iconv.encode(char, 'shift_jis');
  // iconv writes '?' for a character Shift_JIS lacks.
  if (char !== '?' && bytes.length === 1 && bytes[0] === 0x3f) throw new HardwareError('simulator_misuse', `Shift_JIS has no ${JSON.stringify(char)}`, { char });
  return [bytes.length === 2 ? (bytes[0]! << 8) | bytes[1]! : bytes[0]!];
}

function reverse(layout: KeyboardLayout): Map<string, { usage: number; shift: boolean }> {
  const byChar = new Map<string, { usage: number; shift: boolean }>();
  // Main-block keys win over keypad keys, as a scanner types them.
  const usages = [...layout.keys()].sort((a, b) => a - b);
  for (const usage of usages) {
    const [plain, shifted] = layout.get(usage)!;
    if (plain !== null && !byChar.has(plain)) byChar.set(plain, { usage, shift: false });
    if (shifted !== null && !byChar.has(shifted)) byChar.set(shifted, { usage, shift: true });
  }
  return byChar;
}

const reversed = new WeakMap<KeyboardLayout, Map<string, { usage: number; shift: boolean }>>();

export function canType(layout: KeyboardLayout, text: string): boolean {
  let byChar = reversed.get(layout);
  if (!byChar) reversed.set(layout, (byChar = reverse(layout)));
  return [...text].every((char) => byChar.has(char));
}

export function encodeKeyboardReports(layout: KeyboardLayout, text: string, terminator: KeyboardTerminator = 'enter', altMode: AltModeEncoding = 'none'): Uint8Array[] {
  let byChar = reversed.get(layout);
  if (!byChar) reversed.set(layout, (byChar = reverse(layout)));
  const release = new Uint8Array(8);
  const reports: Uint8Array[] = [];
  for (const char of text) {
    const key = byChar.get(char);
    if (!key && altMode !== 'none') {
      for (const value of altValues(char, altMode)) reports.push(...altModeReports(value));
      continue;
    }
    if (!key) throw new HardwareError('simulator_misuse', `this layout cannot type ${JSON.stringify(char)}`, { char });
    reports.push(new Uint8Array([key.shift ? LEFT_SHIFT : 0, 0, key.usage, 0, 0, 0, 0, 0]), release);
  }
  reports.push(new Uint8Array([0, 0, terminator === 'tab' ? USAGE_TAB : USAGE_ENTER, 0, 0, 0, 0, 0]), release);
  return reports;
}
