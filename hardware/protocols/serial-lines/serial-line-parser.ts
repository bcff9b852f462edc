/**
 * Serial (USB-COM, RS-232) scanner bytes → scan texts. The suffix alone cannot end a code: a
 * multi-line QR holds CR and LF in its text, so a frame ends at the configured suffix followed
 * by a quiet gap (HARDWARE_LIMITS.serialSuffixQuietMs). Bytes arriving inside the gap mean the
 * suffix was part of the text and the frame goes on. The driver calls `tick` when the gap has
 * passed (`nextTickAtMs`), since no byte comes to say so.
 *
 * What a frame may hold: CR, LF and Tab are kept (multi-line QR); any other control character,
 * or bytes that are not text in the device's encoding, make the whole frame refused. A frame is
 * emitted whole or not at all: no partial code, no leading bytes cut off. A half frame left past
 * the stale bound is dropped. With an STX prefix, everything outside STX…suffix is noise, and an
 * ETX suffix ends its frame at once (ETX is never text, and the next STX starts the next frame).
 */
import type { ScanTextEncoding } from '../../../common/scan-encoding';
import { decodeScanBytes } from '../../../common/scan-encoding';
import type { DropReason, ParserSink } from '../../events';
import { HARDWARE_LIMITS } from '../../limits';
import { decodeCleanText, isControlCodePoint, isLineBreakOrTab } from '../text/clean-text';

export const SERIAL_SUFFIXES = ['cr', 'lf', 'crlf', 'etx'] as const;
export type SerialSuffix = (typeof SERIAL_SUFFIXES)[number];
export const SERIAL_PREFIXES = ['none', 'stx'] as const;
export type SerialPrefix = (typeof SERIAL_PREFIXES)[number];

const STX = 0x02;
const ETX = 0x03;
const LF = 0x0a;
const CR = 0x0d;

export const SUFFIX_BYTES: Record<SerialSuffix, readonly number[]> = {
  cr: [CR],
  lf: [LF],
  crlf: [CR, LF],
  etx: [ETX],
};

export interface SerialLineParserOptions {
  suffix: SerialSuffix;
  prefix?: SerialPrefix;
  encoding?: ScanTextEncoding;
  /** Silence after the suffix that ends a frame. */
  quietGapMs?: number;
  /** Silence inside an unfinished frame after which it is stale. */
  byteGapMsMax?: number;
  frameBytesMax?: number;
}

export interface SerialLineParser {
  feed(bytes: Uint8Array, atMs: number): void;
  /** Time has passed without bytes: ends a frame whose quiet gap is over, drops a stale one. */
  tick(atMs: number): void;
  /** When `tick` has something to decide, or null while nothing is pending. */
  nextTickAtMs(): number | null;
  reset(): void;
}

/** Text in neither encoding, or only line breaks and controls: power-on garbage, not a code. */
function refusalReason(body: Uint8Array): DropReason {
  const text = decodeScanBytes(body, 'auto');
  if (text === null) return [...body].some((b) => b > 0x20 && b < 0x7f) ? 'garbled_text' : 'noise';
  for (const char of text) {
    const codePoint = char.codePointAt(0)!;
    if (!isControlCodePoint(codePoint) && !isLineBreakOrTab(codePoint) && codePoint !== 0x20) return 'garbled_text';
  }
  return 'noise';
}

