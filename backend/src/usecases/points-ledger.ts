import { assert } from '../../../common/assert';
import { DomainError } from '../../../common/errors';
import { LIMITS } from '../../../common/limits';
import { pointsExpiryAfterActivity, pointsLapsed } from '../domain/points';
import { forUpdate, type Tx } from '../store/store';
import type { Deps } from './context';

/**
 * KumaPo points (R23) are a ledger of their own, kept apart from yen: every movement is one
 * `point_entries` row whose `point_postings` sum to zero. A posting is points flowing INTO the
 * account (negative = out). Accounts:
 *   wallet (wallet_id set)     points a wallet holds
 *   event:<id>                 points handed out by an event QR
 *   bus                        points earned on the city's buses (R24)
 *   merchant:<m>               points spent at KumaPo store m (no fee, never paid out in yen)
 *   expired                    points that lapsed (R23: one year after the last activity)
 * Transfers move points wallet to wallet. The cached `wallets.points` and
 * `wallets.points_expires_at_ms` change only in the same transaction as their postings, and
 * `ledger:check` proves the cache equals the sum of the wallet's postings.
 */
export type PointEntryType = 'claim' | 'bus' | 'transfer' | 'spend' | 'cancel_spend' | 'expiry';

export const pointAccount = {
  wallet: 'wallet',
  event: (eventId: string) => `event:${eventId}`,
  bus: 'bus',
  merchant: (merchantId: string) => `merchant:${merchantId}`,
  expired: 'expired',
};

export interface PointPosting {
  account: string;
  walletId?: string | null;
  points: number;
}

export interface PointEntryHeader {
  id: string;
  type: PointEntryType;
  occurredAtMs: number;
  recordedAtMs: number;
  walletId: string | null;
  merchantId?: string | null;
  terminalId?: string | null;
  staffId?: string | null;
  refId?: string | null;
}

export async function postPointEntry(tx: Tx, header: PointEntryHeader, postings: readonly PointPosting[]): Promise<void> {
  const nonZero = postings.filter((p) => p.points !== 0);
  const total = nonZero.reduce((s, p) => s + p.points, 0);
  assert(total === 0, `points entry ${header.type} does not balance: ${total}`);
  assert(nonZero.every((p) => Number.isSafeInteger(p.points)), 'postings are whole points');
  await tx
    .insertInto('point_entries')
    .values({
      id: header.id,
      type: header.type,
      occurred_at_ms: header.occurredAtMs,
      recorded_at_ms: header.recordedAtMs,
      wallet_id: header.walletId,
      merchant_id: header.merchantId ?? null,
      terminal_id: header.terminalId ?? null,
      staff_id: header.staffId ?? null,
      ref_id: header.refId ?? null,
    })
    .execute();
  if (nonZero.length === 0) return;
  await tx
    .insertInto('point_postings')
    .values(nonZero.map((p, i) => ({ entry_id: header.id, line_no: i + 1, account: p.walletId ? pointAccount.wallet : p.account, wallet_id: p.walletId ?? null, points: p.points })))
    .execute();
}

export interface WalletPoints {
  walletId: string;
  kind: 'app' | 'card';
  status: string;
  points: number;
  /** Null while the wallet has never had points activity. */
  expiresAtMs: number | null;
}

/**
 * The wallet's points, locked for the unit of work on PostgreSQL (so two transfers or claims on
 * one wallet run one after the other), with a lapsed balance written off first (R23: the lazy
 * path; the sweep does the same for wallets nobody touches).
 */
export async function loadWalletPoints(deps: Pick<Deps, 'store' | 'newId'>, tx: Tx, walletId: string, nowMs: number): Promise<WalletPoints> {
  const row = await forUpdate(deps.store, tx.selectFrom('wallets').select(['id', 'kind', 'status', 'points', 'points_expires_at_ms']).where('id', '=', walletId)).executeTakeFirst();
  if (!row) throw new DomainError('not_found', 'no such wallet');
  const wallet: WalletPoints = { walletId: row.id, kind: row.kind as 'app' | 'card', status: row.status, points: Number(row.points), expiresAtMs: row.points_expires_at_ms === null ? null : Number(row.points_expires_at_ms) };
  if (wallet.points > 0 && pointsLapsed(wallet.expiresAtMs, nowMs)) {
    await writeOffLapsedPoints(deps, tx, wallet, nowMs);
    return { ...wallet, points: 0 };
  }
  return wallet;
}

/** R23: a lapsed balance leaves the wallet whole, into `expired`, dated when it is written off. */
export async function writeOffLapsedPoints(deps: Pick<Deps, 'newId'>, tx: Tx, wallet: WalletPoints, nowMs: number): Promise<number> {
  assert(wallet.points > 0 && pointsLapsed(wallet.expiresAtMs, nowMs), 'only a lapsed balance is written off');
  const entryId = deps.newId();
  await postPointEntry(tx, { id: entryId, type: 'expiry', occurredAtMs: wallet.expiresAtMs ?? nowMs, recordedAtMs: nowMs, walletId: wallet.walletId }, [
    { account: pointAccount.wallet, walletId: wallet.walletId, points: -wallet.points },
    { account: pointAccount.expired, points: wallet.points },
  ]);
  const result = await tx.updateTable('wallets').set({ points: 0 }).where('id', '=', wallet.walletId).where('points', '=', wallet.points).executeTakeFirst();
  assert(Number(result.numUpdatedRows) === 1, `wallet ${wallet.walletId} points moved under the write-off`);
  return wallet.points;
}

/**
 * Move a wallet's cached points with its posting, and roll the expiry (R23: every activity
 * rolls it). Refuses below zero (`points_insufficient`) and above the cap
 * (`points_cap_exceeded`); the guard is in the UPDATE itself, so it holds under concurrency
 * on either store. Returns the balance after.
 */
export async function movePoints(tx: Tx, walletId: string, delta: number, nowMs: number): Promise<{ pointsAfter: number; expiresAtMs: number }> {
  assert(Number.isSafeInteger(delta) && delta !== 0, 'a points move is a whole non-zero number');
  const expiresAtMs = pointsExpiryAfterActivity(nowMs);
  const result = await tx
    .updateTable('wallets')
    .set((eb) => ({ points: eb('points', '+', delta), points_expires_at_ms: expiresAtMs }))
    .where('id', '=', walletId)
    .where('points', '>=', Math.max(0, -delta))
    .where('points', '<=', LIMITS.pointsWalletMax - Math.max(0, delta))
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1) {
    const row = await tx.selectFrom('wallets').select('points').where('id', '=', walletId).executeTakeFirst();
    const have = Number(row?.points ?? 0);
    if (delta < 0) throw new DomainError('points_insufficient', 'not enough points', { pointsAvailable: have });
    throw new DomainError('points_cap_exceeded', `a wallet holds at most ${LIMITS.pointsWalletMax} points`, { pointsMax: LIMITS.pointsWalletMax, pointsRoom: Math.max(0, LIMITS.pointsWalletMax - have) });
  }
  const after = await tx.selectFrom('wallets').select('points').where('id', '=', walletId).executeTakeFirstOrThrow();
  return { pointsAfter: Number(after.points), expiresAtMs };
}
