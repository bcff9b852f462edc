import { endOfJstDayAfter } from '../../../common/time';
import { LIMITS } from '../../../common/limits';

/**
 * R23: the whole points balance lapses at the end of the JST day one year after the wallet's
 * last points activity (earn, spend, transfer in or out, a cancelled spend's return).
 */
export function pointsExpiryAfterActivity(activityMs: number): number {
  return endOfJstDayAfter(activityMs, { years: LIMITS.pointsValidityYears });
}

/** Lapsed at `nowMs`: the expiry is the last millisecond the points are still good. */
export function pointsLapsed(expiresAtMs: number | null, nowMs: number): boolean {
  return expiresAtMs !== null && nowMs > expiresAtMs;
}

/** R23: room under the per-wallet cap. */
export function pointsRoom(balance: number): number {
  return Math.max(0, LIMITS.pointsWalletMax - balance);
}

/**
 * R23 event rule: the key a claim is unique under. `once` → one claim in the whole period;
 * `daily` → one per JST date.
 */
export function claimPeriodKey(rule: 'once' | 'daily', jstDate: string): string {
  return rule === 'once' ? 'once' : jstDate;
}
