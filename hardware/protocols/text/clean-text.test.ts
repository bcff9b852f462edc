import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { decodeCleanText, isCleanText, leadingNoiseLength, printableCharLengthAt } from './clean-text';

const utf8 = new TextEncoder();

describe('clean text', () => {
  it('When text holds a control character, then it is not clean', () => {
    expect(isCleanText('KP1.abc')).toBe(true);
    expect(isCleanText('熊谷ペイ')).toBe(true);
    expect(isCleanText('KP1\rabc')).toBe(false);
    expect(isCleanText('a\u0085b')).toBe(false);
    expect(isCleanText('')).toBe(false);
  });

  it('When bytes are not UTF-8, then decoding gives null', () => {
    expect(decodeCleanText(new Uint8Array([0x4b, 0xe3, 0x81]))).toBeNull();
    expect(decodeCleanText(new Uint8Array([0xc0, 0xaf]))).toBeNull();
    expect(decodeCleanText(utf8.encode('熊谷'))).toBe('熊谷');
  });

  it('When any string is encoded, then the printable-character scan agrees with the decoder', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), (text) => {
        const bytes = utf8.encode(text);
        let index = 0;
        let allPrintable = true;
        while (index < bytes.length) {
          const length = printableCharLengthAt(bytes, index, bytes.length);
          if (length === 0) {
            allPrintable = false;
            break;
          }
          index += length;
        }
        expect(allPrintable).toBe(text.length > 0 ? isCleanText(text) : true);
      }),
    );
  });

  it('When noise bytes precede text, then exactly the noise is counted', () => {
    const noise = [0x00, 0x0d, 0x80, 0xbf, 0xff, 0xe3, 0x81];
    const text = utf8.encode('あKP1');
    const bytes = new Uint8Array([...noise, ...text]);
    expect(leadingNoiseLength(bytes, 0, bytes.length)).toBe(noise.length);
  });
});
