import { hash } from 'node:crypto';
import { assert } from '../../../common/assert';
import { DomainError, HTTP_STATUS_BY_CODE, isDomainError, toApiErrorBody } from '../../../common/errors';
import type { QueryResult } from 'kysely';
import { commitWithWrites, runHot, runHotPipeline, type CheckedUpdate, type HotRun } from '../store/hot-sql';
import { INSERT_IDEMPOTENCY_KEY, PRIOR_ANSWER, PRIOR_ANSWER_HOLDING_TERMINAL } from '../store/hot-statements';
import { forgetTerminalHeld, type LastCloseColumn, noteTerminalHeld } from './day-closes';
import type { Tx } from '../store/store';
import type { Answer, Deps } from './context';

/**
 * Key order must not change the hash: two clients may serialise the same body differently.
 * The text hashed is `JSON.stringify` of the body with every object's keys sorted, written
 * directly rather than through sorted copies of the body (issue 16: the ledger worker hashes
 * every request; stored hashes must not change, request-hash.test.ts compares the two forms).
 */
export function requestHash(kind: string, body: unknown): string {
  return hash('sha256', `${kind}\0${canonicalJson(body)}`, 'base64url');
}

/** What JSON.stringify leaves out of an object and writes as null in an array. */
function unwritable(value: unknown): boolean {
  return value === undefined || typeof value === 'function' || typeof value === 'symbol';
}

/** An array index as an object's key (ECMAScript: a canonical integer below 2³² − 1). */
function isIndexKey(key: string): boolean {
  const first = key.charCodeAt(0);
  return first >= 48 && first <= 57 && /^(?:0|[1-9]\d*)$/.test(key) && Number(key) < 4294967295;
}

/**
 * The keys sorted, in the order the stored hashes wrote them: those were made by rebuilding each
 * object with its keys sorted, and an object lists index keys ('0', '7', '10') first, by number.
 */
function keysAsStored(value: object): string[] {
  const keys = Object.keys(value).sort((a, b) => (a < b ? -1 : 1));
  if (!keys.some(isIndexKey)) return keys;
  const indexes = keys.filter(isIndexKey).sort((a, b) => Number(a) - Number(b));
  return [...indexes, ...keys.filter((key) => !isIndexKey(key))];
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) {
    // By index, not map: a hole is written as null, as JSON.stringify writes it.
    const items: string[] = [];
    for (let i = 0; i < value.length; i++) items.push(unwritable(value[i]) ? 'null' : canonicalJson(value[i]));
    return `[${items.join(',')}]`;
  }
  if (value && typeof value === 'object') {
    const fields: string[] = [];
    for (const key of keysAsStored(value)) {
      const field = (value as Record<string, unknown>)[key];
      if (!unwritable(field)) fields.push(`${JSON.stringify(key)}:${canonicalJson(field)}`);
    }
    return `{${fields.join(',')}}`;
  }
  return JSON.stringify(value);
}

/** What storing answers needs of the backend's dependencies. */
export type IdempotencyDeps = Pick<Deps, 'store' | 'clock'>;

interface IdempotencyScope {
  terminalId: string;
  clientTxnId: string;
  hash: string;
  /**
   * The unit records at its terminal's instant (recordingInstant): its first statement reads the
   * terminal's last close along with the prior answer (on PostgreSQL also share-locking the
   * terminal), and recordingInstant asks nothing more: one statement (a round trip) fewer. Every
   * unit that records at a terminal sets it, so the terminal is locked before any wallet on
   * every money path: a unit waiting for a 精算 holds no customer's wallet meanwhile.
   */
  holdsTerminal?: boolean;
  /**
   * Statements sent with the prior answer's read, in one pipeline (one round trip on PostgreSQL,
   * issue 16); their results go to the unit of work, in order. They run whether or not the
   * request was answered before, so what they do must be harmless if unneeded: a unit that finds
   * a prior answer rolls back (a replay writes nothing), and so does one that fails.
   */
  readAlong?: readonly HotRun[];
}

/** What a unit of work gets besides its transaction: where to leave its last writes, and what was read along. */
export type IdempotentWork<T> = (tx: Tx, withAnswer: RowsWithAnswer, readAlong: readonly QueryResult<unknown>[]) => Promise<Answer<T>>;

/**
 * The answer stored for this request before: the answer itself, `idempotency_conflict` as a
 * value when the clientTxnId was used for a different request or taken by an offline item
 * (sync, which answers it there and never applies it again here), or null when it is new.
 */
export async function priorAnswer<T>(tx: Tx, scope: IdempotencyScope): Promise<Answer<T> | DomainError | null> {
  return (await priorAnswerReadingAlong<T>(tx, scope)).prior;
}

type PriorRow = { source: 'online' | 'sync' | null; terminal_id: string; request_hash: string | null; status_code: number | null; response_json: string | null; last_closed_at_ms?: LastCloseColumn };

async function priorAnswerReadingAlong<T>(tx: Tx, scope: IdempotencyScope): Promise<{ prior: Answer<T> | DomainError | null; readAlong: QueryResult<unknown>[] }> {
  const read: HotRun = scope.holdsTerminal ? { statement: PRIOR_ANSWER_HOLDING_TERMINAL, params: [scope.clientTxnId, scope.terminalId] } : { statement: PRIOR_ANSWER, params: [scope.clientTxnId] };
  const along = scope.readAlong ?? [];
  // The lock's statement took its snapshot before any wait for the lock: an answer committed
  // meanwhile can be missed here, as by any read before the key's insert, and the key's
  // unique index then catches it (the unit is retried and finds the answer).
  const [found, ...readAlong] = along.length === 0 ? [await runHot<PriorRow>(tx, read.statement, read.params)] : ((await runHotPipeline(tx, [read, ...along])) as [QueryResult<PriorRow>, ...QueryResult<unknown>[]]);
  return { prior: answerFound<T>(scope, tx, found!.rows), readAlong };
}

