import type { Kysely } from 'kysely';
import type { DayClose } from '../../../common/business-day';
import { runHot } from '../store/hot-sql';
import { TERMINAL_LAST_CLOSE } from '../store/hot-statements';
import type { DB } from '../store/schema';
import type { Tx } from '../store/store';

/**
 * R30: a terminal's closes (精算) are all the backend needs to know which business day any
 * instant belongs to (common/business-day.ts); nothing is stamped on the rows themselves.
 */
export async function closesOf(db: Kysely<DB>, terminalId: string): Promise<DayClose[]> {
  const rows = await db.selectFrom('terminal_day_closes').select(['business_day', 'closed_at_ms']).where('terminal_id', '=', terminalId).orderBy('closed_at_ms').execute();
  return rows.map((r) => ({ businessDay: r.business_day, closedAtMs: r.closed_at_ms }));
}

export async function closesOfTerminals(db: Kysely<DB>, terminalIds: readonly string[]): Promise<Map<string, DayClose[]>> {
  const out = new Map<string, DayClose[]>(terminalIds.map((id) => [id, []]));
  if (terminalIds.length === 0) return out;
  const rows = await db.selectFrom('terminal_day_closes').select(['terminal_id', 'business_day', 'closed_at_ms']).where('terminal_id', 'in', [...terminalIds]).orderBy('closed_at_ms').execute();
  for (const r of rows) out.get(r.terminal_id)?.push({ businessDay: r.business_day, closedAtMs: r.closed_at_ms });
  return out;
}

/**
 * The instant an online transaction of this terminal is recorded at: now, or — when a 精算
 * committed after this request read the clock — the close's own instant, so the transaction
 * lands in the next business day and never inside a day whose figures are already stored
 * (R30). On PostgreSQL the terminal row is share-locked for the rest of the unit of work, so a
 * close (which takes it for update) waits for a payment in flight and counts it; on SQLite the
 * single writer orders them the same way. The lock and the last close are one statement (the
 * close's instant is on the terminal row, TERMINAL_LAST_CLOSE says why that is safe); a unit
 * whose first statement already took both (writeIdempotent's `holdsTerminal`) is not asked again.
 */
export async function recordingInstant(tx: Tx, terminalId: string, nowMs: number): Promise<number> {
  const held = terminalHeldBy.get(tx);
  const lastMs = held?.terminalId === terminalId ? held.lastClosedAtMs : await lastCloseOf(tx, terminalId);
  return lastMs !== null && lastMs > nowMs ? lastMs : nowMs;
}

async function lastCloseOf(tx: Tx, terminalId: string): Promise<number | null> {
  return lastCloseFromColumn((await runHot<{ at: LastCloseColumn }>(tx, TERMINAL_LAST_CLOSE, [terminalId])).rows[0]?.at);
}

/**
 * `terminals.last_closed_at_ms` as a driver hands it over: a bigint column, which node-postgres
 * gives as a string; null for a terminal never closed; undefined when the row was not read.
 */
export type LastCloseColumn = number | string | null | undefined;

function lastCloseFromColumn(at: LastCloseColumn): number | null {
  return at === null || at === undefined ? null : Number(at);
}

/**
 * Units of work whose first statement already read a terminal's last close (and on PostgreSQL
 * share-locked it: writeIdempotent with `holdsTerminal`, issue 16), so recordingInstant need not ask
 * again. Keyed by the unit's transaction object. On SQLite every unit of a group-committed batch
 * gets the same one, so the unit that noted it forgets it when it ends (forgetTerminalHeld):
 * a later unit of the batch, after a 精算 of the same terminal, must read the close afresh.
 */
const terminalHeldBy = new WeakMap<Tx, { terminalId: string; lastClosedAtMs: number | null }>();

export function noteTerminalHeld(tx: Tx, terminalId: string, lastClosedAt: LastCloseColumn): void {
  terminalHeldBy.set(tx, { terminalId, lastClosedAtMs: lastCloseFromColumn(lastClosedAt) });
}

export function forgetTerminalHeld(tx: Tx): void {
  terminalHeldBy.delete(tx);
}
