import { endOfJstDayAfter } from '../../../common/time';
import { isExpired, type Lot } from './lot';

/** R3: charge money lives until the end of the JST day two years after its last charge or payment. */
export const CHARGE_MONEY_VALIDITY = { years: 2 } as const;

export function chargeMoneyExpiryAfterActivity(activityMs: number): number {
  return endOfJstDayAfter(activityMs, CHARGE_MONEY_VALIDITY);
}

export interface ExpiryRoll {
  lotId: string;
  expiresAtMs: number;
}

/**
 * R3 (and R15 for a cancel): the charge-money lots an activity at `nowMs` moves to expire two
 * years on. A lot that has already lapsed stays lapsed (its value is written off, R4), and an
 * expiry is never pulled earlier.
 */
export function chargeMoneyExpiryRolls(lots: readonly Pick<Lot, 'id' | 'kind' | 'expiresAtMs'>[], nowMs: number): ExpiryRoll[] {
  const expiresAtMs = chargeMoneyExpiryAfterActivity(nowMs);
  return lots.filter((lot) => lot.kind === 'charge' && !isExpired(lot, nowMs) && lot.expiresAtMs < expiresAtMs).map((lot) => ({ lotId: lot.id, expiresAtMs }));
}
