import { DomainError } from '../../../common/errors';
import { LIMITS } from '../../../common/limits';
import { parseShortNo } from '../../../common/short-no';
import type { Tx } from '../store/store';
import type { TerminalActor } from './context';

/**
 * Issue 10: a terminal's number within its merchant (`terminal_no`) and the short numbers
 * `NNNN-SSSSSS` the terminal makes from it (common/short-no.ts). The terminal makes them (an
 * offline sale needs one on the slip at once); the backend believes only the prefix it can
 * check: it must be this terminal's own number, else 400 `invalid_request` and nothing moves.
 * The sequence half is the terminal's business; the backend stores it for search (R31).
 */

/** Refuses a short number whose prefix is not this terminal's number (checked before any write). */
export function checkShortNo(actor: Pick<TerminalActor, 'terminalNo'>, shortNo: string | undefined): string | null {
  if (shortNo === undefined) return null;
  const parsed = parseShortNo(shortNo);
  if (!parsed || actor.terminalNo === null || parsed.terminalNo !== actor.terminalNo) {
    throw new DomainError('invalid_request', 'shortNo must start with this terminal’s own number', { field: 'shortNo', terminalNo: actor.terminalNo });
  }
  return shortNo;
}

/**
 * The next free number in the merchant, 1…terminalNoMax. The caller holds the merchant row's
 * lock (PostgreSQL) or the single writer (SQLite); the unique index (merchant_id, terminal_no)
 * backs it up and a unique-key race is retried by the store.
 */
export async function nextTerminalNo(tx: Tx, merchantId: string): Promise<number> {
  const rows = await tx.selectFrom('terminals').select('terminal_no').where('merchant_id', '=', merchantId).where('terminal_no', 'is not', null).orderBy('terminal_no').execute();
  let candidate = 1;
  for (const r of rows) {
    if (r.terminal_no === candidate) candidate += 1;
    else if ((r.terminal_no ?? 0) > candidate) break;
  }
  if (candidate > LIMITS.terminalNoMax) {
    throw new DomainError('invalid_request', `a merchant may have at most ${LIMITS.terminalNoMax} terminals`, { field: 'merchantId' });
  }
  return candidate;
}
