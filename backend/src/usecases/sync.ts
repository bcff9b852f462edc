import type { z } from 'zod';
import { sql } from 'kysely';
import { DomainError, isDomainError, toApiErrorBody } from '../../../common/errors';
import type { Credential } from '../../../common/wire/primitives';
import type { syncBatchRequest, SyncResult, SyncItem } from '../../../common/wire/terminal';
import { checkOfflineItem } from '../domain/offline-item';
import { forUpdate, type Tx } from '../store/store';
import type { Deps, MerchantInfo, TerminalActor } from './context';
import { applyPayment } from './payments';
import { checkShortNo } from './terminal-no';
import { merchantOf } from './merchants';
import type { SettingsValues } from './settings';
import { cardCredential, type VerifiedCredential } from './wallets';

type SyncBatch = z.infer<typeof syncBatchRequest>;

/**
 * R20/R20a reconciliation. The backend believes no terminal: every item is checked again
 * here (time against its token and the deadline, amount against every limit, the terminal's
 * offline window since its last online contact, the card's status) before it moves value.
 * Items of one terminal apply in `seq` order inside one unit of work, each refusal undone
 * alone (a savepoint per item). Every item's result is stored under (terminal, seq), so a
 * re-sent batch is answered from the record, never applied twice; a clientTxnId already
 * answered online is answered as it was online.
 */
export async function syncBatch(deps: Deps, actor: TerminalActor, batch: SyncBatch): Promise<{ results: SyncResult[] }> {
  const nowMs = deps.clock.nowMs();
  const settings = await deps.settings.current(nowMs);
  const merchant = await merchantOf(deps, actor.merchantId);
  const items = [...batch.items].sort((a, b) => a.seq - b.seq);
  // A short number that is not this terminal's refuses the whole batch before anything moves.
  for (const item of items) checkShortNo(actor, item.shortNo);
  // Signatures are checked before the unit of work opens (async crypto must not hold the write
  // lock); the batch then costs one commit, not one per item.
  const verified = await Promise.all(items.map((item) => verifySignature(deps, item.credential, nowMs)));
  const results = await deps.store.write(async (tx) => {
    const window = await lockWindow(deps, tx, actor.terminalId);
    const out: SyncResult[] = [];
    // An unexpected error undoes the whole batch: the terminal re-sends it, nothing is half-known.
    for (const [i, item] of items.entries()) out.push(await applyItem(deps, tx, actor, item, verified[i]!, { nowMs, settings, merchant, window }));
    await tx.updateTable('terminals').set({ offline_window_yen: window.usedYen }).where('id', '=', actor.terminalId).execute();
    return out;
  });
  for (const r of results) {
    if (r.status === 'rejected') deps.log.warn({ terminalId: actor.terminalId, seq: r.seq, clientTxnId: r.clientTxnId, code: r.error?.code }, 'offline item rejected');
  }
  return { results };
}

interface Window {
  usedYen: number;
}

/** The terminal row is the lock that serialises two batches of one terminal on two instances. */
async function lockWindow(deps: Deps, tx: Tx, terminalId: string): Promise<Window> {
  const row = await forUpdate(deps.store, tx.selectFrom('terminals').select(['offline_window_yen']).where('id', '=', terminalId)).executeTakeFirstOrThrow();
  return { usedYen: row.offline_window_yen };
}

async function verifySignature(deps: Deps, credential: Credential, nowMs: number): Promise<VerifiedCredential | DomainError> {
  if (credential.type === 'card') return cardCredential(credential);
  const verdict = await deps.keys.verifySignature(credential.token, nowMs);
  if (!verdict.ok) return new DomainError('token_invalid', 'the QR code is not a valid KumaPAY code');
  return { type: 'cpm', claims: verdict.claims };
}

interface Context {
  nowMs: number;
  settings: SettingsValues;
  merchant: MerchantInfo;
  window: Window;
}

async function applyItem(deps: Deps, tx: Tx, actor: TerminalActor, item: SyncItem, verified: VerifiedCredential | DomainError, ctx: Context): Promise<SyncResult> {
  const prior = await tx.selectFrom('sync_items').select(['client_txn_id', 'result_json']).where('terminal_id', '=', actor.terminalId).where('seq', '=', item.seq).executeTakeFirst();
  if (prior) {
    const first = JSON.parse(prior.result_json) as SyncResult;
    if (prior.client_txn_id !== item.clientTxnId) {
      return reject(item, new DomainError('idempotency_conflict', `seq ${item.seq} was already used by another item`));
    }
    return { ...first, status: first.status === 'applied' ? 'duplicate' : first.status } satisfies SyncResult;
  }
  const result = (await answeredBefore(tx, actor, item)) ?? (await applyNew(deps, tx, actor, item, verified, ctx));
  await tx.insertInto('sync_items').values({ terminal_id: actor.terminalId, seq: item.seq, client_txn_id: item.clientTxnId, status: result.status, result_json: JSON.stringify(result), recorded_at_ms: ctx.nowMs }).execute();
  return result;
}

