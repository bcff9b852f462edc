import { DomainError } from '../../../common/errors';
import { LIMITS } from '../../../common/limits';
import { chargeAmountBreaks, chargeCredit, chargeYenMaxFor, type ChargeCredit } from '../../../common/rules/charge';

export interface BonusWindow {
  fromMs: number;
  /** Exclusive; null = open-ended. */
  toMs: number | null;
  rateBp: number;
}

/** R12: the rate in force at `nowMs`; the latest-starting window wins where windows overlap. */
export function bonusRateBpAt(windows: readonly BonusWindow[], nowMs: number, defaultRateBp: number): number {
  let best: BonusWindow | null = null;
  for (const w of windows) {
    if (w.fromMs <= nowMs && (w.toMs === null || nowMs < w.toMs) && (!best || w.fromMs >= best.fromMs)) best = w;
  }
  return best ? best.rateBp : defaultRateBp;
}

export interface ChargePlan extends ChargeCredit {
  amountYen: number;
}

/**
 * R11–R13 for a face-to-face cash charge. `chargeBalanceBeforeYen` is the unexpired charge
 * money now; the cap counts the amount, not the bonus (R12 lets the bonus go over by itself).
 * R11 itself is common/rules/charge.ts; the refusal names the unit first, then the range.
 */
export function planCharge(amountYen: number, chargeBalanceBeforeYen: number, debtYen: number, bonusRateBp: number): ChargePlan {
  const maxChargeYen = chargeYenMaxFor(chargeBalanceBeforeYen, debtYen);
  const breaks = chargeAmountBreaks(amountYen, maxChargeYen);
  if (breaks.offUnit) {
    throw new DomainError('charge_unit', `charges are in units of ${LIMITS.chargeUnitYen} yen`, { unitYen: LIMITS.chargeUnitYen });
  }
  if (breaks.belowMin || breaks.aboveMax) {
    throw new DomainError('charge_amount_range', `a charge is ${LIMITS.chargeYenMin}–${LIMITS.chargeYenMax} yen`, {
      minYen: LIMITS.chargeYenMin,
      maxYen: LIMITS.chargeYenMax,
    });
  }
  if (breaks.aboveCap) {
    throw new DomainError('balance_cap_exceeded', 'the charge would take the balance over its cap', { maxChargeYen });
  }
  return { amountYen, ...chargeCredit(amountYen, debtYen, bonusRateBp) };
}

