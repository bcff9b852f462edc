/**
 * Windows "Alt mode" (ALT+numpad): a keyboard-mode scanner types a character it has no key for
 * by holding Alt and typing the character's code-page value in decimal on the keypad (あ is
 * Shift_JIS 0x82A0, typed as Alt+3 3 4 4 0). Windows turns the value into bytes of the system
 * code page; here the same bytes are rebuilt so the scanner's encoding setting decodes them,
 * whatever the PC's own code page is. Used by hardware/'s boot keyboard parser and the
 * renderer's burst detector.
 */

/** The largest double-byte value (0xFFFF); anything longer is not a code-page character. */
const ALT_VALUE_MAX = 0xffff;
const ALT_DIGITS_MAX = 6;

/**
 * Decimal digits typed under one Alt press → the code-page bytes: one byte up to 255 (ASCII,
 * half-width katakana), two bytes (lead, trail) above. A leading 0 (Windows' "ANSI" form) gives
 * the same bytes. Null when there is nothing to decode (Alt alone, 0, or an impossible value).
 */
export function altCodeBytes(digits: string): Uint8Array | null {
  if (!/^[0-9]+$/.test(digits) || digits.length > ALT_DIGITS_MAX) return null;
  const value = Number.parseInt(digits, 10);
  if (value === 0 || value > ALT_VALUE_MAX) return null;
  return value <= 0xff ? Uint8Array.of(value) : Uint8Array.of(value >> 8, value & 0xff);
}
