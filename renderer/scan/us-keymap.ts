/**
 * What a US-layout keyboard would type for a physical key (`KeyboardEvent.code`).
 *
 * Why: a keyboard-mode scanner at factory settings sends US key positions. On a PC set to the
 * Japanese (JIS) layout the OS reads those positions as JIS keys, so symbols change on the way:
 * `+` (Shift+Equal) arrives as `~`, `_` (Shift+Minus) as `=`, `@` (Shift+2) as `"`, `:` as `*`.
 * With the IME on, keys arrive as `Process` with no character at all. `code` names the
 * position and is untouched by layout and IME, so it recovers what the scanner meant.
 * Caps Lock is ignored on purpose: scanners send Shift for capitals.
 */
const SYMBOLS: Readonly<Record<string, readonly [plain: string, shifted: string]>> = {
  Minus: ['-', '_'],
  Equal: ['=', '+'],
  BracketLeft: ['[', '{'],
  BracketRight: [']', '}'],
  Backslash: ['\\', '|'],
  Semicolon: [';', ':'],
  Quote: ["'", '"'],
  Backquote: ['`', '~'],
  Comma: [',', '<'],
  Period: ['.', '>'],
  Slash: ['/', '?'],
  Space: [' ', ' '],
  NumpadDecimal: ['.', '.'],
  NumpadAdd: ['+', '+'],
  NumpadSubtract: ['-', '-'],
  NumpadMultiply: ['*', '*'],
  NumpadDivide: ['/', '/'],
};

const SHIFTED_DIGITS = ')!@#$%^&*(';

export function usLayoutChar(code: string, shiftKey: boolean): string | null {
  const letter = /^Key([A-Z])$/.exec(code);
  if (letter?.[1]) return shiftKey ? letter[1] : letter[1].toLowerCase();
  const digit = /^Digit([0-9])$/.exec(code);
  if (digit?.[1]) return shiftKey ? (SHIFTED_DIGITS[Number(digit[1])] ?? null) : digit[1];
  const numpad = /^Numpad([0-9])$/.exec(code);
  if (numpad?.[1]) return numpad[1];
  const symbol = SYMBOLS[code];
  if (symbol) return shiftKey ? symbol[1] : symbol[0];
  // IntlYen, IntlRo and other JIS-only keys: a US-layout scanner never sends them.
  return null;
}
