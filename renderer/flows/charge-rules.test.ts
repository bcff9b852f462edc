import { describe, expect, it } from 'vitest';
import { chargeAmountProblem, chargeLimitYen, chargePreview, changeDueYen } from './charge-rules';

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

  it('When a charge is previewed, then debt is repaid first (R13) and the 1% bonus is floored (R12), as the backend plans it', () => {
    expect(chargePreview({ totalYen: 10_000, debtYen: 0 }, 10_000)).toEqual({ bonusYen: 100, debtRepaidYen: 0, balanceAfterYen: 20_100 });
    expect(chargePreview({ totalYen: 0, debtYen: 1_500 }, 3_000)).toEqual({ bonusYen: 30, debtRepaidYen: 1_500, balanceAfterYen: 1_530 });
    expect(chargePreview({ totalYen: 0, debtYen: 0 }, 1_000, 150).bonusYen).toBe(15);
  });
});
