import { DomainError } from '../../../common/errors';
import { toIso } from '../../../common/time';
import type { SweepStatus } from '../../../common/wire/reports';
import { assert } from '../../../common/assert';
import { countLapsedLotsPending, sweepExpired, type SweepDeps } from './expiry-sweep';
import type { SweepControl, SweeperFigures, SweepRun } from './sweep-control';

export type { SweeperFigures } from './sweep-control';

/**
 * One instance's expiry sweep (R27): runs by schedule and by hand, never two at once here
 * (other instances may sweep at the same time; the sweep itself makes that safe). A run asked
 * for while one is going runs right after it, and every caller asking meanwhile shares that one
 * run: at most one waits. A failed run is logged and kept as `lastError`; the schedule goes on.
 */
export class ExpirySweeper implements SweepControl {
  private current: Promise<SweepRun> | null = null;
  private queued: Promise<SweepRun> | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private stopping = false;
  private readonly figures: SweeperFigures = { running: false, runsOk: 0, runsFailed: 0, lotsWrittenOff: 0, writtenOffYen: 0, pointsWrittenOff: 0, lastStartedAtMs: null, lastFinishedAtMs: null, lastSuccessAtMs: null, lastError: null };

  constructor(
    private readonly deps: SweepDeps,
    private readonly walletsPerBatch: number,
    /** The sweep itself; tests of the schedule give a stand-in they finish or fail by hand. */
    private readonly sweep: typeof sweepExpired = sweepExpired,
  ) {}

  /** Runs one sweep to its end (after the one in progress, if any) and answers its figures. */
  run(): Promise<SweepRun> {
    if (this.stopping) return Promise.reject(new DomainError('overloaded', 'the backend is stopping; run the sweep on another instance'));
    if (this.queued) return this.queued;
    const before = this.current;
    if (!before) return this.begin();
    const queued = before.then(
      () => this.begin(),
      () => this.begin(),
    );
    this.queued = queued;
    return queued;
  }

  /** Runs a sweep every `intervalMs`, counted from the end of the previous one, until `stop()`. */
  startSchedule(intervalMs: number): void {
    assert(intervalMs > 0, 'a sweep schedule needs a positive interval');
    if (this.timer || this.stopping) return;
    const next = () => {
      this.timer = setTimeout(() => {
        this.timer = null;
        // A failure was logged and recorded by the run itself; the schedule goes on.
        void this.run()
          .catch(() => undefined)
          .then(() => {
            if (!this.stopping) next();
          });
      }, intervalMs);
      // The HTTP server keeps the process alive; a pending sweep alone must not.
      this.timer.unref();
    };
    next();
  }

  /** No new runs; the one in progress ends after its current batch, and this waits for it. */
  async stop(): Promise<void> {
    this.stopping = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await Promise.allSettled([this.current, this.queued]);
  }

  snapshot(): Readonly<SweeperFigures> {
    return { ...this.figures };
  }

  /** `GET /v1/admin/expiry-sweep`: this instance's figures and the lapsed lots left in the ledger. */
  async status(): Promise<SweepStatus> {
    const f = this.figures;
    const iso = (ms: number | null) => (ms === null ? null : toIso(ms));
    return {
      running: f.running,
      lastStartedAt: iso(f.lastStartedAtMs),
      lastFinishedAt: iso(f.lastFinishedAtMs),
      lotsWrittenOff: f.lotsWrittenOff,
      writtenOffYen: f.writtenOffYen,
      pointsWrittenOff: f.pointsWrittenOff,
      lapsedLotsPending: await countLapsedLotsPending(this.deps, this.deps.clock.nowMs()),
      lastError: f.lastError,
    };
  }

  private begin(): Promise<SweepRun> {
    this.queued = null;
    const run = this.execute();
    this.current = run;
    const clear = () => {
      if (this.current === run) this.current = null;
    };
    run.then(clear, clear);
    return run;
  }

  private async execute(): Promise<SweepRun> {
    const { deps, figures } = this;
    figures.running = true;
    figures.lastStartedAtMs = deps.clock.nowMs();
    try {
      const result = await this.sweep(deps, {
        walletsPerBatch: this.walletsPerBatch,
        shouldStop: () => this.stopping,
        onBatch: (batch) => {
          figures.lotsWrittenOff += batch.lotsWrittenOff;
          figures.writtenOffYen += batch.writtenOffYen;
          figures.pointsWrittenOff += batch.pointsWrittenOff;
        },
      });
      figures.runsOk += 1;
      figures.lastSuccessAtMs = deps.clock.nowMs();
      figures.lastError = null;
      if (result.lotsWrittenOff > 0 || result.pointsWrittenOff > 0 || !result.complete) {
        deps.log.info({ lotsWrittenOff: result.lotsWrittenOff, writtenOffYen: result.writtenOffYen, wallets: result.wallets, pointsWrittenOff: result.pointsWrittenOff, walletsWithPointsWrittenOff: result.walletsWithPointsWrittenOff, batches: result.batches, complete: result.complete }, result.complete ? 'expiry sweep wrote off lapsed lots' : 'expiry sweep ended with lapsed lots left for the next run');
      }
      return result;
    } catch (error) {
      figures.runsFailed += 1;
      figures.lastError = error instanceof Error ? error.message : String(error);
      deps.log.error({ err: error }, 'expiry sweep failed; committed batches stay written off and the next run continues');
      throw error;
    } finally {
      figures.running = false;
      figures.lastFinishedAtMs = deps.clock.nowMs();
    }
  }
}
