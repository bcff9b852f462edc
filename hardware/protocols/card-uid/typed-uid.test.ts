import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { formatTypedUid, parseTypedCard, parseTypedUid, UID_LENGTHS_BYTES } from './typed-uid';
import type { TypedUidOptions } from './typed-uid';
import { bytesToHex } from './typed-uid';

describe('typed UID', () => {
  it('When a reader types hex with separators, then the UID is canonical uppercase hex', () => {
    expect(parseTypedUid('04:a1:b2:c3', { format: 'hex' })).toBe('04A1B2C3');
    expect(parseTypedUid('04a1b2c3d4e5f6', { format: 'hex' })).toBe('04A1B2C3D4E5F6');
  });

  it('When a reader types a 10-digit decimal, least significant byte first, then the bytes come back in card order', () => {
    // 0xC3B2A104 = 3283263748, typed by a reader that reverses the UID bytes.
    expect(parseTypedUid('3283263748', { format: 'decimal', byteOrder: 'reversed' })).toBe('04A1B2C3');
    expect(parseTypedUid('0000000001', { format: 'decimal' })).toBe('00000001');
  });

  it('When a reader types a FeliCa IDm in decimal without padding (17 digits), then it is the 8-byte IDm, felica', () => {
    // IDm 01 2E 4C D2 8B 11 62 0A = 85089910126633482: 17 digits, the padded width of a 7-byte UID.
    expect(parseTypedCard('85089910126633482', { format: 'decimal' })).toEqual({ uid: '012E4CD28B11620A', technology: 'felica' });
    // IDm 01 01 0A 10 8E 1A 2B 3C, 17 digits too.
    expect(parseTypedCard('72350135234472764', { format: 'decimal' })).toEqual({ uid: '01010A108E1A2B3C', technology: 'felica' });
    // The same IDm typed zero-padded to 20 digits.
    expect(parseTypedCard('00085089910126633482', { format: 'decimal' })).toEqual({ uid: '012E4CD28B11620A', technology: 'felica' });
    // Typed least-significant byte first: 0A 62 11 8B D2 4C 2E 01.
    expect(parseTypedCard('748179780323257857', { format: 'decimal', byteOrder: 'reversed' })).toEqual({ uid: '012E4CD28B11620A', technology: 'felica' });
  });

  it('When a reader types a 7-byte UID in decimal, padded or not, then it stays 7 bytes, type A', () => {
    // NXP UID 04 A1 B2 C3 D4 E5 F6: 16 digits plain, 17 zero-padded.
    expect(parseTypedCard('1303689068602870', { format: 'decimal' })).toEqual({ uid: '04A1B2C3D4E5F6', technology: 'iso14443a' });
    expect(parseTypedCard('01303689068602870', { format: 'decimal' })).toEqual({ uid: '04A1B2C3D4E5F6', technology: 'iso14443a' });
    // The largest 7-byte value (2^56 − 1) is 17 digits and still a UID; one more is an IDm.
    expect(parseTypedCard('72057594037927935', { format: 'decimal' })).toEqual({ uid: 'FFFFFFFFFFFFFF', technology: 'iso14443a' });
    expect(parseTypedCard('72057594037927936', { format: 'decimal' })).toEqual({ uid: '0100000000000000', technology: 'felica' });
  });

  it('When a 17-digit number below 2^56 comes from a reader configured for 8 bytes, then it is read as an IDm', () => {
    expect(parseTypedCard('01303689068602870', { format: 'decimal', lengthBytes: 8 })).toEqual({ uid: '0004A1B2C3D4E5F6', technology: 'felica' });
    // A configured length is binding: an IDm does not fit a reader set to 7 bytes.
    expect(parseTypedCard('85089910126633482', { format: 'decimal', lengthBytes: 7 })).toBeNull();
  });

  it('When a reader types a 4-byte UID, then its technology is unknown (type A or a type B PUPI)', () => {
    expect(parseTypedCard('3283263748', { format: 'decimal', byteOrder: 'reversed' })).toEqual({ uid: '04A1B2C3', technology: 'unknown' });
    expect(parseTypedCard('04:a1:b2:c3', { format: 'hex' })).toEqual({ uid: '04A1B2C3', technology: 'unknown' });
    expect(parseTypedCard('012e4cd28b11620a', { format: 'hex' })).toEqual({ uid: '012E4CD28B11620A', technology: 'felica' });
  });

  it('When the text is not a UID, then the result is null', () => {
    expect(parseTypedUid('04A1B', { format: 'hex' })).toBeNull();
    expect(parseTypedUid('04A1B2', { format: 'hex' })).toBeNull(); // 3 bytes
    expect(parseTypedUid('KP1.abc', { format: 'hex' })).toBeNull();
    expect(parseTypedUid('12a', { format: 'decimal' })).toBeNull();
    expect(parseTypedUid('9'.repeat(26), { format: 'decimal' })).toBeNull();
  });

  it('When any UID is formatted the way a reader types it, then parsing gives it back', () => {
    const options = fc.record<TypedUidOptions>({
      format: fc.constantFrom('hex', 'decimal'),
      byteOrder: fc.constantFrom('as_typed', 'reversed'),
    });
    fc.assert(
      fc.property(fc.constantFrom(...UID_LENGTHS_BYTES).chain((n) => fc.uint8Array({ minLength: n, maxLength: n })), options, (bytes, opts) => {
        const uid = bytesToHex(bytes);
        expect(parseTypedUid(formatTypedUid(uid, opts), opts)).toBe(uid);
      }),
    );
  });
});
