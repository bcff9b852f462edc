/**
 * R29: the ESC/POS decoder the simulator and the tests read slips with. It must say what the
 * paper would say, and survive any bytes: unknown commands are counted, nothing throws or
 * loops, output is bounded.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HARDWARE_LIMITS } from '../../limits';
import { concatBytes, hex, splitAt } from '../../testing/bytes';
import { createEscPosDecoder, decodeEscPos } from './decoder';

function ascii(text: string): Uint8Array {
  return new Uint8Array(Buffer.from(text, 'latin1'));
}

describe('R29: decoding ESC/POS', () => {
  it('When Shift_JIS text with ESC R 8 is printed, then it reads as Japanese with ¥ for 0x5C', () => {
    const decoded = decodeEscPos(concatBytes([hex('1B40 1C4331 1B5208 1C26'), hex('8C46 924A 8F91 9358'), ascii(' \\1,200'), hex('0A')]));
    expect(decoded.lines).toEqual(['熊谷書店 ¥1,200']);
    expect(decoded.shiftJis).toBe(true);
    expect(decoded.kanjiOnAtEveryDoubleByte).toBe(true);
  });

  it('When kanji arrives with kanji mode off, then it is still read but the stream is flagged', () => {
    const decoded = decodeEscPos(hex('1C4331 8C46 0A'));
    expect(decoded.lines).toEqual(['熊']);
    expect(decoded.kanjiOnAtEveryDoubleByte).toBe(false);
  });

  it('When a country other than Japan is selected, then 0x5C is a backslash', () => {
    expect(decodeEscPos(concatBytes([ascii('a\\b'), hex('0A')])).lines).toEqual(['a\\b']);
  });

  it('When text is placed with ESC $ and ESC \\ (dots) and GS L, then it lands in the right columns', () => {
    // GS L 24 dots (2 columns); "AB" at 0; ESC $ 120 dots → column 10; ESC \ −24 → column 8 … then "CD".
    const decoded = decodeEscPos(concatBytes([hex('1D4C 1800'), ascii('AB'), hex('1B24 7800 1B5C E8FF'), ascii('CD'), hex('0A')]));
    expect(decoded.lines).toEqual(['  AB      CD']);
  });

  it('When GS ! doubles the width, then each character is followed by a blank column', () => {
    expect(decodeEscPos(concatBytes([hex('1D21 10'), ascii('AB'), hex('1D21 00'), ascii('C'), hex('0A')])).lines).toEqual(['A B C']);
  });

  it('When the paper is cut (GS V in its forms), then the pending line is printed and each cut is counted', () => {
    const decoded = decodeEscPos(concatBytes([ascii('one'), hex('1D5601'), ascii('two'), hex('1D564200'), hex('1D5630')]));
    expect(decoded.lines).toEqual(['one', 'two']);
    expect(decoded.cuts).toBe(3);
  });

  it('When DLE EOT requests arrive, then their n values are listed in order', () => {
    expect(decodeEscPos(hex('100401 100402 100404')).statusRequests).toEqual([1, 2, 4]);
  });

  it('When image, barcode and QR data hold 10 04 01, LF or text bytes, then they are skipped as data', () => {
    const raster = hex('1D763000 0300 0100 100401');
    const rasterLong = hex('1D384C 08000000 3070 3001 0A 410A 42');
    const barcode = concatBytes([hex('1D6B49 04'), ascii('{B0A'), hex('1D6B04'), ascii('12'), hex('00')]);
    const qr = hex('1D286B 0400 3150 30 0A');
    const decoded = decodeEscPos(concatBytes([raster, rasterLong, barcode, qr, ascii('ok'), hex('0A')]));
    expect(decoded.lines).toEqual(['ok']);
    expect(decoded.statusRequests).toEqual([]);
    expect(decoded.unknownCommands).toBe(0);
  });

  it('When unknown commands and control bytes arrive, then they are skipped and counted', () => {
    // ESC FF, SOH, GS FE, STX.
    const decoded = decodeEscPos(concatBytes([hex('1B FF 01 1D FE 02'), ascii('x'), hex('0A')]));
    expect(decoded.unknownCommands).toBe(4);
    expect(decoded.lines.at(-1)).toBe('x');
  });

  it('When the stream ends inside a command, then the command is counted as unknown and nothing throws', () => {
    const decoded = decodeEscPos(concatBytes([ascii('a'), hex('0A 1D763000 FF')]));
    expect(decoded.lines).toEqual(['a']);
    expect(decoded.unknownCommands).toBe(1);
  });

  it('When a stream arrives in arbitrary chunks, then it decodes exactly as in one piece', () => {
    const stream = concatBytes([hex('1B40 1C4331 1B5208 1C26 8C46 924A'), ascii('\\1'), hex('0A 1D763000 0200 0200 1C2E 8C46 100401'), hex('1B24 1800 82A8 0A 1D564200 100402')]);
    const whole = decodeEscPos(stream);
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: stream.length - 1 }), { maxLength: 8 }), (points) => {
        const decoder = createEscPosDecoder();
        for (const chunk of splitAt(stream, points)) decoder.feed(chunk);
        expect(decoder.finish()).toEqual(whole);
      }),
    );
    expect(whole.lines).toEqual(['熊谷¥1', '  お']);
  });

  it('When random bytes arrive, then decoding ends with bounded output and never throws', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2_000 }), (bytes) => {
        const decoded = decodeEscPos(bytes);
        expect(decoded.lines.length).toBeLessThanOrEqual(HARDWARE_LIMITS.printerDecodedLinesMax);
        for (const line of decoded.lines) expect(line.length).toBeLessThanOrEqual(2 * HARDWARE_LIMITS.printerLineColumnsMax);
      }),
    );
  });

  it('When a stream prints more lines than the bound, then the rest is dropped and it says so', () => {
    const decoded = decodeEscPos(new Uint8Array(HARDWARE_LIMITS.printerDecodedLinesMax + 10).fill(0x0a));
    expect(decoded.lines).toHaveLength(HARDWARE_LIMITS.printerDecodedLinesMax);
    expect(decoded.truncated).toBe(true);
  });

  it('When a position far beyond the paper is set, then the line stays bounded and it says so', () => {
    const decoded = decodeEscPos(concatBytes([hex('1B24 FFFF'), ascii('far'), hex('0A')]));
    expect(decoded.lines).toEqual(['']);
    expect(decoded.truncated).toBe(true);
  });
});
