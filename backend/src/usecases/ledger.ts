import { assert } from '../../../common/assert';
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
  const nonZero = postings.filter((p) => p.amountYen !== 0);
  const total = nonZero.reduce((s, p) => s + p.amountYen, 0);
  assert(total === 0, `journal entry ${header.type} does not balance: ${total}`);
  assert(nonZero.every((p) => Number.isSafeInteger(p.amountYen)), 'postings are whole yen');
  await tx
    .insertInto('journal_entries')
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
    .insertInto('postings')
    .values(nonZero.map((p, i) => ({ entry_id: header.id, line_no: i + 1, account: p.lotId ? account.lot : p.account, lot_id: p.lotId ?? null, amount_yen: p.amountYen })))
    .execute();
}

/** Move a lot's cached balance together with its posting; never below zero. */
export async function addToLot(tx: Tx, lotId: string, deltaYen: number): Promise<void> {
  if (deltaYen === 0) return;
  const result = await tx
    .updateTable('lots')
    .set((eb) => ({ balance_yen: eb('balance_yen', '+', deltaYen) }))
    .where('id', '=', lotId)
    .where('balance_yen', '>=', -deltaYen)
    .executeTakeFirst();
  assert(Number(result.numUpdatedRows) === 1, `lot ${lotId} cannot move by ${deltaYen}`);
}

export async function addToDebt(tx: Tx, walletId: string, debtDeltaYen: number): Promise<void> {
  if (debtDeltaYen === 0) return;
  const result = await tx
    .updateTable('wallets')
    .set((eb) => ({ debt_yen: eb('debt_yen', '+', debtDeltaYen) }))
    .where('id', '=', walletId)
    .where('debt_yen', '>=', -debtDeltaYen)
    .executeTakeFirst();
  assert(Number(result.numUpdatedRows) === 1, `wallet ${walletId} debt cannot move by ${debtDeltaYen}`);
}
