/** Text → the boot keyboard reports a keyboard-mode device types it with (press, release). */
import { HardwareError } from '../../errors';
import type { KeyboardLayout } from './layouts';
import { USAGE_ENTER, USAGE_TAB } from './layouts';
import type { KeyboardTerminator } from './boot-keyboard-parser';

const LEFT_SHIFT = 0x02;

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

export function encodeKeyboardReports(layout: KeyboardLayout, text: string, terminator: KeyboardTerminator = 'enter'): Uint8Array[] {
  let byChar = reversed.get(layout);
  if (!byChar) reversed.set(layout, (byChar = reverse(layout)));
  const release = new Uint8Array(8);
  const reports: Uint8Array[] = [];
  for (const char of text) {
    const key = byChar.get(char);
    if (!key) throw new HardwareError('simulator_misuse', `this layout cannot type ${JSON.stringify(char)}`, { char });
    reports.push(new Uint8Array([key.shift ? LEFT_SHIFT : 0, 0, key.usage, 0, 0, 0, 0, 0]), release);
  }
  reports.push(new Uint8Array([0, 0, terminator === 'tab' ? USAGE_TAB : USAGE_ENTER, 0, 0, 0, 0, 0]), release);
  return reports;
}
