/**
 * R11–R13 for a face-to-face charge. R11: 1,000-yen units, 1,000–50,000 yen, and never the charge
 * balance over its 50,000-yen cap (R13: debt repaid first does not land on the balance). One
 * rule for the backend's domain (which refuses with a code and books the charge) and the
 * renderer's charge flow (which names the problem as the cashier types and previews the result).
 */
import { LIMITS } from '../limits';

/** The largest whole-unit charge within `headroomYen`, never above the per-charge maximum. */
export function chargeYenMaxWithin(headroomYen: number): number {
  const cappedYen = Math.min(LIMITS.chargeYenMax, Math.max(0, headroomYen));
  return Math.floor(cappedYen / LIMITS.chargeUnitYen) * LIMITS.chargeUnitYen;
}

/** R11 + R13: the most that may be charged now, given the charge money held and the debt. */
export function chargeYenMaxFor(chargeBalanceBeforeYen: number, debtYen: number): number {
  return chargeYenMaxWithin(LIMITS.chargeBalanceYenMax - chargeBalanceBeforeYen + debtYen);
}

/**
 * Each part of R11 an amount breaks. Every part is reported, so each caller names first what
 * its reader needs: the backend's error codes put the unit first, the keypad "at least ¥1,000"
 * first while the cashier is still typing.
 */
export interface ChargeAmountBreaks {
  /** Not a whole number of 1,000-yen units. */
  offUnit: boolean;
  belowMin: boolean;
  /** Above the per-charge maximum (50,000). */
  aboveMax: boolean;
  /** Above what this wallet may take now (`chargeYenMaxFor`): the balance cap. */
  aboveCap: boolean;
}

export function chargeAmountBreaks(amountYen: number, chargeYenMaxNow: number): ChargeAmountBreaks {
  return {
    offUnit: amountYen % LIMITS.chargeUnitYen !== 0,
    belowMin: amountYen < LIMITS.chargeYenMin,
    aboveMax: amountYen > LIMITS.chargeYenMax,
    aboveCap: amountYen > chargeYenMaxNow,
  };
}

export interface ChargeCredit {
  bonusYen: number;
  debtRepaidYen: number;
  /** What lands on the charge-money lot: amount − debt repaid + bonus. */
  creditedYen: number;
}

/** R13 debt first, R12 bonus floor(amount × rate) on top of the amount (rate in basis points). */
export function chargeCredit(amountYen: number, debtYen: number, bonusRateBp: number): ChargeCredit {
  const debtRepaidYen = Math.min(debtYen, amountYen);
  const bonusYen = Math.floor((amountYen * bonusRateBp) / 10_000);
  return { bonusYen, debtRepaidYen, creditedYen: amountYen - debtRepaidYen + bonusYen };
}
