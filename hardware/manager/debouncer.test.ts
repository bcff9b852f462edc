import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createDebouncer } from './debouncer';

describe('debouncer', () => {
  it('When the same key repeats within the window, then only the first is admitted', () => {
    const d = createDebouncer(1_000);
    expect(d.admit('scan:A', 0)).toBe(true);
    expect(d.admit('scan:A', 500)).toBe(false);
    expect(d.admit('scan:B', 600)).toBe(true);
  });

  it('When a key keeps repeating, then the window slides and it stays one event', () => {
    const d = createDebouncer(1_000);
    const admitted = [0, 400, 800, 1_200, 1_600].map((t) => d.admit('card:04A1', t));
    expect(admitted).toEqual([true, false, false, false, false]);
    expect(d.admit('card:04A1', 2_600)).toBe(true);
  });

  it('When the window is zero, then every event is admitted', () => {
    const d = createDebouncer(0);
    expect([d.admit('x', 0), d.admit('x', 0)]).toEqual([true, true]);
  });

  it('When many distinct keys arrive, then memory stays within the bound and new keys are admitted', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 3 }), { maxLength: 500 }), (keys) => {
        const d = createDebouncer(10_000, 16);
        const firstSeen = new Set<string>();
        keys.forEach((key, i) => {
          const admitted = d.admit(key, i);
          // A key never seen before is always admitted, whatever was evicted.
          if (!firstSeen.has(key)) expect(admitted).toBe(true);
          firstSeen.add(key);
        });
      }),
    );
  });
});
