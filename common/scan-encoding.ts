/**
 * Which character encoding a scanner sends its codes in. Many Japanese scanners send Shift_JIS
 * (a 漢字 QR read as UTF-8 is garbage), others UTF-8; `auto` tries strict UTF-8 first, then strict
 * Shift_JIS. Pure: hardware/ (serial, HID POS, HID keyboard) and the renderer's keyboard wedge
 * decide with the same rule.
 */
export const SCAN_TEXT_ENCODINGS = ['utf8', 'shift_jis', 'auto'] as const;
export type ScanTextEncoding = (typeof SCAN_TEXT_ENCODINGS)[number];
export const DEFAULT_SCAN_TEXT_ENCODING: ScanTextEncoding = 'auto';

export function isScanTextEncoding(value: unknown): value is ScanTextEncoding {
  return typeof value === 'string' && (SCAN_TEXT_ENCODINGS as readonly string[]).includes(value);
}

// Fatal decoders: a byte that is not valid in the encoding makes the whole code unreadable,
// never a U+FFFD in the middle of a code. The platform's decoder (WHATWG Encoding, Node's ICU
// and Chromium alike), so no encoding table ships with the app.
const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
let strictShiftJis: TextDecoder | null | undefined;

function shiftJisDecoder(): TextDecoder | null {
  if (strictShiftJis === undefined) {
    try {
      strictShiftJis = new TextDecoder('shift_jis', { fatal: true });
    } catch (error) {
      if (!(error instanceof RangeError)) throw error;
      // A runtime without the encoding (Node built with small-icu): Shift_JIS codes stay
      // unreadable, as before this setting existed, rather than the app failing to start.
      strictShiftJis = null;
    }
  }
  return strictShiftJis;
}

function tryDecode(decoder: TextDecoder | null, bytes: Uint8Array): string | null {
  if (decoder === null) return null;
  try {
    return decoder.decode(bytes);
  } catch (error) {
    if (error instanceof TypeError) return null; // the decoder's way of saying "not this encoding"
    throw error;
  }
}

/** The bytes as text in the encoding, or null when they are not valid in it. */
export function decodeScanBytes(bytes: Uint8Array, encoding: ScanTextEncoding): string | null {
  if (encoding === 'utf8') return tryDecode(strictUtf8, bytes);
  if (encoding === 'shift_jis') return tryDecode(shiftJisDecoder(), bytes);
  return tryDecode(strictUtf8, bytes) ?? tryDecode(shiftJisDecoder(), bytes);
}
