/**
 * Streaming PN532 frame parser. Bytes are kept until a frame is complete; a bad length or data
 * checksum drops the start code found and the search resumes one byte later, so a valid frame
 * that follows a corrupted one is still found. Zero bytes between frames are preamble and
 * postamble filler, anything else there is noise.
 */
import type { ParserSink } from '../../events';
import { HARDWARE_LIMITS } from '../../limits';
import type { Pn532Frame } from './frame';
import { EXTENDED_FRAME_DATA_MAX, TFI_ERROR } from './frame';

export interface Pn532FrameParser {
  feed(bytes: Uint8Array, atMs: number): void;
  reset(): void;
}

export interface Pn532FrameParserOptions {
  byteGapMsMax?: number;
  bufferBytesMax?: number;
}

type Step = { consumed: number; frame?: Pn532Frame; drop?: 'noise' | 'checksum' } | 'need_more';

function sum(bytes: Uint8Array, start: number, end: number): number {
  let total = 0;
  for (let i = start; i < end; i++) total += bytes[i]!;
  return total & 0xff;
}

/** One decision at the start of `bytes`: a frame, a drop, or wait for more bytes. */
function step(bytes: Uint8Array, length: number): Step {
  if (length === 0) return 'need_more';
  let start = 0;
  while (start + 1 < length && !(bytes[start] === 0x00 && bytes[start + 1] === 0xff)) start++;
  if (start + 1 >= length && bytes[start] === 0x00) {
    // No start code yet; a last 0x00 may be the first half of the next one, so keep it.
  } else if (start + 1 >= length) {
    start = length;
  }
  if (start > 0) {
    const nonZero = bytes.subarray(0, start).some((b) => b !== 0x00);
    return nonZero ? { consumed: start, drop: 'noise' } : { consumed: start };
  }
  if (length < 4) return 'need_more';
  const len = bytes[2]!;
  const lcs = bytes[3]!;
  if (len === 0x00 && lcs === 0xff) return { consumed: 4, frame: { kind: 'ack' } };
  if (len === 0xff && lcs === 0x00) return { consumed: 4, frame: { kind: 'nack' } };
  let bodyStart: number;
  let bodyLength: number;
  if (len === 0xff && lcs === 0xff) {
    if (length < 7) return 'need_more';
    if (((bytes[4]! + bytes[5]! + bytes[6]!) & 0xff) !== 0) return { consumed: 1, drop: 'checksum' };
    bodyLength = (bytes[4]! << 8) | bytes[5]!;
    bodyStart = 7;
  } else {
    if (((len + lcs) & 0xff) !== 0) return { consumed: 1, drop: 'checksum' };
    bodyLength = len;
    bodyStart = 4;
  }
  if (bodyLength === 0 || bodyLength > EXTENDED_FRAME_DATA_MAX + 1) return { consumed: 1, drop: 'checksum' };
  const end = bodyStart + bodyLength + 1; // + DCS
  if (length < end) return 'need_more';
  if (((sum(bytes, bodyStart, bodyStart + bodyLength) + bytes[end - 1]!) & 0xff) !== 0) return { consumed: 1, drop: 'checksum' };
  const tfi = bytes[bodyStart]!;
  if (tfi === TFI_ERROR) return { consumed: end, frame: { kind: 'error' } };
  return { consumed: end, frame: { kind: 'information', tfi, data: bytes.slice(bodyStart + 1, bodyStart + bodyLength) } };
}

export function createPn532FrameParser(sink: ParserSink<Pn532Frame>, options: Pn532FrameParserOptions = {}): Pn532FrameParser {
  const byteGapMsMax = options.byteGapMsMax ?? HARDWARE_LIMITS.serialByteGapMsMax;
  const buffer = new Uint8Array(options.bufferBytesMax ?? HARDWARE_LIMITS.pn532ParserBytesMax);
  let length = 0;
  let lastByteAtMs = 0;

  function consume(count: number): void {
    buffer.copyWithin(0, count, length);
    length -= count;
  }

  function drain(): void {
    for (;;) {
      const result = step(buffer, length);
      if (result === 'need_more' || result.consumed === 0) {
        if (length === buffer.length) {
          // Cannot happen for frames within the bound; a full buffer is noise by definition.
          sink.drop('noise', 1);
          consume(1);
          continue;
        }
        return;
      }
      if (result.drop) sink.drop(result.drop, result.consumed);
      if (result.frame) sink.frame(result.frame);
      consume(result.consumed);
    }
  }

  function feed(bytes: Uint8Array, atMs: number): void {
    if (length > 0 && atMs - lastByteAtMs > byteGapMsMax) {
      const junk = buffer.subarray(0, length).some((b) => b !== 0);
      if (junk) sink.drop('stale_partial', length);
      length = 0;
    }
    if (bytes.length > 0) lastByteAtMs = atMs;
    let offset = 0;
    while (offset < bytes.length) {
      const take = Math.min(buffer.length - length, bytes.length - offset);
      buffer.set(bytes.subarray(offset, offset + take), length);
      length += take;
      offset += take;
      drain();
    }
  }

  return {
    feed,
    reset: () => {
      length = 0;
    },
  };
}
