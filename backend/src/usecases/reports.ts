import type { z } from 'zod';
import { businessDayRangeMs, toIso } from '../../../common/time';
import type { Credential } from '../../../common/wire/primitives';
import type { settlementResponse, TerminalTransaction } from '../../../common/wire/terminal';
import { eligibleTotalYen } from '../domain/allocation';
import { maxChargeYenFor } from '../domain/charge';
import { requireRole } from '../domain/roles';
import type { Deps, TerminalActor } from './context';
import { chargeBalanceYen, findWallet, loadLots, lotViews, totalYen, verifyCredential } from './wallets';
import { DomainError } from '../../../common/errors';

/**
 * Wallet look-up at the counter: balance per lot with eligibility here, and for charge points
 * the most that may be charged now (R11). Card look-ups are for support and charge staff.
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
    maxChargeYen: wallet.status === 'active' ? maxChargeYenFor(chargeBalanceYen(lots, nowMs), wallet.debtYen) : 0,
  };
}

/** The terminal's transactions of one JST business day (R25 per terminal), oldest first. */
export async function terminalTransactions(deps: Deps, actor: TerminalActor, businessDay: string): Promise<{ businessDay: string; transactions: TerminalTransaction[] }> {
  if (!actor.staff) throw new DomainError('unauthorized', 'a staff session is required for this action');
  const { startMs, endMs } = businessDayRangeMs(businessDay);
  const db = deps.store.read;
  const payments = await db.selectFrom('payments').selectAll().where('terminal_id', '=', actor.terminalId).where('occurred_at_ms', '>=', startMs).where('occurred_at_ms', '<', endMs).execute();
  const allocations = payments.length
    ? await db.selectFrom('payment_allocations').selectAll().where('payment_id', 'in', payments.map((p) => p.id)).orderBy('payment_id').orderBy('line_no').execute()
    : [];
  const charges = await db.selectFrom('charges').selectAll().where('terminal_id', '=', actor.terminalId).where('occurred_at_ms', '>=', startMs).where('occurred_at_ms', '<', endMs).execute();
  const migrations = await db.selectFrom('migrations').selectAll().where('terminal_id', '=', actor.terminalId).where('occurred_at_ms', '>=', startMs).where('occurred_at_ms', '<', endMs).execute();
  const out: TerminalTransaction[] = [
    ...payments.map((p) => ({
      id: p.id,
      type: 'payment' as const,
      clientTxnId: p.client_txn_id,
      occurredAt: toIso(p.occurred_at_ms),
      amountYen: p.amount_yen,
      feeYen: p.fee_yen,
      walletId: p.wallet_id,
      staffId: p.staff_id,
      offline: p.offline === 1,
      shortfallYen: p.shortfall_yen,
      cancelled: p.cancelled_at_ms !== null,
      cancelledAt: p.cancelled_at_ms === null ? null : toIso(p.cancelled_at_ms),
      allocations: allocations
        .filter((a) => a.payment_id === p.id)
        .map((a) => ({ lotId: a.lot_id, kind: a.kind as 'charge' | 'limited', campaignId: a.campaign_id, amountYen: a.amount_yen, expiresAt: toIso(a.expires_at_ms) })),
    })),
    ...charges.map((c) => ({
      id: c.id,
      type: 'charge' as const,
      clientTxnId: c.client_txn_id,
      occurredAt: toIso(c.occurred_at_ms),
      amountYen: c.amount_yen,
      bonusYen: c.bonus_yen,
      walletId: c.wallet_id,
      staffId: c.staff_id,
      offline: false,
      cancelled: c.cancelled_at_ms !== null,
      cancelledAt: c.cancelled_at_ms === null ? null : toIso(c.cancelled_at_ms),
      allocations: [],
    })),
    ...migrations.map((m) => ({
      id: m.id,
      type: 'migration' as const,
      clientTxnId: m.client_txn_id,
      occurredAt: toIso(m.occurred_at_ms),
      amountYen: m.moved_yen,
      walletId: m.to_wallet_id,
      staffId: m.staff_id,
      offline: false,
      cancelled: false,
      cancelledAt: null,
      allocations: [],
    })),
  ];
  out.sort((a, b) => (a.occurredAt < b.occurredAt ? -1 : a.occurredAt > b.occurredAt ? 1 : 0));
  return { businessDay, transactions: out };
}

/**
 * R26 daily figures for one terminal and JST business day. Payments and charges count on the
 * day they happened; cancellations on the day they were made (the till moves that day).
 */
export async function settlement(deps: Deps, actor: TerminalActor, businessDay: string): Promise<z.infer<typeof settlementResponse>> {
  requireRole(actor.staff?.role ?? null, 'report');
  const { transactions } = await terminalTransactions(deps, actor, businessDay);
  const { startMs, endMs } = businessDayRangeMs(businessDay);
  const cancellations = await deps.store.read.selectFrom('cancellations').selectAll().where('terminal_id', '=', actor.terminalId).where('occurred_at_ms', '>=', startMs).where('occurred_at_ms', '<', endMs).execute();
  const payments = transactions.filter((t) => t.type === 'payment');
  const charges = transactions.filter((t) => t.type === 'charge');
  const sum = (xs: number[]) => xs.reduce((s, x) => s + x, 0);
  const allocs = payments.flatMap((p) => p.allocations);
  const cancelledPayments = cancellations.filter((c) => c.kind === 'payment');
  const cancelledCharges = cancellations.filter((c) => c.kind === 'charge');
  const offline = payments.filter((p) => p.offline);
  return {
    businessDay,
    terminalId: actor.terminalId,
    payments: { count: payments.length, totalYen: sum(payments.map((p) => p.amountYen)), feeYen: sum(payments.map((p) => p.feeYen ?? 0)) },
    paymentsByKind: { chargeYen: sum(allocs.filter((a) => a.kind === 'charge').map((a) => a.amountYen)), limitedYen: sum(allocs.filter((a) => a.kind === 'limited').map((a) => a.amountYen)) },
    cancelledPayments: { count: cancelledPayments.length, totalYen: sum(cancelledPayments.map((c) => c.amount_yen)) },
    charges: { count: charges.length, totalYen: sum(charges.map((c) => c.amountYen)), bonusYen: sum(charges.map((c) => c.bonusYen ?? 0)) },
    cancelledCharges: { count: cancelledCharges.length, totalYen: sum(cancelledCharges.map((c) => c.amount_yen)) },
    cashCollectedYen: sum(charges.map((c) => c.amountYen)) - sum(cancelledCharges.map((c) => c.amount_yen)),
    offlinePayments: { count: offline.length, totalYen: sum(offline.map((p) => p.amountYen)), shortfallYen: sum(offline.map((p) => p.shortfallYen ?? 0)) },
    lines: transactions.map((t) => ({ id: t.id, type: t.type, clientTxnId: t.clientTxnId, amountYen: t.amountYen, cancelled: t.cancelled })),
  };
}
