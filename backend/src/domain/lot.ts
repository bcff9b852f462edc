import type { LotKind } from '../../../common/wire/primitives';

/** A lot as the domain sees it (R1): value of one kind, one expiry, one set of merchants. */
export interface Lot {
  id: string;
  kind: LotKind;
  campaignId: string | null;
  balanceYen: number;
  expiresAtMs: number;
  createdAtMs: number;
  /** null = every merchant (charge money, "all" campaigns). */
  eligibleMerchantIds: ReadonlySet<string> | null;
}

/** R4: a lot is spendable up to and including its last millisecond. */
export function isExpired(lot: Pick<Lot, 'expiresAtMs'>, nowMs: number): boolean {
  return nowMs > lot.expiresAtMs;
}

export function isEligibleAt(lot: Pick<Lot, 'eligibleMerchantIds'>, merchantId: string): boolean {
  return lot.eligibleMerchantIds === null || lot.eligibleMerchantIds.has(merchantId);
}
