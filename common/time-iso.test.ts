import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { toIso } from './time';

describe('toIso (its texts are reused, issue 16)', () => {
  it('When instants repeat, come new past the reuse bound, or cannot be a date, then every text is what Date writes and a bad instant still throws', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -8.64e15, max: 8.64e15 }), { minLength: 1, maxLength: 50 }), (instants) => {
        for (const ms of [...instants, ...instants]) expect(toIso(ms)).toBe(new Date(ms).toISOString());
      }),
    );
    // More distinct instants than it keeps: the first ones are written again, the same.
    for (let i = 0; i < 10_000; i++) expect(toIso(1_700_000_000_000 + i)).toBe(new Date(1_700_000_000_000 + i).toISOString());
    expect(toIso(1_700_000_000_000)).toBe('2023-11-14T22:13:20.000Z');
    expect(() => toIso(Number.NaN)).toThrow(RangeError);
    expect(() => toIso(8.64e15 + 1)).toThrow(RangeError);
    expect(() => toIso(Number.NaN)).toThrow(RangeError);
  });
});
