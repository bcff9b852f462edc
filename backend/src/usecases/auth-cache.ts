import type { Clock } from '../../../common/time';
import { BACKEND_LIMITS } from '../limits';

/**
 * Authentication results are cached briefly per instance: every payment carries a terminal
 * token and a staff session, and reading both from the store each time would cost more than
 * the payment. The age bound is the longest a revoked credential can still be honoured on an
 * instance that did not process the revocation (docs/api.md: "within 10 s"); the instance
 * that did evicts at once. Bounds: BACKEND_LIMITS.authCache*.
 *
 * A miss is looked up once however many requests share it (`getOrLoad`): 32 tills' requests
 * arriving as one credential's entry lapses make one store read, not 32 (and on PostgreSQL
 * do not take 32 pooled connections).
 */

export class TtlCache<V> {
  private readonly map = new Map<string, { value: V; atMs: number }>();
  /**
   * Look-ups in flight, one per key: bounded by the requests in flight (each waits on at most
   * one), and emptied by every eviction.
   */
  private readonly loading = new Map<string, Promise<V>>();
  /** Bumped by every eviction: a look-up that began before one may have read what it revoked. */
  private generation = 0;
  private evicted: (() => void) | null = null;
  constructor(
    private readonly clock: Clock,
    private readonly ttlMs: number,
    private readonly entriesMax: number = BACKEND_LIMITS.authCacheEntriesMax,
  ) {}

  private get(key: string): V | undefined {
    const hit = this.map.get(key);
    if (!hit) return undefined;
    const ageMs = this.clock.nowMs() - hit.atMs;
    // A clock set back (test clock) makes an entry's age negative: treat it as stale too.
    if (ageMs < 0 || ageMs > this.ttlMs) {
      this.map.delete(key);
      return undefined;
    }
    return hit.value;
  }

  /**
   * The cached value, or `load()`'s, shared by every caller asking for `key` while it runs. A
   * failed load is not cached (each caller waiting on it gets its error). A load that an
   * eviction overtakes answers its callers but is not cached, and callers after the eviction
   * start a new one: the revoked credential is read again, not remembered.
   */
  getOrLoad(key: string, load: () => Promise<V>): Promise<V> {
    const hit = this.get(key);
    if (hit !== undefined) return Promise.resolve(hit);
    const inFlight = this.loading.get(key);
    if (inFlight) return inFlight;
    const generation = this.generation;
    const loaded = load()
      .then((value) => {
        if (generation === this.generation) this.set(key, value);
        return value;
      })
      .finally(() => {
        if (this.loading.get(key) === loaded) this.loading.delete(key);
      });
    this.loading.set(key, loaded);
    return loaded;
  }

  private set(key: string, value: V): void {
    if (this.map.size >= this.entriesMax) this.map.clear();
    this.map.set(key, { value, atMs: this.clock.nowMs() });
  }

  delete(key: string): void {
    this.map.delete(key);
    this.forgetLoads();
    this.evicted?.();
  }

  deleteWhere(predicate: (value: V) => boolean): void {
    for (const [key, hit] of this.map) if (predicate(hit.value)) this.map.delete(key);
    this.forgetLoads();
    this.evicted?.();
  }

  clear(): void {
    this.map.clear();
    this.forgetLoads();
  }

  private forgetLoads(): void {
    this.generation += 1;
    this.loading.clear();
  }

  /**
   * Told of every eviction (a revocation, a log-out): the ledger worker passes it on so the HTTP
   * thread, which authenticates, forgets at once too (backend/src/worker).
   */
  onEvict(listener: () => void): void {
    this.evicted = listener;
  }
}
