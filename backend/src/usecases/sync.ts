import type { z } from 'zod';
import { DomainError, isDomainError, toApiErrorBody } from '../../../common/errors';
import type { syncBatchRequest, SyncResult, SyncItem } from '../../../common/wire/terminal';
import { sql } from 'kysely';
import type { Tx } from '../store/store';
import type { Deps, TerminalActor } from './context';
import { applyPayment } from './payments';
import { merchantOf } from './merchants';
import { verifyOrRefusal, type VerifiedCredential } from './wallets';

type SyncBatch = z.infer<typeof syncBatchRequest>;

/** A terminal's clock may drift; a scan "from the future" beyond this is not believed. */
const OFFLINE_CLOCK_SKEW_MS = 5 * 60 * 1000;

/**
 * R20 reconciliation. Items of one terminal apply in `seq` order inside one unit of work, each
 * refusal undone alone (a savepoint per item). Every item's result is stored under
 * (terminal, seq), so a re-sent batch is answered from the record, never applied twice. A
 * forged, replayed or malformed item is rejected and reported back to the shop.
 */
export async function syncBatch(deps: Deps, actor: TerminalActor, batch: SyncBatch): Promise<{ results: SyncResult[] }> {
  const nowMs = deps.clock.nowMs();
  const settings = await deps.settings.current(nowMs);
  const merchant = await merchantOf(deps, actor.merchantId);
  const items = [...batch.items].sort((a, b) => a.seq - b.seq);
  // Signatures are checked before the unit of work opens (async crypto must not hold the write
  // lock); the batch then costs one commit, not one per item.
  const verified = await Promise.all(items.map((item) => verifyOrRefusal(deps, item.credential, Date.parse(item.occurredAt))));
  const results = await deps.store.write(async (tx) => {
    const out: SyncResult[] = [];
    // An unexpected error undoes the whole batch: the terminal re-sends it, nothing is half-known.
    for (const [i, item] of items.entries()) out.push(await applyItem(deps, tx, actor, item, verified[i]!, nowMs, settings, merchant));
    return out;
  });
  for (const r of results) {
    if (r.status === 'rejected') deps.log.warn({ terminalId: actor.terminalId, seq: r.seq, error: r.error }, 'offline item rejected');
  }
  return { results };
}

async function applyItem(
  deps: Deps,
  tx: Tx,
  actor: TerminalActor,
  item: SyncItem,
  verified: VerifiedCredential | DomainError,
  nowMs: number,
  settings: { offlinePaymentMaxYen: number; offlineTokenMaxYen: number },
  merchant: { offlineCardPayments: boolean; feeRateBp: number },
): Promise<SyncResult> {
  const occurredAtMs = Date.parse(item.occurredAt);
  const prior = await tx.selectFrom('sync_items').select(['client_txn_id', 'result_json']).where('terminal_id', '=', actor.terminalId).where('seq', '=', item.seq).executeTakeFirst();
  if (prior) {
    const first = JSON.parse(prior.result_json) as SyncResult;
    if (prior.client_txn_id !== item.clientTxnId) {
      return reject(item, new DomainError('idempotency_conflict', `seq ${item.seq} was already used by another item`));
    }
    return { ...first, status: first.status === 'applied' ? 'duplicate' : first.status } satisfies SyncResult;
  }
  const existing = await tx.selectFrom('payments').select(['id', 'terminal_id', 'shortfall_yen']).where('client_txn_id', '=', item.clientTxnId).executeTakeFirst();
  let result: SyncResult;
  if (existing) {
    // The online attempt did reach us before the link dropped: same payment, not a new one.
    result =
      existing.terminal_id === actor.terminalId
        ? { clientTxnId: item.clientTxnId, seq: item.seq, status: 'duplicate', paymentId: existing.id, shortfallYen: existing.shortfall_yen }
        : reject(item, new DomainError('idempotency_conflict', 'this clientTxnId belongs to another terminal'));
  } else {
    await sql`savepoint sync_apply`.execute(tx);
    try {
      const credential = checkOfflineItem(item, verified, occurredAtMs, nowMs, settings, merchant.offlineCardPayments);
      const applied = await applyPayment(deps, tx, actor, { clientTxnId: item.clientTxnId, amountYen: item.amountYen, credential, occurredAtMs, offline: true, feeRateBp: merchant.feeRateBp });
      await sql`release savepoint sync_apply`.execute(tx);
      result = { clientTxnId: item.clientTxnId, seq: item.seq, status: 'applied', paymentId: applied.paymentId, shortfallYen: applied.shortfallYen };
    } catch (error) {
      // A refusal may come after some writes (an expiry write-off): undo them with the item.
      await sql`rollback to savepoint sync_apply`.execute(tx);
      await sql`release savepoint sync_apply`.execute(tx);
      if (!isDomainError(error)) throw error;
      result = reject(item, error);
    }
  }
  await tx.insertInto('sync_items').values({ terminal_id: actor.terminalId, seq: item.seq, client_txn_id: item.clientTxnId, status: result.status, result_json: JSON.stringify(result), recorded_at_ms: nowMs }).execute();
  return result;
}

function reject(item: SyncItem, error: DomainError): SyncResult {
  return { clientTxnId: item.clientTxnId, seq: item.seq, status: 'rejected', error: toApiErrorBody(error).error };
}

/** What a terminal was allowed to approve offline (R20); anything else was not ours to honour. */
function checkOfflineItem(
  item: SyncItem,
  verified: VerifiedCredential | DomainError,
  occurredAtMs: number,
  nowMs: number,
  limits: { offlinePaymentMaxYen: number; offlineTokenMaxYen: number },
  offlineCardPayments: boolean,
): VerifiedCredential {
  if (verified instanceof DomainError) throw verified;
  if (occurredAtMs > nowMs + OFFLINE_CLOCK_SKEW_MS) throw new DomainError('offline_item_rejected', 'the item is dated in the future');
  if (item.amountYen > limits.offlinePaymentMaxYen) throw new DomainError('offline_item_rejected', 'the amount is above the offline per-payment limit', { limitYen: limits.offlinePaymentMaxYen });
  if (verified.type === 'card') {
    if (!offlineCardPayments) throw new DomainError('offline_item_rejected', 'this shop does not take cards offline');
    return verified;
  }
  const { claims } = verified;
  if (occurredAtMs < claims.issuedAtMs - OFFLINE_CLOCK_SKEW_MS) throw new DomainError('offline_item_rejected', 'the item predates its QR code');
  const tokenLimitYen = Math.min(claims.offlineLimitYen, limits.offlineTokenMaxYen);
  if (item.amountYen > tokenLimitYen) throw new DomainError('offline_item_rejected', 'the amount is above the QR code’s offline limit', { limitYen: tokenLimitYen });
  return verified;
}
