import type { z } from 'zod';
import type { Selectable } from 'kysely';
import { DomainError } from '../../../common/errors';
import { LIMITS } from '../../../common/limits';
import { toIso } from '../../../common/time';
import type { mpmRequestCreate, mpmRequestCreated, mpmRequestView } from '../../../common/wire/mpm';
import type { paymentResponse } from '../../../common/wire/terminal';
import { requireRole } from '../domain/roles';
import type { MpmRequestsTable } from '../store/schema';
import type { Deps, Replayable, TerminalActor } from './context';
import { writeIdempotent, requestHash } from './idempotency';
import { longPoll } from './long-poll';
import { merchantOf } from './merchants';
import { signMpmQr } from './mpm-codes';
import { mpmWaiters } from './mpm-waiters';
import { checkShortNo } from './terminal-no';

type CreateRequest = z.infer<typeof mpmRequestCreate>;
type RequestView = z.infer<typeof mpmRequestView>;
export type MpmRequestRow = Selectable<MpmRequestsTable>;

/** What the paying unit of work leaves for the request's terminal (mpm_requests.result_json). */
export type MpmRequestResult = { payment: z.infer<typeof paymentResponse> } | { pointsAfter: number };

/**
 * R28 dynamic: the terminal asks for a payment of `amountYen` or of `points` (never both),
 * living `ttlMs` (at most 5 minutes, the default). The QR is signed before the unit of work
 * (crypto never runs under the write lock); a replay of the clientTxnId answers the first QR.
 */
export async function createMpmRequest(deps: Deps, actor: TerminalActor, req: CreateRequest): Promise<Replayable<z.infer<typeof mpmRequestCreated>>> {
  requireRole(actor.staff?.role ?? null, 'pay');
  const nowMs = deps.clock.nowMs();
  const shortNo = checkShortNo(actor, req.shortNo);
  const hash = requestHash('mpm_request', req);
  const merchant = await merchantOf(deps, actor.merchantId);
  // Whole seconds, as the QR carries it: the app and the backend agree to the second.
  const expiresAtMs = Math.floor((nowMs + (req.ttlMs ?? LIMITS.mpmRequestTtlMsMax)) / 1000) * 1000;
  const requestId = deps.newId();
  const amount = 'points' in req ? { unit: 'points' as const, points: req.points } : { unit: 'yen' as const, amountYen: req.amountYen };
  const qr = await signMpmQr(deps, { kind: 'dynamic', requestId, merchantId: actor.merchantId, amount, expiresAtMs, shopName: merchant.name }, nowMs);
  return writeIdempotent(deps, { terminalId: actor.terminalId, clientTxnId: req.clientTxnId, hash }, async (tx) => {
    if (amount.unit === 'points') {
      // Read in the unit of work, not from the merchant cache: the flag may have just been turned off.
      const shop = await tx.selectFrom('merchants').select('kumapo_store').where('id', '=', actor.merchantId).executeTakeFirstOrThrow();
      if (Number(shop.kumapo_store) !== 1) throw new DomainError('not_kumapo_store', 'this shop does not take KumaPo points');
    }
    await tx
      .insertInto('mpm_requests')
      .values({
        id: requestId,
        client_txn_id: req.clientTxnId,
        merchant_id: actor.merchantId,
        terminal_id: actor.terminalId,
        staff_id: actor.staff?.staffId ?? null,
        amount_yen: amount.unit === 'yen' ? amount.amountYen : null,
        points: amount.unit === 'points' ? amount.points : null,
        created_at_ms: nowMs,
        expires_at_ms: expiresAtMs,
        status: 'pending',
        closed_at_ms: null,
        payment_id: null,
        spend_id: null,
        short_no: shortNo,
        result_json: null,
      })
      .execute();
    return {
      status: 201,
      body: { requestId, qr, expiresAt: toIso(expiresAtMs), ...(amount.unit === 'yen' ? { amountYen: amount.amountYen } : { points: amount.points }) },
    };
  });
}

