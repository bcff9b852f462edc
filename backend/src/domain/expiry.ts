import { endOfJstDayAfter } from '../../../common/time';

/** R3: charge money lives until the end of the JST day two years after its last charge or payment. */
export const CHARGE_MONEY_VALIDITY = { years: 2 } as const;

export function chargeMoneyExpiryAfterActivity(activityMs: number): number {
  return endOfJstDayAfter(activityMs, CHARGE_MONEY_VALIDITY);
}
