/**
 * R29: Epson TM Japanese models print kanji only in kanji mode (FS &). The pass inserts FS &
 * before a Shift_JIS double-byte character printed with it off, and nowhere else: never
 * inside parameters, raster images or QR data, whatever bytes those hold.
 */
import { describe, expect, it } from 'vitest';
import { hex } from '../../testing/bytes';
import { ensureEpsonKanjiMode } from './kanji-mode';

function fixed(stream: string): string {
  return Buffer.from(ensureEpsonKanjiMode(hex(stream))).toString('hex').toUpperCase();
}

function spaced(stream: string): string {
  return stream.replace(/\s+/g, '').toUpperCase();
}

describe('R29: kanji mode for Epson Shift_JIS text', () => {
  it('When 熊谷 (8C 46 92 4A) follows FS C 1 with kanji mode off, then FS & is inserted just before it, once', () => {
    expect(fixed('1B40 1B7401 1C4331 1B5208 8C46 924A 0A')).toBe(spaced('1B40 1B7401 1C4331 1B5208 1C26 8C46 924A 0A'));
  });

  it('When ASCII comes before the kanji in the same run, then FS & goes between them', () => {
    expect(fixed('1C4331 41 42 82A8 0A')).toBe(spaced('1C4331 41 42 1C26 82A8 0A'));
  });

  it('When a rule turns kanji off (FS C 0, FS .) and prints 0x95 box bytes, then the rule is left alone and kanji is turned on again only for the next kanji', () => {
    const stream = '1C4331 8C46 0A  1C4330 1C2E 1B7401 959595 0A  1B7401 1C4331 1B5208 5C 31 0A  1C4331 82A8 0A';
    expect(fixed(stream)).toBe(spaced('1C4331 1C26 8C46 0A  1C4330 1C2E 1B7401 959595 0A  1B7401 1C4331 1B5208 5C 31 0A  1C4331 1C26 82A8 0A'));
  });

  it('When kanji mode is already on, then nothing is inserted', () => {
    expect(fixed('1C4331 1C26 8C46 0A 8C46 0A')).toBe(spaced('1C4331 1C26 8C46 0A 8C46 0A'));
  });

  it('When Shift_JIS is not selected (JIS, FS C 0), then bytes in the lead range are single-byte symbols and stay as they are', () => {
    expect(fixed('1C4330 1C2E 959595 0A')).toBe(spaced('1C4330 1C2E 959595 0A'));
  });

  it('When ESC @ resets the printer, then kanji mode counts as off again', () => {
    expect(fixed('1C4331 1C26 8C46 0A 1B40 1C4331 8C46 0A')).toBe(spaced('1C4331 1C26 8C46 0A 1B40 1C4331 1C26 8C46 0A'));
  });

  it('When half-width katakana (0xA1–0xDF) is printed, then it needs no kanji mode', () => {
    expect(fixed('1C4331 C3 BD C4 0A')).toBe(spaced('1C4331 C3 BD C4 0A'));
  });

  it('When raster (GS v 0) and QR (GS ( k) data hold 1C 2E and Shift_JIS-like bytes, then they are not touched', () => {
    // GS v 0 m xL xH yL yH: 2 bytes × 2 rows of data that look like FS . and 熊.
    const raster = '1D763000 0200 0200 1C2E 8C46';
    // GS ( k pL pH cn fn …: a QR store with data 8C 46 1C 2E.
    const qr = '1D286B 0700 3150 30 8C46 1C2E';
    const stream = `1C4331 ${raster} ${qr} 0A`;
    expect(fixed(stream)).toBe(spaced(stream));
  });

  it('When a command parameter equals a Shift_JIS lead byte (ESC $ 0x8C 0x46), then it is a position, not text', () => {
    expect(fixed('1C4331 1B24 8C46 41 0A')).toBe(spaced('1C4331 1B24 8C46 41 0A'));
  });

  it('When the stream ends inside a command, then the bytes come back unchanged', () => {
    expect(fixed('1C4331 8C46 1D76')).toBe(spaced('1C4331 1C26 8C46 1D76'));
  });
});
