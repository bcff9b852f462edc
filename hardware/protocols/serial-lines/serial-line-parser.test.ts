import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import iconv from 'iconv-lite';
import { collect, concatBytes, hex, splitAt } from '../../testing/bytes';
import { HARDWARE_LIMITS } from '../../limits';
import { isCleanText } from '../text/clean-text';
import { createSerialLineParser, SERIAL_SUFFIXES } from './serial-line-parser';
import type { SerialLineParserOptions, SerialSuffix } from './serial-line-parser';
import { encodeSerialFrame } from './serial-line-encoder';

const QUIET_MS = HARDWARE_LIMITS.serialSuffixQuietMs;

/**
 * Feeds reads at their times (a bare chunk arrives 1 ms after the previous read, as USB-CDC
 * hands over one code in a few reads), then lets the line go quiet, as the driver's timer does.
 */
function run(options: SerialLineParserOptions, chunks: Array<Uint8Array | [Uint8Array, number]>) {
  const out = collect<string>();
  const parser = createSerialLineParser(options, out.sink);
  let atMs = 0;
  for (const chunk of chunks) {
    atMs = chunk instanceof Uint8Array ? atMs + 1 : chunk[1];
    parser.feed(chunk instanceof Uint8Array ? chunk : chunk[0], atMs);
  }
  for (let next = parser.nextTickAtMs(); next !== null; next = parser.nextTickAtMs()) parser.tick(next);
  return out;
}

// A Denso-style USB-COM scanner, CR suffix, one QR read delivered in three reads by the OS.
const RECORDED_CR = [hex('4b 50 31 2e 6b 32'), hex('30 32 36 61 2e 61 62'), hex('63 0d')];
// Power-on garbage (00 ff) and a stray LF; two seconds later a CRLF scanner reads two codes,
// a second apart.
const RECORDED_CRLF_WITH_NOISE: Array<[Uint8Array, number]> = [
  [hex('00 ff 0a'), 0],
  [hex('4b 50 31 2e 78 0d'), 2_000],
  [hex('0a'), 2_001],
  [hex('4f 4b 0d 0a'), 3_000],
];
// STX … ETX framing with junk between frames.
const RECORDED_STX_ETX = [hex('02 41 42 43 03 7a 7a 02 44 45 03')];
// A multi-line QR (a vCard-like contact, CRLF between lines) read by a CRLF-suffix scanner in
// one USB read: the suffix bytes appear twice inside the text.
const MULTI_LINE_TEXT = 'KUMA\r\n熊谷市役所\r\nTEL:048-524-1111';
const MULTI_LINE_CRLF = hex('4b 55 4d 41 0d 0a e7 86 8a e8 b0 b7 e5 b8 82 e5 bd b9 e6 89 80 0d 0a 54 45 4c 3a 30 34 38 2d 35 32 34 2d 31 31 31 31 0d 0a');
// 熊谷市 クマPAY from a Shift_JIS scanner, CR suffix.
const SHIFT_JIS_CR = hex('8c 46 92 4a 8e 73 20 83 4e 83 7d 50 41 59 0d');
const JAPANESE = '熊谷市 クマPAY';

describe('serial line parser', () => {
  it('When a recorded CR frame arrives in three reads, then one scan with the joined text is emitted', () => {
    const out = run({ suffix: 'cr' }, RECORDED_CR);
    expect(out.frames).toEqual(['KP1.k2026a.abc']);
    expect(out.drops).toEqual([]);
  });

  it('When CRLF frames follow power-on noise, then the noise is dropped and both frames found', () => {
    const out = run({ suffix: 'crlf' }, RECORDED_CRLF_WITH_NOISE);
    expect(out.frames).toEqual(['KP1.x', 'OK']);
    expect(out.drops).toEqual([{ reason: 'stale_partial', byteCount: 3 }]);
  });

  it('When STX/ETX framing is set, then bytes outside frames are noise', () => {
    const out = run({ suffix: 'etx', prefix: 'stx' }, RECORDED_STX_ETX);
    expect(out.frames).toEqual(['ABC', 'DE']);
    expect(out.drops).toEqual([{ reason: 'noise', byteCount: 2 }]);
  });

  it('When a frame holds a control character, then it is dropped whole', () => {
    const out = run({ suffix: 'cr' }, [[hex('41 42 07 43 0d'), 0], [hex('44 0d'), 1_000]]);
    expect(out.frames).toEqual(['D']);
    expect(out.drops).toEqual([{ reason: 'garbled_text', byteCount: 4 }]);
  });

  it('When a frame is cut off and the next comes after the gap bound, then only the next is emitted', () => {
    const out = run({ suffix: 'cr' }, [[hex('41 42 43'), 0], [hex('44 45 0d'), 2_000]]);
    expect(out.frames).toEqual(['DE']);
    expect(out.drops).toEqual([{ reason: 'stale_partial', byteCount: 3 }]);
  });

  it('When a frame exceeds the bound, then it is dropped and the next frame is read', () => {
    const encode = (text: string) => new TextEncoder().encode(text);
    const out = run({ suffix: 'lf', frameBytesMax: 8 }, [[encode('0123456789abcdef\n'), 0], [encode('short\n'), 1_000]]);
    expect(out.frames).toEqual(['short']);
    expect(out.drops.map((d) => d.reason)).toEqual(['frame_too_long']);
  });

  it('When UTF-8 text is split inside a character, then it is joined whole', () => {
    const bytes = encodeSerialFrame('熊谷ペイ', 'cr');
    const out = run({ suffix: 'cr' }, [bytes.subarray(0, 2), bytes.subarray(2, 7), bytes.subarray(7)]);
    expect(out.frames).toEqual(['熊谷ペイ']);
  });
});

