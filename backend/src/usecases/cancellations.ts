import { DomainError } from '../../../common/errors';
import { toIso } from '../../../common/time';
import type { Allocation } from '../../../common/wire/primitives';
import { checkCancellable } from '../domain/cancel';
import { chargeMoneyExpiryAfterActivity } from '../domain/expiry';
import { isExpired } from '../domain/lot';
import type { z } from 'zod';
import type { cancelRequest, chargeCancelResponse, paymentCancelResponse } from '../../../common/wire/terminal';
import { needsApproval } from '../domain/roles';
import { answeredBefore, authorize } from './approval';
import { checkShortNo } from './terminal-no';
import { recordingInstant } from './day-closes';
import type { Tx } from '../store/store';
import type { Deps, Replayable, TerminalActor } from './context';
import { writeIdempotent, requestHash } from './idempotency';
import { account, addToDebt, addToLot, postEntry } from './ledger';
import { lockWalletById, loadLots, rollChargeMoneyExpiry, writeOffExpired, type WalletRow } from './wallets';

/**
 * R14, R15, R17: a payment is undone by returning each allocated yen to the lot it came from.
 * A limited lot that expired meanwhile takes the value back and writes it off at once; the
 * answer says how much, so the cashier can tell the customer. An offline payment's debt part
 * is forgiven first; what a later charge already repaid of it goes back as charge money.
 * R19: a card moved to the app is refunded into the app wallet, where its value went.
 */
export async function cancelPayment(deps: Deps, actor: TerminalActor, paymentId: string, req: CancelRequest): Promise<Replayable<z.infer<typeof paymentCancelResponse>>> {
  const { clientTxnId } = req;
  const { hash, shortNo, approver } = await prepareCancel(deps, actor, 'cancel_payment', { paymentId }, req);
  const nowMs = deps.clock.nowMs();
  await deps.settings.current(nowMs);
  return writeIdempotent(deps, { terminalId: actor.terminalId, clientTxnId, hash, holdsTerminal: true }, async (tx) => {
    const occurredAtMs = await recordingInstant(tx, actor.terminalId, nowMs);
    const payment = await tx.selectFrom('payments').selectAll().where('id', '=', paymentId).executeTakeFirst();
    // Another merchant's payment does not exist as far as this terminal may know.
    if (!payment || payment.merchant_id !== actor.merchantId) throw new DomainError('not_found', 'no such payment at this shop');
    const wallet = await valueHome(deps, tx, payment.wallet_id);
    const fresh = await tx.selectFrom('payments').select('cancelled_at_ms').where('id', '=', paymentId).executeTakeFirstOrThrow();
    checkCancellable(payment.occurred_at_ms, fresh.cancelled_at_ms, nowMs);

    const allocations = await tx.selectFrom('payment_allocations').selectAll().where('payment_id', '=', paymentId).orderBy('line_no').execute();
    const returns: { lotId: string; amountYen: number }[] = [];
    for (const a of allocations) returns.push({ lotId: await homeLotFor(deps, tx, a.lot_id, wallet, nowMs, { create: true }), amountYen: a.amount_yen });
    const lots = await loadLots(deps, tx, wallet.id, null);
    const debtForgivenYen = Math.min(payment.shortfall_yen, wallet.debtYen);
    const repaidBackYen = payment.shortfall_yen - debtForgivenYen;
    const repaidLotId = repaidBackYen > 0 ? await chargeLotFor(deps, tx, wallet.id, lots, nowMs) : null;

    const cancellationId = deps.newId();
    const entryId = deps.newId();
    await postEntry(
      tx,
      { id: entryId, type: 'cancel_payment', occurredAtMs, recordedAtMs: nowMs, walletId: wallet.id, merchantId: actor.merchantId, terminalId: actor.terminalId, staffId: actor.staff?.staffId ?? null, refId: cancellationId },
      [
        { account: account.merchantPayable(actor.merchantId), amountYen: -payment.amount_yen },
        ...returns.map((r) => ({ account: account.lot, lotId: r.lotId, amountYen: r.amountYen })),
        { account: account.debt(wallet.id), amountYen: debtForgivenYen },
        ...(repaidLotId ? [{ account: account.lot, lotId: repaidLotId, amountYen: repaidBackYen }] : []),
      ],
    );
    for (const r of returns) await addToLot(tx, r.lotId, r.amountYen);
    if (repaidLotId) await addToLot(tx, repaidLotId, repaidBackYen);
    await addToDebt(tx, wallet.id, -debtForgivenYen);

    // R15: charge money rolls forward; expired limited lots lose the restored value at once.
    const after = await loadLots(deps, tx, wallet.id, null);
    await rollChargeMoneyExpiry(tx, after, nowMs);
    const { writtenOffYen } = await writeOffExpired(deps, tx, wallet.id, after, nowMs, cancellationId);
    await markCancelled(tx, 'payments', paymentId, nowMs);
    await tx
      .insertInto('cancellations')
      .values({ id: cancellationId, kind: 'payment', target_id: paymentId, client_txn_id: clientTxnId, terminal_id: actor.terminalId, staff_id: actor.staff?.staffId ?? null, amount_yen: payment.amount_yen, written_off_yen: writtenOffYen, entry_id: entryId, occurred_at_ms: occurredAtMs, short_no: shortNo, approved_by_staff_id: approver?.staffId ?? null })
      .execute();
    const restored: Allocation[] = allocations.map((a, i) => ({ lotId: returns[i]!.lotId, kind: a.kind as Allocation['kind'], campaignId: a.campaign_id, amountYen: a.amount_yen, expiresAt: toIso(a.expires_at_ms) }));
    // R32: the cash part of a split sale goes back over the counter.
    return { status: 200, body: { cancellationId, restored, writtenOffYen, debtForgivenYen, cashToReturnYen: payment.cash_yen, ...(wallet.id !== payment.wallet_id ? { walletId: wallet.id } : {}) } };
  });
}