/** "expired" is never stored: a pending request past its expiry is expired by the clock. */
export function mpmStatusOf(row: Pick<MpmRequestRow, 'status' | 'expires_at_ms'>, nowMs: number): RequestView['status'] {
  if (row.status === 'pending') return nowMs > row.expires_at_ms ? 'expired' : 'pending';
  return row.status as RequestView['status'];
}

export function mpmRequestViewOf(row: MpmRequestRow, nowMs: number): RequestView {
  const status = mpmStatusOf(row, nowMs);
  const result = row.result_json ? (JSON.parse(row.result_json) as MpmRequestResult) : null;
  return {
    requestId: row.id,
    status,
    ...(row.amount_yen !== null ? { amountYen: row.amount_yen } : {}),
    ...(row.points !== null ? { points: row.points } : {}),
    expiresAt: toIso(row.expires_at_ms),
    ...(row.payment_id ? { paymentId: row.payment_id } : {}),
    ...(row.spend_id ? { spendId: row.spend_id } : {}),
    ...(status === 'paid' && row.closed_at_ms !== null ? { paidAt: toIso(row.closed_at_ms) } : {}),
    ...(result && 'payment' in result ? { payment: result.payment } : {}),
    ...(result && 'pointsAfter' in result ? { pointsAfter: result.pointsAfter } : {}),
  };
}

async function requestOfMerchant(deps: Deps, merchantId: string, requestId: string): Promise<MpmRequestRow> {
  const row = await deps.store.read.selectFrom('mpm_requests').selectAll().where('id', '=', requestId).executeTakeFirst();
  // Another shop's request does not exist as far as this terminal may know.
  if (!row || row.merchant_id !== merchantId) throw new DomainError('not_found', 'no such payment request at this shop');
  return row;
}

/**
 * R28: the request as it stands. With `waitMs`, a pending request is answered when it is paid,
 * withdrawn or expires, or when the wait is over (then still pending).
 */
export async function mpmRequestStatus(deps: Deps, actor: TerminalActor, requestId: string, request: { waitMs: number; signal: AbortSignal }): Promise<RequestView> {
  await requestOfMerchant(deps, actor.merchantId, requestId);
  return longPoll(
    mpmWaiters(deps).requests,
    requestId,
    request,
    (watched) => watched === undefined || watched.status !== 'pending' || deps.clock.nowMs() > watched.expiresAtMs,
    async () => {
      const view = mpmRequestViewOf(await requestOfMerchant(deps, actor.merchantId, requestId), deps.clock.nowMs());
      return { final: view.status !== 'pending', body: view };
    },
  );
}

/**
 * R28: the cashier takes back an unpaid request. A paid one cannot be (409
 * `mpm_request_closed`: cancel the payment instead); withdrawing twice, or an expired
 * request, answers the request as it is.
 */
export async function withdrawMpmRequest(deps: Deps, actor: TerminalActor, requestId: string): Promise<RequestView> {
  requireRole(actor.staff?.role ?? null, 'pay');
  const nowMs = deps.clock.nowMs();
  await requestOfMerchant(deps, actor.merchantId, requestId);
  const row = await deps.store.write(async (tx) => {
    await tx
      .updateTable('mpm_requests')
      .set({ status: 'withdrawn', closed_at_ms: nowMs })
      .where('id', '=', requestId)
      .where('status', '=', 'pending')
      .where('expires_at_ms', '>=', nowMs)
      .execute();
    const after = await tx.selectFrom('mpm_requests').selectAll().where('id', '=', requestId).executeTakeFirstOrThrow();
    if (after.status === 'paid') {
      throw new DomainError('mpm_request_closed', 'this request was already paid; cancel the payment instead', { status: 'paid', paymentId: after.payment_id, spendId: after.spend_id });
    }
    return after;
  });
  mpmWaiters(deps).requests.notify(requestId);
  return mpmRequestViewOf(row, nowMs);
}