function answerFound<T>(scope: IdempotencyScope, tx: Tx, found: readonly PriorRow[]): Answer<T> | DomainError | null {
  const held = found[0];
  if (scope.holdsTerminal) {
    // The statement starts from the terminal's row: without one it could not see a prior answer
    // either, and the unit would run again. Units that hold a terminal act for an authenticated
    // one, and terminals are never deleted.
    assert(held, `a unit holding terminal ${scope.terminalId} found no such terminal`);
    noteTerminalHeld(tx, scope.terminalId, held.last_closed_at_ms);
  }
  const rows = found.filter((r) => r.source !== null);
  const prior = rows.find((r) => r.source === 'online');
  if (prior) {
    if (prior.request_hash !== scope.hash || prior.terminal_id !== scope.terminalId) {
      return new DomainError('idempotency_conflict', 'this clientTxnId was already used for a different request');
    }
    const json = prior.response_json ?? 'null';
    return { status: Number(prior.status_code), body: JSON.parse(json) as T, json };
  }
  if (rows.length > 0) return new DomainError('idempotency_conflict', 'this clientTxnId was already used by an offline item; use a new one');
  return null;
}

/**
 * Contract "Idempotency": the first answer to a clientTxnId, refusals included, is stored in
 * the same transaction as the movement it describes; the same id and body get that answer
 * again and move nothing; a different body is `idempotency_conflict`. A refusal is stored too,
 * so a retry after a lost response can never turn a "no" into a surprise "yes".
 *
 * A refusal rolls back its whole unit of work (nothing it wrote stays) and is stored by a
 * second unit of its own, unless an answer to the same clientTxnId got there first (a twin
 * sent at once; that answer is the one replayed). Why not a savepoint around `run`: it cost
 * two of a payment's fifteen round trips to PostgreSQL on every approval, to save one unit of
 * work on a refusal (issue 16, docs/performance.md).
 */
export async function writeIdempotent<T>(deps: IdempotencyDeps, scope: IdempotencyScope, run: IdempotentWork<T>): Promise<Answer<T | ReturnType<typeof toApiErrorBody>>> {
  try {
    return await firstAnswer(deps, scope, run);
  } catch (error) {
    if (!isDomainError(error) || !STORED_REFUSALS.has(error.code)) throw error;
    const refusal = { status: HTTP_STATUS_BY_CODE[error.code], body: toApiErrorBody(error) };
    return firstAnswer(deps, { ...scope, readAlong: [] }, async () => refusal);
  }
}

/**
 * Where a unit of work may leave its last writes (checked updates and plain inserts of rows
 * that nothing later in the unit reads): they are written with its stored answer, in one
 * statement on PostgreSQL, so a payment's lot update, journal entry, postings, payment and
 * allocations cost no round trip of their own (issue 16). Written only if the unit gets as far
 * as storing its answer; a refusal thrown after them rolls back with them never sent, as if
 * they had been.
 */
export interface RowsWithAnswer {
  insert(runs: readonly HotRun[]): void;
  update(update: CheckedUpdate): void;
}

/** One unit of work: the answer stored before for this clientTxnId, or `produce`'s, stored. */
async function firstAnswer<T>(deps: IdempotencyDeps, scope: IdempotencyScope, produce: IdempotentWork<T>): Promise<Answer<T>> {
  try {
    return await deps.store.write(async (tx) => {
      try {
        const { prior, readAlong } = await priorAnswerReadingAlong<T>(tx, scope);
        if (prior instanceof DomainError) throw prior;
        if (prior) {
          // What was sent along (a CPM token's claim) must not outlive a replay.
          if (readAlong.length > 0) throw new ReplayFound(prior);
          return prior;
        }
        const updates: CheckedUpdate[] = [];
        const inserts: HotRun[] = [];
        const answer = await produce(tx, { insert: (runs) => inserts.push(...runs), update: (update) => updates.push(update) }, readAlong);
        const json = JSON.stringify(answer.body);
        await storeAnswer(deps, tx, scope, answer.status, json, updates, inserts);
        return { status: answer.status, body: answer.body, json };
      } finally {
        // The terminal's last close read with the prior answer is this unit's alone (day-closes.ts).
        if (scope.holdsTerminal) forgetTerminalHeld(tx);
      }
    });
  } catch (error) {
    if (error instanceof ReplayFound) return error.answer as Answer<T>;
    throw error;
  }
}

/** Thrown out of a unit of work that found its answer, to roll back what it sent along; caught by firstAnswer. */
class ReplayFound extends Error {
  override name = 'ReplayFound';
  constructor(readonly answer: Answer<unknown>) {
    super('the request was answered before');
  }
}

async function storeAnswer(deps: IdempotencyDeps, tx: Tx, scope: IdempotencyScope, status: number, json: string, updates: readonly CheckedUpdate[], inserts: readonly HotRun[]): Promise<void> {
  const key: HotRun = { statement: INSERT_IDEMPOTENCY_KEY, params: [scope.clientTxnId, scope.terminalId, scope.hash, status, json, deps.clock.nowMs()] };
  // The unit's last statement: on PostgreSQL its commit goes with it.
  await commitWithWrites(tx, updates, [...inserts, key]);
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
