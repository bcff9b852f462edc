/**
 * R26 daily close per business day (JST). 点検 (`check`): a running report, any time, resets
 * nothing; compared with the backend when it can be reached. 精算 (`close`): only online, only
 * after every offline item is synced and every unknown step settled; recorded once.
 *
 * Figures are the journal's (what this counter did); the per-value-kind split comes from the
 * backend's settlement when it answered (offline items learn their allocation only there).
 * The journal and the backend's transaction list are compared line by line by clientTxnId.
 */
import { z } from 'zod';
import { sumYen } from '../../common/money';
import type { CommandOutputs, DailyReport, DailyReportLine, Failure } from '../../common/terminal-api';
import { paymentCancelResponse, chargeCancelResponse, paymentResponse } from '../../common/wire/terminal';
import { backendFailure, failure } from './failure';
import { onlineAuth, requireOnline, requireStaff } from './guards';
import type { Enrolled, StaffSession } from './context';
import type { TxnRow } from './journal/txn-store';
import type { SettlementResponse, TransactionsResponse } from './ports';
import type { CoreServices } from './services';
import type { SyncAgent } from './sync-agent';

type ReportOutput = CommandOutputs['dailyReport'];

const storedReport = z.custom<DailyReport>((value) => typeof value === 'object' && value !== null && 'businessDay' in value);

/** Payments the shop was told "approved" (online, or offline and not rejected). */
const APPROVED_PAYMENT_STATES: ReadonlySet<TxnRow['state']> = new Set(['approved', 'pending', 'synced']);

export async function dailyReport(s: CoreServices, sync: SyncAgent, businessDay: string, mode: 'check' | 'close'): Promise<ReportOutput> {
  const guard = requireStaff(s, mode === 'close' ? 'close_day' : 'report');
  if (!guard.ok) return guard.failure;
  const { enrolled, staff } = guard.value;

  const closedJson = s.journal.dayCloses.reportJson(businessDay);
  if (closedJson !== null) return { ok: true, report: storedReport.parse(JSON.parse(closedJson)) };

  if (mode === 'close') {
    const offline = await requireOnline(s, 'Closing the day (精算)');
    if (offline) return offline;
    await sync.runOnce();
    const stats = s.journal.txns.stats();
    if (stats.pendingCount > 0 || stats.unknownCount > 0) {
      return failure('offline_refused', 'Closing the day (精算) needs every offline payment sent and every unconfirmed step checked first.', {
        reason: 'unsynced_items',
        pendingCount: stats.pendingCount,
        unknownCount: stats.unknownCount,
      });
    }
  }

  const rows = s.journal.txns.dayRows(businessDay);
  const backend = await askBackend(s, enrolled, staff, businessDay);
  if (mode === 'close' && !backend.ok) return backend.failure;
  if (!backend.ok) s.logger.warn({ businessDay, code: backend.failure.code, message: backend.failure.message }, '点検 without the backend comparison');
  const report = buildReport(s, businessDay, mode, rows, backend.ok ? backend.value : null);
  if (mode === 'close') {
    const closed = { ...report, closed: true };
    s.journal.dayCloses.record(businessDay, s.clock.nowMs(), JSON.stringify(closed));
    s.logger.info({ businessDay, differences: closed.differences.length }, 'business day closed');
    return { ok: true, report: closed };
  }
  return { ok: true, report };
}

type BackendDay = { settlement: SettlementResponse; transactions: TransactionsResponse };

async function askBackend(
  s: CoreServices,
  enrolled: Enrolled,
  staff: StaffSession,
  businessDay: string,
): Promise<{ ok: true; value: BackendDay } | { ok: false; failure: Failure }> {
  if (s.connectivity.state === 'offline') return { ok: false, failure: failure('network', 'The backend cannot be reached.') };
  const auth = onlineAuth(enrolled, staff);
  if (!auth.ok) return auth;
  const settlement = await s.backend.settlement(auth.value, businessDay);
  s.connectivity.observe(settlement);
  const transactions = settlement.kind === 'ok' ? await s.backend.transactions(auth.value, businessDay) : settlement;
  if (transactions !== settlement) s.connectivity.observe(transactions);
  if (settlement.kind === 'ok' && transactions.kind === 'ok') {
    return { ok: true, value: { settlement: settlement.value, transactions: transactions.value } };
  }
  const bad = settlement.kind !== 'ok' ? settlement : transactions;
  if (bad.kind === 'refused') return { ok: false, failure: backendFailure(bad.code, bad.message, bad.details) };
  return { ok: false, failure: failure('network', 'The backend did not answer the report request.', { reason: bad.kind === 'ok' ? '' : bad.reason }) };
}

