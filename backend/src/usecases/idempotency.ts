import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { DomainError, HTTP_STATUS_BY_CODE, isDomainError, toApiErrorBody } from '../../../common/errors';
import type { Tx } from '../store/store';
import type { Answer, Deps } from './context';

/** Key order must not change the hash: two clients may serialise the same body differently. */
export function requestHash(kind: string, body: unknown): string {
  const canonical = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(canonical)
      : v && typeof v === 'object'
        ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, x]) => [k, canonical(x)]))
        : v;
  return createHash('sha256').update(kind).update('\0').update(JSON.stringify(canonical(body))).digest('base64url');
}

/**
 * Contract "Idempotency": the first answer to a clientTxnId, refusals included, is stored in
 * the same transaction as the movement it describes; the same id and body get that answer
 * again and move nothing; a different body is `idempotency_conflict`. A refusal is stored too,
 * so a retry after a lost response can never turn a "no" into a surprise "yes".
 */
export async function idempotent<T>(
  deps: Deps,
  tx: Tx,
  scope: { terminalId: string; clientTxnId: string; hash: string },
  run: () => Promise<Answer<T>>,
): Promise<Answer<T | ReturnType<typeof toApiErrorBody>>> {
  // One round trip for both questions: answered online before, or taken by an offline item
  // (sync), which is answered there and never applied again here.
  const found = await sql<{ source: 'online' | 'sync'; terminal_id: string; request_hash: string | null; status_code: number | null; response_json: string | null }>`
    select 'online' as source, terminal_id, request_hash, status_code, response_json from idempotency_keys where client_txn_id = ${scope.clientTxnId}
    union all
    select 'sync' as source, terminal_id, null, null, null from sync_items where client_txn_id = ${scope.clientTxnId}`.execute(tx);
  const prior = found.rows.find((r) => r.source === 'online');
  if (prior) {
    if (prior.request_hash !== scope.hash || prior.terminal_id !== scope.terminalId) {
      throw new DomainError('idempotency_conflict', 'this clientTxnId was already used for a different request');
    }
    return { status: Number(prior.status_code), body: JSON.parse(prior.response_json ?? 'null') as T };
  }
  if (found.rows.length > 0) throw new DomainError('idempotency_conflict', 'this clientTxnId was already used by an offline item; use a new one');
  let answer: Answer<T | ReturnType<typeof toApiErrorBody>>;
  await sql`savepoint idem`.execute(tx);
  try {
    answer = await run();
    await sql`release savepoint idem`.execute(tx);
  } catch (error) {
    await sql`rollback to savepoint idem`.execute(tx);
    await sql`release savepoint idem`.execute(tx);
    if (!isDomainError(error) || !STORED_REFUSALS.has(error.code)) throw error;
    answer = { status: HTTP_STATUS_BY_CODE[error.code], body: toApiErrorBody(error) };
  }
  await tx
    .insertInto('idempotency_keys')
    .values({
      client_txn_id: scope.clientTxnId,
      terminal_id: scope.terminalId,
      request_hash: scope.hash,
      status_code: answer.status,
      response_json: JSON.stringify(answer.body),
      created_at_ms: deps.clock.nowMs(),
    })
    .execute();
  return answer;
}

/**
 * Refusals that are the answer to this request and must be replayed as such. Auth, role and
 * overload refusals are not: the same request may rightly succeed once they are fixed.
 */
const STORED_REFUSALS = new Set<string>([
  'insufficient_funds',
  'token_invalid',
  'token_expired',
  'token_used',
  'charge_unit',
  'charge_amount_range',
  'balance_cap_exceeded',
  'cancel_window_closed',
  'already_cancelled',
  'charge_already_spent',
  'card_unknown',
  'card_migrated',
  'wallet_not_app',
  'not_found',
  // R23: like insufficient_funds and balance_cap_exceeded, the answer to this spend or transfer.
  'points_insufficient',
  'points_cap_exceeded',
]);
