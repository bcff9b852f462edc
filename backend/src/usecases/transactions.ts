import { sql, type Expression, type Kysely, type Selectable, type SqlBool } from 'kysely';
import { terminalBusinessDayAt, terminalBusinessDayRangeMs, type DayClose } from '../../../common/business-day';
import { DomainError } from '../../../common/errors';
import { LIMITS } from '../../../common/limits';
import { JST_OFFSET_MS, toIso } from '../../../common/time';
import { parseTransactionQuery } from '../../../common/transaction-search';
import type { PaymentMethod, TerminalTransaction } from '../../../common/wire/terminal';
import { requireRole } from '../domain/roles';
import type { DB } from '../store/schema';
import type { Deps, TerminalActor } from './context';
import { closesOf, closesOfTerminals } from './day-closes';
import { labelsOf } from './balance-labels';

const DAY_MS = 24 * 60 * 60 * 1000;

interface Scope {
  terminalId?: string;
  merchantId?: string;
  fromMs: number;
  toMs: number;
  /** Extra condition on columns payments and charges share (amount_yen, short_no, occurred_at_ms). */
  match?: Expression<SqlBool>;
  /** The same for point spends (short_no, occurred_at_ms: they have no yen amount); 'none' leaves them out. Absent: all of them. */
  pointSpendsMatch?: Expression<SqlBool> | 'none';
  migrations: boolean;
  /** Newest first, at most this many (search); otherwise every row. */
  newestMax?: number;
  /** R2: the charge money's name now: every allocation carries its balance's name as configured. */
  chargeMoneyLabel: string;
}

/**
 * Payments, charges, point spends (and migrations) as the terminal shows them, with the issue-10 extras:
 * business day (R30), short number, method, staff name, split-sale cash (R32), the card a
 * migration came from, the manager who approved a cancel (R31), and the register.
 */
export async function loadTransactions(db: Kysely<DB>, scope: Scope, closesByTerminal?: Map<string, DayClose[]>): Promise<TerminalTransaction[]> {
  const limit = scope.newestMax;
  let pq = db.selectFrom('payments').selectAll().where('occurred_at_ms', '>=', scope.fromMs).where('occurred_at_ms', '<', scope.toMs);
  let cq = db.selectFrom('charges').selectAll().where('occurred_at_ms', '>=', scope.fromMs).where('occurred_at_ms', '<', scope.toMs);
  if (scope.terminalId) {
    pq = pq.where('terminal_id', '=', scope.terminalId);
    cq = cq.where('terminal_id', '=', scope.terminalId);
  }
  if (scope.merchantId) {
    pq = pq.where('merchant_id', '=', scope.merchantId);
    cq = cq.where('merchant_id', '=', scope.merchantId);
  }
  if (scope.match) {
    pq = pq.where(scope.match);
    cq = cq.where(scope.match);
  }
  if (limit !== undefined) {
    pq = pq.orderBy('occurred_at_ms', 'desc').orderBy('id').limit(limit);
    cq = cq.orderBy('occurred_at_ms', 'desc').orderBy('id').limit(limit);
  }
  const payments = await pq.execute();
  const charges = await cq.execute();
  const spends = await loadPointSpends(db, scope);
  let migrations: DB['migrations'][] = [];
  if (scope.migrations && scope.terminalId) {
    migrations = await db.selectFrom('migrations').selectAll().where('terminal_id', '=', scope.terminalId).where('occurred_at_ms', '>=', scope.fromMs).where('occurred_at_ms', '<', scope.toMs).execute();
  }
  const out = await describeRows(db, scope.chargeMoneyLabel, { payments, charges, migrations, spends }, closesByTerminal);
  if (limit !== undefined) return out.sort((a, b) => oldestFirst(b, a)).slice(0, limit);
  return out.sort(oldestFirst);
}

/** The rows a list is made of, as the store holds them. */
interface Rows {
  payments: Selectable<DB['payments']>[];
  charges: Selectable<DB['charges']>[];
  migrations: Selectable<DB['migrations']>[];
  spends: Selectable<DB['point_spends']>[];
}