describe('serial line parser: multi-line codes end at the suffix plus a quiet gap', () => {
  it('When a multi-line QR with a CRLF suffix arrives in one read, then it is one scan with its line breaks', () => {
    const out = run({ suffix: 'crlf' }, [MULTI_LINE_CRLF]);
    expect(out.frames).toEqual([MULTI_LINE_TEXT]);
    expect(out.drops).toEqual([]);
  });

  it('When the same bytes are split into two reads at every position, then it is still one scan', () => {
    for (let cut = 1; cut < MULTI_LINE_CRLF.length; cut++) {
      const out = run({ suffix: 'crlf' }, [MULTI_LINE_CRLF.subarray(0, cut), MULTI_LINE_CRLF.subarray(cut)]);
      expect({ cut, frames: out.frames, drops: out.drops }).toEqual({ cut, frames: [MULTI_LINE_TEXT], drops: [] });
    }
  });

  it('When a CR-suffix scanner reads a code with an LF inside, then the LF is kept and the code is whole', () => {
    const out = run({ suffix: 'cr' }, [hex('4c 49 4e 45 31 0a 4c 49 4e 45 32 0d')]);
    expect(out.frames).toEqual(['LINE1\nLINE2']);
  });

  it('When a CR-suffix scanner reads a code with CR LF inside, then the suffix inside is text, not an end', () => {
    const out = run({ suffix: 'cr' }, [hex('41 0d 0a 42 0d')]);
    expect(out.frames).toEqual(['A\r\nB']);
  });

  it('When a code holds ESC, then the whole scan is refused, not cut at the ESC or emitted without its head', () => {
    // GS1-style: ESC then data, a CR suffix.
    const out = run({ suffix: 'cr' }, [hex('1b 30 31 32 33 0d')]);
    expect(out.frames).toEqual([]);
    expect(out.drops).toEqual([{ reason: 'garbled_text', byteCount: 5 }]);
    const inside = run({ suffix: 'crlf' }, [hex('41 42 1b 43 44 0d 0a')]);
    expect(inside.frames).toEqual([]);
    expect(inside.drops).toEqual([{ reason: 'garbled_text', byteCount: 5 }]);
  });

  it('When two multi-line scans come back to back with the quiet gap between them, then both are read whole', () => {
    const out = run({ suffix: 'crlf' }, [
      [MULTI_LINE_CRLF, 0],
      [encodeSerialFrame('KP1.first\r\nsecond line', 'crlf'), QUIET_MS],
    ]);
    expect(out.frames).toEqual([MULTI_LINE_TEXT, 'KP1.first\r\nsecond line']);
    expect(out.drops).toEqual([]);
  });

  it('When the quiet gap has not passed yet, then nothing is emitted; once it has, the scan is', () => {
    const out = collect<string>();
    const parser = createSerialLineParser({ suffix: 'crlf' }, out.sink);
    parser.feed(encodeSerialFrame('KP1.wait', 'crlf'), 1_000);
    expect(parser.nextTickAtMs()).toBe(1_000 + QUIET_MS);
    parser.tick(1_000 + QUIET_MS - 1);
    expect(out.frames).toEqual([]);
    parser.tick(1_000 + QUIET_MS);
    expect(out.frames).toEqual(['KP1.wait']);
    expect(parser.nextTickAtMs()).toBeNull();
  });

  it('When a scanner set to CRLF runs on a CR profile, then the LF is taken as suffix, not text', () => {
    const out = run({ suffix: 'cr' }, [encodeSerialFrame('KP1.x', 'crlf')]);
    expect(out.frames).toEqual(['KP1.x']);
  });
});