/** R16: take back the charge and its bonus, if that much charge money is still there. */
export async function cancelCharge(deps: Deps, actor: TerminalActor, chargeId: string, req: CancelRequest): Promise<Replayable<z.infer<typeof chargeCancelResponse>>> {
  const { clientTxnId } = req;
  const { hash, shortNo, approver } = await prepareCancel(deps, actor, 'cancel_charge', { chargeId }, req);
  const nowMs = deps.clock.nowMs();
  await deps.settings.current(nowMs);
  return writeIdempotent(deps, { terminalId: actor.terminalId, clientTxnId, hash, holdsTerminal: true }, async (tx) => {
    const occurredAtMs = await recordingInstant(tx, actor.terminalId, nowMs);
    const row = await tx.selectFrom('charges').selectAll().where('id', '=', chargeId).executeTakeFirst();
    if (!row || row.merchant_id !== actor.merchantId) throw new DomainError('not_found', 'no such charge at this shop');
    const wallet = await valueHome(deps, tx, row.wallet_id);
    const fresh = await tx.selectFrom('charges').select('cancelled_at_ms').where('id', '=', chargeId).executeTakeFirstOrThrow();
    checkCancellable(row.occurred_at_ms, fresh.cancelled_at_ms, nowMs);
    const creditedYen = row.amount_yen - row.debt_repaid_yen + row.bonus_yen;
    // R19: after a migration the charged money sits in the lot it moved to.
    const lotId = await homeLotFor(deps, tx, row.lot_id, wallet, nowMs, { create: false });
    const lot = await tx.selectFrom('lots').select(['balance_yen', 'expires_at_ms', 'wallet_id']).where('id', '=', lotId).executeTakeFirstOrThrow();
    const spendableYen = lot.wallet_id !== wallet.id || isExpired({ expiresAtMs: lot.expires_at_ms }, nowMs) ? 0 : lot.balance_yen;
    if (spendableYen < creditedYen) {
      throw new DomainError('charge_already_spent', 'the charged money has already been spent', { chargeMoneyYen: spendableYen, neededYen: creditedYen });
    }
    const cancellationId = deps.newId();
    const entryId = deps.newId();
    await postEntry(
      tx,
      { id: entryId, type: 'cancel_charge', occurredAtMs, recordedAtMs: nowMs, walletId: wallet.id, merchantId: actor.merchantId, terminalId: actor.terminalId, staffId: actor.staff?.staffId ?? null, refId: cancellationId },
      [
        { account: account.lot, lotId, amountYen: -creditedYen },
        { account: account.debt(wallet.id), amountYen: -row.debt_repaid_yen },
        { account: account.cash(actor.merchantId), amountYen: row.amount_yen },
        { account: account.bonus, amountYen: row.bonus_yen },
      ],
    );
    await addToLot(tx, lotId, -creditedYen);
    await addToDebt(tx, wallet.id, row.debt_repaid_yen);
    await markCancelled(tx, 'charges', chargeId, nowMs);
    await tx
      .insertInto('cancellations')
      .values({ id: cancellationId, kind: 'charge', target_id: chargeId, client_txn_id: clientTxnId, terminal_id: actor.terminalId, staff_id: actor.staff?.staffId ?? null, amount_yen: row.amount_yen, written_off_yen: 0, entry_id: entryId, occurred_at_ms: occurredAtMs, short_no: shortNo, approved_by_staff_id: approver?.staffId ?? null })
      .execute();
    return { status: 200, body: { cancellationId, refundYen: row.amount_yen } };
  });
}

