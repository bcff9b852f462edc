import { describe, expect, it } from 'vitest';
import { chargeAmountProblem, chargeLimitYen, changeDueYen } from './charge-rules';

describe('charge rules (R11)', () => {
  it('When the headroom is not a whole 1,000, then the most offered is rounded down to a step', () => {
    expect(chargeLimitYen({ maxChargeYen: 4_999 })).toBe(4_000);
    expect(chargeLimitYen({ maxChargeYen: 80_000 })).toBe(50_000);
    expect(chargeLimitYen({ maxChargeYen: 999 })).toBe(0);
  });

  it('When an amount is checked, then below 1,000, off-step and above the limit are each named', () => {
    expect(chargeAmountProblem(500, 10_000)).toBe('min');
    expect(chargeAmountProblem(1_500, 10_000)).toBe('unit');
    expect(chargeAmountProblem(11_000, 10_000)).toBe('max');
    expect(chargeAmountProblem(10_000, 10_000)).toBeNull();
  });

  it('When cash is short, then no negative change is shown', () => {
    expect(changeDueYen(3_000, 5_000)).toBe(0);
    expect(changeDueYen(20_000, 10_000)).toBe(10_000);
  });
});
