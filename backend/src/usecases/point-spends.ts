import type { z } from 'zod';
import { DomainError } from '../../../common/errors';
import { toIso } from '../../../common/time';
import type { pointSpendCancelRequest, pointSpendCancelResponse, pointSpendRequest, pointSpendResponse } from '../../../common/wire/points';
import { checkCancellable } from '../domain/cancel';
import { requireRole } from '../domain/roles';
import type { Tx } from '../store/store';
import { prepareCancel } from './cancellations';
import type { Deps, Replayable, TerminalActor } from './context';
import { recordingInstant } from './day-closes';
import { writeIdempotent, requestHash } from './idempotency';
import { claimToken } from './payments';
import { loadWalletPoints, movePoints, pointAccount, postPointEntry } from './points-ledger';
import { checkShortNo } from './terminal-no';
import { verifyOrRefusal } from './wallets';

/**
 * R23: KumaPo points spent at a KumaPo store — an experience or a service, no fee, never paid
 * out in yen. Points go from the wallet to `merchant:<m>`. The store's terminal reads the
 * customer's CPM QR (this file's route), or the customer pays a points MPM request (R28,
 * usecases for MPM call `applyPointSpend` with channel 'mpm').
 */
export interface PointSpendInput {
  walletId: string;
  merchantId: string;
  terminalId: string;
  staffId: string | null;
  points: number;
  clientTxnId: string | null;
  channel: 'cpm' | 'mpm';
  /** The CPM token read at the counter: used up here like a payment's (R22), so one QR pays once. */
  tokenId: string | null;
  shortNo: string | null;
  nowMs: number;
}

export interface PointSpendResult {
  spendId: string;
  points: number;
  pointsAfter: number;
  /** When the points left lapse; null when none are left. */
  expiresAtMs: number | null;
  occurredAtMs: number;
}

/**
 * One spend inside the caller's unit of work: a KumaPo store (else `not_kumapo_store`), an app
 * wallet (else `wallet_not_app`), a CPM token not used before (else `token_used`), enough
 * points (else `points_insufficient`). The spend is dated by the terminal's recording instant
 * (R30: a day already closed by 精算 never gets it, as with payments). Rolls the expiry (R23).
 */
export async function applyPointSpend(deps: Deps, tx: Tx, input: PointSpendInput): Promise<PointSpendResult> {
  // Read in the unit of work, not from the per-instance cache: an operator who takes the flag
  // away is obeyed at once on every instance.
  const merchant = await tx.selectFrom('merchants').select(['id', 'kumapo_store']).where('id', '=', input.merchantId).executeTakeFirst();
  if (!merchant) throw new DomainError('not_found', 'no such merchant');
  if (merchant.kumapo_store !== 1) throw new DomainError('not_kumapo_store', 'KumaPo points cannot be spent at this shop');
  const wallet = await loadWalletPoints(deps, tx, input.walletId, input.nowMs);
  if (wallet.kind !== 'app') throw walletNotApp();
  // After the wallet's lock: a payment or a spend racing with the same token waits here and then sees it used.
  if (input.tokenId !== null) await claimToken(tx, input.tokenId, input.walletId, null, input.nowMs);
  const occurredAtMs = await recordingInstant(tx, input.terminalId, input.nowMs);

  const spendId = deps.newId();
  const entryId = deps.newId();
  const moved = await movePoints(tx, input.walletId, -input.points, input.nowMs);
  await postPointEntry(
    tx,
    { id: entryId, type: 'spend', occurredAtMs, recordedAtMs: input.nowMs, walletId: input.walletId, merchantId: input.merchantId, terminalId: input.terminalId, staffId: input.staffId, refId: spendId },
    [
      { account: pointAccount.wallet, walletId: input.walletId, points: -input.points },
      { account: pointAccount.merchant(input.merchantId), points: input.points },
    ],
  );
  await tx
    .insertInto('point_spends')
    .values({
      id: spendId,
      client_txn_id: input.clientTxnId,
      merchant_id: input.merchantId,
      terminal_id: input.terminalId,
      staff_id: input.staffId,
      wallet_id: input.walletId,
      points: input.points,
      entry_id: entryId,
      occurred_at_ms: occurredAtMs,
      recorded_at_ms: input.nowMs,
      cancelled_at_ms: null,
      channel: input.channel,
      token_id: input.tokenId,
      short_no: input.shortNo,
    })
    .execute();
  return { spendId, points: input.points, pointsAfter: moved.pointsAfter, expiresAtMs: moved.pointsAfter > 0 ? moved.expiresAtMs : null, occurredAtMs };
}