describe('serial line parser: encodings', () => {
  it('When a Shift_JIS scanner reads 熊谷市 クマPAY, then shift_jis and auto read it; utf8 refuses it as garbled', () => {
    expect([...iconv.encode(JAPANESE, 'shift_jis'), 0x0d]).toEqual([...SHIFT_JIS_CR]);
    expect(run({ suffix: 'cr', encoding: 'shift_jis' }, [SHIFT_JIS_CR]).frames).toEqual([JAPANESE]);
    expect(run({ suffix: 'cr', encoding: 'auto' }, [SHIFT_JIS_CR]).frames).toEqual([JAPANESE]);
    const asUtf8 = run({ suffix: 'cr', encoding: 'utf8' }, [SHIFT_JIS_CR]);
    expect(asUtf8.frames).toEqual([]);
    expect(asUtf8.drops).toEqual([{ reason: 'garbled_text', byteCount: 14 }]);
  });

  it('When auto reads a UTF-8 scanner, then the text is the UTF-8 one', () => {
    expect(run({ suffix: 'cr', encoding: 'auto' }, [encodeSerialFrame(JAPANESE, 'cr')]).frames).toEqual([JAPANESE]);
  });
});

const frameText = fc.string({ unit: fc.constantFrom(...'KP1.k2026a-_~+/:ABCxyz0189 熊谷ペイ\r\n\t'), minLength: 1, maxLength: 200 }).filter((t) => isCleanText(t, true));
// Bytes that can never be part of a code: controls, DEL, invalid bytes.
const noiseByte = fc.oneof(fc.integer({ min: 0x00, max: 0x1f }), fc.constant(0x7f), fc.integer({ min: 0x80, max: 0xc1 }), fc.integer({ min: 0xf5, max: 0xff }));
const noise = fc.array(noiseByte, { maxLength: 12 }).map((b) => Uint8Array.from(b));
const suffix = fc.constantFrom<SerialSuffix>(...SERIAL_SUFFIXES);
// A frame ending in CR on an LF profile reads as a CRLF suffix (a scanner set to CRLF): that CR is lost.
const fitsSuffix = (text: string, s: SerialSuffix) => !(s === 'lf' && text.endsWith('\r'));

describe('serial line parser properties', () => {
  it('When random bytes arrive in random chunks, then it never throws and every emitted text is clean', () => {
    fc.assert(
      fc.property(suffix, fc.constantFrom<'none' | 'stx'>('none', 'stx'), fc.uint8Array({ maxLength: 600 }), fc.array(fc.nat(600)), (s, prefix, bytes, cuts) => {
        const out = run({ suffix: s, prefix }, splitAt(bytes, cuts));
        for (const text of out.frames) expect(isCleanText(text, true)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('When multi-line frames split at random points come a quiet gap apart, with noise between, then exactly the frames are found', () => {
    fc.assert(
      fc.property(suffix, fc.array(fc.tuple(noise, frameText), { minLength: 1, maxLength: 8 }), fc.array(fc.nat(2_000)), (s, items, cuts) => {
        const kept = items.filter(([, text]) => fitsSuffix(text, s));
        const chunks: Array<[Uint8Array, number]> = [];
        let atMs = 0;
        for (const [n, text] of kept) {
          // Noise is its own burst, long before the code (power-on, a cable touched).
          if (n.length > 0) chunks.push([n, (atMs += HARDWARE_LIMITS.serialByteGapMsMax + 1)]);
          atMs += HARDWARE_LIMITS.serialByteGapMsMax + 1;
          for (const piece of splitAt(encodeSerialFrame(text, s), cuts)) chunks.push([piece, atMs++]);
        }
        const out = run({ suffix: s }, chunks);
        expect(out.frames).toEqual(kept.map(([, text]) => text));
      }),
      { numRuns: 300 },
    );
  });

  it('When STX-framed frames have arbitrary bytes without STX between them, then exactly the frames are found', () => {
    const junk = fc.uint8Array({ maxLength: 12 }).map((b) => b.filter((x) => x !== 0x02));
    const plainText = frameText.filter((t) => isCleanText(t));
    fc.assert(
      fc.property(fc.array(fc.tuple(junk, plainText), { minLength: 1, maxLength: 8 }), fc.array(fc.nat(2_000)), (items, cuts) => {
        const stream = concatBytes(items.flatMap(([j, text]) => [j, encodeSerialFrame(text, 'etx', 'stx')]));
        const out = run({ suffix: 'etx', prefix: 'stx' }, splitAt(stream, cuts));
        expect(out.frames).toEqual(items.map(([, text]) => text));
      }),
      { numRuns: 300 },
    );
  });
});
