/**
 * The one rule every parser applies before it emits a code: the text is valid UTF-8 made of
 * printable characters. A control character inside a code means bytes were lost or mixed in,
 * so the frame is garbled and never reaches the cashier.
 */
import { HARDWARE_LIMITS } from '../../limits';

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

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

export function isCleanText(text: string): boolean {
  if (text.length === 0) return false;
  for (const char of text) {
    if (isControlCodePoint(char.codePointAt(0)!)) return false;
  }
  return true;
}

/** Valid UTF-8 of clean text within the length bound, else null. */
export function decodeCleanText(bytes: Uint8Array): string | null {
  if (bytes.length === 0 || bytes.length > HARDWARE_LIMITS.scanTextBytesMax) return null;
  let text: string;
  try {
    text = strictUtf8.decode(bytes);
  } catch (error) {
    if (error instanceof TypeError) return null; // the decoder's way of saying "not UTF-8"
    throw error;
  }
  return isCleanText(text) ? text : null;
}

/**
 * Length in bytes of the printable UTF-8 character starting at `index`, or 0 when the bytes
 * there cannot start one (a control, a continuation byte, an invalid or cut-off sequence).
 */
export function printableCharLengthAt(bytes: Uint8Array, index: number, end: number): number {
  const b0 = bytes[index];
  if (b0 === undefined || index >= end) return 0;
  if (b0 < 0x80) return isControlCodePoint(b0) ? 0 : 1;
  let length: number;
  let low = 0x80;
  let high = 0xbf;
  let codePoint: number;
  if (b0 >= 0xc2 && b0 <= 0xdf) {
    length = 2;
    codePoint = b0 & 0x1f;
  } else if (b0 >= 0xe0 && b0 <= 0xef) {
    length = 3;
    codePoint = b0 & 0x0f;
    if (b0 === 0xe0) low = 0xa0; // overlong
    if (b0 === 0xed) high = 0x9f; // surrogates
  } else if (b0 >= 0xf0 && b0 <= 0xf4) {
    length = 4;
    codePoint = b0 & 0x07;
    if (b0 === 0xf0) low = 0x90; // overlong
    if (b0 === 0xf4) high = 0x8f; // beyond U+10FFFF
  } else {
    return 0;
  }
  if (index + length > end) return 0;
  for (let k = 1; k < length; k++) {
    const b = bytes[index + k]!;
    if (b < (k === 1 ? low : 0x80) || b > (k === 1 ? high : 0xbf)) return 0;
    codePoint = (codePoint << 6) | (b & 0x3f);
  }
  return isControlCodePoint(codePoint) ? 0 : length;
}

/** Bytes at the start of [start, end) that cannot begin printable text: noise before a frame. */
export function leadingNoiseLength(bytes: Uint8Array, start: number, end: number): number {
  let index = start;
  while (index < end && printableCharLengthAt(bytes, index, end) === 0) index++;
  return index - start;
}
