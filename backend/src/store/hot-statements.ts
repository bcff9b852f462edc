import { HotSqlShapes, hotSql, hotSqlByDialect, valuesRows, type HotStatement } from './hot-sql';

/**
 * The statements of the payment path (pay → writeIdempotent → applyPayment), and of the ledger
 * helpers every movement shares, as hand-written SQL (why: store/hot-sql.ts). One text serves
 * both stores except where PostgreSQL takes a row lock. Money and instants are bigint columns:
 * PostgreSQL's int8 parser (store/postgres.ts) and better-sqlite3 both return them as numbers.
 */

// Idempotency (usecases/idempotency.ts). One round trip for both questions: answered online
// before, or taken by an offline item (sync).
const PRIOR_ANSWER_ROWS = `select 'online' as source, terminal_id, request_hash, status_code, response_json from idempotency_keys where client_txn_id = $1
     union all
     select 'sync' as source, terminal_id, null, null, null from sync_items where client_txn_id = $1`;
export const PRIOR_ANSWER = hotSql(PRIOR_ANSWER_ROWS);
// For a unit of work that records at its terminal's instant (writeIdempotent's `holdsTerminal`):
// the same question, asked by the statement that also reads the terminal's last close and, on
// PostgreSQL, share-locks the terminal (TERMINAL_LAST_CLOSE says why that read is safe there);
// one row with a null source when there is no prior answer, none when there is no such terminal.
// The prior answers do not refer to the terminal, so SQLite needs no lateral join.
export const PRIOR_ANSWER_HOLDING_TERMINAL = hotSqlByDialect({
  postgres: `select held.last_closed_at_ms, prior.source, prior.terminal_id, prior.request_hash, prior.status_code, prior.response_json
   from (select id, last_closed_at_ms from terminals where id = $2 for share) held
   left join lateral (${PRIOR_ANSWER_ROWS}) prior on true`,
  sqlite: `select held.last_closed_at_ms, prior.source, prior.terminal_id, prior.request_hash, prior.status_code, prior.response_json
   from (select id, last_closed_at_ms from terminals where id = $2) held
   left join (${PRIOR_ANSWER_ROWS}) prior on 1 = 1`,
});
export const INSERT_IDEMPOTENCY_KEY = hotSql(
  'insert into idempotency_keys (client_txn_id, terminal_id, request_hash, status_code, response_json, created_at_ms) values ($1, $2, $3, $4, $5, $6)',
);

// Business day (usecases/day-closes.ts): the terminal's last close, read from its row by the
// statement that share-locks it (PostgreSQL; SQLite's single writer already orders a close and
// a payment). A statement that waited for the lock reads the row as the close that held it
// committed it (READ COMMITTED re-reads a locked row), and the close writes this column in its
// unit of work (migration 006), so no close can be missed.
export const TERMINAL_LAST_CLOSE = hotSqlByDialect({
  postgres: 'select last_closed_at_ms as at from terminals where id = $1 for share',
  sqlite: 'select last_closed_at_ms as at from terminals where id = $1',
});

// Wallets (usecases/wallets.ts): `locked` takes PostgreSQL's row lock for the unit of work.
function walletBy(column: 'id' | 'card_number' | 'nfc_uid'): { locked: HotStatement; plain: HotStatement } {
  const text = `select id, kind, status, debt_yen, display_name, migrated_to from wallets where ${column} = $1`;
  return { locked: hotSqlByDialect({ postgres: `${text} for update`, sqlite: text }), plain: hotSql(text) };
}
export const WALLET_BY = { id: walletBy('id'), cardNumber: walletBy('card_number'), nfcUid: walletBy('nfc_uid') };

function lotsOfWallet(walletIs: string): HotStatement {
  return hotSql(
    `select lots.id, lots.kind, lots.campaign_id, lots.balance_yen, lots.expires_at_ms, lots.created_at_ms, campaigns.eligible_all, campaigns.label,
     (case when exists (select 1 from campaign_merchants cm where cm.campaign_id = lots.campaign_id and cm.merchant_id = $2) then 1 else 0 end) as eligible_here
   from lots left join campaigns on campaigns.id = lots.campaign_id
   where lots.wallet_id = ${walletIs}`,
  );
}
/** $1 wallet id, $2 merchant id ('' for none): eligibility is asked for this merchant only. */
export const WALLET_LOTS = lotsOfWallet('$1');
/**
 * The same, the wallet named as WALLET_BY names it ($1 its id, card number or chip UID), so the
 * lots can be asked in the same pipeline as the wallet's lock (usecases/wallets.ts).
 */
