/**
 * R31 search: the shop's payments and charges of the last 8 days, any register, by short
 * number, amount or time of day — so a cancel can be made at whichever register the customer
 * comes back to. Online the backend answers for the whole shop; offline (or when the backend
 * does not answer) this register's journal answers with `source: 'journal'`.
 *
 * `q` forms: common/transaction-search.ts, the same reading the backend uses.
 */
import { LIMITS } from '../../common/limits';
import { cancelWindowOpen } from '../../common/rules/cancel-window';
import type { CommandOutputs, SearchLine } from '../../common/terminal-api';
import { matchesTransactionQuery, parseTransactionQuery } from '../../common/transaction-search';
import type { TerminalTransaction } from '../../common/wire/terminal';
import { onlineAuth, requireStaff } from './guards';
import { historyLine } from './history';
import { CORE_LIMITS } from './limits';
import type { CoreServices } from './services';
import { learnLabels, relabelAll } from './balance-labels';

const DAY_MS = 24 * 60 * 60 * 1000;

export async function searchTransactions(s: CoreServices, q: string): Promise<CommandOutputs['searchTransactions']> {
  const guard = requireStaff(s, 'report');
  if (!guard.ok) return guard.failure;
  const { enrolled, staff } = guard.value;
  const auth = onlineAuth(enrolled, staff);
  if (s.connectivity.state !== 'offline' && auth.ok) {
    const outcome = await s.backend.searchTransactions(auth.value, q);
    s.connectivity.observe(outcome);
    if (outcome.kind === 'ok') {
      learnLabels(s, outcome.value.transactions.flatMap((tx) => tx.allocations));
      const lines = outcome.value.transactions.slice(0, LIMITS.transactionSearchResultsMax).map((tx) => fromBackend(s, enrolled.identity.terminalId, tx));
      remember(s, lines);
      return { ok: true, lines, source: 'backend' };
    }
    if (outcome.kind === 'refused') {
      // The backend looked and said no (a bad query, a role): that is the answer.
      return { ok: false, code: 'invalid_request', message: outcome.message, details: { ...outcome.details, backendCode: outcome.code } };
    }
    s.logger.info({ reason: outcome.reason }, 'search: the backend did not answer; searching this register only');
  }
  return { ok: true, lines: searchJournal(s, q), source: 'journal' };
}

function searchJournal(s: CoreServices, q: string): SearchLine[] {
  const query = parseTransactionQuery(q);
  const nowMs = s.clock.nowMs();
  const lines: SearchLine[] = [];
  for (const row of s.journal.txns.paymentsAndChargesSince(nowMs - LIMITS.transactionSearchDays * DAY_MS)) {
    if (!matchesTransactionQuery(query, row)) continue;
    const line = historyLine(s, row);
    if (!line) continue;
    lines.push({
      ...line,
      terminalNo: s.ctx.terminalNo,
      terminalName: null,
      own: true,
      cancellable: cancellable(s, row.resultId !== null && !line.cancelled && line.state !== 'rejected', row.occurredAtMs),
    });
    if (lines.length >= LIMITS.transactionSearchResultsMax) break;
  }
  return lines;
}

function fromBackend(s: CoreServices, ourTerminalId: string, tx: TerminalTransaction): SearchLine {
  const occurredAtMs = Date.parse(tx.occurredAt);
  const own = tx.terminalId !== undefined ? tx.terminalId === ourTerminalId : tx.clientTxnId !== null && s.journal.txns.get(tx.clientTxnId) !== null;
  return {
    id: tx.id,
    clientTxnId: tx.clientTxnId,
    type: tx.type,
    occurredAt: tx.occurredAt,
    amountYen: tx.amountYen,
    bonusYen: tx.bonusYen ?? 0,
    offline: tx.offline,
    state: 'synced',
    cancelled: tx.cancelled,
    allocations: relabelAll(s, tx.allocations),
    shortNo: tx.shortNo ?? null,
    method: tx.method ?? null,
    staffName: tx.staffName ?? null,
    cashYen: tx.cashYen ?? 0,
    ...(tx.businessDay === undefined ? {} : { businessDay: tx.businessDay }),
    ...(tx.type === 'point_spend' ? { points: tx.points ?? 0 } : {}),
    // R29: slips this register keeps for it (its own, or the 取消 slip of a cancel made here).
    slips: s.receipts.refsFor(tx.clientTxnId),
    terminalNo: tx.terminalNo ?? null,
    terminalName: tx.terminalName ?? null,
    own,
    cancellable: cancellable(s, !tx.cancelled && tx.type !== 'migration', occurredAtMs),
  };
}

/** R14: not cancelled, and still inside the cancel window by the terminal's clock. */
function cancellable(s: CoreServices, open: boolean, occurredAtMs: number): boolean {
  return open && cancelWindowOpen(occurredAtMs, s.clock.nowMs());
}

/** Figures remembered from searches for cancels of other registers' transactions and their 取消 slips (memory only). */
function remember(s: CoreServices, lines: SearchLine[]): void {
  if (s.ctx.searched.size + lines.length > CORE_LIMITS.searchedKeptMax) s.ctx.searched.clear();
  for (const line of lines) {
    const occurredAtMs = Date.parse(line.occurredAt);
    s.ctx.searched.set(line.id, {
      type: line.type,
      amountYen: line.amountYen,
      cashYen: line.cashYen ?? 0,
      shortNo: line.shortNo ?? null,
      clientTxnId: line.clientTxnId,
      occurredAtMs: Number.isFinite(occurredAtMs) ? occurredAtMs : null,
    });
  }
}