function buildReport(s: CoreServices, businessDay: string, mode: 'check' | 'close', rows: TxnRow[], backend: BackendDay | null): DailyReport {
  const payments = rows.filter((r) => r.kind === 'payment' && APPROVED_PAYMENT_STATES.has(r.state));
  const charges = rows.filter((r) => r.kind === 'charge' && r.state === 'approved');
  const paymentCancels = rows.filter((r) => r.kind === 'payment_cancel' && r.state === 'approved');
  const chargeCancels = rows.filter((r) => r.kind === 'charge_cancel' && r.state === 'approved');
  const chargeRefundsYen = sumYen(chargeCancels.map(chargeCancelYen));
  const split = backend ? backend.settlement.paymentsByKind : journalSplit(payments);
  return {
    businessDay,
    mode,
    closed: false,
    paymentsCount: payments.length,
    paymentsYen: sumYen(payments.map((r) => r.amountYen)),
    chargesCount: charges.length,
    chargesYen: sumYen(charges.map((r) => r.amountYen)),
    bonusYen: sumYen(charges.map((r) => r.bonusYen ?? 0)),
    cancelledCount: paymentCancels.length + chargeCancels.length,
    cancelledYen: sumYen(paymentCancels.map(paymentCancelYen)) + chargeRefundsYen,
    // Cash in the drawer from charges: what was charged, less what went back over the counter (R16).
    cashCollectedYen: sumYen(charges.map((r) => r.amountYen)) - chargeRefundsYen,
    limitedYen: split.limitedYen,
    chargeMoneyYen: split.chargeYen,
    offlinePendingCount: rows.filter((r) => r.state === 'pending').length,
    differences: backend ? compareLines(s, rows, backend.transactions) : [],
    backendCompared: backend !== null,
  };
}

/** Offline: only online payments know their allocation; pending ones count in neither kind. */
function journalSplit(payments: TxnRow[]): { chargeYen: number; limitedYen: number } {
  let chargeYen = 0;
  let limitedYen = 0;
  for (const row of payments) {
    if (row.mode !== 'online' || row.resultJson === null) continue;
    const parsed = paymentResponse.safeParse(JSON.parse(row.resultJson));
    if (!parsed.success) continue;
    for (const allocation of parsed.data.allocations) {
      if (allocation.kind === 'charge') chargeYen += allocation.amountYen;
      else limitedYen += allocation.amountYen;
    }
  }
  return { chargeYen, limitedYen };
}

function paymentCancelYen(row: TxnRow): number {
  if (row.amountYen > 0 || row.resultJson === null) return row.amountYen;
  // Cancelled here, paid at another terminal of the shop (R14): the answer says how much.
  const parsed = paymentCancelResponse.safeParse(JSON.parse(row.resultJson));
  return parsed.success ? sumYen(parsed.data.restored.map((a) => a.amountYen)) : 0;
}

function chargeCancelYen(row: TxnRow): number {
  if (row.resultJson === null) return row.amountYen;
  const parsed = chargeCancelResponse.safeParse(JSON.parse(row.resultJson));
  return parsed.success ? parsed.data.refundYen : row.amountYen;
}

interface Line {
  type: string;
  amountYen: number;
  cancelled: boolean;
}

/** R26: every transaction of the day on either side, keyed by clientTxnId. */
function compareLines(s: CoreServices, rows: TxnRow[], backend: TransactionsResponse): DailyReportLine[] {
  const journalLines = new Map<string, Line>();
  for (const row of rows) {
    const counted =
      (row.kind === 'payment' && (APPROVED_PAYMENT_STATES.has(row.state) || row.state === 'rejected')) ||
      ((row.kind === 'charge' || row.kind === 'migration') && row.state === 'approved');
    if (!counted) continue;
    const cancelled = s.journal.txns.isCancelled(row);
    journalLines.set(row.clientTxnId, { type: row.kind, amountYen: row.kind === 'migration' ? movedYen(row) : row.amountYen, cancelled });
  }
  const differences: DailyReportLine[] = [];
  const seen = new Set<string>();
  for (const tx of backend.transactions) {
    const key = tx.clientTxnId;
    const mine = key === null ? undefined : journalLines.get(key);
    if (key !== null) seen.add(key);
    if (!mine) {
      differences.push({ clientTxnId: key, type: tx.type, journalYen: null, backendYen: tx.amountYen, difference: 'missing_in_journal' });
    } else if (mine.amountYen !== tx.amountYen) {
      differences.push({ clientTxnId: key, type: tx.type, journalYen: mine.amountYen, backendYen: tx.amountYen, difference: 'amount_differs' });
    } else if (mine.cancelled !== tx.cancelled) {
      differences.push({ clientTxnId: key, type: tx.type, journalYen: mine.amountYen, backendYen: tx.amountYen, difference: 'cancel_differs' });
    }
  }
  for (const [clientTxnId, mine] of journalLines) {
    if (seen.has(clientTxnId)) continue;
    differences.push({ clientTxnId, type: mine.type, journalYen: mine.amountYen, backendYen: null, difference: 'missing_on_backend' });
  }
  return differences;
}

function movedYen(row: TxnRow): number {
  if (row.resultJson === null) return 0;
  const parsed = z.object({ movedYen: z.number().int() }).safeParse(JSON.parse(row.resultJson));
  return parsed.success ? parsed.data.movedYen : 0;
}
