/**
 * The one rule every parser applies before it emits a code: the text is valid in the device's
 * encoding (UTF-8, Shift_JIS, or whichever of the two fits) and made of printable characters. A
 * control character inside a code means bytes were lost or mixed in, so the frame is garbled and
 * never reaches the cashier. The one exception is a multi-line code read by a device that
 * frames by time (serial scanners): CR, LF and Tab are part of a multi-line QR's text.
 */
import { decodeScanBytes } from '../../../common/scan-encoding';
import type { ScanTextEncoding } from '../../../common/scan-encoding';
import { HARDWARE_LIMITS } from '../../limits';

const TAB = 0x09;
const LF = 0x0a;
const CR = 0x0d;

export interface CleanTextOptions {
  /** Default `utf8`: devices whose text is ASCII by nature (card readers) never guess. */
  encoding?: ScanTextEncoding;
  /** CR, LF and Tab may sit inside the text (a multi-line QR). */
  multiLine?: boolean;
}

export function isControlCodePoint(codePoint: number): boolean {
  return (
    codePoint < 0x20 ||
    (codePoint >= 0x7f && codePoint <= 0x9f) ||
    // A byte-order mark or a replacement character inside a code means a decoder upstream
    // already guessed; the scan is not what was printed.
    codePoint === 0xfeff ||
    codePoint === 0xfffd
  );
}

export function isLineBreakOrTab(codePoint: number): boolean {
  return codePoint === CR || codePoint === LF || codePoint === TAB;
}

export function isCleanText(text: string, multiLine = false): boolean {
  if (text.length === 0) return false;
  let printable = false;
  for (const char of text) {
    const codePoint = char.codePointAt(0)!;
    if (multiLine && isLineBreakOrTab(codePoint)) continue;
    if (isControlCodePoint(codePoint)) return false;
    printable = true;
  }
  // Line breaks alone are no code.
  return printable;
}

/** Clean text in the encoding within the length bound, else null. */
export function decodeCleanText(bytes: Uint8Array, options: CleanTextOptions = {}): string | null {
  if (bytes.length === 0 || bytes.length > HARDWARE_LIMITS.scanTextBytesMax) return null;
  const text = decodeScanBytes(bytes, options.encoding ?? 'utf8');
  return text !== null && isCleanText(text, options.multiLine ?? false) ? text : null;
}