/** Oldest first; equal instants by id, so the order is the same at every read (R30 pages rely on it). */
function oldestFirst(a: TerminalTransaction, b: TerminalTransaction): number {
  return a.occurredAt < b.occurredAt ? -1 : a.occurredAt > b.occurredAt ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** The rows as the terminal shows them (unsorted: payments, charges, migrations, point spends). */
async function describeRows(db: Kysely<DB>, chargeMoneyLabel: string, rows: Rows, closesByTerminal?: Map<string, DayClose[]>): Promise<TerminalTransaction[]> {
  const { payments, charges, migrations, spends } = rows;
  const paymentIds = payments.map((p) => p.id);
  const allocations = paymentIds.length ? await db.selectFrom('payment_allocations').selectAll().where('payment_id', 'in', paymentIds).orderBy('payment_id').orderBy('line_no').execute() : [];
  // R2: names as configured now, not as they were at the payment (a rename renames history).
  const labelOf = await labelsOf(db, chargeMoneyLabel, allocations.map((a) => a.campaign_id));
  const targetIds = [...paymentIds, ...[...charges, ...spends].filter((c) => c.cancelled_at_ms !== null).map((c) => c.id)];
  const cancels = targetIds.length ? await db.selectFrom('cancellations').select(['target_id', 'approved_by_staff_id']).where('target_id', 'in', targetIds).where('approved_by_staff_id', 'is not', null).execute() : [];
  const approvedBy = new Map(cancels.map((c) => [c.target_id, c.approved_by_staff_id!]));
  const staffIds = [...new Set([...payments, ...charges, ...migrations, ...spends].map((r) => r.staff_id).filter((x): x is string => x !== null).concat([...approvedBy.values()]))];
  const staffNames = new Map(staffIds.length ? (await db.selectFrom('staff').select(['id', 'name']).where('id', 'in', staffIds).execute()).map((s) => [s.id, s.name]) : []);
  const terminalIds = [...new Set([...payments, ...charges, ...migrations, ...spends].map((r) => r.terminal_id))];
  const terminals = new Map(terminalIds.length ? (await db.selectFrom('terminals').select(['id', 'name', 'terminal_no']).where('id', 'in', terminalIds).execute()).map((t) => [t.id, t]) : []);
  const closes = closesByTerminal ?? (await closesOfTerminals(db, terminalIds));
  const cardWalletIds = [...new Set(migrations.map((m) => m.card_wallet_id))];
  const cards = new Map(cardWalletIds.length ? (await db.selectFrom('wallets').select(['id', 'card_number']).where('id', 'in', cardWalletIds).execute()).map((w) => [w.id, w.card_number]) : []);

  const common = (r: { terminal_id: string; staff_id: string | null; occurred_at_ms: number }) => {
    const t = terminals.get(r.terminal_id);
    return {
      businessDay: terminalBusinessDayAt(r.occurred_at_ms, closes.get(r.terminal_id) ?? []),
      staffName: r.staff_id === null ? null : (staffNames.get(r.staff_id) ?? null),
      terminalId: r.terminal_id,
      terminalNo: t?.terminal_no ?? null,
      terminalName: t?.name ?? '',
    };
  };
  const approverName = (id: string) => {
    const staffId = approvedBy.get(id);
    return staffId === undefined ? null : (staffNames.get(staffId) ?? null);
  };
  const out: TerminalTransaction[] = [
    ...payments.map((p) => ({
      id: p.id,
      type: 'payment' as const,
      clientTxnId: p.client_txn_id,
      occurredAt: toIso(p.occurred_at_ms),
      amountYen: p.amount_yen,
      feeYen: p.fee_yen,
      walletId: p.wallet_id,
      staffId: p.staff_id,
      offline: p.offline === 1,
      shortfallYen: p.shortfall_yen,
      cancelled: p.cancelled_at_ms !== null,
      cancelledAt: p.cancelled_at_ms === null ? null : toIso(p.cancelled_at_ms),
      allocations: allocations
        .filter((a) => a.payment_id === p.id)
        .map((a) => {
          const kind = a.kind as 'charge' | 'limited';
          const label = labelOf(kind, a.campaign_id);
          return { lotId: a.lot_id, kind, campaignId: a.campaign_id, amountYen: a.amount_yen, expiresAt: toIso(a.expires_at_ms), ...(label === undefined ? {} : { label }) };
        }),
      ...common(p),
      shortNo: p.short_no,
      method: p.method as PaymentMethod | null,
      cashYen: p.cash_yen,
      cancelApprovedByName: approverName(p.id),
    })),
    ...charges.map((c) => ({
      id: c.id,
      type: 'charge' as const,
      clientTxnId: c.client_txn_id,
      occurredAt: toIso(c.occurred_at_ms),
      amountYen: c.amount_yen,
      bonusYen: c.bonus_yen,
      walletId: c.wallet_id,
      staffId: c.staff_id,
      offline: false,
      cancelled: c.cancelled_at_ms !== null,
      cancelledAt: c.cancelled_at_ms === null ? null : toIso(c.cancelled_at_ms),
      allocations: [],
      ...common(c),
      shortNo: c.short_no,
      method: c.method as PaymentMethod | null,
      cancelApprovedByName: approverName(c.id),
    })),
    ...migrations.map((m) => ({
      id: m.id,
      type: 'migration' as const,
      clientTxnId: m.client_txn_id,
      occurredAt: toIso(m.occurred_at_ms),
      amountYen: m.moved_yen,
      walletId: m.to_wallet_id,
      staffId: m.staff_id,
      offline: false,
      cancelled: false,
      cancelledAt: null,
      allocations: [],
      ...common(m),
      shortNo: m.short_no,
      cardNumber: cards.get(m.card_wallet_id) ?? null,
    })),
    // R23/R25: a spend of points at this shop; its yen amount is 0 (points are never yen).
    ...spends.map((s) => ({
      id: s.id,
      type: 'point_spend' as const,
      clientTxnId: s.client_txn_id,
      occurredAt: toIso(s.occurred_at_ms),
      amountYen: 0,
      points: s.points,
      walletId: s.wallet_id,
      staffId: s.staff_id,
      offline: false,
      cancelled: s.cancelled_at_ms !== null,
      cancelledAt: s.cancelled_at_ms === null ? null : toIso(s.cancelled_at_ms),
      allocations: [],
      ...common(s),
      shortNo: s.short_no,
      // The customer's QR read at the counter (CPM) or the shop's QR read by the customer (R28).
      method: (s.channel === 'mpm' ? 'mpm' : 'qr') as PaymentMethod,
      cancelApprovedByName: approverName(s.id),
    })),
  ];
  return out;
}

async function loadPointSpends(db: Kysely<DB>, scope: Scope): Promise<DB['point_spends'][]> {
  if (scope.pointSpendsMatch === 'none') return [];
  let q = db.selectFrom('point_spends').selectAll().where('occurred_at_ms', '>=', scope.fromMs).where('occurred_at_ms', '<', scope.toMs);
  if (scope.terminalId) q = q.where('terminal_id', '=', scope.terminalId);
  if (scope.merchantId) q = q.where('merchant_id', '=', scope.merchantId);
  if (scope.pointSpendsMatch) q = q.where(scope.pointSpendsMatch);
  if (scope.newestMax !== undefined) q = q.orderBy('occurred_at_ms', 'desc').orderBy('id').limit(scope.newestMax);
  return q.execute();
}

/** R30 pages: `limit` rows at most, after the row a previous page's `nextCursor` names. */
export interface TransactionsPageRequest {
  limit?: number;
  after?: string;
}

/**
 * The terminal's transactions of one R30 business day (R25 per terminal), oldest first. Without
 * `limit` and `after` the whole day, as the contract first said; with either, one page of that
 * same list and `nextCursor` while rows follow, so a busy register's day never outgrows one answer.
 */
export async function terminalTransactions(
  deps: Deps,
  actor: TerminalActor,
  businessDay: string,
  page: TransactionsPageRequest = {},
): Promise<{ businessDay: string; transactions: TerminalTransaction[]; nextCursor?: string }> {
  if (!actor.staff) throw new DomainError('unauthorized', 'a staff session is required for this action');
  // Read before anything else: a cursor we did not make is refused without a query.
  const after = page.after === undefined ? null : readCursor(page.after, businessDay);
  const db = deps.store.read;
  const closes = await closesOf(db, actor.terminalId);
  const { startMs, endMs } = terminalBusinessDayRangeMs(businessDay, closes);
  const { chargeMoneyLabel } = await deps.settings.current();
  const closesByTerminal = new Map([[actor.terminalId, closes]]);
  if (page.limit === undefined && after === null) {
    const transactions = await loadTransactions(db, { terminalId: actor.terminalId, fromMs: startMs, toMs: endMs, migrations: true, chargeMoneyLabel }, closesByTerminal);
    return { businessDay, transactions };
  }
  const limit = page.limit ?? LIMITS.terminalTransactionsPageMax;
  const { rows, last, more } = await dayPage(db, { terminalId: actor.terminalId, fromMs: startMs, toMs: endMs }, after, limit);
  const transactions = (await describeRows(db, chargeMoneyLabel, rows, closesByTerminal)).sort(oldestFirst);
  return more && last !== null ? { businessDay, transactions, nextCursor: writeCursor(businessDay, last) } : { businessDay, transactions };
}

/**
 * A row's place in the day's list: `oldestFirst` orders by instant then id, and the sort keeps
 * equal ones in the order `describeRows` lists the kinds, which `kind` numbers. The three
 * together are unique, so a page boundary falls between two rows, never inside a tie.
 */
interface Position {
  ms: number;
  id: string;
  kind: number;
}
const KIND_PAYMENT = 0;
const KIND_CHARGE = 1;
const KIND_MIGRATION = 2;
const KIND_POINT_SPEND = 3;

function comparePositions(a: Position, b: Position): number {
  if (a.ms !== b.ms) return a.ms - b.ms;
  if (a.id !== b.id) return a.id < b.id ? -1 : 1;
  return a.kind - b.kind;
}

/** `<day>.<ms>.<kind>.<id>`, base64url: opaque to clients, and only good for the day it was made for. */
function writeCursor(businessDay: string, at: Position): string {
  return Buffer.from(`${businessDay}.${at.ms}.${at.kind}.${at.id}`, 'utf8').toString('base64url');
}

const CURSOR_PATTERN = /^(\d{4}-\d{2}-\d{2})\.(\d{1,15})\.([0-3])\.(.+)$/s;

function readCursor(cursor: string, businessDay: string): Position {
  const match = CURSOR_PATTERN.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  // Base64url decoding skips what it cannot read, so only a cursor that re-encodes to itself is ours.
  const ms = match ? Number(match[2]) : NaN;
  if (!match || writeCursor(match[1]!, { ms, kind: Number(match[3]), id: match[4]! }) !== cursor || match[1] !== businessDay || !Number.isSafeInteger(ms)) {
    throw new DomainError('invalid_request', "`after` is not a cursor of this day's transactions: pass the nextCursor of the page before", { field: 'after' });
  }
  return { ms, kind: Number(match[3]), id: match[4]! };
}

interface DayScope {
  terminalId: string;
  fromMs: number;
  toMs: number;
}

/**
 * One page of the terminal's day: the first `limit` rows after `after` in the list's order, and
 * whether more follow. Each kind is read from its table ordered by instant only (the stores'
 * text orders differ, so ids are compared here, as `oldestFirst` compares them), `limit + 1`
 * rows at a time with every row of the last instant read in full (a tie is never cut): every
 * row up to the earliest of those last instants is then known, and that covers `limit + 1` rows.
 */
async function dayPage(db: Kysely<DB>, scope: DayScope, after: Position | null, limit: number): Promise<{ rows: Rows; last: Position | null; more: boolean }> {
  // Conditions on the table's own columns (one table per query, so unqualified names are safe).
  const within = (when: Expression<SqlBool> | null) => {
    const inDay = sql<SqlBool>`(terminal_id = ${scope.terminalId} and occurred_at_ms >= ${scope.fromMs} and occurred_at_ms < ${scope.toMs})`;
    return when === null ? inDay : sql<SqlBool>`(${inDay} and ${when})`;
  };
  const take = limit + 1;
  const payments = await pageOf(KIND_PAYMENT, after, take, (when, max) => {
    const q = db.selectFrom('payments').selectAll().where(within(when)).orderBy('occurred_at_ms');
    return (max === undefined ? q : q.limit(max)).execute();
  });
  const charges = await pageOf(KIND_CHARGE, after, take, (when, max) => {
    const q = db.selectFrom('charges').selectAll().where(within(when)).orderBy('occurred_at_ms');
    return (max === undefined ? q : q.limit(max)).execute();
  });
  const migrations = await pageOf(KIND_MIGRATION, after, take, (when, max) => {
    const q = db.selectFrom('migrations').selectAll().where(within(when)).orderBy('occurred_at_ms');
    return (max === undefined ? q : q.limit(max)).execute();
  });
  const spends = await pageOf(KIND_POINT_SPEND, after, take, (when, max) => {
    const q = db.selectFrom('point_spends').selectAll().where(within(when)).orderBy('occurred_at_ms');
    return (max === undefined ? q : q.limit(max)).execute();
  });
  const candidates = [...payments, ...charges, ...migrations, ...spends].sort(comparePositions);
  const chosen = candidates.slice(0, limit);
  const key = (p: Position) => `${p.kind}:${p.id}`;
  const inPage = new Set(chosen.map(key));
  const kept = <R extends { id: string }>(list: (Position & { row: R })[]) => list.filter((p) => inPage.has(key(p))).map((p) => p.row);
  return {
    rows: { payments: kept(payments), charges: kept(charges), migrations: kept(migrations), spends: kept(spends) },
    last: chosen.at(-1) ?? null,
    // With `limit + 1` read per kind, more than `limit` known rows means one is left for the next page.
    more: candidates.length > limit,
  };
}

/**
 * One kind's rows after `after`, at least the first `take` of them if there are as many, and
 * never part of an instant: the rows at `after`'s instant that come after it, then up to `take`
 * rows of later instants, completed with every row of the last instant read.
 */
async function pageOf<R extends { id: string; occurred_at_ms: number }>(
  kind: number,
  after: Position | null,
  take: number,
  read: (when: Expression<SqlBool> | null, max?: number) => Promise<R[]>,
): Promise<(Position & { row: R })[]> {
  const at = (r: R) => ({ ms: r.occurred_at_ms, id: r.id, kind, row: r });
  const sameInstant = after === null ? [] : (await read(sql<SqlBool>`occurred_at_ms = ${after.ms}`)).map(at).filter((p) => comparePositions(p, after) > 0);
  let later = await read(after === null ? null : sql<SqlBool>`occurred_at_ms > ${after.ms}`, take);
  const lastMs = later.at(-1)?.occurred_at_ms;
  if (later.length === take && lastMs !== undefined) {
    later = [...later.filter((r) => r.occurred_at_ms < lastMs), ...(await read(sql<SqlBool>`occurred_at_ms = ${lastMs}`))];
  }
  return [...sameInstant, ...later.map(at)];
}

/**
 * R31: `GET /v1/terminal/transactions/search?q=` — the merchant's payments, charges and point
 * spends of the last `transactionSearchDays` days from any of its registers, newest first. `q`
 * forms: common/transaction-search.ts; anything else is 400 `invalid_request`. A point spend has
 * no yen amount, so it is found by short number or time, never by an amount (as the terminal's
 * own journal search reads it: its amount is ¥0).
 */
export async function searchTransactions(deps: Deps, actor: TerminalActor, q: string): Promise<{ transactions: TerminalTransaction[] }> {
  requireRole(actor.staff?.role ?? null, 'report');
  const match = searchCondition(q);
  const nowMs = deps.clock.nowMs();
  if (match === 'none') return { transactions: [] };
  const { chargeMoneyLabel } = await deps.settings.current(nowMs);
  const transactions = await loadTransactions(deps.store.read, {
    chargeMoneyLabel,
    merchantId: actor.merchantId,
    fromMs: nowMs - LIMITS.transactionSearchDays * DAY_MS,
    toMs: nowMs + 1,
    match,
    pointSpendsMatch: searchCondition(q, null),
    migrations: false,
    newestMax: LIMITS.transactionSearchResultsMax,
  });
  return { transactions };
}

/**
 * The SQL condition a search text stands for (common/transaction-search.ts); 'none' where no
 * transaction can match. `amountColumn` null: rows without a yen amount (point spends), which
 * an amount never matches.
 */
export function searchCondition(raw: string, amountColumn: 'amount_yen' | null = 'amount_yen'): Expression<SqlBool> | 'none' {
  const query = parseTransactionQuery(raw);
  switch (query.kind) {
    case 'short_no':
      return sql<SqlBool>`short_no = ${query.shortNo}`;
    case 'digits': {
      const conditions: Expression<SqlBool>[] = [];
      if (query.amountYen !== null && amountColumn !== null) conditions.push(sql<SqlBool>`${sql.ref(amountColumn)} = ${query.amountYen}`);
      if (query.seq !== null) conditions.push(sql<SqlBool>`short_no like ${`%-${query.seq}`}`);
      if (conditions.length === 0) return 'none';
      return conditions.length === 1 ? conditions[0]! : sql<SqlBool>`(${conditions[0]!} or ${conditions[1]!})`;
    }
    case 'amount':
      return amountColumn === null ? 'none' : sql<SqlBool>`${sql.ref(amountColumn)} = ${query.amountYen}`;
    case 'time': {
      // The instant's time of day in JST, in ms since JST midnight (instants are after 1970).
      const ofDay = sql<number>`((occurred_at_ms + ${JST_OFFSET_MS}) % ${DAY_MS})`;
      return sql<SqlBool>`(${ofDay} >= ${query.minuteMs} and ${ofDay} < ${query.minuteMs + 60_000})`;
    }
    case 'nothing':
      return 'none';
    case 'invalid':
      throw new DomainError('invalid_request', 'search by short number (0001-000123), amount (1000, ¥1,000) or time (14:05)', { field: 'q' });
  }
}
