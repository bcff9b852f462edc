import { describe, expect, it } from 'vitest';
import { decodeCleanText, isCleanText } from './clean-text';

const utf8 = new TextEncoder();
// 熊谷 in Shift_JIS.
const SHIFT_JIS = Uint8Array.from([0x8c, 0x46, 0x92, 0x4a]);

describe('clean text', () => {
  it('When text holds a control character, then it is not clean', () => {
    expect(isCleanText('KP1.abc')).toBe(true);
    expect(isCleanText('熊谷ペイ')).toBe(true);
    expect(isCleanText('KP1\rabc')).toBe(false);
    expect(isCleanText('a\u0085b')).toBe(false);
    expect(isCleanText('')).toBe(false);
  });

  it('When multi-line text is allowed, then CR, LF and Tab pass, other controls and line breaks alone do not', () => {
    expect(isCleanText('KUMA\r\n熊谷\tPAY', true)).toBe(true);
    expect(isCleanText('KUMA\x1b熊谷', true)).toBe(false);
    expect(isCleanText('\r\n', true)).toBe(false);
  });

  it('When bytes are not UTF-8, then decoding gives null', () => {
    expect(decodeCleanText(new Uint8Array([0x4b, 0xe3, 0x81]))).toBeNull();
    expect(decodeCleanText(new Uint8Array([0xc0, 0xaf]))).toBeNull();
    expect(decodeCleanText(utf8.encode('熊谷'))).toBe('熊谷');
  });

  it('When bytes are Shift_JIS, then they decode as shift_jis or auto, and not as the default UTF-8', () => {
    expect(decodeCleanText(SHIFT_JIS)).toBeNull();
    expect(decodeCleanText(SHIFT_JIS, { encoding: 'shift_jis' })).toBe('熊谷');
    expect(decodeCleanText(SHIFT_JIS, { encoding: 'auto' })).toBe('熊谷');
  });

  it('When Shift_JIS text holds a control character, then it is refused like UTF-8 text', () => {
    expect(decodeCleanText(Uint8Array.from([...SHIFT_JIS, 0x07]), { encoding: 'shift_jis' })).toBeNull();
  });
});
