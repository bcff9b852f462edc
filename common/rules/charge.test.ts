import { describe, expect, it } from 'vitest';
import { chargeAmountBreaks, chargeCredit, chargeYenMaxFor, chargeYenMaxWithin } from './charge';

const NONE = { offUnit: false, belowMin: false, aboveMax: false, aboveCap: false };

describe('R11 charge amount', () => {
  it('R11: When the amount is 1,000 or 50,000, then it is a valid charge; 999 and 51,000 are not', () => {
    expect(chargeAmountBreaks(1_000, 50_000)).toEqual(NONE);
    expect(chargeAmountBreaks(50_000, 50_000)).toEqual(NONE);
    expect(chargeAmountBreaks(999, 50_000)).toEqual({ ...NONE, offUnit: true, belowMin: true });
    expect(chargeAmountBreaks(51_000, 50_000)).toEqual({ ...NONE, aboveMax: true, aboveCap: true });
    expect(chargeAmountBreaks(0, 50_000)).toEqual({ ...NONE, belowMin: true });
  });

  it('R11: When the amount is not a whole 1,000, then it is off the unit', () => {
    expect(chargeAmountBreaks(1_500, 50_000)).toEqual({ ...NONE, offUnit: true });
    expect(chargeAmountBreaks(10_001, 50_000).offUnit).toBe(true);
  });

  it('R11: When balance + amount would pass 50,000, then the amount is over the cap, and exactly up to it is not', () => {
    const maxNow = chargeYenMaxFor(46_000, 0);
    expect(maxNow).toBe(4_000);
    expect(chargeAmountBreaks(4_000, maxNow)).toEqual(NONE);
    expect(chargeAmountBreaks(5_000, maxNow)).toEqual({ ...NONE, aboveCap: true });
  });

  it('R11: When the headroom is not whole units, then the most offered is rounded down, never negative, never above 50,000', () => {
    expect(chargeYenMaxFor(45_500, 0)).toBe(4_000);
    expect(chargeYenMaxFor(50_000, 0)).toBe(0);
    expect(chargeYenMaxFor(60_000, 0)).toBe(0);
    expect(chargeYenMaxFor(0, 0)).toBe(50_000);
    expect(chargeYenMaxWithin(999)).toBe(0);
    expect(chargeYenMaxWithin(80_000)).toBe(50_000);
  });

  it('R11 + R13: When the wallet carries debt, then the debt repaid first does not count against the cap', () => {
    expect(chargeYenMaxFor(48_000, 3_000)).toBe(5_000);
  });

  it('R12 + R13: When a charge is booked, then debt is repaid first and the bonus is floor(amount × rate) on top', () => {
    expect(chargeCredit(10_000, 0, 100)).toEqual({ bonusYen: 100, debtRepaidYen: 0, creditedYen: 10_100 });
    expect(chargeCredit(3_000, 1_200, 100)).toEqual({ bonusYen: 30, debtRepaidYen: 1_200, creditedYen: 1_830 });
    expect(chargeCredit(1_000, 0, 150).bonusYen).toBe(15);
    expect(chargeCredit(1_000, 5_000, 100)).toEqual({ bonusYen: 10, debtRepaidYen: 1_000, creditedYen: 10 });
  });
});