type CancelRequest = z.infer<typeof cancelRequest>;

/**
 * Before the unit of work: the short number's prefix (issue 10) and R31's approval. The
 * approval's PIN is checked here, never inside the write (scrypt is slow). A clientTxnId that
 * already has an answer skips the PIN check: the unit of work replays that answer for the same
 * body (or refuses a different one), so a retry after a lost response, or after the manager got
 * locked out, still gets the first answer. The request hash covers the approver's code, never
 * the PIN (a hash of a 4-digit PIN would give it away). R23: a points spend's cancel asks the
 * same as a payment's (`cancel_payment`), keyed by its own target.
 */
export async function prepareCancel(deps: Deps, actor: TerminalActor, action: 'cancel_payment' | 'cancel_charge', target: Record<string, string>, req: CancelRequest) {
  // A body without the issue-10 fields hashes as before, so a replay across the upgrade still matches.
  const extra = req.approval || req.shortNo ? { approvedBy: req.approval?.staffCode ?? null, shortNo: req.shortNo ?? null } : {};
  const hash = requestHash(action, { ...target, clientTxnId: req.clientTxnId, ...extra });
  const shortNo = checkShortNo(actor, req.shortNo);
  const role = actor.staff?.role ?? null;
  const replay = role !== null && needsApproval(role, action) && (await answeredBefore(deps, req.clientTxnId));
  const approver = await authorize(deps, actor, action, req.approval, replay);
  return { hash, shortNo, approver };
}

/**
 * R19: the wallet a transaction's value now lives in: the wallet itself, or for a card moved
 * to the app, the app wallet (locked card first, then app, the migration's own lock order).
 */
async function valueHome(deps: Deps, tx: Tx, walletId: string): Promise<WalletRow> {
  const wallet = await lockWalletById(deps, tx, walletId);
  if (wallet.status !== 'retired' || wallet.migratedTo === null) return wallet;
  return lockWalletById(deps, tx, wallet.migratedTo);
}

/**
 * The lot in `home` that stands for `lotId`: itself when it is home's, else the lot it moved
 * to. A card lot that was empty at migration has no counterpart; a refund into it creates one
 * with the same kind, campaign and expiry (and records it, so the next refund finds it).
 */
async function homeLotFor(deps: Deps, tx: Tx, lotId: string, home: WalletRow, nowMs: number, options: { create: boolean }): Promise<string> {
  const lot = await tx.selectFrom('lots').selectAll().where('id', '=', lotId).executeTakeFirstOrThrow();
  if (lot.wallet_id === home.id) return lotId;
  const moved = await tx.selectFrom('migration_lots').select('to_lot_id').where('from_lot_id', '=', lotId).executeTakeFirst();
  if (moved) return moved.to_lot_id;
  if (!options.create) return lotId;
  const migration = await tx.selectFrom('migrations').select('id').where('card_wallet_id', '=', lot.wallet_id).executeTakeFirstOrThrow();
  const newLotId = deps.newId();
  await tx.insertInto('lots').values({ id: newLotId, wallet_id: home.id, kind: lot.kind, campaign_id: lot.campaign_id, balance_yen: 0, expires_at_ms: lot.expires_at_ms, created_at_ms: nowMs }).execute();
  await tx.insertInto('migration_lots').values({ migration_id: migration.id, from_lot_id: lotId, to_lot_id: newLotId }).execute();
  return newLotId;
}

async function markCancelled(tx: Tx, table: 'payments' | 'charges', id: string, nowMs: number): Promise<void> {
  const result = await tx.updateTable(table).set({ cancelled_at_ms: nowMs }).where('id', '=', id).where('cancelled_at_ms', 'is', null).executeTakeFirst();
  // R17: the unique key on cancellations.target_id backs this up across instances.
  if (Number(result.numUpdatedRows) !== 1) throw new DomainError('already_cancelled', 'this transaction is already cancelled');
}

async function chargeLotFor(deps: Deps, tx: Tx, walletId: string, lots: { id: string; kind: string; expiresAtMs: number }[], nowMs: number): Promise<string> {
  const live = lots.find((l) => l.kind === 'charge' && !isExpired(l, nowMs));
  if (live) return live.id;
  const id = deps.newId();
  await tx.insertInto('lots').values({ id, wallet_id: walletId, kind: 'charge', campaign_id: null, balance_yen: 0, expires_at_ms: chargeMoneyExpiryAfterActivity(nowMs), created_at_ms: nowMs }).execute();
  return id;
}