/**
 * The clientTxnId was used before: online (its stored answer stands, a refusal included, so a
 * declined payment never comes back as debt) or through another seq.
 */
const otherTerminals = (item: SyncItem) => reject(item, new DomainError('idempotency_conflict', 'this clientTxnId belongs to another terminal'));

async function answeredBefore(tx: Tx, actor: TerminalActor, item: SyncItem): Promise<SyncResult | null> {
  const online = await tx.selectFrom('idempotency_keys').select(['terminal_id', 'status_code', 'response_json']).where('client_txn_id', '=', item.clientTxnId).executeTakeFirst();
  if (online) {
    if (online.terminal_id !== actor.terminalId) return otherTerminals(item);
    const body = JSON.parse(online.response_json) as { paymentId?: string; error?: { code: string; message: string } };
    if (online.status_code === 201 && body.paymentId) {
      const payment = await tx.selectFrom('payments').select(['id', 'shortfall_yen']).where('id', '=', body.paymentId).executeTakeFirst();
      if (payment) return { clientTxnId: item.clientTxnId, seq: item.seq, status: 'duplicate', paymentId: payment.id, shortfallYen: payment.shortfall_yen };
    }
    return { clientTxnId: item.clientTxnId, seq: item.seq, status: 'rejected', error: body.error ?? { code: 'idempotency_conflict', message: 'this clientTxnId was answered online with something other than a payment' } };
  }
  const existing = await tx.selectFrom('payments').select(['id', 'terminal_id', 'shortfall_yen']).where('client_txn_id', '=', item.clientTxnId).executeTakeFirst();
  if (!existing) return null;
  return existing.terminal_id === actor.terminalId
    ? { clientTxnId: item.clientTxnId, seq: item.seq, status: 'duplicate', paymentId: existing.id, shortfallYen: existing.shortfall_yen }
    : otherTerminals(item);
}

async function applyNew(deps: Deps, tx: Tx, actor: TerminalActor, item: SyncItem, verified: VerifiedCredential | DomainError, ctx: Context): Promise<SyncResult> {
  if (verified instanceof DomainError) return reject(item, verified);
  const occurredAtMs = Date.parse(item.occurredAt);
  const refusal = checkOfflineItem({
    amountYen: item.amountYen,
    occurredAtMs,
    nowMs: ctx.nowMs,
    credential: verified.type === 'cpm' ? { type: 'cpm', issuedAtMs: verified.claims.issuedAtMs, expiresAtMs: verified.claims.expiresAtMs, offlineLimitYen: verified.claims.offlineLimitYen } : { type: 'card' },
    limits: { paymentMaxYen: ctx.settings.offlinePaymentMaxYen, tokenMaxYen: ctx.settings.offlineTokenMaxYen, terminalWindowMaxYen: ctx.settings.offlineTerminalUnsyncedMaxYen, deadlineMs: ctx.settings.offlineDeadlineMs },
    merchantTakesCardsOffline: ctx.merchant.offlineCardPayments,
    windowUsedYen: ctx.window.usedYen,
  });
  if (refusal) return reject(item, refusal);
  await sql`savepoint sync_apply`.execute(tx);
  try {
    const applied = await applyPayment(deps, tx, actor, {
      clientTxnId: item.clientTxnId,
      amountYen: item.amountYen,
      credential: verified,
      occurredAtMs,
      offline: true,
      feeRateBp: ctx.merchant.feeRateBp,
      shortNo: item.shortNo ?? null,
      cashYen: item.cashYen ?? 0,
    });
    await sql`release savepoint sync_apply`.execute(tx);
    ctx.window.usedYen += item.amountYen;
    return { clientTxnId: item.clientTxnId, seq: item.seq, status: 'applied', paymentId: applied.paymentId, shortfallYen: applied.shortfallYen };
  } catch (error) {
    // A refusal may come after some writes (an expiry write-off): undo them with the item.
    await sql`rollback to savepoint sync_apply`.execute(tx);
    await sql`release savepoint sync_apply`.execute(tx);
    if (!isDomainError(error)) throw error;
    return reject(item, error);
  }
}

function reject(item: SyncItem, error: DomainError): SyncResult {
  return { clientTxnId: item.clientTxnId, seq: item.seq, status: 'rejected', error: toApiErrorBody(error).error };
}
