import type { z } from 'zod';
import { DomainError } from '../../../common/errors';
import type { MpmQr, StaticMpmQr } from '../../../common/mpm-qr';
import { toIso } from '../../../common/time';
import type { Role } from '../../../common/wire/admin';
import type { mpmPayRequest, mpmPayResponse, mpmPreviewResponse } from '../../../common/wire/mpm';
import type { Tx } from '../store/store';
import type { Answer, Deps, Replayable, TerminalActor } from './context';
import { recordingInstant } from './day-closes';
import { writeIdempotent, priorAnswer, requestHash, type RowsWithAnswer } from './idempotency';
import { merchantOf } from './merchants';
import { verifyMpmQr } from './mpm-codes';
import { noticeOf, writeMpmNotice } from './mpm-notices';
import { mpmStatusOf, type MpmRequestResult, type MpmRequestRow } from './mpm-requests';
import { mpmWaiters } from './mpm-waiters';
import { applyPayment } from './payments';
import { applyPointSpend } from './point-spends';
import { customerScope } from './point-transfers';

type PayRequest = z.infer<typeof mpmPayRequest>;
type PayResponse = z.infer<typeof mpmPayResponse>;

/**
 * R28: what the app shows before the customer confirms — the shop name the backend signed into
 * the QR, the amount, and (dynamic) whether the request can still be paid. Nothing about who
 * paid it: any customer may read any QR they hold.
 */
export async function previewMpm(deps: Deps, text: string): Promise<z.infer<typeof mpmPreviewResponse>> {
  const nowMs = deps.clock.nowMs();
  const qr = await verifyMpmQr(deps, text, nowMs);
  if (qr.kind === 'static') {
    await assertStaticQrLive(deps.store.read, qr);
    return { kind: 'static', merchantName: qr.shopName };
  }
  const row = await deps.store.read.selectFrom('mpm_requests').select(['merchant_id', 'status', 'expires_at_ms']).where('id', '=', qr.requestId).executeTakeFirst();
  if (!row || row.merchant_id !== qr.merchantId) throw new DomainError('not_found', 'no such payment request');
  return {
    kind: 'dynamic',
    merchantName: qr.shopName,
    ...(qr.amount.unit === 'yen' ? { amountYen: qr.amount.amountYen } : { points: qr.amount.points }),
    expiresAt: toIso(qr.expiresAtMs),
    status: mpmStatusOf(row, nowMs),
  };
}

/**
 * R28: the customer pays a shop's QR from the app. Dynamic: the request's amount, in yen (R5–R8,
 * through the same applyPayment as a CPM payment) or in points (R23), at most once and never
 * after its expiry. Static: the amount the customer typed, in yen. The payment belongs to the
 * request's register and cashier (static: the QR's register, no cashier), so history, 精算 and
 * cancel (R14–R17) treat it like a sale made there. Idempotent per (wallet, clientTxnId).
 */
export async function payMpm(deps: Deps, walletId: string, req: PayRequest): Promise<Replayable<PayResponse>> {
  const nowMs = deps.clock.nowMs();
  await deps.settings.current(nowMs);
  const qr = await verifyMpmQr(deps, req.qr, nowMs);
  checkAmount(qr, req.amountYen);
  const { feeRateBp } = await merchantOf(deps, qr.merchantId);
  const scope = { terminalId: customerScope(walletId), clientTxnId: req.clientTxnId, hash: requestHash('mpm_pay', { qr: req.qr.trim(), amountYen: req.amountYen ?? null }) };
  const answer = await writeIdempotent(deps, scope, async (tx, withAnswer): Promise<Answer<PayResponse>> => {
    if (qr.kind === 'static') return payStatic(deps, tx, walletId, qr, req, { nowMs, feeRateBp, withAnswer });
    const claimed = await claimRequest(tx, qr.requestId, qr.merchantId, nowMs);
    if (!claimed) {
      // On PostgreSQL the same clientTxnId sent twice at once waits here for its twin: its
      // answer is this one's too (the key's insert then fails and the store replays it).
      // Another request's answer under this clientTxnId is not this one's: its refusal follows.
      const twin = await priorAnswer<PayResponse>(tx, scope);
      if (twin && !(twin instanceof DomainError)) return twin;
      throw await refusalFor(tx, qr.requestId, nowMs);
    }
    return payRequest(deps, tx, walletId, claimed, qr.shopName, req.clientTxnId, { nowMs, feeRateBp, withAnswer });
  });
  const waiters = mpmWaiters(deps);
  if (qr.kind === 'dynamic') waiters.requests.notify(qr.requestId);
  waiters.notices.notify(qr.merchantId);
  return answer;
}

