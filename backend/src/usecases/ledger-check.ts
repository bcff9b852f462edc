import { sql } from 'kysely';
import type { Store } from '../store/store';
import { BACKEND_LIMITS } from '../limits';

export type LedgerDifference =
  | { kind: 'entry_unbalanced' | 'lot_balance' | 'lot_negative' | 'debt_balance' | 'debt_negative'; id: string; expectedYen: number; actualYen: number }
  /** R23: KumaPo points are a ledger of their own, counted in points, never yen. */
  | { kind: 'point_entry_unbalanced' | 'wallet_points' | 'wallet_points_negative'; id: string; expectedPoints: number; actualPoints: number }
  /** R30 (migration 006): a terminal's row names its last close, where its payments read it. */
  | { kind: 'terminal_last_close'; id: string; expectedAtMs: number | null; actualAtMs: number | null };

/** One line for the operator: what the journal (or the closes) says against what is stored. */
export function describeDifference(d: LedgerDifference): string {
  if ('expectedYen' in d) return `${d.kind} ${d.id}: journal says ${d.expectedYen}, stored ${d.actualYen}`;
  if ('expectedPoints' in d) return `${d.kind} ${d.id}: journal says ${d.expectedPoints} pt, stored ${d.actualPoints} pt`;
  return `${d.kind} ${d.id}: its closes say ${d.expectedAtMs ?? 'none'}, stored ${d.actualAtMs ?? 'none'}`;
}

export interface LedgerReport {
  entries: number;
  postings: number;
  lots: number;
  wallets: number;
  pointEntries: number;
  pointPostings: number;
  differences: LedgerDifference[];
}

/**
 * Recomputes every balance from the journal: each entry must sum to zero, each lot's cached
 * balance must equal the sum of its postings, each wallet's debt the negated sum of its debt
 * account, and neither may be negative. R23: each points entry sums to zero too, each wallet's
 * cached points equal the sum of its wallet postings, and no wallet holds fewer than none. R30:
 * each terminal's row names the instant of its last close (the business day of every payment
 * recorded there depends on it).
 */
export async function checkLedger(store: Store): Promise<LedgerReport> {
  const db = store.read;
  const differences: LedgerDifference[] = [];
  const push = (d: LedgerDifference) => {
    if (differences.length < BACKEND_LIMITS.ledgerCheckDifferencesMax) differences.push(d);
  };
  const unbalanced = await db
    .selectFrom('postings')
    .select(['entry_id', sql<number>`sum(amount_yen)`.as('total')])
    .groupBy('entry_id')
    .having(sql`sum(amount_yen)`, '<>', 0)
    .execute();
  for (const u of unbalanced) push({ kind: 'entry_unbalanced', id: u.entry_id, expectedYen: 0, actualYen: Number(u.total) });

  const lots = await db
    .selectFrom('lots')
    .leftJoin(db.selectFrom('postings').select(['lot_id', sql<number>`sum(amount_yen)`.as('total')]).where('lot_id', 'is not', null).groupBy('lot_id').as('p'), 'p.lot_id', 'lots.id')
    .select(['lots.id', 'lots.balance_yen', 'p.total'])
    .execute();
  for (const l of lots) {
    const derived = Number(l.total ?? 0);
    if (derived !== l.balance_yen) push({ kind: 'lot_balance', id: l.id, expectedYen: derived, actualYen: l.balance_yen });
    if (l.balance_yen < 0) push({ kind: 'lot_negative', id: l.id, expectedYen: 0, actualYen: l.balance_yen });
  }

  const debts = await db
    .selectFrom('wallets')
    .leftJoin(db.selectFrom('postings').select(['account', sql<number>`sum(amount_yen)`.as('total')]).where('account', 'like', 'debt:%').groupBy('account').as('d'), (join) => join.on('d.account', '=', sql<string>`${sql.lit('debt:')} || wallets.id`))
    .select(['wallets.id', 'wallets.debt_yen', 'd.total'])
    .execute();
  for (const w of debts) {
    const derived = -Number(w.total ?? 0);
    if (derived !== w.debt_yen) push({ kind: 'debt_balance', id: w.id, expectedYen: derived, actualYen: w.debt_yen });
    if (w.debt_yen < 0) push({ kind: 'debt_negative', id: w.id, expectedYen: 0, actualYen: w.debt_yen });
  }
  await checkPoints(store, push);
  await checkLastCloses(store, push);
  const pointEntries = await db.selectFrom('point_entries').select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow();
  const pointPostings = await db.selectFrom('point_postings').select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow();
  const counts = await db.selectFrom('journal_entries').select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow();
  const postingCount = await db.selectFrom('postings').select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow();
  return { entries: Number(counts.n), postings: Number(postingCount.n), lots: lots.length, wallets: debts.length, pointEntries: Number(pointEntries.n), pointPostings: Number(pointPostings.n), differences };
}

async function checkPoints(store: Store, push: (d: LedgerDifference) => void): Promise<void> {
  const db = store.read;
  // An entry without postings (none written) balances trivially; one whose lines do not sum to 0 does not.
  const unbalanced = await db
    .selectFrom('point_postings')
    .select(['entry_id', sql<number>`sum(points)`.as('total')])
    .groupBy('entry_id')
    .having(sql`sum(points)`, '<>', 0)
    .execute();
  for (const u of unbalanced) push({ kind: 'point_entry_unbalanced', id: u.entry_id, expectedPoints: 0, actualPoints: Number(u.total) });

  const wallets = await db
    .selectFrom('wallets')
    .leftJoin(db.selectFrom('point_postings').select(['wallet_id', sql<number>`sum(points)`.as('total')]).where('wallet_id', 'is not', null).groupBy('wallet_id').as('p'), 'p.wallet_id', 'wallets.id')
    .select(['wallets.id', 'wallets.points', 'p.total'])
    .execute();
  for (const w of wallets) {
    const derived = Number(w.total ?? 0);
    const cached = Number(w.points);
    if (derived !== cached) push({ kind: 'wallet_points', id: w.id, expectedPoints: derived, actualPoints: cached });
    if (cached < 0) push({ kind: 'wallet_points_negative', id: w.id, expectedPoints: 0, actualPoints: cached });
  }
}

async function checkLastCloses(store: Store, push: (d: LedgerDifference) => void): Promise<void> {
  const db = store.read;
  const terminals = await db
    .selectFrom('terminals')
    .leftJoin(db.selectFrom('terminal_day_closes').select(['terminal_id', sql<number>`max(closed_at_ms)`.as('last')]).groupBy('terminal_id').as('c'), 'c.terminal_id', 'terminals.id')
    .select(['terminals.id', 'terminals.last_closed_at_ms', 'c.last'])
    .execute();
  for (const t of terminals) {
    const expected = t.last === null || t.last === undefined ? null : Number(t.last);
    const actual = t.last_closed_at_ms === null ? null : Number(t.last_closed_at_ms);
    if (expected !== actual) push({ kind: 'terminal_last_close', id: t.id, expectedAtMs: expected, actualAtMs: actual });
  }
}
