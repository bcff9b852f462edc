/**
 * R26/R30/R33 daily close per business day. 点検 (`check`): a running report, any time, resets
 * nothing; compared with the backend when it can be reached. 精算 (`close`): only online, only
 * after every offline item is synced and every unknown step settled, only once every
 * difference is acknowledged by the manager; recorded once, on the backend
 * (`POST /v1/terminal/settlement/close`) and here.
 *
 * R30: a business day is the interval of time between closes (common/business-day.ts): after
 * 精算 of day D, the next transaction (a cancel of an earlier payment too) belongs to D+1. A
 * closed day's report is the one stored at its close.
 *
 * Figures are the journal's (what this counter did); the per-value-kind split comes from the
 * backend's settlement when it answered (offline items learn their allocation only there).
 * The journal and the backend's transaction list are compared line by line by clientTxnId.
 */
import { z } from 'zod';
import { sumYen } from '../../common/money';
import type { CommandOutputs, DailyReport, DailyReportLine, Failure } from '../../common/terminal-api';
import { toIso } from '../../common/time';
import { paymentCancelResponse, chargeCancelResponse, paymentResponse } from '../../common/wire/terminal';
import type { Allocation } from '../../common/wire/primitives';
import { backendFailure, failure } from './failure';
import { onlineAuth, requireOnline, requireStaff } from './guards';
import type { Enrolled, StaffSession } from './context';
import { labelled, migratedYen } from './history';
import { learnLabels, relabelAll, relabelled } from './balance-labels';
import { balanceFigures, type BalanceFigureLine } from '../../common/balance-figures';
import type { TxnRow } from './journal/txn-store';
import type { BackendAuth, SettlementResponse, TransactionsResponse } from './ports';
import type { CoreServices } from './services';
import type { SyncAgent } from './sync-agent';

type ReportOutput = CommandOutputs['dailyReport'];

const storedReport = z.custom<DailyReport>((value) => typeof value === 'object' && value !== null && 'businessDay' in value);

/** Payments the shop was told "approved" (online, or offline and not rejected). */
const APPROVED_PAYMENT_STATES: ReadonlySet<TxnRow['state']> = new Set(['approved', 'pending', 'synced']);

/** R33: the identity of a difference, sent back in `acknowledged` to close the day. */
export function differenceKey(line: Pick<DailyReportLine, 'difference' | 'clientTxnId' | 'type'>): string {
  return `${line.difference}:${String(line.clientTxnId)}:${line.type}`;
}

