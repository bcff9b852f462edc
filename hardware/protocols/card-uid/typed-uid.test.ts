import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { formatTypedUid, parseTypedUid, UID_LENGTHS_BYTES } from './typed-uid';
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
