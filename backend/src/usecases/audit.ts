import { toIso } from '../../../common/time';
import type { Tx } from '../store/store';
import type { Deps } from './context';
import { BACKEND_LIMITS } from '../limits';

/**
 * The operator's audit trail (issue 9.6): who changed what, written in the same unit of work
 * as the change, so a change without its line (or a line without its change) cannot exist.
 * Details never hold a secret (no PIN, no token, no code).
 */
export async function recordAudit(deps: Pick<Deps, 'clock' | 'newId' | 'log'>, tx: Tx, line: { actor: string; action: string; targetId?: string | null; details?: Record<string, unknown> }): Promise<void> {
  const atMs = deps.clock.nowMs();
  await tx.insertInto('admin_audit').values({ id: deps.newId(), at_ms: atMs, actor: line.actor, action: line.action, target_id: line.targetId ?? null, details_json: JSON.stringify(line.details ?? {}) }).execute();
  deps.log.info({ audit: line.action, actor: line.actor, targetId: line.targetId ?? null, details: line.details ?? {} }, 'operator change');
}

/** Newest first. */
export async function auditTrail(deps: Deps, query: { limit?: number | undefined; before?: string | undefined }) {
  let q = deps.store.read.selectFrom('admin_audit').selectAll().orderBy('at_ms', 'desc').orderBy('id', 'desc').limit(query.limit ?? BACKEND_LIMITS.adminPageItemsDefault);
  if (query.before) q = q.where('at_ms', '<', Date.parse(query.before));
  const rows = await q.execute();
  return {
    items: rows.map((r) => ({ id: r.id, at: toIso(r.at_ms), actor: r.actor, action: r.action, targetId: r.target_id, details: JSON.parse(r.details_json) as Record<string, unknown> })),
  };
}
