import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { collect, concatBytes, hex, splitAt } from '../../testing/bytes';
import { isCleanText } from '../text/clean-text';
import { createSerialLineParser, SERIAL_SUFFIXES } from './serial-line-parser';
import type { SerialLineParserOptions, SerialSuffix } from './serial-line-parser';
import { encodeSerialFrame } from './serial-line-encoder';

function run(options: SerialLineParserOptions, chunks: Array<Uint8Array | [Uint8Array, number]>) {
  const out = collect<string>();
  const parser = createSerialLineParser(options, out.sink);
  for (const chunk of chunks) {
    if (chunk instanceof Uint8Array) parser.feed(chunk, 0);
    else parser.feed(chunk[0], chunk[1]);
  }
  return out;
}

// A Denso-style USB-COM scanner, CR suffix, one QR read delivered in three reads by the OS.
const RECORDED_CR = [hex('4b 50 31 2e 6b 32'), hex('30 32 36 61 2e 61 62'), hex('63 0d')];
// The same scanner set to CRLF after power-on garbage (00 ff) and a stray LF.
const RECORDED_CRLF_WITH_NOISE = [hex('00 ff 0a 4b 50 31 2e 78 0d'), hex('0a 4f 4b 0d 0a')];
// STX … ETX framing with junk between frames.
const RECORDED_STX_ETX = [hex('02 41 42 43 03 7a 7a 02 44 45 03')];

describe('serial line parser', () => {
  it('When a recorded CR frame arrives in three reads, then one scan with the joined text is emitted', () => {
    const out = run({ suffix: 'cr' }, RECORDED_CR);
    expect(out.frames).toEqual(['KP1.k2026a.abc']);
    expect(out.drops).toEqual([]);
  });

  it('When CRLF frames follow power-on noise, then the noise is dropped and both frames found', () => {
    const out = run({ suffix: 'crlf' }, RECORDED_CRLF_WITH_NOISE);
    expect(out.frames).toEqual(['KP1.x', 'OK']);
    expect(out.drops).toEqual([{ reason: 'noise', byteCount: 2 }]);
  });

  it('When STX/ETX framing is set, then bytes outside frames are noise', () => {
    const out = run({ suffix: 'etx', prefix: 'stx' }, RECORDED_STX_ETX);
    expect(out.frames).toEqual(['ABC', 'DE']);
    expect(out.drops).toEqual([{ reason: 'noise', byteCount: 2 }]);
  });

  it('When a frame holds a control character, then it is dropped whole', () => {
    const out = run({ suffix: 'cr' }, [hex('41 42 07 43 0d 44 0d')]);
    expect(out.frames).toEqual(['D']);
    expect(out.drops).toEqual([{ reason: 'garbled_text', byteCount: 4 }]);
  });

  it('When a frame is cut off and the next comes after the gap bound, then only the next is emitted', () => {
    const out = run({ suffix: 'cr' }, [[hex('41 42 43'), 0], [hex('44 45 0d'), 2_000]]);
    expect(out.frames).toEqual(['DE']);
    expect(out.drops).toEqual([{ reason: 'stale_partial', byteCount: 3 }]);
  });

  it('When a frame exceeds the bound, then it is dropped and the next frame is read', () => {
    const out = run({ suffix: 'lf', frameBytesMax: 8 }, [new TextEncoder().encode('0123456789abcdef\nshort\n')]);
    expect(out.frames).toEqual(['short']);
    expect(out.drops.map((d) => d.reason)).toEqual(['frame_too_long']);
  });

  it('When UTF-8 text is split inside a character, then it is joined whole', () => {
    const bytes = encodeSerialFrame('熊谷ペイ', 'cr');
    const out = run({ suffix: 'cr' }, [bytes.subarray(0, 2), bytes.subarray(2, 7), bytes.subarray(7)]);
    expect(out.frames).toEqual(['熊谷ペイ']);
  });
});

const frameText = fc.string({ unit: fc.constantFrom(...'KP1.k2026a-_~+/:ABCxyz0189 熊谷ペイ'), minLength: 1, maxLength: 200 });
// Bytes that can never begin printable text: controls, DEL, continuation bytes, invalid bytes.
const noiseByte = fc.oneof(fc.integer({ min: 0x00, max: 0x1f }), fc.constant(0x7f), fc.integer({ min: 0x80, max: 0xc1 }), fc.integer({ min: 0xf5, max: 0xff }));
const noise = fc.array(noiseByte, { maxLength: 12 }).map((b) => Uint8Array.from(b));
const suffix = fc.constantFrom<SerialSuffix>(...SERIAL_SUFFIXES);

describe('serial line parser properties', () => {
  it('When random bytes arrive in random chunks, then it never throws and every emitted text is clean', () => {
    fc.assert(
      fc.property(suffix, fc.constantFrom<'none' | 'stx'>('none', 'stx'), fc.uint8Array({ maxLength: 600 }), fc.array(fc.nat(600)), (s, prefix, bytes, cuts) => {
        const out = run({ suffix: s, prefix }, splitAt(bytes, cuts));
        for (const text of out.frames) expect(isCleanText(text)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('When frames with noise between them are split at random points, then exactly the frames are found', () => {
    fc.assert(
      fc.property(suffix, fc.array(fc.tuple(noise, frameText), { minLength: 1, maxLength: 8 }), fc.array(fc.nat(2_000)), (s, items, cuts) => {
        const stream = concatBytes(items.flatMap(([n, text]) => [n, encodeSerialFrame(text, s)]));
        const out = run({ suffix: s }, splitAt(stream, cuts));
        expect(out.frames).toEqual(items.map(([, text]) => text));
      }),
      { numRuns: 300 },
    );
  });

  it('When STX-framed frames have arbitrary bytes without STX between them, then exactly the frames are found', () => {
    const junk = fc.uint8Array({ maxLength: 12 }).map((b) => b.filter((x) => x !== 0x02));
    fc.assert(
      fc.property(fc.array(fc.tuple(junk, frameText), { minLength: 1, maxLength: 8 }), fc.array(fc.nat(2_000)), (items, cuts) => {
        const stream = concatBytes(items.flatMap(([j, text]) => [j, encodeSerialFrame(text, 'etx', 'stx')]));
        const out = run({ suffix: 'etx', prefix: 'stx' }, splitAt(stream, cuts));
        expect(out.frames).toEqual(items.map(([, text]) => text));
      }),
      { numRuns: 300 },
    );
  });
});