export async function dailyReport(
  s: CoreServices,
  sync: SyncAgent,
  businessDay: string,
  mode: 'check' | 'close',
  acknowledged: readonly string[] = [],
): Promise<ReportOutput> {
  const guard = requireStaff(s, mode === 'close' ? 'close_day' : 'report');
  if (!guard.ok) return guard.failure;
  const { enrolled, staff } = guard.value;

  const stored = closedReport(s, businessDay);
  if (stored) return { ok: true, report: stored };

  if (mode === 'close') {
    const current = s.journal.txns.businessDayAt(s.clock.nowMs());
    if (businessDay > current) {
      return failure('invalid_request', 'A business day after the current one cannot be closed.', { reason: 'future_day', currentBusinessDay: current });
    }
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
  // R2: the names the backend gives now name this report's lines (and history's from now on).
  if (backend.ok) learnLabels(s, [...backend.value.transactions.transactions.flatMap((tx) => tx.allocations), ...(backend.value.settlement.paymentsByBalance ?? [])]);
  const report = buildReport(s, businessDay, mode, rows, backend.ok ? backend.value : null);
  if (mode === 'check' || !backend.ok) {
    // R29: the day's latest 点検 is kept as a slip, printed only when someone asks (印刷).
    return { ok: true, report: { ...report, slipId: s.receipts.keepReport(report, staff.name).slipId } };
  }

  const auth = onlineAuth(enrolled, staff);
  if (!auth.ok) return auth.failure;
  // Closed on the backend already (an earlier 精算 whose answer was lost): record it here too.
  if (backend.value.settlement.closed === true) return recordClose(s, report, backend.value.settlement, staff);

  // R33: every difference is looked at and acknowledged by the manager before the day closes.
  const acknowledgedKeys = new Set(acknowledged);
  const unacknowledged = report.differences.filter((d) => !acknowledgedKeys.has(d.key ?? differenceKey(d)));
  if (unacknowledged.length > 0) {
    return failure('approval_required', 'The journal and the backend differ: a manager must look at each difference and acknowledge it before 精算.', {
      reason: 'differences_unacknowledged',
      differences: report.differences,
      unacknowledgedKeys: unacknowledged.map((d) => d.key ?? differenceKey(d)),
    });
  }
  const closed = await s.backend.closeDay(auth.value, {
    businessDay,
    acknowledgements: report.differences.map((d) => ({
      clientTxnId: d.clientTxnId,
      type: d.type,
      journalYen: d.journalYen,
      backendYen: d.backendYen,
      difference: d.difference,
    })),
  });
  s.connectivity.observe(closed);
  if (closed.kind === 'ok') return recordClose(s, report, closed.value, staff);
  if (closed.kind === 'refused' && closed.code === 'day_closed') {
    // Idempotent close: the backend has it (this terminal's earlier try, answer lost). Its
    // stored figures say who closed it and when; the journal records the close too.
    const storedFigures = await fetchSettlement(s, auth.value, businessDay);
    if (!storedFigures.ok) return storedFigures.failure;
    return recordClose(s, report, storedFigures.value, staff);
  }
  if (closed.kind === 'refused') return backendFailure(closed.code, closed.message, closed.details);
  // Not known whether it closed: nothing is recorded here; asking again answers `day_closed` if it did.
  return failure('network', 'The backend did not confirm 精算. Try again: a day closes only once.', { reason: closed.reason });
}

/** A closed day's report as stored at its close, with where the next transaction goes now. */
function closedReport(s: CoreServices, businessDay: string): DailyReport | null {
  const json = s.journal.dayCloses.reportJson(businessDay);
  if (json === null) return null;
  const report = storedReport.parse(JSON.parse(json));
  return {
    ...report,
    // R2: the closed amounts, under the names learnt last (a rename after the close shows).
    ...(report.balances ? { balances: relabelAll(s, report.balances) } : {}),
    currentBusinessDay: s.journal.txns.businessDayAt(s.clock.nowMs()),
    slipId: s.receipts.reportSlipId('close', businessDay),
  };
}

/**
 * The close, on disk. Its instant is this terminal's clock at recording: every journal row
 * before it is of the closed day and every row after of the next, by the terminal's own clock
 * (the backend does the same by its clock), so the two sides split the day at the same point
 * of the counter's sequence of steps.
 */
function recordClose(s: CoreServices, report: DailyReport, settlement: SettlementResponse, staff: StaffSession): ReportOutput {
  // Never before an earlier close (a clock set back): business days only go forward (R30).
  const nowMs = Math.max(s.clock.nowMs(), ...s.journal.dayCloses.all().map((c) => c.closedAtMs));
  const closedByName = settlement.closedByName ?? staff.name;
  const byKey = new Map((settlement.acknowledgements ?? []).map((a) => [differenceKey(a), a.acknowledgedByName]));
  const closed: DailyReport = {
    ...report,
    mode: 'close',
    closed: true,
    closedAt: settlement.closedAt ?? toIso(nowMs),
    closedByName,
    differences: report.differences.map((d) => ({ ...d, acknowledgedByName: byKey.get(d.key ?? differenceKey(d)) ?? closedByName })),
  };
  s.journal.dayCloses.record(report.businessDay, nowMs, JSON.stringify(closed), closedByName);
  s.logger.info({ businessDay: report.businessDay, differences: closed.differences.length }, 'business day closed');
  // R29: the 精算 slip is kept once and its shop copy prints when the close completes.
  const slip = s.receipts.keepReport(closed, staff.name);
  if (slip.created) s.receipts.printNew(slip.slipId);
  s.statusChanged();
  return { ok: true, report: closedReport(s, report.businessDay) ?? closed };
}

type BackendDay = { settlement: SettlementResponse; transactions: TransactionsResponse };

async function fetchSettlement(s: CoreServices, auth: BackendAuth, businessDay: string): Promise<{ ok: true; value: SettlementResponse } | { ok: false; failure: Failure }> {
  const outcome = await s.backend.settlement(auth, businessDay);
  s.connectivity.observe(outcome);
  if (outcome.kind === 'ok') return { ok: true, value: outcome.value };
  if (outcome.kind === 'refused') return { ok: false, failure: backendFailure(outcome.code, outcome.message, outcome.details) };
  return { ok: false, failure: failure('network', 'The backend did not answer the report request.', { reason: outcome.reason }) };
}

async function askBackend(
  s: CoreServices,
  enrolled: Enrolled,
  staff: StaffSession,
  businessDay: string,
): Promise<{ ok: true; value: BackendDay } | { ok: false; failure: Failure }> {
  if (s.connectivity.state === 'offline') return { ok: false, failure: failure('network', 'The backend cannot be reached.') };
  const auth = onlineAuth(enrolled, staff);
  if (!auth.ok) return auth;
  const settlement = await fetchSettlement(s, auth.value, businessDay);
  if (!settlement.ok) return settlement;
  const transactions = await s.backend.transactions(auth.value, businessDay);
  s.connectivity.observe(transactions);
  if (transactions.kind === 'ok') return { ok: true, value: { settlement: settlement.value, transactions: transactions.value } };
  if (transactions.kind === 'refused') return { ok: false, failure: backendFailure(transactions.code, transactions.message, transactions.details) };
  return { ok: false, failure: failure('network', 'The backend did not answer the report request.', { reason: transactions.reason }) };
}

function buildReport(s: CoreServices, businessDay: string, mode: 'check' | 'close', rows: TxnRow[], backend: BackendDay | null): DailyReport {
  const payments = rows.filter((r) => r.kind === 'payment' && APPROVED_PAYMENT_STATES.has(r.state));
  const charges = rows.filter((r) => r.kind === 'charge' && r.state === 'approved');
  const migrations = rows.filter((r) => r.kind === 'migration' && r.state === 'approved');
  // Cancels made here this business day (whenever and wherever the original was made, R30/R31).
  const paymentCancels = rows.filter((r) => r.kind === 'payment_cancel' && r.state === 'approved');
  const chargeCancels = rows.filter((r) => r.kind === 'charge_cancel' && r.state === 'approved');
  const paymentsYen = sumYen(payments.map((r) => r.amountYen));
  const chargesYen = sumYen(charges.map((r) => r.amountYen));
  const cancelledPaymentsYen = sumYen(paymentCancels.map(paymentCancelYen));
  const chargeRefundsYen = sumYen(chargeCancels.map(chargeCancelYen));
  const cashSales = payments.filter((r) => (r.cashYen ?? 0) > 0);
  const cashSalesYen = sumYen(cashSales.map((r) => r.cashYen ?? 0));
  // R32/R16: cash handed back over this counter: charge refunds and split-sale cash parts.
  const cashReturnedYen = chargeRefundsYen + sumYen(paymentCancels.map((r) => r.cashYen ?? 0));
  const split = journalSplit(s, payments, backend);
  // R23: points spent here (CPM and points MPM) and the spend cancels made here, never yen.
  const spends = rows.filter((r) => r.kind === 'point_spend' && r.state === 'approved');
  const spendCancels = rows.filter((r) => r.kind === 'point_spend_cancel' && r.state === 'approved');
  const spendPoints = sumPoints(spends);
  const cancelPoints = sumPoints(spendCancels);
  // R28: the MPM part of the payments (a request shown here, or this register's store QR).
  const mpm = payments.filter((r) => r.method === 'mpm');
  const mpmStatic = mpm.filter((r) => r.mpmSource === 'static');
  return {
    businessDay,
    mode,
    closed: false,
    paymentsCount: payments.length,
    paymentsYen,
    chargesCount: charges.length,
    chargesYen,
    bonusYen: sumYen(charges.map((r) => r.bonusYen ?? 0)),
    cancelledCount: paymentCancels.length + chargeCancels.length,
    cancelledYen: cancelledPaymentsYen + chargeRefundsYen,
    // Cash in the drawer from charges: what was charged, less what went back over the counter (R16).
    cashCollectedYen: chargesYen - chargeRefundsYen,
    limitedYen: split.limitedYen,
    chargeMoneyYen: split.chargeYen,
    balances: split.balances,
    offlinePendingCount: rows.filter((r) => r.state === 'pending').length,
    differences: backend ? compareLines(s, rows, backend.transactions) : [],
    backendCompared: backend !== null,
    cancelledPaymentsCount: paymentCancels.length,
    cancelledPaymentsYen,
    netPaymentsYen: paymentsYen - cancelledPaymentsYen,
    cancelledChargesCount: chargeCancels.length,
    cancelledChargesYen: chargeRefundsYen,
    netChargesYen: chargesYen - chargeRefundsYen,
    cashSalesCount: cashSales.length,
    cashSalesYen,
    cashReturnedYen,
    // R33: what the drawer should hold beyond its float.
    expectedDrawerYen: chargesYen + cashSalesYen - cashReturnedYen,
    migrationsCount: migrations.length,
    migrationsYen: sumYen(migrations.map(migratedYen)),
    points: { spendCount: spends.length, spendPoints, cancelCount: spendCancels.length, cancelPoints, netPoints: spendPoints - cancelPoints },
    mpm: { count: mpm.length, yen: sumYen(mpm.map((r) => r.amountYen)), staticCount: mpmStatic.length, staticYen: sumYen(mpmStatic.map((r) => r.amountYen)) },
    closedAt: null,
    closedByName: null,
    currentBusinessDay: s.journal.txns.businessDayAt(s.clock.nowMs()),
  };
}

/**
 * The value kinds of the payments this journal counts, so the kinds add up to its gross: each
 * payment's allocation as the backend recorded it (offline items learn theirs only there), else
 * the online answer; a payment the journal lacks is a difference line, not part of these sums.
 * Per balance too (R26 with R2): charge money always, then one line per campaign, each under
 * the name learnt last — a campaign added tomorrow is one more line, with no release.
 */
function journalSplit(s: CoreServices, payments: TxnRow[], backend: BackendDay | null): { chargeYen: number; limitedYen: number; balances: BalanceFigureLine[] } {
  const backendAllocations = new Map<string, Allocation[]>();
  for (const tx of backend?.transactions.transactions ?? []) {
    // Every payment of ¥1 or more took value from some lot: an empty list is a record without them.
    if (tx.type === 'payment' && tx.clientTxnId !== null && tx.allocations.length > 0) backendAllocations.set(tx.clientTxnId, tx.allocations);
  }
  let chargeYen = 0;
  let limitedYen = 0;
  const spent: Allocation[] = [];
  for (const row of payments) {
    const allocations = backendAllocations.get(row.clientTxnId) ?? onlineAllocations(row);
    for (const allocation of allocations) {
      if (allocation.kind === 'charge') chargeYen += allocation.amountYen;
      else limitedYen += allocation.amountYen;
      spent.push(relabelled(s, allocation));
    }
  }
  // Charge money is always listed, ¥0 on a day it paid nothing: the line the drawer expects.
  const charge = relabelled(s, { kind: 'charge' as const, campaignId: null, amountYen: 0 });
  return { chargeYen, limitedYen, balances: balanceFigures([charge, ...spent]) };
}

function onlineAllocations(row: TxnRow): Allocation[] {
  if (row.mode !== 'online' || row.resultJson === null) return [];
  const parsed = paymentResponse.safeParse(JSON.parse(row.resultJson));
  return parsed.success ? labelled(parsed.data) : [];
}

function sumPoints(rows: readonly TxnRow[]): number {
  return rows.reduce((total, row) => total + (row.points ?? 0), 0);
}

function paymentCancelYen(row: TxnRow): number {
  if (row.amountYen > 0 || row.resultJson === null) return row.amountYen;
  // Cancelled here, paid at another terminal of the shop (R14) before its amount was kept: the answer says how much.
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
  /** R23 point spends: the points (their yen is 0). */
  points: number | null;
  cancelled: boolean;
  occurredAt: string;
  shortNo: string | null;
}

/**
 * R26: every transaction of the day on either side, keyed by clientTxnId — or, for what this
 * register heard of rather than sent (an MPM payment: the customer's app made it, with its own
 * clientTxnId), by the backend's id of the same type.
 */
function compareLines(s: CoreServices, rows: TxnRow[], backend: TransactionsResponse): DailyReportLine[] {
  const journalLines = new Map<string, Line>();
  const byResultId = new Map<string, string>();
  for (const row of rows) {
    const counted =
      (row.kind === 'payment' && (APPROVED_PAYMENT_STATES.has(row.state) || row.state === 'rejected')) ||
      ((row.kind === 'charge' || row.kind === 'migration' || row.kind === 'point_spend') && row.state === 'approved');
    if (!counted) continue;
    const cancelled = s.journal.txns.isCancelled(row);
    journalLines.set(row.clientTxnId, {
      type: row.kind,
      amountYen: row.kind === 'migration' ? migratedYen(row) : row.amountYen,
      points: row.kind === 'point_spend' ? (row.points ?? 0) : null,
      cancelled,
      occurredAt: toIso(row.occurredAtMs),
      shortNo: row.shortNo,
    });
    if (row.resultId !== null) byResultId.set(`${row.kind}:${row.resultId}`, row.clientTxnId);
  }
  const differences: DailyReportLine[] = [];
  const add = (line: Omit<DailyReportLine, 'key'>) => differences.push({ ...line, key: differenceKey(line) });
  const seen = new Set<string>();
  for (const tx of backend.transactions) {
    const id = tx.clientTxnId;
    const key = (id !== null && journalLines.has(id) ? id : undefined) ?? byResultId.get(`${tx.type}:${tx.id}`);
    const mine = key === undefined ? undefined : journalLines.get(key);
    if (key !== undefined) seen.add(key);
    const where = { occurredAt: tx.occurredAt, shortNo: tx.shortNo ?? mine?.shortNo ?? null };
    const points = tx.type === 'point_spend' ? { journalPoints: mine?.points ?? null, backendPoints: tx.points ?? 0 } : {};
    if (!mine) {
      add({ clientTxnId: id, type: tx.type, journalYen: null, backendYen: tx.amountYen, difference: 'missing_in_journal', ...where, ...points });
    } else if (mine.amountYen !== tx.amountYen || (tx.type === 'point_spend' && mine.points !== (tx.points ?? 0))) {
      add({ clientTxnId: id, type: tx.type, journalYen: mine.amountYen, backendYen: tx.amountYen, difference: 'amount_differs', ...where, ...points });
    } else if (mine.cancelled !== tx.cancelled) {
      add({ clientTxnId: id, type: tx.type, journalYen: mine.amountYen, backendYen: tx.amountYen, difference: 'cancel_differs', ...where, ...points });
    }
  }
  for (const [clientTxnId, mine] of journalLines) {
    if (seen.has(clientTxnId)) continue;
    add({
      clientTxnId,
      type: mine.type,
      journalYen: mine.amountYen,
      backendYen: null,
      difference: 'missing_on_backend',
      occurredAt: mine.occurredAt,
      shortNo: mine.shortNo,
      ...(mine.points === null ? {} : { journalPoints: mine.points, backendPoints: null }),
    });
  }
  return differences;
}
