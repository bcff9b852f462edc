import { DomainError } from '../../../common/errors';
import { endOfJstDayAfter, toIso } from '../../../common/time';
import type { Deps } from './context';
import { account, addToLot, postEntry } from './ledger';
import { grantCodeHash } from '../store/grant-code-hash';
import { lockWalletById } from './wallets';

/**
 * R2, R4: a campaign code (printed as QR) becomes one limited lot in the claiming wallet,
 * valid until the end of the JST day of claim date + the campaign's validity. The conditional
 * update is the one-claim guard: only one transaction can move a code from unclaimed.
 */
export async function claimGrant(deps: Deps, walletId: string, code: string) {
  const nowMs = deps.clock.nowMs();
  return deps.store.write(async (tx) => {
    await lockWalletById(deps, tx, walletId);
    const grant = await tx
      .selectFrom('grant_codes')
      .innerJoin('campaigns', 'campaigns.id', 'grant_codes.campaign_id')
      .select(['grant_codes.code_hash', 'grant_codes.amount_yen', 'grant_codes.claimed_wallet_id', 'campaigns.id as campaign_id', 'campaigns.validity_years', 'campaigns.validity_months', 'campaigns.validity_days'])
      .where('grant_codes.code_hash', '=', grantCodeHash(code))
      .executeTakeFirst();
    if (!grant) throw new DomainError('grant_code_unknown', 'this campaign code is not valid');
    if (grant.claimed_wallet_id !== null) throw new DomainError('grant_code_used', 'this campaign code was already claimed');
    const lotId = deps.newId();
    const expiresAtMs = endOfJstDayAfter(nowMs, { years: grant.validity_years, months: grant.validity_months, days: grant.validity_days });
    const claimed = await tx
      .updateTable('grant_codes')
      .set({ claimed_wallet_id: walletId, claimed_at_ms: nowMs, lot_id: lotId })
      .where('code_hash', '=', grant.code_hash)
      .where('claimed_wallet_id', 'is', null)
      .executeTakeFirst();
    if (Number(claimed.numUpdatedRows) !== 1) throw new DomainError('grant_code_used', 'this campaign code was already claimed');
    await tx.insertInto('lots').values({ id: lotId, wallet_id: walletId, kind: 'limited', campaign_id: grant.campaign_id, balance_yen: 0, expires_at_ms: expiresAtMs, created_at_ms: nowMs }).execute();
    await postEntry(tx, { id: deps.newId(), type: 'grant', occurredAtMs: nowMs, recordedAtMs: nowMs, walletId, refId: lotId }, [
      { account: account.campaign(grant.campaign_id), amountYen: -grant.amount_yen },
      { account: account.lot, lotId, amountYen: grant.amount_yen },
    ]);
    await addToLot(tx, lotId, grant.amount_yen);
    return { lotId, amountYen: grant.amount_yen, expiresAt: toIso(expiresAtMs) };
  });
}
