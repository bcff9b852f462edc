import { DomainError } from '../../../common/errors';
import { LIMITS } from '../../../common/limits';

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

export interface ChargePlan {
  amountYen: number;
  bonusYen: number;
  debtRepaidYen: number;
  /** What lands on the charge-money lot: amount − debt repaid + bonus. */
  creditedYen: number;
}

/**
 * R11–R13 for a face-to-face cash charge. `chargeBalanceBeforeYen` is the unexpired charge
 * money now; the cap counts the amount, not the bonus (R12 lets the bonus go over by itself).
 */
export function planCharge(amountYen: number, chargeBalanceBeforeYen: number, debtYen: number, bonusRateBp: number): ChargePlan {
  if (amountYen % LIMITS.chargeUnitYen !== 0) {
    throw new DomainError('charge_unit', `charges are in units of ${LIMITS.chargeUnitYen} yen`, { unitYen: LIMITS.chargeUnitYen });
  }
  if (amountYen < LIMITS.chargeMinYen || amountYen > LIMITS.chargeMaxYen) {
    throw new DomainError('charge_amount_range', `a charge is ${LIMITS.chargeMinYen}–${LIMITS.chargeMaxYen} yen`, {
      minYen: LIMITS.chargeMinYen,
      maxYen: LIMITS.chargeMaxYen,
    });
  }
  const maxChargeYen = maxChargeYenFor(chargeBalanceBeforeYen, debtYen);
  if (amountYen > maxChargeYen) {
    throw new DomainError('balance_cap_exceeded', 'the charge would take the balance over its cap', { maxChargeYen });
  }
  const debtRepaidYen = Math.min(debtYen, amountYen);
  const bonusYen = Math.floor((amountYen * bonusRateBp) / 10_000);
  return { amountYen, bonusYen, debtRepaidYen, creditedYen: amountYen - debtRepaidYen + bonusYen };
}

/**
 * R11 + R13: the largest whole-unit charge now allowed. Debt repaid first does not land on the
 * balance, so it does not count against the cap.
 */
export function maxChargeYenFor(chargeBalanceBeforeYen: number, debtYen: number): number {
  const roomYen = LIMITS.chargeBalanceCapYen - chargeBalanceBeforeYen + debtYen;
  const capped = Math.min(LIMITS.chargeMaxYen, Math.max(0, roomYen));
  return Math.floor(capped / LIMITS.chargeUnitYen) * LIMITS.chargeUnitYen;
}
