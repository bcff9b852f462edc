import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { reconnectDelayMs } from './backoff';
import { HARDWARE_LIMITS } from '../limits';

describe('reconnect backoff', () => {
  it('When failures pile up, then the delay doubles from the minimum and never passes the maximum', () => {
    expect([1, 2, 3, 4].map((n) => reconnectDelayMs(n))).toEqual([500, 1_000, 2_000, 4_000]);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1_000_000 }), (failures) => {
        const delay = reconnectDelayMs(failures);
        expect(delay).toBeGreaterThanOrEqual(HARDWARE_LIMITS.reconnectBackoffMsMin);
        expect(delay).toBeLessThanOrEqual(HARDWARE_LIMITS.reconnectBackoffMsMax);
        expect(reconnectDelayMs(failures + 1)).toBeGreaterThanOrEqual(delay);
      }),
    );
  });
});
