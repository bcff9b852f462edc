/**
 * Online / degraded / offline, from what real requests, heartbeats and health probes say.
 *
 * - Any answer (even a 4xx) is `online`. One network failure of a real request is `degraded`
 *   (still tried online); a refused connection or a second failure in a row is `offline`.
 * - While online, `GET /livez` is the heartbeat: one second after the last answer (a real
 *   request answered within the second stands in for it), with a one-second timeout. One
 *   failed heartbeat is `offline` at once, so the badge shows within 2 s of the link dropping.
 *   An older backend without `/livez` (404) is asked `GET /healthz` instead.
 * - While not online, `GET /healthz` is probed with a backoff from 0.5 s to 15 s; the first
 *   success makes it `online` again.
 */
import type { Connectivity } from '../../common/terminal-api';
import { drop } from '../../common/assert';
import { CORE_LIMITS } from './limits';
import type { Backend, BackendOutcome, Logger, Timers } from './ports';

type Health = BackendOutcome<{ ok: true }>;

export class ConnectivityMonitor {
  // Until the first answer we do not know: degraded means "try online first".
  private current: Connectivity = 'degraded';
  private consecutiveFailures = 0;
  private probeDelayMs: number = CORE_LIMITS.probeBackoffMsMin;
  private probeTimer: unknown = null;
  private heartbeatTimer: unknown = null;
  private probing = false;
  private beating = false;
  private running = false;
  /** The backend answered 404 to `/livez` once: it predates it, use `/healthz`. */
  private livezMissing = false;
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
    this.clearHeartbeat();
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
    this.clearHeartbeat();
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
    // Every answer pushes the next heartbeat a full interval out: busy tills send none.
    if (this.running && !this.beating) this.scheduleHeartbeat();
  }

  private scheduleHeartbeat(): void {
    this.clearHeartbeat();
    this.heartbeatTimer = this.timers.setTimeout(() => {
      this.heartbeatTimer = null;
      drop(this.beat(), (error) => this.logger.error({ error: String(error) }, 'heartbeat failed unexpectedly'));
    }, CORE_LIMITS.heartbeatIntervalMs);
  }

  private clearHeartbeat(): void {
    if (this.heartbeatTimer !== null) this.timers.clearTimeout(this.heartbeatTimer);
    this.heartbeatTimer = null;
  }

  private async beat(): Promise<void> {
    if (!this.running || this.current !== 'online' || this.beating) return;
    this.beating = true;
    let outcome: Health;
    try {
      outcome = await this.withTimeout(this.liveness(), CORE_LIMITS.heartbeatTimeoutMs);
    } finally {
      this.beating = false;
    }
    if (!this.running) return;
    if (outcome.kind === 'ok' || outcome.kind === 'refused') {
      this.markOnline();
      return;
    }
    // One missed heartbeat is enough: the link was quiet for a whole second and did not answer
    // within another one. Probes with backoff find it again.
    this.logger.info({ reason: outcome.reason }, 'heartbeat missed');
    this.consecutiveFailures = Math.max(this.consecutiveFailures + 1, CORE_LIMITS.networkFailuresForOffline);
    this.set('offline');
    if (this.probeTimer === null && !this.probing) this.scheduleProbe(this.probeDelayMs);
  }

  private async liveness(): Promise<Health> {
    if (this.livezMissing) return this.backend.health();
    const outcome = await this.backend.livez();
    if (outcome.kind === 'refused' && outcome.status === 404) {
      this.livezMissing = true;
      this.logger.info({}, 'backend has no /livez: the heartbeat uses /healthz');
      return this.backend.health();
    }
    return outcome;
  }

  /** The heartbeat's own deadline, on the injected timers (an adapter's timeout may be longer). */
  private withTimeout(call: Promise<Health>, timeoutMs: number): Promise<Health> {
    let timer: unknown = null;
    const deadline = new Promise<Health>((resolve) => {
      timer = this.timers.setTimeout(() => resolve({ kind: 'ambiguous', reason: 'heartbeat timeout' }), timeoutMs);
    });
    return Promise.race([call, deadline]).finally(() => this.timers.clearTimeout(timer));
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
    // Online: the heartbeat (scheduled by markOnline) watches the link from here.
    if (this.current === 'online') {
      if (this.heartbeatTimer === null && !this.beating) this.scheduleHeartbeat();
      return;
    }
    this.probeDelayMs = Math.min(this.probeDelayMs * 2, CORE_LIMITS.probeBackoffMsMax);
    this.scheduleProbe(this.probeDelayMs);
  }

  private set(state: Connectivity): void {
    if (state === this.current) return;
    this.logger.info({ from: this.current, to: state }, 'connectivity changed');
    this.current = state;
    for (const listener of this.listeners) listener(state);
  }
}