export const WALLET_LOTS_BY = {
  id: WALLET_LOTS,
  cardNumber: lotsOfWallet('(select id from wallets where card_number = $1)'),
  nfcUid: lotsOfWallet('(select id from wallets where nfc_uid = $1)'),
};

// Ledger (usecases/ledger.ts).
export const INSERT_JOURNAL_ENTRY = hotSql(
  'insert into journal_entries (id, type, occurred_at_ms, recorded_at_ms, wallet_id, merchant_id, terminal_id, staff_id, ref_id) values ($1, $2, $3, $4, $5, $6, $7, $8, $9)',
);
/** Keyed by line count; per line: entry_id, line_no, account, lot_id, amount_yen. */
export const INSERT_POSTINGS = new HotSqlShapes<number>((lines) => `insert into postings (entry_id, line_no, account, lot_id, amount_yen) values ${valuesRows(lines, 5)}`);

/**
 * Every lot a movement touches, in one statement. Keyed `moves:rolls`; parameters are the
 * moves as (lot id, delta yen) pairs, then the expiry rolls as (lot id, expires at) pairs.
 * The guard keeps a balance from going below zero: a lot that would is not updated, and the
 * caller's row count check fails the unit of work. Deltas are cast because PostgreSQL cannot
 * type a bare parameter inside `case`.
 */
export const MOVE_LOTS = new HotSqlShapes<string>((key) => {
  const [moves, rolls] = key.split(':').map(Number) as [number, number];
  const moveIds = Array.from({ length: moves }, (_, i) => `$${2 * i + 1}`);
  const rollIds = Array.from({ length: rolls }, (_, i) => `$${2 * moves + 2 * i + 1}`);
  const delta = `case id ${moveIds.map((id, i) => `when ${id} then cast($${2 * i + 2} as bigint)`).join(' ')} else 0 end`;
  const expiry = `case id ${rollIds.map((id, i) => `when ${id} then cast($${2 * moves + 2 * i + 2} as bigint)`).join(' ')} else expires_at_ms end`;
  const sets = [...(moves > 0 ? [`balance_yen = balance_yen + ${delta}`] : []), ...(rolls > 0 ? [`expires_at_ms = ${expiry}`] : [])];
  const guard = moves > 0 ? ` and balance_yen + ${delta} >= 0` : '';
  return `update lots set ${sets.join(', ')} where id in (${[...moveIds, ...rollIds].join(', ')})${guard}`;
});

export const ADD_TO_DEBT = hotSql('update wallets set debt_yen = debt_yen + cast($2 as bigint) where id = $1 and debt_yen >= -cast($2 as bigint)');

// Payments (usecases/payments.ts).
/** R22: the unique key is what stops a second use, even from another instance. */
export const CLAIM_TOKEN = hotSql('insert into used_tokens (token_id, wallet_id, payment_id, used_at_ms) values ($1, $2, $3, $4) on conflict (token_id) do nothing');
export const INSERT_PAYMENT = hotSql(
  `insert into payments (id, client_txn_id, merchant_id, terminal_id, staff_id, wallet_id, amount_yen, fee_yen, entry_id, occurred_at_ms, recorded_at_ms,
     offline, shortfall_yen, token_id, cancelled_at_ms, short_no, cash_yen, method)
   values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, null, $15, $16, $17)`,
);
/** Keyed by line count; per line: payment_id, line_no, lot_id, kind, campaign_id, amount_yen, expires_at_ms. */
export const INSERT_PAYMENT_ALLOCATIONS = new HotSqlShapes<number>(
  (lines) => `insert into payment_allocations (payment_id, line_no, lot_id, kind, campaign_id, amount_yen, expires_at_ms) values ${valuesRows(lines, 7)}`,
);
