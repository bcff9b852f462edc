import type { Credential } from '../../../common/wire/primitives';
import { eligibleTotalYen } from '../domain/allocation';
import { chargeYenMaxFor } from '../../../common/rules/charge';
import { requireRole } from '../domain/roles';
import type { Deps, TerminalActor } from './context';
import { chargeBalanceYen, findWallet, loadLots, lotViews, totalYen, verifyCredential } from './wallets';

/**
 * Wallet look-up at the counter: balance per lot with eligibility here, and for charge points
 * the most that may be charged now (R11). Every role may look up any credential, app QR or
 * card (common/rules/roles.ts `lookup`).
 */
export async function lookup(deps: Deps, actor: TerminalActor, credential: Credential) {
  requireRole(actor.staff?.role ?? null, 'lookup');
  const nowMs = deps.clock.nowMs();
  await deps.settings.current(nowMs);
  const verified = await verifyCredential(deps, credential, nowMs);
  const wallet = await findWallet(deps, deps.store.read, verified, { allowRetired: true, forRead: true });
  const lots = await loadLots(deps, deps.store.read, wallet.id, actor.merchantId);
  return {
    walletId: wallet.id,
    kind: wallet.kind,
    status: wallet.status,
    totalYen: totalYen(lots, nowMs),
    eligibleYen: eligibleTotalYen(lots, actor.merchantId, nowMs),
    debtYen: wallet.debtYen,
    lots: lotViews(lots, nowMs, actor.merchantId),
    maxChargeYen: wallet.status === 'active' ? chargeYenMaxFor(chargeBalanceYen(lots, nowMs), wallet.debtYen) : 0,
  };
}
