import { assert } from '../../../common/assert';
import type { ExpiryRoll } from '../domain/expiry';
import { rowsChanged, runCheckedUpdate, runHot, runHotInserts, type CheckedUpdate, type HotRun } from '../store/hot-sql';
import { ADD_TO_DEBT, INSERT_JOURNAL_ENTRY, INSERT_POSTINGS, MOVE_LOTS } from '../store/hot-statements';
import type { Tx } from '../store/store';

/**
 * Double entry: every movement is one journal entry whose postings sum to zero. A posting's
 * amount is value flowing INTO the account (negative = out). Accounts:
 *   lot (lot_id set)            value a wallet holds in that lot
 *   merchant_payable:<m>        what the city owes merchant m for payments taken
 *   cash:<m>                    cash taken in at charge point m (negative = cash in the till)
 *   funding:bonus               bonus given on charges (R12)
 *   funding:campaign:<c>        money granted by campaign c (R2)
 *   funding:seed                lots seeded by the admin API (data migration, tests)
 *   breakage                    value expired and written off (R4)
 *   debt:<w>                    negative while wallet w owes (R20, repaid by R13)
 * Balances are derived from postings; the cached `lots.balance_yen` and `wallets.debt_yen`
 * change only in the same transaction as their postings, and `ledger:check` proves it.
 */
export type EntryType =
  | 'payment'
  | 'charge'
  | 'cancel_payment'
  | 'cancel_charge'
  | 'migration'
  | 'grant'
  | 'expiry'
  | 'seed';

export interface Posting {
  account: string;
  lotId?: string | null;
  amountYen: number;
}

export interface EntryHeader {
  id: string;
  type: EntryType;
  occurredAtMs: number;
  recordedAtMs: number;
  walletId: string | null;
  merchantId?: string | null;
  terminalId?: string | null;
  staffId?: string | null;
  refId?: string | null;
}

export const account = {
  lot: 'lot',
  merchantPayable: (merchantId: string) => `merchant_payable:${merchantId}`,
  cash: (merchantId: string) => `cash:${merchantId}`,
  bonus: 'funding:bonus',
  campaign: (campaignId: string) => `funding:campaign:${campaignId}`,
  seed: 'funding:seed',
  breakage: 'breakage',
  debt: (walletId: string) => `debt:${walletId}`,
};

export async function postEntry(tx: Tx, header: EntryHeader, postings: readonly Posting[]): Promise<void> {
  await runHotInserts(tx, entryInserts(header, postings));
}

/**
 * The inserts that post a journal entry, for a caller that sends them with its own inserts in
 * one round trip (runHotInserts). Checks the entry balances before anything is written.
 */
export function entryInserts(header: EntryHeader, postings: readonly Posting[]): HotRun[] {
  const nonZero = postings.filter((p) => p.amountYen !== 0);
  const total = nonZero.reduce((s, p) => s + p.amountYen, 0);
  assert(total === 0, `journal entry ${header.type} does not balance: ${total}`);
  assert(nonZero.every((p) => Number.isSafeInteger(p.amountYen)), 'postings are whole yen');
  const entry: HotRun = {
    statement: INSERT_JOURNAL_ENTRY,
    params: [header.id, header.type, header.occurredAtMs, header.recordedAtMs, header.walletId, header.merchantId ?? null, header.terminalId ?? null, header.staffId ?? null, header.refId ?? null],
  };
  if (nonZero.length === 0) return [entry];
  return [entry, { statement: INSERT_POSTINGS.get(nonZero.length), params: nonZero.flatMap((p, i) => [header.id, i + 1, p.lotId ? account.lot : p.account, p.lotId ?? null, p.amountYen]) }];
}

export interface LotMove {
  lotId: string;
  deltaYen: number;
}

/**
 * Move lots' cached balances together with their postings, never below zero, and (R3) roll
 * expiries, all in one statement: a payment touches each of its lots once.
 */
export async function moveLots(tx: Tx, moves: readonly LotMove[], rolls: readonly ExpiryRoll[] = []): Promise<void> {
  const update = lotMoves(moves, rolls);
  if (update) await runCheckedUpdate(tx, update);
}

/** moveLots's one statement, for a caller that sends it with its inserts (runHotWrites); null: nothing moves. */
export function lotMoves(moves: readonly LotMove[], rolls: readonly ExpiryRoll[] = []): CheckedUpdate | null {
  const byLot = new Map<string, number>();
  for (const m of moves) byLot.set(m.lotId, (byLot.get(m.lotId) ?? 0) + m.deltaYen);
  const moving = [...byLot].filter(([, deltaYen]) => deltaYen !== 0);
  if (moving.length === 0 && rolls.length === 0) return null;
  return {
    statement: MOVE_LOTS.get(`${moving.length}:${rolls.length}`),
    params: [...moving.flat(), ...rolls.flatMap((r) => [r.lotId, r.expiresAtMs])],
    rowsExpected: new Set([...moving.map(([lotId]) => lotId), ...rolls.map((r) => r.lotId)]).size,
    failure: `lots ${moving.map(([lotId, deltaYen]) => `${lotId} by ${deltaYen}`).join(', ')} cannot move`,
  };
}

/** Move one lot's cached balance together with its posting; never below zero. */
export function addToLot(tx: Tx, lotId: string, deltaYen: number): Promise<void> {
  return moveLots(tx, [{ lotId, deltaYen }]);
}

export async function addToDebt(tx: Tx, walletId: string, debtDeltaYen: number): Promise<void> {
  if (debtDeltaYen === 0) return;
  const result = await runHot(tx, ADD_TO_DEBT, [walletId, debtDeltaYen]);
  assert(rowsChanged(result) === 1, `wallet ${walletId} debt cannot move by ${debtDeltaYen}`);
}
