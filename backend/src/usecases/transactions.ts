import { sql, type Expression, type Kysely, type SqlBool } from 'kysely';
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

  const paymentIds = payments.map((p) => p.id);
  const allocations = paymentIds.length ? await db.selectFrom('payment_allocations').selectAll().where('payment_id', 'in', paymentIds).orderBy('payment_id').orderBy('line_no').execute() : [];
  // R2: names as configured now, not as they were at the payment (a rename renames history).
  const labelOf = await labelsOf(db, scope.chargeMoneyLabel, allocations.map((a) => a.campaign_id));
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
  const byTime = (a: TerminalTransaction, b: TerminalTransaction) => (a.occurredAt < b.occurredAt ? -1 : a.occurredAt > b.occurredAt ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  if (limit !== undefined) return out.sort((a, b) => byTime(b, a)).slice(0, limit);
  return out.sort(byTime);
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

/** The terminal's transactions of one R30 business day (R25 per terminal), oldest first. */
export async function terminalTransactions(deps: Deps, actor: TerminalActor, businessDay: string): Promise<{ businessDay: string; transactions: TerminalTransaction[] }> {
  if (!actor.staff) throw new DomainError('unauthorized', 'a staff session is required for this action');
  const db = deps.store.read;
  const closes = await closesOf(db, actor.terminalId);
  const { startMs, endMs } = terminalBusinessDayRangeMs(businessDay, closes);
  const { chargeMoneyLabel } = await deps.settings.current();
  const transactions = await loadTransactions(db, { terminalId: actor.terminalId, fromMs: startMs, toMs: endMs, migrations: true, chargeMoneyLabel }, new Map([[actor.terminalId, closes]]));
  return { businessDay, transactions };
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