export function createSerialLineParser(options: SerialLineParserOptions, sink: ParserSink<string>): SerialLineParser {
  const suffix = SUFFIX_BYTES[options.suffix];
  const framed = (options.prefix ?? 'none') === 'stx';
  // With STX framing the next STX, not silence, proves an ETX was the end.
  const endsAtOnce = framed && options.suffix === 'etx';
  const encoding = options.encoding ?? 'utf8';
  const quietGapMs = options.quietGapMs ?? HARDWARE_LIMITS.serialSuffixQuietMs;
  const byteGapMsMax = options.byteGapMsMax ?? HARDWARE_LIMITS.serialByteGapMsMax;
  const frameBytesMax = options.frameBytesMax ?? HARDWARE_LIMITS.scanTextBytesMax;
  // Room for the frame plus its suffix (two bytes at most: CRLF, or the CRLF a CR device may send).
  const buffer = new Uint8Array(frameBytesMax + 2);
  let length = 0;
  let overflowBytes = 0;
  // The last two bytes of the frame, kept apart so an overflowed frame still shows its suffix.
  let last = -1;
  let beforeLast = -1;
  let inFrame = !framed;
  let outsideNoiseBytes = 0;
  let lastByteAtMs = 0;

  function frameBytes(): number {
    return length + overflowBytes;
  }

  function clearFrame(): void {
    length = 0;
    overflowBytes = 0;
    last = -1;
    beforeLast = -1;
  }

  function clear(): void {
    clearFrame();
    inFrame = !framed;
    outsideNoiseBytes = 0;
  }

  function flushOutsideNoise(): void {
    if (outsideNoiseBytes > 0) sink.drop('noise', outsideNoiseBytes);
    outsideNoiseBytes = 0;
  }

  /** Bytes of the suffix at the end of the frame, or 0 when it does not end with one. */
  function suffixLengthAtEnd(): number {
    if (suffix.length === 2 ? beforeLast === suffix[0] && last === suffix[1] : last === suffix[0]) return suffix.length;
    // A scanner set to send CRLF while the profile says CR or LF: the other byte is suffix too,
    // never text (a line break right before the terminator carries nothing).
    if ((options.suffix === 'cr' || options.suffix === 'lf') && beforeLast === CR && last === LF && frameBytes() >= 2) return 2;
    return 0;
  }

  function endFrame(suffixLength: number): void {
    if (overflowBytes > 0) {
      sink.drop('frame_too_long', frameBytes());
      clearFrame();
      return;
    }
    const body = buffer.subarray(0, length - suffixLength);
    if (body.length === 0) {
      if (length > 0) sink.drop('noise', length); // a suffix alone: a stray line break
    } else if (body.length > frameBytesMax) {
      sink.drop('frame_too_long', length);
    } else {
      const text = decodeCleanText(body, { encoding, multiLine: true });
      if (text === null) sink.drop(refusalReason(body), body.length);
      else sink.frame(text);
    }
    clearFrame();
  }

  function closeFrame(suffixLength: number): void {
    endFrame(suffixLength);
    inFrame = !framed;
  }

  function settle(atMs: number): void {
    if (frameBytes() === 0) return;
    const silentMs = atMs - lastByteAtMs;
    const suffixLength = suffixLengthAtEnd();
    if (suffixLength > 0 && silentMs >= quietGapMs) {
      closeFrame(suffixLength);
    } else if (silentMs > byteGapMsMax) {
      sink.drop('stale_partial', frameBytes());
      clear();
    }
  }

  function push(byte: number): void {
    if (framed && byte === STX) {
      flushOutsideNoise();
      if (inFrame && frameBytes() > 0) {
        // The next frame starts: a frame that had reached its suffix is whole, any other was cut.
        const suffixLength = suffixLengthAtEnd();
        if (suffixLength > 0) endFrame(suffixLength);
        else sink.drop('noise', frameBytes());
      }
      clearFrame();
      inFrame = true;
      return;
    }
    if (!inFrame) {
      outsideNoiseBytes++;
      return;
    }
    if (length < buffer.length && overflowBytes === 0) buffer[length++] = byte;
    else overflowBytes++;
    beforeLast = last;
    last = byte;
    if (endsAtOnce && byte === ETX) closeFrame(1);
  }

  function feed(bytes: Uint8Array, atMs: number): void {
    settle(atMs);
    if (bytes.length > 0) lastByteAtMs = atMs;
    for (const byte of bytes) push(byte);
    // Noise outside frames is reported once per read, not once per byte.
    flushOutsideNoise();
  }

  function nextTickAtMs(): number | null {
    if (frameBytes() === 0) return null;
    return suffixLengthAtEnd() > 0 ? lastByteAtMs + quietGapMs : lastByteAtMs + byteGapMsMax + 1;
  }

  return { feed, tick: settle, nextTickAtMs, reset: clear };
}
