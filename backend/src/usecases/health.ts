import type { Deps } from './context';

/**
 * Readiness (docs/api.md: `GET /healthz` is 503 when the store cannot be written): a real
 * write, committed like a payment's (disk full, a read-only or damaged file, a read-only
 * PostgreSQL all fail it). Concurrent checks share one probe, so a load balancer polling
 * every instance often adds one small write per poll at most.
 */
const inFlight = new WeakMap<Deps, Promise<void>>();

export function probeWritable(deps: Deps): Promise<void> {
  const running = inFlight.get(deps);
  if (running) return running;
  const probe = deps.store
    .write(async (tx) => {
      const atMs = deps.clock.nowMs();
      await tx.insertInto('health_probe').values({ id: 1, at_ms: atMs }).onConflict((oc) => oc.column('id').doUpdateSet({ at_ms: atMs })).execute();
    })
    .finally(() => inFlight.delete(deps));
  inFlight.set(deps, probe);
  return probe;
}

