/**
 * HID keyboard usages → characters, for the layout a keyboard-mode device was set to type
 * for. A US-layout scanner read as JIS turns `+` into `~` (docs/device-facts.md), so the layout
 * is part of a device's profile and must match the device's own setting.
 */
export const KEYBOARD_LAYOUT_NAMES = ['us', 'jis'] as const;
export type KeyboardLayoutName = (typeof KEYBOARD_LAYOUT_NAMES)[number];

/** [unshifted, shifted]; null where the key types nothing printable on that layout. */
export type KeyChars = readonly [string | null, string | null];
export type KeyboardLayout = ReadonlyMap<number, KeyChars>;

export const USAGE_ENTER = 0x28;
export const USAGE_KEYPAD_ENTER = 0x58;
export const USAGE_TAB = 0x2b;
export const USAGE_ERROR_ROLLOVER = 0x01;

function commonKeys(): Map<number, KeyChars> {
  const keys = new Map<number, KeyChars>();
  for (let i = 0; i < 26; i++) {
    const lower = String.fromCharCode(0x61 + i);
    keys.set(0x04 + i, [lower, lower.toUpperCase()]);
  }
  keys.set(0x2c, [' ', ' ']);
  // Keypad keys type the same on every layout (NumLock on, as scanners assume).
  const keypad: Array<[number, string]> = [
    [0x54, '/'], [0x55, '*'], [0x56, '-'], [0x57, '+'], [0x59, '1'], [0x5a, '2'], [0x5b, '3'],
    [0x5c, '4'], [0x5d, '5'], [0x5e, '6'], [0x5f, '7'], [0x60, '8'], [0x61, '9'], [0x62, '0'], [0x63, '.'],
  ];
  for (const [usage, char] of keypad) keys.set(usage, [char, char]);
  return keys;
}

function withRows(rows: Array<[number, string | null, string | null]>): KeyboardLayout {
  const keys = commonKeys();
  for (const [usage, plain, shifted] of rows) keys.set(usage, [plain, shifted]);
  return keys;
}

const US: KeyboardLayout = withRows([
  [0x1e, '1', '!'], [0x1f, '2', '@'], [0x20, '3', '#'], [0x21, '4', '$'], [0x22, '5', '%'],
  [0x23, '6', '^'], [0x24, '7', '&'], [0x25, '8', '*'], [0x26, '9', '('], [0x27, '0', ')'],
  [0x2d, '-', '_'], [0x2e, '=', '+'], [0x2f, '[', '{'], [0x30, ']', '}'], [0x31, '\\', '|'],
  [0x32, '#', '~'], [0x33, ';', ':'], [0x34, "'", '"'], [0x35, '`', '~'], [0x36, ',', '<'],
  [0x37, '.', '>'], [0x38, '/', '?'],
]);

// JIS (106/109 keys). The yen and ro keys type ASCII backslash, shown as ¥ in Japanese fonts.
// Shift+0 and the 半角/全角 key type nothing.
const JIS: KeyboardLayout = withRows([
  [0x1e, '1', '!'], [0x1f, '2', '"'], [0x20, '3', '#'], [0x21, '4', '$'], [0x22, '5', '%'],
  [0x23, '6', '&'], [0x24, '7', "'"], [0x25, '8', '('], [0x26, '9', ')'], [0x27, '0', null],
  [0x2d, '-', '='], [0x2e, '^', '~'], [0x2f, '@', '`'], [0x30, '[', '{'], [0x31, ']', '}'],
  [0x32, ']', '}'], [0x33, ';', '+'], [0x34, ':', '*'], [0x35, null, null], [0x36, ',', '<'],
  [0x37, '.', '>'], [0x38, '/', '?'], [0x87, '\\', '_'], [0x89, '\\', '|'],
]);

export const KEYBOARD_LAYOUTS: Record<KeyboardLayoutName, KeyboardLayout> = { us: US, jis: JIS };
