/**
 * Issue 16: the physical limit of the schema. A card payment's statements (idempotency
 * look-up, wallet by card, lots, journal entry, postings, lot balances, payment, allocations,
 * idempotency key; usecases/payments.ts `applyPayment` inside usecases/idempotency.ts
 * `idempotent`) as raw prepared statements on one better-sqlite3 handle, one transaction per
 * payment, `synchronous = OFF`: no Kysely, no group committer, no promises, no fsync. What is
 * left is SQLite's own CPU work on our tables and indexes, so the backend's figures divided by
 * this one say how much the framework around the statements costs.
 * Left out, as they cost next to nothing or happen outside the unit of work: the day-close
 * read (recordingInstant), the savepoint, the charge-money expiry roll (one update per wallet
 * per JST day), the merchant and settings reads (cached), the request hash.
 */
import { randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import { newRowId } from '../../backend/src/ids';
import { openSqliteStore } from '../../backend/src/store/sqlite';
import { feeYenFor } from '../../backend/src/domain/fee';
import { BACKEND_LIMITS } from '../../backend/src/limits';
// The same row the backend's lots statement reads.
import type { LotRow } from '../../backend/src/usecases/wallets';
import { percentile, type LoadResult } from './http-load';

const CARDS = 200;
/** Lots per wallet: one charge lot and 2–4 limited ones, as in ceiling.ts. */
const LOTS_PER_WALLET_MAX = 5;
const LOT_YEN = 1_000_000;
const DAY_MS = 86_400_000;


interface WalletRow {
  id: string;
  kind: string;
  status: string;
  debt_yen: number;
  display_name: string;
  migrated_to: string | null;
}

/** The timed loop's figures, and its CPU time: on a shared machine wall time says more about the neighbours. */
export interface PhysicalLimit extends LoadResult {
  cpuMsPerPayment: number;
}

const placeholders = (rows: number, columns: number) => Array.from({ length: rows }, () => `(${Array.from({ length: columns }, () => '?').join(', ')})`).join(', ');

/** One statement per row count (1…max), prepared before timing starts. */
function preparedByRows(db: Database.Database, rowsMax: number, text: (rows: number) => string): Database.Statement[] {
  return Array.from({ length: rowsMax + 1 }, (_, rows) => (rows === 0 ? db.prepare('select 1') : db.prepare(text(rows))));
}

function seedCards(db: Database.Database, nowMs: number): { merchantId: string; terminalId: string; cards: string[] } {
  const merchantId = randomUUID();
  const terminalId = randomUUID();
  const campaignId = randomUUID();
  const cards: string[] = [];
  const insertLot = db.prepare('insert into lots (id, wallet_id, kind, campaign_id, balance_yen, expires_at_ms, created_at_ms) values (?, ?, ?, ?, ?, ?, ?)');
  const insertEntry = db.prepare("insert into journal_entries (id, type, occurred_at_ms, recorded_at_ms, wallet_id, ref_id) values (?, 'seed', ?, ?, ?, ?)");
  const insertPostings = db.prepare("insert into postings (entry_id, line_no, account, lot_id, amount_yen) values (?, 1, 'funding:seed', null, ?), (?, 2, 'lot', ?, ?)");
  db.transaction(() => {
    db.prepare('insert into merchants (id, name, charge_point, offline_card_payments, fee_rate_bp, created_at_ms) values (?, ?, 0, 0, 0, ?)').run(merchantId, 'physical limit', nowMs);
    db.prepare('insert into terminals (id, merchant_id, name, enrollment_code_hash, enrolled_at_ms, created_at_ms, terminal_no) values (?, ?, ?, ?, ?, ?, 1)').run(terminalId, merchantId, 'limit', `limit-${terminalId}`, nowMs, nowMs);
    db.prepare("insert into campaigns (id, name, label, kind, validity_years, validity_months, validity_days, eligible_all, created_at_ms) values (?, 'c', 'c', 'limited', 2, 0, 0, 1, ?)").run(campaignId, nowMs);
    const insertWallet = db.prepare("insert into wallets (id, kind, status, display_name, card_number, debt_yen, created_at_ms) values (?, 'card', 'active', ?, ?, 0, ?)");
    for (let i = 0; i < CARDS; i++) {
      const walletId = randomUUID();
      const cardNumber = `PHYS${String(i).padStart(5, '0')}`;
      insertWallet.run(walletId, `card ${i}`, cardNumber, nowMs);
      const lots: [string, string | null, number][] = [['charge', null, nowMs + 700 * DAY_MS]];
      for (let l = 1; l < 3 + (i % 3); l++) lots.push(['limited', campaignId, nowMs + (100 + 30 * l) * DAY_MS]);
      for (const [kind, campaign, expiresAtMs] of lots) {
        const lotId = randomUUID();
        const entryId = randomUUID();
        insertLot.run(lotId, walletId, kind, campaign, LOT_YEN, expiresAtMs, nowMs);
        insertEntry.run(entryId, nowMs, nowMs, walletId, lotId);
        insertPostings.run(entryId, -LOT_YEN, entryId, lotId, LOT_YEN);
      }
      cards.push(cardNumber);
    }
  })();
  return { merchantId, terminalId, cards };
}

/**
 * `payments` card payments one after another on a fresh file at `file`, each one transaction
 * of raw prepared statements. Answers payments/s and per-payment latency (JS included).
 */
export async function measurePhysicalLimit(file: string, payments: number, options: { paymentsPerTransaction?: number } = {}): Promise<PhysicalLimit> {
  // 1: one commit per payment. More: that many payments per commit, with no savepoint each, as
  // group commit batches them (the fairer ceiling for the group-committed figures; the writer
  // gives its units savepoints only after one needed undoing, store/group-commit.ts).
  const perTransaction = options.paymentsPerTransaction ?? 1;
  // The project's own open runs the migrations: the schema measured is the one in production.
  await (await openSqliteStore(file)).close();
  const db = new Database(file);
  try {
    db.pragma('journal_mode = WAL');
    // The limit of the statements, not of the disk.
    db.pragma('synchronous = OFF');
    // The backend's own page cache, memory map, checkpoint interval and temporary store
    // (store/sqlite.ts), so only the framework differs.
    db.pragma(`cache_size = -${BACKEND_LIMITS.sqlitePageCacheKib}`);
    db.pragma(`wal_autocheckpoint = ${BACKEND_LIMITS.sqliteWalCheckpointPages}`);
    db.pragma(`mmap_size = ${BACKEND_LIMITS.sqliteMmapBytesMax}`);
    // As the backend's writer: savepoint and statement journals stay in memory.
    db.pragma('temp_store = MEMORY');
    db.pragma('foreign_keys = ON');
    const { merchantId, terminalId, cards } = seedCards(db, Date.now());

    const findKey = db.prepare(
      "select 'online' as source, terminal_id, request_hash, status_code, response_json from idempotency_keys where client_txn_id = ? union all select 'sync' as source, terminal_id, null, null, null from sync_items where client_txn_id = ?",
    );
    const findWallet = db.prepare<[string], WalletRow>('select id, kind, status, debt_yen, display_name, migrated_to from wallets where card_number = ?');
    const loadLots = db.prepare<[string, string], LotRow>(
      'select lots.id, lots.kind, lots.campaign_id, lots.balance_yen, lots.expires_at_ms, lots.created_at_ms, campaigns.eligible_all, campaigns.label, ' +
        '(case when exists (select 1 from campaign_merchants cm where cm.campaign_id = lots.campaign_id and cm.merchant_id = ?) then 1 else 0 end) as eligible_here ' +
        'from lots left join campaigns on campaigns.id = lots.campaign_id where lots.wallet_id = ?',
    );
    const insertEntry = db.prepare("insert into journal_entries (id, type, occurred_at_ms, recorded_at_ms, wallet_id, merchant_id, terminal_id, staff_id, ref_id) values (?, 'payment', ?, ?, ?, ?, ?, ?, ?)");
    const insertPostings = preparedByRows(db, LOTS_PER_WALLET_MAX + 1, (rows) => `insert into postings (entry_id, line_no, account, lot_id, amount_yen) values ${placeholders(rows, 5)}`);
    // All the lines' balances in one statement; the guard is addToLot's (never below zero).
    const spendLots = preparedByRows(
      db,
      LOTS_PER_WALLET_MAX,
      (rows) => `update lots set balance_yen = balance_yen - v.column2 from (values ${placeholders(rows, 2)}) as v where lots.id = v.column1 and lots.balance_yen >= v.column2`,
    );
    const insertPayment = db.prepare(
      'insert into payments (id, client_txn_id, merchant_id, terminal_id, staff_id, wallet_id, amount_yen, fee_yen, entry_id, occurred_at_ms, recorded_at_ms, offline, shortfall_yen, token_id, cancelled_at_ms, short_no, cash_yen, method) ' +
        "values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 0, null, null, null, 0, 'card')",
    );
    const insertAllocations = preparedByRows(db, LOTS_PER_WALLET_MAX, (rows) => `insert into payment_allocations (payment_id, line_no, lot_id, kind, campaign_id, amount_yen, expires_at_ms) values ${placeholders(rows, 7)}`);
    const insertKey = db.prepare('insert into idempotency_keys (client_txn_id, terminal_id, request_hash, status_code, response_json, created_at_ms) values (?, ?, ?, ?, ?, ?)');
    const staffId = randomUUID();
    const requestHash = 'x'.repeat(43); // a sha256 in base64url: the size the real key stores

    const payInside = (clientTxnId: string, cardNumber: string, amountYen: number) => {
      const nowMs = Date.now();
      if (findKey.all(clientTxnId, clientTxnId).length > 0) throw new Error('physical limit: clientTxnId seen twice');
      const wallet = findWallet.get(cardNumber);
      if (!wallet || wallet.status !== 'active') throw new Error(`physical limit: no active wallet for ${cardNumber}`);
      const lots = loadLots.all(merchantId, wallet.id);
      // Allocation kept simple: earliest expiry first, as much as each eligible lot holds.
      const spendable = lots
        .filter((l) => l.balance_yen > 0 && nowMs <= l.expires_at_ms && (l.kind === 'charge' || l.eligible_all === 1 || l.eligible_here === 1))
        .sort((a, b) => a.expires_at_ms - b.expires_at_ms);
      const lines: { lot: LotRow; amountYen: number }[] = [];
      let leftYen = amountYen;
      for (const lot of spendable) {
        if (leftYen === 0) break;
        const takeYen = Math.min(leftYen, lot.balance_yen);
        lines.push({ lot, amountYen: takeYen });
        leftYen -= takeYen;
      }
      if (leftYen > 0) throw new Error(`physical limit: wallet of ${cardNumber} ran out`);

      // The backend's own row ids (time-ordered UUIDs, backend/src/ids.ts).
      const paymentId = newRowId(nowMs);
      const entryId = newRowId(nowMs);
      insertEntry.run(entryId, nowMs, nowMs, wallet.id, merchantId, terminalId, staffId, paymentId);
      const postings: (string | number | null)[] = [];
      lines.forEach((l, i) => postings.push(entryId, i + 1, 'lot', l.lot.id, -l.amountYen));
      postings.push(entryId, lines.length + 1, `merchant_payable:${merchantId}`, null, amountYen);
      insertPostings[lines.length + 1]!.run(postings);
      const spent = spendLots[lines.length]!.run(lines.flatMap((l) => [l.lot.id, l.amountYen]));
      if (spent.changes !== lines.length) throw new Error('physical limit: a lot balance would go below zero');
      insertPayment.run(paymentId, clientTxnId, merchantId, terminalId, staffId, wallet.id, amountYen, feeYenFor(amountYen, 0), entryId, nowMs, nowMs);
      insertAllocations[lines.length]!.run(lines.flatMap((l, i) => [paymentId, i + 1, l.lot.id, l.lot.kind, l.lot.campaign_id, l.amountYen, l.lot.expires_at_ms]));
      // The answer stored for a replay, in the shape the use case stores it.
      const spentById = new Map(lines.map((l) => [l.lot.id, l.amountYen]));
      const after = lots.map((l) => ({ ...l, balance_yen: l.balance_yen - (spentById.get(l.id) ?? 0) })).filter((l) => nowMs <= l.expires_at_ms);
      const response = {
        paymentId,
        status: 'approved',
        amountYen,
        allocations: lines.map((l) => ({ lotId: l.lot.id, kind: l.lot.kind, campaignId: l.lot.campaign_id, amountYen: l.amountYen, expiresAt: new Date(l.lot.expires_at_ms).toISOString(), label: l.lot.label ?? 'charge' })),
        balanceAfter: {
          totalYen: after.reduce((s, l) => s + l.balance_yen, 0),
          lots: after.map((l) => ({ lotId: l.id, kind: l.kind, campaignId: l.campaign_id, label: l.label ?? 'charge', amountYen: l.balance_yen, expiresAt: new Date(l.expires_at_ms).toISOString(), expired: false, eligible: true })),
        },
        occurredAt: new Date(nowMs).toISOString(),
        shortNo: null,
      };
      insertKey.run(clientTxnId, terminalId, requestHash, 201, JSON.stringify(response), nowMs);
    };
    const payOnce = db.transaction(payInside);

    const latencies: number[] = [];
    const cpuAtStart = process.cpuUsage();
    const started = performance.now();
    // clientTxnIds as the terminal makes them: time-ordered (common/time-ordered-uuid.ts).
    const payBatch = db.transaction((first: number, count: number) => {
      for (let i = first; i < first + count; i++) payInside(newRowId(Date.now()), cards[i % cards.length]!, 100 + (i % 900));
    });
    for (let i = 0; i < payments; i += perTransaction) {
      const count = Math.min(perTransaction, payments - i);
      const t0 = performance.now();
      if (count === 1) payOnce(newRowId(Date.now()), cards[i % cards.length]!, 100 + (i % 900));
      else payBatch(i, count);
      // Every payment of a batch is answered when its commit is done.
      const tookMs = performance.now() - t0;
      for (let k = 0; k < count; k++) latencies.push(tookMs);
    }
    const elapsedMs = performance.now() - started;
    const cpu = process.cpuUsage(cpuAtStart);
    latencies.sort((a, b) => a - b);
    return {
      count: payments,
      okCount: payments,
      elapsedMs,
      perSecond: (payments / elapsedMs) * 1000,
      p50Ms: percentile(latencies, 50),
      p99Ms: percentile(latencies, 99),
      cpuMsPerPayment: (cpu.user + cpu.system) / 1000 / payments,
    };
  } finally {
    db.close();
  }
}
