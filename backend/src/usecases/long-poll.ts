/**
 * R28 long polls ("the terminal shows the result within a second"). A waiter sleeps until one
 * of: this instance committed something for its key (`notify`, at once); the store, re-read
 * every `recheckMs` for all waiters of the instance in one query per batch of keys, shows a
 * change the waiter cares about (another instance took the payment); its wait is over; its
 * client went away. Waits are real time (a proxy cuts real seconds); what the answer says —
 * paid, expired — is decided by the caller with the injected clock.
 */

export type WaitOutcome = 'woken' | 'timeout' | 'aborted' | 'full';

interface Waiter<V> {
  key: string;
  ready(value: V | undefined): boolean;
  wake(): void;
}

/** Waiters an instance holds at once, over all its hubs; a poll beyond it is answered at once. */
export class WaiterBudget {
  private used = 0;
  constructor(readonly max: number) {}
  get inUse(): number {
    return this.used;
  }
  take(): boolean {
    if (this.used >= this.max) return false;
    this.used += 1;
    return true;
  }
  give(): void {
    this.used -= 1;
  }
}

export interface LongPollHubOptions<V> {
  /** The current value of each key, read from the store (keys it does not know are left out). */
  read(keys: readonly string[]): Promise<ReadonlyMap<string, V>>;
  recheckMs: number;
  budget: WaiterBudget;
  onError(error: unknown): void;
}

export class LongPollHub<V> {
  private readonly byKey = new Map<string, Set<Waiter<V>>>();
  private count = 0;
  private timer: ReturnType<typeof setInterval> | null = null;
  private rereading = false;

  constructor(private readonly options: LongPollHubOptions<V>) {}

  get waiting(): number {
    return this.count;
  }

  /** After a commit on this instance that may answer the key's waiters. */
  notify(key: string): void {
    for (const waiter of [...(this.byKey.get(key) ?? [])]) waiter.wake();
  }

  /**
   * Sleeps until woken for `key` (by `notify`, or by a re-read whose value `ready` accepts),
   * `waitMs` passes, or `signal` aborts.
   */
  wait(key: string, waitMs: number, signal: AbortSignal, ready: (value: V | undefined) => boolean): Promise<WaitOutcome> {
    if (signal.aborted) return Promise.resolve('aborted');
    if (!this.options.budget.take()) return Promise.resolve('full');
    return new Promise<WaitOutcome>((resolve) => {
      let timeout: ReturnType<typeof setTimeout> | null = null;
      const finish = (outcome: WaitOutcome) => {
        if (!this.remove(waiter)) return;
        if (timeout) clearTimeout(timeout);
        signal.removeEventListener('abort', onAbort);
        resolve(outcome);
      };
      const onAbort = () => finish('aborted');
      const waiter: Waiter<V> = { key, ready, wake: () => finish('woken') };
      this.add(waiter);
      timeout = setTimeout(() => finish('timeout'), Math.max(0, waitMs));
      signal.addEventListener('abort', onAbort, { once: true });
    });
  }

  private add(waiter: Waiter<V>): void {
    let set = this.byKey.get(waiter.key);
    if (!set) this.byKey.set(waiter.key, (set = new Set()));
    set.add(waiter);
    this.count += 1;
    if (!this.timer) {
      this.timer = setInterval(() => void this.reread(), this.options.recheckMs);
      // The re-read never keeps a process alive on its own (tests, shutdown).
      this.timer.unref?.();
    }
  }

  /** False when the waiter was already gone (woken and timed out in the same turn). */
  private remove(waiter: Waiter<V>): boolean {
    const set = this.byKey.get(waiter.key);
    if (!set?.delete(waiter)) return false;
    if (set.size === 0) this.byKey.delete(waiter.key);
    this.count -= 1;
    this.options.budget.give();
    if (this.count === 0 && this.timer) {
      clearInterval(this.timer);
      this.timer = null;
    }
    return true;
  }

  private async reread(): Promise<void> {
    // A slow store must not pile re-reads on top of each other.
    if (this.rereading || this.byKey.size === 0) return;
    this.rereading = true;
    try {
      const values = await this.options.read([...this.byKey.keys()]);
      for (const [key, set] of [...this.byKey]) {
        const value = values.get(key);
        for (const waiter of [...set]) if (waiter.ready(value)) waiter.wake();
      }
    } catch (error) {
      this.options.onError(error);
    } finally {
      this.rereading = false;
    }
  }
}

/**
 * A long poll's loop: answer at once when the answer is final or no wait was asked for (or the
 * hub is full); otherwise wait, re-answer when woken, and give the last answer when the time is
 * up or the client is gone.
 */
export async function longPoll<T, V>(
  hub: LongPollHub<V>,
  key: string,
  request: { waitMs: number; signal: AbortSignal },
  ready: (value: V | undefined) => boolean,
  answer: () => Promise<{ final: boolean; body: T }>,
): Promise<T> {
  let current = await answer();
  if (current.final || request.waitMs <= 0) return current.body;
  const deadline = performance.now() + request.waitMs;
  for (;;) {
    const remainingMs = deadline - performance.now();
    if (remainingMs <= 0) return current.body;
    const outcome = await hub.wait(key, remainingMs, request.signal, ready);
    if (outcome === 'full' || outcome === 'aborted') return current.body;
    current = await answer();
    if (current.final || outcome === 'timeout') return current.body;
  }
}
