import { describe, expect, it } from 'vitest';
import iconv from 'iconv-lite';
import { altCodeBytes } from './alt-numpad';
import { decodeScanBytes } from './scan-encoding';

const TEXT = '熊谷市 クマPAY';
// 熊谷市 クマPAY in Shift_JIS, byte for byte as a Japanese scanner sends it.
const SHIFT_JIS = Uint8Array.from([0x8c, 0x46, 0x92, 0x4a, 0x8e, 0x73, 0x20, 0x83, 0x4e, 0x83, 0x7d, 0x50, 0x41, 0x59]);
const UTF8 = new TextEncoder().encode(TEXT);

describe('scan text encodings', () => {
  it('When the recorded bytes are checked against iconv-lite, then they are the Shift_JIS of the text', () => {
    expect([...iconv.encode(TEXT, 'shift_jis')]).toEqual([...SHIFT_JIS]);
  });

  it('When Shift_JIS bytes are read as shift_jis, then the text is exact; as utf8 they are refused', () => {
    expect(decodeScanBytes(SHIFT_JIS, 'shift_jis')).toBe(TEXT);
    expect(decodeScanBytes(SHIFT_JIS, 'utf8')).toBeNull();
  });

  it('When the setting is auto, then UTF-8 bytes and Shift_JIS bytes both decode to the text', () => {
    expect(decodeScanBytes(UTF8, 'auto')).toBe(TEXT);
    expect(decodeScanBytes(SHIFT_JIS, 'auto')).toBe(TEXT);
  });

  it('When bytes are valid in neither encoding, then auto refuses them', () => {
    // A lead byte with no trail byte, then a byte neither encoding allows.
    expect(decodeScanBytes(Uint8Array.from([0x41, 0x82]), 'auto')).toBeNull();
    expect(decodeScanBytes(Uint8Array.from([0xff, 0xff]), 'auto')).toBeNull();
  });

  it('When UTF-8 bytes are read as shift_jis, then they are refused, not turned into other kanji', () => {
    expect(decodeScanBytes(UTF8, 'shift_jis')).toBeNull();
  });
});

describe('Alt+numpad values', () => {
  it('When あ is typed as Alt+33440, then the bytes are its Shift_JIS 82 A0', () => {
    expect([...(altCodeBytes('33440') ?? [])]).toEqual([0x82, 0xa0]);
    expect(decodeScanBytes(altCodeBytes('33440') ?? new Uint8Array(), 'shift_jis')).toBe('あ');
  });

  it('When a one-byte value is typed, with or without a leading zero, then it is one byte', () => {
    expect([...(altCodeBytes('65') ?? [])]).toEqual([0x41]);
    expect([...(altCodeBytes('0177') ?? [])]).toEqual([0xb1]); // ｱ, half-width katakana
  });

  it('When nothing or an impossible value is typed, then there is no character', () => {
    expect(altCodeBytes('')).toBeNull();
    expect(altCodeBytes('0')).toBeNull();
    expect(altCodeBytes('65536')).toBeNull();
    expect(altCodeBytes('1234567')).toBeNull();
  });
});
