import type { z } from 'zod';
import { LIMITS } from '../../../common/limits';
import { toIso } from '../../../common/time';
import type { notice, noticesResponse, staticQrResponse } from '../../../common/wire/mpm';
import type { Tx } from '../store/store';
import type { Deps, TerminalActor } from './context';
import { longPoll } from './long-poll';
import { merchantOf } from './merchants';
import { signMpmQr } from './mpm-codes';
import { mpmWaiters } from './mpm-waiters';

type Notice = z.infer<typeof notice>;
type NoticesResponse = z.infer<typeof noticesResponse>;

/**
 * R28 入金通知: every MPM payment is numbered within its merchant. The number comes from the
 * merchant row, bumped in the paying unit of work: on PostgreSQL the row stays locked until
 * commit, so notices commit in number order and a terminal reading "after n" can never see
 * n+2 before n+1 is there; SQLite has one writer. Call it last in the unit of work, so the
 * merchant's lock is held for as short a time as possible.
 */
export async function writeMpmNotice(tx: Tx, merchantId: string, input: Omit<Notice, 'seq'>, nowMs: number): Promise<Notice> {
  const bumped = await tx
    .updateTable('merchants')
    .set((eb) => ({ notice_seq: eb('notice_seq', '+', 1) }))
    .where('id', '=', merchantId)
    .returning('notice_seq')
    .executeTakeFirstOrThrow();
  const written: Notice = { seq: Number(bumped.notice_seq), ...input };
  await tx
    .insertInto('merchant_notices')
    .values({
      merchant_id: merchantId,
      seq: written.seq,
      kind: written.kind,
      terminal_id: written.terminalId,
      ref_id: written.paymentId ?? written.spendId ?? written.requestId ?? '',
      amount_yen: written.amountYen ?? null,
      points: written.points ?? null,
      created_at_ms: nowMs,
      body_json: JSON.stringify(written),
    })
    .execute();
  return written;
}

async function lastNoticeSeq(deps: Deps, merchantId: string): Promise<number> {
  const row = await deps.store.read.selectFrom('merchants').select('notice_seq').where('id', '=', merchantId).executeTakeFirstOrThrow();
  return Number(row.notice_seq);
}

/**
 * R28: the merchant's notices after `after`, oldest first, a page at a time (`more` says a
 * terminal back from an outage should ask again at once). Without `after` a register starts
 * from now (no flood of old notices on a new register). An `after` beyond the last notice
 * (a restored ledger) answers none, with the last number as the cursor to go on from.
 */
export async function noticesFor(deps: Deps, actor: TerminalActor, query: { after?: number | undefined }, request: { waitMs: number; signal: AbortSignal }): Promise<NoticesResponse> {
  const after = query.after ?? (await lastNoticeSeq(deps, actor.merchantId));
  return longPoll(
    mpmWaiters(deps).notices,
    actor.merchantId,
    request,
    (lastSeq) => lastSeq === undefined || lastSeq > after,
    async () => {
      const rows = await deps.store.read
        .selectFrom('merchant_notices')
        .select(['seq', 'body_json'])
        .where('merchant_id', '=', actor.merchantId)
        .where('seq', '>', after)
        .orderBy('seq')
        .limit(LIMITS.noticesPageMax + 1)
        .execute();
      if (rows.length > 0) {
        const page = rows.slice(0, LIMITS.noticesPageMax).map((r) => JSON.parse(r.body_json) as Notice);
        return { final: true, body: { notices: page, cursor: page[page.length - 1]!.seq, more: rows.length > LIMITS.noticesPageMax } };
      }
      const lastSeq = await lastNoticeSeq(deps, actor.merchantId);
      if (after > lastSeq) return { final: true, body: { notices: [], cursor: lastSeq, more: false } };
      return { final: false, body: { notices: [], cursor: after, more: false } };
    },
  );
}

/**
 * R28 static: this register's printed store QR. One per register, so a payment by it counts in
 * that register's business day (and its 精算) like a sale made there.
 */
export async function staticQrOf(deps: Deps, actor: TerminalActor): Promise<z.infer<typeof staticQrResponse>> {
  const nowMs = deps.clock.nowMs();
  const merchant = await merchantOf(deps, actor.merchantId);
  const qr = await signMpmQr(deps, { kind: 'static', terminalId: actor.terminalId, merchantId: actor.merchantId, shopName: merchant.name }, nowMs);
  return { qr, merchantName: merchant.name };
}

/** The notice of an MPM payment as it goes on the wire (seq added when written). */
export function noticeOf(input: { kind: Notice['kind']; source: Notice['source']; terminalId: string; requestId: string | null; paymentId: string | null; spendId: string | null; amountYen?: number; points?: number; occurredAtMs: number }): Omit<Notice, 'seq'> {
  return {
    kind: input.kind,
    source: input.source,
    terminalId: input.terminalId,
    requestId: input.requestId,
    paymentId: input.paymentId,
    spendId: input.spendId,
    ...(input.amountYen !== undefined ? { amountYen: input.amountYen } : {}),
    ...(input.points !== undefined ? { points: input.points } : {}),
    occurredAt: toIso(input.occurredAtMs),
  };
}
