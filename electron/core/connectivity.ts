/**
 * Online / degraded / offline, from what real requests and health probes say. One network
 * failure makes the link `degraded` (still tried online); a refused connection or a second
 * failure in a row makes it `offline`. While not online, `GET /healthz` is probed with a
 * backoff from 0.5 s to 15 s; the first success makes it `online` again. While online it is
 * probed every 15 s, so a silent cut shows on the screen without waiting for a payment.
 */
import type { Connectivity } from '../../common/terminal-api';
import { drop } from '../../common/assert';
import { CORE_LIMITS } from './limits';
import type { Backend, BackendOutcome, Logger, Timers } from './ports';

export class ConnectivityMonitor {
  // Until the first answer we do not know: degraded means "try online first".
  private current: Connectivity = 'degraded';
  private consecutiveFailures = 0;
  private probeDelayMs: number = CORE_LIMITS.probeBackoffMsMin;
  private probeTimer: unknown = null;
  private probing = false;
  private running = false;
  private readonly listeners = new Set<(state: Connectivity) => void>();

  constructor(
    private readonly backend: Backend,
    private readonly timers: Timers,
    private readonly logger: Logger,
  ) {}

  get state(): Connectivity {
    return this.current;
  }

  onChange(listener: (state: Connectivity) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Starts probing right away: the state is only `online` once the backend has answered. */
  start(): void {
    this.running = true;
    this.scheduleProbe(0);
  }

  stop(): void {
    this.running = false;
    if (this.probeTimer !== null) this.timers.clearTimeout(this.probeTimer);
    this.probeTimer = null;
  }

  /** Feed every backend outcome here: answers (even refusals) prove the link works. */
  observe(outcome: BackendOutcome<unknown>): void {
    if (outcome.kind === 'ok' || outcome.kind === 'refused') {
      // A 4xx is the backend talking; only 5xx/429 (ambiguous) say it is struggling.
      this.markOnline();
      return;
    }
    this.consecutiveFailures += 1;
    const offline = outcome.kind === 'not_sent' || this.consecutiveFailures >= CORE_LIMITS.networkFailuresForOffline;
    this.set(offline ? 'offline' : 'degraded');
    if (this.running && this.probeTimer === null && !this.probing) this.scheduleProbe(this.probeDelayMs);
  }

  /** One health probe now, outside the schedule (e.g. before refusing an online-only step). */
  async probeNow(): Promise<Connectivity> {
    const outcome = await this.backend.health();
    this.observe(outcome);
    return this.current;
  }

  private markOnline(): void {
    this.consecutiveFailures = 0;
    this.probeDelayMs = CORE_LIMITS.probeBackoffMsMin;
    if (this.probeTimer !== null) this.timers.clearTimeout(this.probeTimer);
    this.probeTimer = null;
    this.set('online');
    // Any answer restarts the quiet-link check: busy tills are never probed needlessly.
    if (this.running && !this.probing) this.scheduleProbe(CORE_LIMITS.onlineProbeIntervalMs);
  }

  private scheduleProbe(delayMs: number): void {
    this.probeTimer = this.timers.setTimeout(() => {
      this.probeTimer = null;
      drop(this.runProbe(), (error) => this.logger.error({ error: String(error) }, 'health probe failed unexpectedly'));
    }, delayMs);
  }

  private async runProbe(): Promise<void> {
    if (!this.running || this.probing) return;
    this.probing = true;
    try {
      await this.probeNow();
    } finally {
      this.probing = false;
    }
    if (!this.running || this.probeTimer !== null) return;
    if (this.current === 'online') {
      this.scheduleProbe(CORE_LIMITS.onlineProbeIntervalMs);
    } else {
      this.probeDelayMs = Math.min(this.probeDelayMs * 2, CORE_LIMITS.probeBackoffMsMax);
      this.scheduleProbe(this.probeDelayMs);
    }
  }

  private set(state: Connectivity): void {
    if (state === this.current) return;
    this.logger.info({ from: this.current, to: state }, 'connectivity changed');
    this.current = state;
    for (const listener of this.listeners) listener(state);
  }
}
