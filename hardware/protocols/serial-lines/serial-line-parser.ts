/**
 * Serial (USB-COM, RS-232) scanner bytes → scan texts. A frame ends at the configured suffix;
 * frames split across reads are joined; bytes that cannot start text before a frame (power-on
 * garbage, a stray LF) are noise and dropped; a frame with a control character or invalid
 * UTF-8 inside is garbled and dropped whole; a half frame left past the gap bound is dropped.
 * With an STX prefix, everything outside STX…suffix is noise.
 */
import type { ParserSink } from '../../events';
import { HARDWARE_LIMITS } from '../../limits';
import { decodeCleanText, leadingNoiseLength } from '../text/clean-text';

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
  byteGapMsMax?: number;
  frameBytesMax?: number;
}

export interface SerialLineParser {
  feed(bytes: Uint8Array, atMs: number): void;
  reset(): void;
}

export function createSerialLineParser(options: SerialLineParserOptions, sink: ParserSink<string>): SerialLineParser {
  const terminator = options.suffix === 'crlf' ? LF : SUFFIX_BYTES[options.suffix][0]!;
  const stripCr = options.suffix === 'crlf';
  const framed = (options.prefix ?? 'none') === 'stx';
  const byteGapMsMax = options.byteGapMsMax ?? HARDWARE_LIMITS.serialByteGapMsMax;
  const frameBytesMax = options.frameBytesMax ?? HARDWARE_LIMITS.scanTextBytesMax;
  // Room for the frame plus the CR of a CRLF suffix.
  const buffer = new Uint8Array(frameBytesMax + 1);
  let length = 0;
  let overflowBytes = 0;
  let inFrame = !framed;
  let outsideNoiseBytes = 0;
  let lastByteAtMs = 0;

  function pending(): number {
    return length + overflowBytes + outsideNoiseBytes;
  }

  function clear(): void {
    length = 0;
    overflowBytes = 0;
    inFrame = !framed;
    outsideNoiseBytes = 0;
  }

  function flushOutsideNoise(): void {
    if (outsideNoiseBytes > 0) sink.drop('noise', outsideNoiseBytes);
    outsideNoiseBytes = 0;
  }

  function endFrame(): void {
    if (overflowBytes > 0) {
      sink.drop('frame_too_long', length + overflowBytes);
      clear();
      return;
    }
    let end = length;
    if (stripCr && end > 0 && buffer[end - 1] === CR) end--;
    if (end > frameBytesMax) {
      sink.drop('frame_too_long', length);
      clear();
      return;
    }
    const noise = framed ? 0 : leadingNoiseLength(buffer, 0, end);
    if (noise > 0) sink.drop('noise', noise);
    if (noise < end) {
      const text = decodeCleanText(buffer.subarray(noise, end));
      if (text === null) sink.drop('garbled_text', end - noise);
      else sink.frame(text);
    }
    clear();
  }

  function push(byte: number): void {
    if (framed && byte === STX) {
      flushOutsideNoise();
      if (inFrame && length + overflowBytes > 0) sink.drop('noise', length + overflowBytes);
      length = 0;
      overflowBytes = 0;
      inFrame = true;
      return;
    }
    if (!inFrame) {
      outsideNoiseBytes++;
      return;
    }
    if (byte === terminator) {
      endFrame();
      return;
    }
    if (length < buffer.length && overflowBytes === 0) buffer[length++] = byte;
    else overflowBytes++;
  }

  function feed(bytes: Uint8Array, atMs: number): void {
    if (pending() > 0 && atMs - lastByteAtMs > byteGapMsMax) {
      if (outsideNoiseBytes > 0) flushOutsideNoise();
      if (length + overflowBytes > 0) sink.drop('stale_partial', length + overflowBytes);
      clear();
    }
    if (bytes.length > 0) lastByteAtMs = atMs;
    for (const byte of bytes) push(byte);
    // Noise outside frames is reported once per read, not once per byte.
    flushOutsideNoise();
  }

  return { feed, reset: clear };
}