/** The payment's rows go with the stored answer (nothing after applyPayment reads them). */
interface PayContext {
  nowMs: number;
  feeRateBp: number;
  withAnswer: RowsWithAnswer;
}

function checkAmount(qr: MpmQr, amountYen: number | undefined): void {
  if (qr.kind === 'static') {
    if (amountYen === undefined) throw new DomainError('invalid_request', 'enter the amount to pay this shop', { field: 'amountYen' });
    return;
  }
  if (amountYen === undefined) return;
  if (qr.amount.unit === 'points' || qr.amount.amountYen !== amountYen) {
    throw new DomainError('invalid_request', 'the amount of this payment request is set by the shop', { field: 'amountYen' });
  }
}

/** The one write that makes a request paid: pending, not past its expiry, one winner. */
async function claimRequest(tx: Tx, requestId: string, merchantId: string, nowMs: number): Promise<MpmRequestRow | null> {
  const claimed = await tx
    .updateTable('mpm_requests')
    .set({ status: 'paid', closed_at_ms: nowMs })
    .where('id', '=', requestId)
    .where('merchant_id', '=', merchantId)
    .where('status', '=', 'pending')
    .where('expires_at_ms', '>=', nowMs)
    .executeTakeFirst();
  if (Number(claimed.numUpdatedRows) !== 1) return null;
  return tx.selectFrom('mpm_requests').selectAll().where('id', '=', requestId).executeTakeFirstOrThrow();
}

async function refusalFor(tx: Tx, requestId: string, nowMs: number): Promise<DomainError> {
  const row = await tx.selectFrom('mpm_requests').select(['status', 'expires_at_ms']).where('id', '=', requestId).executeTakeFirst();
  if (!row) return new DomainError('not_found', 'no such payment request');
  const status = mpmStatusOf(row, nowMs);
  if (status === 'expired') return new DomainError('mpm_request_expired', 'this payment request has expired; ask the shop for a new one');
  return new DomainError('mpm_request_closed', status === 'paid' ? 'this payment request was already paid' : 'the shop withdrew this payment request', { status });
}

async function staffActor(tx: Tx, staffId: string | null): Promise<TerminalActor['staff']> {
  if (staffId === null) return null;
  const row = await tx.selectFrom('staff').select('role').where('id', '=', staffId).executeTakeFirstOrThrow();
  return { staffId, role: row.role as Role };
}

