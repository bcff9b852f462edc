import { DomainError } from '../../../common/errors';
import type { Deps } from './context';

export interface MerchantInfo {
  id: string;
  name: string;
  chargePoint: boolean;
  offlineCardPayments: boolean;
  feeRateBp: number;
}

/** Merchants change rarely and are read on every charge: a small cache with a short life. */
const MERCHANT_CACHE_MS = 10_000;
const MERCHANT_CACHE_MAX = 10_000;
const cache = new Map<string, { info: MerchantInfo; loadedAtMs: number }>();

export async function merchantOf(deps: Deps, merchantId: string): Promise<MerchantInfo> {
  const nowMs = Date.now();
  const hit = cache.get(merchantId);
  if (hit && nowMs - hit.loadedAtMs < MERCHANT_CACHE_MS) return hit.info;
  const row = await deps.store.read.selectFrom('merchants').selectAll().where('id', '=', merchantId).executeTakeFirst();
  if (!row) throw new DomainError('not_found', 'no such merchant');
  const info = { id: row.id, name: row.name, chargePoint: row.charge_point === 1, offlineCardPayments: row.offline_card_payments === 1, feeRateBp: row.fee_rate_bp };
  if (cache.size >= MERCHANT_CACHE_MAX) cache.clear();
  cache.set(merchantId, { info, loadedAtMs: nowMs });
  return info;
}