/** `POST /v1/points/spends`: the cashier reads the customer's app QR and keys the points. */
export async function spendPoints(deps: Deps, actor: TerminalActor, req: z.infer<typeof pointSpendRequest>): Promise<Replayable<z.infer<typeof pointSpendResponse>>> {
  requireRole(actor.staff?.role ?? null, 'pay');
  const nowMs = deps.clock.nowMs();
  const hash = requestHash('point_spend', req);
  const shortNo = checkShortNo(actor, req.shortNo);
  // Cards hold no points (R23): refused before anything is looked up.
  if (req.credential.type !== 'cpm') throw walletNotApp();
  const credential = await verifyOrRefusal(deps, req.credential, nowMs);
  return writeIdempotent(deps, { terminalId: actor.terminalId, clientTxnId: req.clientTxnId, hash, holdsTerminal: true }, async (tx) => {
    if (credential instanceof DomainError) throw credential;
    if (credential.type !== 'cpm') throw walletNotApp();
    const spend = await applyPointSpend(deps, tx, {
      walletId: credential.claims.walletId,
      merchantId: actor.merchantId,
      terminalId: actor.terminalId,
      staffId: actor.staff?.staffId ?? null,
      points: req.points,
      clientTxnId: req.clientTxnId,
      channel: 'cpm',
      tokenId: credential.claims.tokenId,
      shortNo,
      nowMs,
    });
    return {
      status: 201,
      body: { spendId: spend.spendId, points: spend.points, pointsAfter: spend.pointsAfter, pointsExpiresAt: spend.expiresAtMs === null ? null : toIso(spend.expiresAtMs), occurredAt: toIso(spend.occurredAtMs), shortNo },
    };
  });
}

/**
 * R23 with R14/R17/R31: a spend is cancelled like a payment — by a manager, or a cashier with a
 * manager's approval; within 8 days; once. The points go back to the wallet and roll its expiry.
 * The cap holds here too (R23's cap is per wallet, whatever the way in): a return that would
 * pass it is `points_cap_exceeded` and nothing moves.
 */
export async function cancelPointSpend(deps: Deps, actor: TerminalActor, spendId: string, req: z.infer<typeof pointSpendCancelRequest>): Promise<Replayable<z.infer<typeof pointSpendCancelResponse>>> {
  const { clientTxnId } = req;
  const { hash, shortNo, approver } = await prepareCancel(deps, actor, 'cancel_payment', { spendId }, req);
  const nowMs = deps.clock.nowMs();
  return writeIdempotent(deps, { terminalId: actor.terminalId, clientTxnId, hash, holdsTerminal: true }, async (tx) => {
    const occurredAtMs = await recordingInstant(tx, actor.terminalId, nowMs);
    const spend = await tx.selectFrom('point_spends').selectAll().where('id', '=', spendId).executeTakeFirst();
    // Another merchant's spend does not exist as far as this terminal may know.
    if (!spend || spend.merchant_id !== actor.merchantId) throw new DomainError('not_found', 'no such points spend at this shop');
    await loadWalletPoints(deps, tx, spend.wallet_id, nowMs);
    // Read again under the wallet's lock: a cancel racing on another instance has committed by now.
    const fresh = await tx.selectFrom('point_spends').select('cancelled_at_ms').where('id', '=', spendId).executeTakeFirstOrThrow();
    checkCancellable(spend.occurred_at_ms, fresh.cancelled_at_ms, nowMs);

    const points = Number(spend.points);
    const cancellationId = deps.newId();
    const entryId = deps.newId();
    const moved = await movePoints(tx, spend.wallet_id, points, nowMs);
    await postPointEntry(
      tx,
      { id: entryId, type: 'cancel_spend', occurredAtMs, recordedAtMs: nowMs, walletId: spend.wallet_id, merchantId: actor.merchantId, terminalId: actor.terminalId, staffId: actor.staff?.staffId ?? null, refId: cancellationId },
      [
        { account: pointAccount.merchant(spend.merchant_id), points: -points },
        { account: pointAccount.wallet, walletId: spend.wallet_id, points },
      ],
    );
    const marked = await tx.updateTable('point_spends').set({ cancelled_at_ms: nowMs }).where('id', '=', spendId).where('cancelled_at_ms', 'is', null).executeTakeFirst();
    // R17: the unique key on cancellations.target_id backs this up across instances.
    if (Number(marked.numUpdatedRows) !== 1) throw new DomainError('already_cancelled', 'this transaction is already cancelled');
    await tx
      .insertInto('cancellations')
      .values({ id: cancellationId, kind: 'point_spend', target_id: spendId, client_txn_id: clientTxnId, terminal_id: actor.terminalId, staff_id: actor.staff?.staffId ?? null, amount_yen: 0, written_off_yen: 0, entry_id: entryId, occurred_at_ms: occurredAtMs, short_no: shortNo, approved_by_staff_id: approver?.staffId ?? null })
      .execute();
    return { status: 200, body: { cancellationId, points, pointsAfter: moved.pointsAfter } };
  });
}

function walletNotApp(): DomainError {
  return new DomainError('wallet_not_app', 'KumaPo points are spent from the app: ask the customer to show the app’s QR');
}