async function payRequest(deps: Deps, tx: Tx, walletId: string, request: MpmRequestRow, shopName: string, clientTxnId: string, ctx: PayContext): Promise<Answer<PayResponse>> {
  const { nowMs } = ctx;
  if (request.points !== null) {
    const spend = await applyPointSpend(deps, tx, {
      walletId,
      merchantId: request.merchant_id,
      terminalId: request.terminal_id,
      staffId: request.staff_id,
      points: Number(request.points),
      clientTxnId,
      channel: 'mpm',
      tokenId: null,
      shortNo: request.short_no,
      nowMs,
    });
    await recordResult(tx, request.id, { spend_id: spend.spendId }, { pointsAfter: spend.pointsAfter });
    await writeMpmNotice(tx, request.merchant_id, noticeOf({ kind: 'mpm_points', source: 'dynamic', terminalId: request.terminal_id, requestId: request.id, paymentId: null, spendId: spend.spendId, points: spend.points, occurredAtMs: spend.occurredAtMs }), nowMs);
    return { status: 201, body: { kind: 'dynamic', merchantName: shopName, spendId: spend.spendId, points: spend.points, pointsAfter: spend.pointsAfter, occurredAt: toIso(spend.occurredAtMs) } };
  }
  const actor: TerminalActor = { terminalId: request.terminal_id, merchantId: request.merchant_id, terminalNo: null, staff: await staffActor(tx, request.staff_id) };
  const amountYen = Number(request.amount_yen);
  const occurredAtMs = await recordingInstant(tx, actor.terminalId, nowMs);
  const paid = await applyPayment(deps, tx, actor, { clientTxnId, amountYen, credential: { type: 'wallet', walletId }, occurredAtMs, offline: false, feeRateBp: ctx.feeRateBp, shortNo: request.short_no }, ctx.withAnswer);
  await recordResult(tx, request.id, { payment_id: paid.paymentId }, { payment: paid.response });
  await writeMpmNotice(tx, request.merchant_id, noticeOf({ kind: 'mpm_payment', source: 'dynamic', terminalId: actor.terminalId, requestId: request.id, paymentId: paid.paymentId, spendId: null, amountYen, occurredAtMs }), nowMs);
  return { status: 201, body: paidBody('dynamic', shopName, paid.paymentId, amountYen, paid.response.balanceAfter.totalYen, occurredAtMs) };
}

async function recordResult(tx: Tx, requestId: string, ids: { payment_id: string } | { spend_id: string }, result: MpmRequestResult): Promise<void> {
  await tx.updateTable('mpm_requests').set({ ...ids, result_json: JSON.stringify(result) }).where('id', '=', requestId).execute();
}

async function payStatic(deps: Deps, tx: Tx, walletId: string, qr: StaticMpmQr, req: PayRequest, ctx: PayContext): Promise<Answer<PayResponse>> {
  const { nowMs } = ctx;
  await assertStaticQrLive(tx, qr);
  // checkAmount refused a static QR without an amount before the unit of work.
  const amountYen = req.amountYen!;
  const actor: TerminalActor = { terminalId: qr.terminalId, merchantId: qr.merchantId, terminalNo: null, staff: null };
  const occurredAtMs = await recordingInstant(tx, actor.terminalId, nowMs);
  const paid = await applyPayment(deps, tx, actor, { clientTxnId: req.clientTxnId, amountYen, credential: { type: 'wallet', walletId }, occurredAtMs, offline: false, feeRateBp: ctx.feeRateBp, shortNo: null }, ctx.withAnswer);
  await writeMpmNotice(tx, qr.merchantId, noticeOf({ kind: 'mpm_payment', source: 'static', terminalId: qr.terminalId, requestId: null, paymentId: paid.paymentId, spendId: null, amountYen, occurredAtMs }), nowMs);
  return { status: 201, body: paidBody('static', qr.shopName, paid.paymentId, amountYen, paid.response.balanceAfter.totalYen, occurredAtMs) };
}

function paidBody(kind: PayResponse['kind'], merchantName: string, paymentId: string, amountYen: number, totalYenAfter: number, occurredAtMs: number): PayResponse {
  return { kind, merchantName, paymentId, amountYen, totalYenAfter, occurredAt: toIso(occurredAtMs) };
}

/** A printed store QR pays only while its register is one of the shop's and not revoked. */
async function assertStaticQrLive(db: Tx, qr: StaticMpmQr): Promise<void> {
  const terminal = await db.selectFrom('terminals').select(['merchant_id', 'revoked_at_ms']).where('id', '=', qr.terminalId).executeTakeFirst();
  if (!terminal || terminal.merchant_id !== qr.merchantId || terminal.revoked_at_ms !== null) {
    throw new DomainError('token_invalid', 'this shop QR is no longer in use; ask the shop');
  }
}
