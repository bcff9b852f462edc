import { DomainError } from '../../../common/errors';
import type { Deps, MerchantInfo } from './context';

/** Merchants change rarely and are read on every charge and sync: cached per instance (Deps.caches). */
export async function merchantOf(deps: Deps, merchantId: string): Promise<MerchantInfo> {
  return deps.caches.merchants.getOrLoad(merchantId, async () => {
    const row = await deps.store.read.selectFrom('merchants').selectAll().where('id', '=', merchantId).executeTakeFirst();
    if (!row) throw new DomainError('not_found', 'no such merchant');
    return { id: row.id, name: row.name, chargePoint: row.charge_point === 1, offlineCardPayments: row.offline_card_payments === 1, feeRateBp: row.fee_rate_bp, kumapoStore: row.kumapo_store === 1 };
  });
}
