import type { z } from 'zod';
import { newTokenId } from '../../../common/cpm-token';
import { DomainError } from '../../../common/errors';
import { LIMITS } from '../../../common/limits';
import { parseReceiveQr, receiveQrSignedPart, type ReceiveQrClaims } from '../../../common/points-receive-qr';
import { toIso } from '../../../common/time';
import type { pointsTransferRequest, pointsTransferResponse, receiveQrResponse } from '../../../common/wire/points';
import type { Deps, Replayable } from './context';
import { writeIdempotent, requestHash } from './idempotency';
import { loadWalletPoints, movePoints, pointAccount, postPointEntry } from './points-ledger';

/**
 * R23 transfers between customers: the receiver's app shows a receive-QR (signed, short-lived,
 * common/points-receive-qr.ts), the sender's app reads it and sends. One transfer per QR (the
 * unique key on `point_transfers.receive_qr_id`); the receiver's cap refuses the whole transfer.
 */

/** `POST /v1/customer/points/receive-qr`: nothing is stored; the QR's id is claimed by the transfer that uses it. */
export async function issueReceiveQr(deps: Deps, walletId: string): Promise<z.infer<typeof receiveQrResponse>> {
  const nowMs = deps.clock.nowMs();
  const wallet = await deps.store.read.selectFrom('wallets').select(['kind', 'status']).where('id', '=', walletId).executeTakeFirst();
  if (!wallet || wallet.status !== 'active') throw new DomainError('forbidden', 'this wallet cannot receive points');
  if (wallet.kind !== 'app') throw new DomainError('wallet_not_app', 'KumaPo points live in the app only');
  // Whole seconds in the text; the expiry must not outlive the TTL after rounding down.
  const issuedAtMs = Math.floor(nowMs / 1000) * 1000;
  const expiresAtMs = issuedAtMs + LIMITS.pointsReceiveQrTtlMs;
  const qr = await deps.keys.signText((kid) => receiveQrSignedPart({ kid, walletId, qrId: newTokenId(), issuedAtMs, expiresAtMs }), nowMs);
  return { qr, expiresAt: toIso(expiresAtMs) };
}

/**
 * `POST /v1/customer/points/transfer`. Idempotent per clientTxnId for the sending wallet: the
 * idempotency table's `terminal_id` column holds `customer:<walletId>` (no terminal id looks
 * like it), so the same id from another wallet is `idempotency_conflict`, as from another terminal.
 * Both wallets are locked smaller id first, so A→B and B→A at once never deadlock.
 */
export async function transferPoints(deps: Deps, walletId: string, req: z.infer<typeof pointsTransferRequest>): Promise<Replayable<z.infer<typeof pointsTransferResponse>>> {
  const nowMs = deps.clock.nowMs();
  const hash = requestHash('points_transfer', req);
  const target = await verifyReceiveQr(deps, req.to, nowMs);
  if (!(target instanceof DomainError) && target.walletId === walletId) {
    throw new DomainError('invalid_request', 'points cannot be sent to the wallet that sends them', { field: 'to' });
  }
  return writeIdempotent(deps, { terminalId: customerScope(walletId), clientTxnId: req.clientTxnId, hash }, async (tx) => {
    if (target instanceof DomainError) throw target;
    const [first, second] = [walletId, target.walletId].sort();
    const locked = [await loadWalletPoints(deps, tx, first!, nowMs), await loadWalletPoints(deps, tx, second!, nowMs)];
    // Receive-QRs are made for app wallets only; a card can neither hold nor send points (R23).
    if (locked.some((w) => w.kind !== 'app')) throw new DomainError('wallet_not_app', 'KumaPo points live in the app only');
    // After the locks: a transfer with the same QR that got there first has committed by now.
    // The unique key backs this up (PostgreSQL retries a unique race and lands here).
    const used = await tx.selectFrom('point_transfers').select('id').where('receive_qr_id', '=', target.qrId).executeTakeFirst();
    if (used) throw new DomainError('token_used', 'this receive QR was already used; ask for a new one');
    const transferId = deps.newId();
    const entryId = deps.newId();
    const sent = await movePoints(tx, walletId, -req.points, nowMs);
    await movePoints(tx, target.walletId, req.points, nowMs);
    await postPointEntry(tx, { id: entryId, type: 'transfer', occurredAtMs: nowMs, recordedAtMs: nowMs, walletId, refId: transferId }, [
      { account: pointAccount.wallet, walletId, points: -req.points },
      { account: pointAccount.wallet, walletId: target.walletId, points: req.points },
    ]);
    await tx
      .insertInto('point_transfers')
      .values({ id: transferId, client_txn_id: req.clientTxnId, from_wallet_id: walletId, to_wallet_id: target.walletId, receive_qr_id: target.qrId, points: req.points, entry_id: entryId, occurred_at_ms: nowMs })
      .execute();
    return { status: 201, body: { transferId, points: req.points, pointsAfter: sent.pointsAfter, expiresAt: sent.pointsAfter > 0 ? toIso(sent.expiresAtMs) : null } };
  });
}

/** The idempotency scope of a customer's own requests (never a terminal id: those are UUIDs). */
export function customerScope(walletId: string): string {
  return `customer:${walletId}`;
}

/** Signature, not-before and expiry; a refusal is returned so it is stored under the clientTxnId. */
async function verifyReceiveQr(deps: Deps, text: string, nowMs: number): Promise<ReceiveQrClaims | DomainError> {
  const invalid = new DomainError('token_invalid', 'this is not a KumaPo receive QR');
  const parsed = parseReceiveQr(text.trim());
  if (!parsed) return invalid;
  if (!(await deps.keys.verifyText(parsed.signedText, parsed.claims.kid, parsed.signature, nowMs))) return invalid;
  if (nowMs < parsed.claims.issuedAtMs - LIMITS.cpmNotBeforeSkewMs) return invalid;
  if (nowMs >= parsed.claims.expiresAtMs) return new DomainError('token_expired', 'this receive QR has expired; ask for a new one');
  return parsed.claims;
}
