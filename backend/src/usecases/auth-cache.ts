import type { Clock } from '../../../common/time';
import { BACKEND_LIMITS } from '../limits';

/**
 * Authentication results are cached briefly per instance: every payment carries a terminal
 * token and a staff session, and reading both from the store each time would cost more than
 * the payment. The age bound is the longest a revoked credential can still be honoured on an
 * instance that did not process the revocation (docs/api.md: "within 10 s"); the instance
 * that did evicts at once. Bounds: BACKEND_LIMITS.authCache*.
 */

export class TtlCache<V> {
  private readonly map = new Map<string, { value: V; atMs: number }>();
  private evicted: (() => void) | null = null;
  constructor(
    private readonly clock: Clock,
    private readonly ttlMs: number,
    private readonly entriesMax: number = BACKEND_LIMITS.authCacheEntriesMax,
  ) {}

  get(key: string): V | undefined {
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

  set(key: string, value: V): void {
    if (this.map.size >= this.entriesMax) this.map.clear();
    this.map.set(key, { value, atMs: this.clock.nowMs() });
  }

  delete(key: string): void {
    this.map.delete(key);
    this.evicted?.();
  }

  deleteWhere(predicate: (value: V) => boolean): void {
    for (const [key, hit] of this.map) if (predicate(hit.value)) this.map.delete(key);
    this.evicted?.();
  }

  clear(): void {
    this.map.clear();
  }

  /**
   * Told of every eviction (a revocation, a log-out): the ledger worker passes it on so the HTTP
   * thread, which authenticates, forgets at once too (backend/src/worker).
   */
  onEvict(listener: () => void): void {
    this.evicted = listener;
  }
}
