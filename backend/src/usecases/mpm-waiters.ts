import { BACKEND_LIMITS } from '../limits';
import { LIMITS } from '../../../common/limits';
import type { Store } from '../store/store';
import type { Deps } from './context';
import { LongPollHub, WaiterBudget } from './long-poll';

/** What a request's long poll watches: its stored status and expiry (R28). */
export interface RequestWatch {
  status: string;
  expiresAtMs: number;
}

/**
 * This instance's long-poll waiters (R28): one hub per store, so two instances in one test
 * process behave as two machines would. Keys: a request id; a merchant id (its notices, whose
 * watched value is the merchant's last notice number).
 */
export interface MpmWaiters {
  requests: LongPollHub<RequestWatch>;
  notices: LongPollHub<number>;
}

const byStore = new WeakMap<Store, MpmWaiters>();

export function mpmWaiters(deps: Pick<Deps, 'store' | 'log'>): MpmWaiters {
  const known = byStore.get(deps.store);
  if (known) return known;
  const onError = (error: unknown) => deps.log.warn({ err: error }, 'long poll: re-reading the store failed; waiters keep waiting');
  // Both hubs share the instance's bound: a poll is a poll, whichever it waits for.
  const budget = new WaiterBudget(LIMITS.longPollWaitersMax);
  const waiters: MpmWaiters = {
    requests: new LongPollHub<RequestWatch>({
      recheckMs: BACKEND_LIMITS.longPollRecheckMs,
      budget,
      onError,
      read: (ids) =>
        inChunks(ids, async (chunk) => {
          const rows = await deps.store.read.selectFrom('mpm_requests').select(['id', 'status', 'expires_at_ms']).where('id', 'in', chunk).execute();
          return rows.map((r) => [r.id, { status: r.status, expiresAtMs: r.expires_at_ms }] as const);
        }),
    }),
    notices: new LongPollHub<number>({
      recheckMs: BACKEND_LIMITS.longPollRecheckMs,
      budget,
      onError,
      read: (ids) =>
        inChunks(ids, async (chunk) => {
          const rows = await deps.store.read.selectFrom('merchants').select(['id', 'notice_seq']).where('id', 'in', chunk).execute();
          return rows.map((r) => [r.id, Number(r.notice_seq)] as const);
        }),
    }),
  };
  byStore.set(deps.store, waiters);
  return waiters;
}

async function inChunks<V>(ids: readonly string[], read: (chunk: string[]) => Promise<(readonly [string, V])[]>): Promise<Map<string, V>> {
  const out = new Map<string, V>();
  for (let i = 0; i < ids.length; i += BACKEND_LIMITS.longPollRecheckIdsPerQueryMax) {
    for (const [id, value] of await read(ids.slice(i, i + BACKEND_LIMITS.longPollRecheckIdsPerQueryMax))) out.set(id, value);
  }
  return out;
}
