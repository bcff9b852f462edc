import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { bonusRateBpAt, planCharge } from './charge';
import { chargeYenMaxFor } from '../../../common/rules/charge';
import { checkCancellable } from './cancel';
import { chargeMoneyExpiryAfterActivity, chargeMoneyExpiryRolls } from './expiry';
import { feeYenFor, splitFeeYen } from './fee';
import { DomainError } from '../../../common/errors';

const code = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return (e as DomainError).code;
  }
  return 'ok';
};

describe('charge rules (R11–R13)', () => {
  it('R11: When the amount is not a 1,000-yen unit or out of 1,000–50,000, then it is refused', () => {
    expect(code(() => planCharge(1500, 0, 0, 100))).toBe('charge_unit');
    expect(code(() => planCharge(51_000, 0, 0, 100))).toBe('charge_amount_range');
    expect(code(() => planCharge(0, 0, 0, 100))).toBe('charge_amount_range');
  });

  it('R11: When balance + amount passes 50,000, then the error gives the largest allowed charge', () => {
    try {
      planCharge(10_000, 45_500, 0, 100);
      expect.unreachable();
    } catch (e) {
      expect((e as DomainError).code).toBe('balance_cap_exceeded');
      expect((e as DomainError).details).toEqual({ maxChargeYen: 4000 });
    }
  });

  it('R12: the bonus is floor(amount × rate) on top of the amount', () => {
    expect(planCharge(10_000, 0, 0, 100)).toEqual({ amountYen: 10_000, bonusYen: 100, debtRepaidYen: 0, creditedYen: 10_100 });
    expect(planCharge(1_000, 0, 0, 150).bonusYen).toBe(15);
  });

  it('R13: When the wallet carries debt, then the charge repays it first', () => {
    expect(planCharge(3_000, 0, 1_200, 100)).toEqual({ amountYen: 3_000, bonusYen: 30, debtRepaidYen: 1_200, creditedYen: 1_830 });
  });

  it('R11: the charge balance never passes the cap by more than the bonus', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 50_000 }), fc.integer({ min: 1, max: 50 }), fc.integer({ min: 0, max: 5_000 }), (before, units, rateBp) => {
        const amountYen = units * 1000;
        try {
          const plan = planCharge(amountYen, before, 0, rateBp);
          expect(before + plan.creditedYen - plan.bonusYen).toBeLessThanOrEqual(50_000);
        } catch (e) {
          expect((e as DomainError).code).toBe('balance_cap_exceeded');
          expect(amountYen).toBeGreaterThan(chargeYenMaxFor(before, 0));
        }
      }),
    );
  });

  it('R12: the latest window in force gives the rate, else the default', () => {
    const windows = [
      { fromMs: 100, toMs: 200, rateBp: 500 },
      { fromMs: 150, toMs: null, rateBp: 300 },
    ];
    expect(bonusRateBpAt(windows, 50, 100)).toBe(100);
    expect(bonusRateBpAt(windows, 120, 100)).toBe(500);
    expect(bonusRateBpAt(windows, 160, 100)).toBe(300);
  });
});

describe('cancel rules (R14, R17)', () => {
  const made = Date.parse('2024-06-01T10:00:00+09:00');
  it('R14: When 192 hours have passed, then the cancel is refused; at 192 hours it is allowed', () => {
    expect(code(() => checkCancellable(made, null, made + 192 * 3_600_000))).toBe('ok');
    expect(code(() => checkCancellable(made, null, made + 192 * 3_600_000 + 1))).toBe('cancel_window_closed');
  });
  it('R17: When already cancelled, then already_cancelled', () => {
    expect(code(() => checkCancellable(made, made + 1, made + 2))).toBe('already_cancelled');
  });
});

describe('charge money expiry (R3)', () => {
  it('moves to the end of the JST day two years after the activity', () => {
    expect(new Date(chargeMoneyExpiryAfterActivity(Date.parse('2024-06-01T23:30:00+09:00'))).toISOString()).toBe('2026-06-01T14:59:59.999Z');
    // 2024-02-29 + 2 years clamps to 2026-02-28.
    expect(new Date(chargeMoneyExpiryAfterActivity(Date.parse('2024-02-29T12:00:00+09:00'))).toISOString()).toBe('2026-02-28T14:59:59.999Z');
  });

  it('R3: When a payment is made, then live charge money rolls forward; limited money, a lapsed lot and a later expiry stay', () => {
    const nowMs = Date.parse('2024-06-01T12:00:00+09:00');
    const rolledTo = chargeMoneyExpiryAfterActivity(nowMs);
    const lots = [
      { id: 'charge-live', kind: 'charge' as const, expiresAtMs: Date.parse('2024-12-31T23:59:59.999+09:00') },
      { id: 'charge-lapsed', kind: 'charge' as const, expiresAtMs: nowMs - 1 },
      { id: 'charge-later', kind: 'charge' as const, expiresAtMs: rolledTo + 1 },
      { id: 'limited', kind: 'limited' as const, expiresAtMs: Date.parse('2024-08-31T23:59:59.999+09:00') },
    ];
    expect(chargeMoneyExpiryRolls(lots, nowMs)).toEqual([{ lotId: 'charge-live', expiresAtMs: rolledTo }]);
  });
});

describe('merchant fee (R9)', () => {
  it('R9: When the fee rate is 0% (the default), then no fee; otherwise floor(amount × rate)', () => {
    expect(feeYenFor(10_000, 0)).toBe(0);
    expect(feeYenFor(10_000, 325)).toBe(325);
    expect(feeYenFor(999, 150)).toBe(14);
  });

  it('R27: When a fee is split over a payment\'s lines, then each bears its floor share, the first the rounding rest, and the parts sum to the fee', () => {
    expect(splitFeeYen(149, [3_000, 1_999])).toEqual([90, 59]);
    expect(splitFeeYen(15, [1, 999])).toEqual([1, 14]);
    expect(splitFeeYen(15, [210, 290])).toEqual([7, 8]);
    expect(splitFeeYen(0, [500, 500])).toEqual([0, 0]);
    expect(splitFeeYen(10, [])).toEqual([]);
    for (const [fee, lines] of [[7, [1, 1, 1]], [333, [100, 200, 700, 1]], [1, [5_000, 5_000]]] as const) {
      expect(splitFeeYen(fee, lines).reduce((s, y) => s + y, 0)).toBe(fee);
    }
  });
});
