import { describe, expect, it } from 'vitest';
import { timeOrderedUuid } from './time-ordered-uuid';
import { clientTxnId } from './wire/primitives';

describe('time-ordered UUIDs (clientTxnId, row ids)', () => {
  it('When ids are made a millisecond apart, then they sort in the order they were made, are valid clientTxnIds of the contract, and never repeat', () => {
    const ids = Array.from({ length: 1_000 }, (_, i) => timeOrderedUuid(1_790_000_000_000 + Math.floor(i / 10), globalThis.crypto.randomUUID()));
    for (const id of ids) expect(clientTxnId.safeParse(id).success, id).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    for (let i = 10; i < ids.length; i += 10) expect(ids[i]! > ids[i - 1]!).toBe(true);
  });

  it('When the time is read back from the id, then it is the maker’s millisecond, and the random part is the v4 UUID’s with its version set to 7', () => {
    const random = '9f1c2d3e-4b5a-4c6d-8e7f-0123456789ab';
    expect(timeOrderedUuid(0x0123456789ab, random)).toBe('01234567-89ab-7c6d-8e7f-0123456789ab');
  });

  it('When the time does not fit 48 bits or the random part is not a v4 UUID, then no id is made', () => {
    expect(() => timeOrderedUuid(-1, globalThis.crypto.randomUUID())).toThrow(/48-bit/);
    expect(() => timeOrderedUuid(2 ** 48, globalThis.crypto.randomUUID())).toThrow(/48-bit/);
    expect(() => timeOrderedUuid(1.5, globalThis.crypto.randomUUID())).toThrow(/48-bit/);
    expect(() => timeOrderedUuid(0, 'not-a-uuid')).toThrow(/version 4/);
  });
});
