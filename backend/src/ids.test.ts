import { describe, expect, it } from 'vitest';
import { newRowId } from './ids';

describe('row ids', () => {
  it('When ids are made over time, then they are UUIDs of version 7 whose order follows their creation time, and never repeat', () => {
    const ids = Array.from({ length: 2_000 }, (_, i) => newRowId(1_700_000_000_000 + Math.floor(i / 10)));
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(new Set(ids).size).toBe(ids.length);
    // Index locality: within the same millisecond the order is random, across milliseconds it follows time.
    for (let i = 10; i < ids.length; i += 10) expect(ids[i]! > ids[i - 1]!).toBe(true);
    expect(newRowId(0x0123456789ab).startsWith('01234567-89ab-7')).toBe(true);
  });
});
