/**
 * R11 as the cashier meets it: 1,000-yen steps, 1,000–50,000 per charge, and no more than the
 * customer's headroom under the 50,000-yen charge balance cap (the core's `maxChargeYen`).
 */
import { LIMITS } from '../../common/limits';
import { chargeAmountBreaks, chargeCredit, chargeYenMaxWithin } from '../../common/rules/charge';
import type { LookupView } from '../../common/terminal-api';

export const QUICK_CHARGE_YEN: readonly number[] = [1_000, 3_000, 5_000, 10_000];
/** Banknotes a customer hands over, for the "add a bill" buttons on the cash step. */
export const BANKNOTES_YEN: readonly number[] = [1_000, 5_000, 10_000];

export type ChargeProblem = 'min' | 'unit' | 'max';

/** The most this customer can charge now, in whole 1,000-yen steps (0 = at the cap). */
export function chargeLimitYen(wallet: Pick<LookupView, 'maxChargeYen'>): number {
  return chargeYenMaxWithin(wallet.maxChargeYen);
}

/** R11 as the keypad names it: "at least ¥1,000" first while the cashier is still typing. */
export function chargeAmountProblem(amountYen: number, limitYen: number): ChargeProblem | null {
  const breaks = chargeAmountBreaks(amountYen, limitYen);
  if (breaks.belowMin) return 'min';
  if (breaks.offUnit) return 'unit';
  if (breaks.aboveMax || breaks.aboveCap) return 'max';
  return null;
}

export function changeDueYen(cashReceivedYen: number, amountYen: number): number {
  return Math.max(0, cashReceivedYen - amountYen);
}

/** Charge money (A) the wallet holds now: the figure R11's cap is about. */
export function chargeBalanceYen(wallet: Pick<LookupView, 'lots'>): number {
  return wallet.lots.filter((lot) => lot.kind === 'charge' && !lot.expired).reduce((sum, lot) => sum + lot.amountYen, 0);
}

export interface ChargePreview {
  bonusYen: number;
  debtRepaidYen: number;
  balanceAfterYen: number;
}

/**
 * What the confirm step shows before the core is asked, by the backend's own rule
 * (common/rules/charge.ts): debt is repaid first (R13), the bonus is floor(amount × rate) (R12,
 * the default rate unless a bonus window applies — hence "expected"), the rest lands on the
 * balance.
 */
export function chargePreview(wallet: Pick<LookupView, 'totalYen' | 'debtYen'>, amountYen: number, bonusRateBp: number = LIMITS.bonusRateBpDefault): ChargePreview {
  const { bonusYen, debtRepaidYen, creditedYen } = chargeCredit(amountYen, wallet.debtYen, bonusRateBp);
  return { bonusYen, debtRepaidYen, balanceAfterYen: wallet.totalYen + creditedYen };
}
