/** R33 differences: a stable key per line, and the list a refused 精算 carries in its details. */
import type { DailyReportLine, Failure } from '../../../common/terminal-api';

const KINDS: ReadonlySet<string> = new Set(['missing_on_backend', 'missing_in_journal', 'amount_differs', 'cancel_differs']);

/** The core's `key` (`difference:clientTxnId:type`), or the same made from the line. */
export function differenceKey(line: DailyReportLine): string {
  return line.key ?? `${line.difference}:${line.clientTxnId ?? ''}:${line.type}`;
}

function isLine(value: unknown): value is DailyReportLine {
  if (typeof value !== 'object' || value === null) return false;
  const line = value as Record<string, unknown>;
  return typeof line.difference === 'string' && KINDS.has(line.difference) && typeof line.type === 'string';
}

/** 精算 refused for unacknowledged differences: the lines to acknowledge; null for any other refusal. */
export function unacknowledgedOf(failure: Failure): DailyReportLine[] | null {
  if (failure.code !== 'approval_required' || failure.details.reason !== 'differences_unacknowledged') return null;
  const differences = failure.details.differences;
  return Array.isArray(differences) ? differences.filter(isLine) : [];
}
