import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import pino from 'pino';
import { ManualClock } from '../testing/manual-clock';
import { ExpirySweeper } from './expiry-sweeper';
import type { SweepDeps, SweepOptions, SweepRun } from './expiry-sweep';

/** R27: one instance's sweep schedule. The sweep itself is a stand-in the test ends by hand. */

const INTERVAL_MS = 60_000;
const DONE: SweepRun = { lotsWrittenOff: 2, writtenOffYen: 900, wallets: 1, pointsWrittenOff: 0, walletsWithPointsWrittenOff: 0, batches: 1, complete: true };

interface PendingRun {
  options: SweepOptions;
  finish(run?: SweepRun): void;
  fail(error: Error): void;
}

function standIn() {
  const runs: PendingRun[] = [];
  let active = 0;
  let maxActive = 0;
  const sweep = (_deps: SweepDeps, options: SweepOptions = {}) =>
    new Promise<SweepRun>((resolve, reject) => {
      active += 1;
      maxActive = Math.max(maxActive, active);
      const end = () => (active -= 1);
      runs.push({
        options,
        finish: (run = DONE) => {
          end();
          options.onBatch?.({ lotsWrittenOff: run.lotsWrittenOff, writtenOffYen: run.writtenOffYen, wallets: run.wallets, pointsWrittenOff: run.pointsWrittenOff, walletsWithPointsWrittenOff: run.walletsWithPointsWrittenOff });
          resolve(run);
        },
        fail: (error) => {
          end();
          reject(error);
        },
      });
    });
  return { sweep, runs, maxActive: () => maxActive };
}

describe('the expiry sweep schedule of one instance (R27)', () => {
  let logLines: string[];
  let deps: SweepDeps;
  beforeEach(() => {
    vi.useFakeTimers();
    logLines = [];
    const log = pino({ level: 'info' }, { write: (line: string) => void logLines.push(line) });
    // The stand-in sweep reads nothing else of the instance.
    deps = { clock: new ManualClock(), log } as Pick<SweepDeps, 'clock' | 'log'> as SweepDeps;
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('When the interval passes, then a sweep runs, and the next one runs an interval after that one ended', async () => {
    const s = standIn();
    const sweeper = new ExpirySweeper(deps, 10, s.sweep);
    sweeper.startSchedule(INTERVAL_MS);
    await vi.advanceTimersByTimeAsync(INTERVAL_MS - 1);
    expect(s.runs).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(s.runs).toHaveLength(1);
    expect(s.runs[0]!.options.walletsPerBatch).toBe(10);
    // A run that outlasts the interval is not overtaken by the next.
    await vi.advanceTimersByTimeAsync(3 * INTERVAL_MS);
    expect(s.runs).toHaveLength(1);
    s.runs[0]!.finish();
    await vi.advanceTimersByTimeAsync(INTERVAL_MS);
    expect(s.runs).toHaveLength(2);
    expect(sweeper.snapshot()).toMatchObject({ running: true, runsOk: 1, lotsWrittenOff: 2, writtenOffYen: 900 });
    s.runs[1]!.finish();
    await sweeper.stop();
  });

  it('When a run is going and more are asked for, then they wait for it: never two at once here, and every caller meanwhile shares the one run queued after it', async () => {
    const s = standIn();
    const sweeper = new ExpirySweeper(deps, 10, s.sweep);
    sweeper.startSchedule(INTERVAL_MS);
    const first = sweeper.run();
    const second = sweeper.run();
    const third = sweeper.run();
    expect(third).toBe(second);
    await vi.advanceTimersByTimeAsync(INTERVAL_MS);
    expect(s.runs).toHaveLength(1);
    s.runs[0]!.finish();
    await expect(first).resolves.toEqual(DONE);
    await vi.advanceTimersByTimeAsync(0);
    expect(s.runs).toHaveLength(2);
    const queuedFigures = { ...DONE, lotsWrittenOff: 0, writtenOffYen: 0 };
    s.runs[1]!.finish(queuedFigures);
    await expect(second).resolves.toEqual(queuedFigures);
    // The schedule's own turn came while the first run was going: it ran after, not beside.
    await vi.advanceTimersByTimeAsync(INTERVAL_MS);
    s.runs.slice(2).forEach((r) => r.finish());
    expect(s.maxActive()).toBe(1);
    await sweeper.stop();
  });

  it('When a run fails, then it is logged and kept as lastError, the schedule goes on, and the next success clears it', async () => {
    const s = standIn();
    const sweeper = new ExpirySweeper(deps, 10, s.sweep);
    sweeper.startSchedule(INTERVAL_MS);
    await vi.advanceTimersByTimeAsync(INTERVAL_MS);
    s.runs[0]!.fail(new Error('SQLITE_BUSY: database is locked'));
    await vi.advanceTimersByTimeAsync(0);
    expect(sweeper.snapshot()).toMatchObject({ running: false, runsFailed: 1, runsOk: 0, lastError: 'SQLITE_BUSY: database is locked', lastSuccessAtMs: null });
    const logged = logLines.map((l) => JSON.parse(l) as { level: number; msg: string; err?: { message: string } });
    expect(logged).toContainEqual(expect.objectContaining({ level: 50, msg: expect.stringContaining('expiry sweep failed'), err: expect.objectContaining({ message: 'SQLITE_BUSY: database is locked' }) }));

    await vi.advanceTimersByTimeAsync(INTERVAL_MS);
    expect(s.runs).toHaveLength(2);
    s.runs[1]!.finish();
    await vi.advanceTimersByTimeAsync(0);
    expect(sweeper.snapshot()).toMatchObject({ runsFailed: 1, runsOk: 1, lastError: null, lastSuccessAtMs: deps.clock.nowMs() });
    await sweeper.stop();
  });

  it('When the instance stops mid-run, then the run is told to end after its batch, stop waits for it, and nothing runs afterwards', async () => {
    const s = standIn();
    const sweeper = new ExpirySweeper(deps, 10, s.sweep);
    sweeper.startSchedule(INTERVAL_MS);
    await vi.advanceTimersByTimeAsync(INTERVAL_MS);
    expect(s.runs[0]!.options.shouldStop?.()).toBe(false);
    let stopped = false;
    const stopping = sweeper.stop().then(() => (stopped = true));
    expect(s.runs[0]!.options.shouldStop?.()).toBe(true);
    await vi.advanceTimersByTimeAsync(0);
    expect(stopped).toBe(false);
    s.runs[0]!.finish();
    await stopping;
    await vi.advanceTimersByTimeAsync(5 * INTERVAL_MS);
    expect(s.runs).toHaveLength(1);
    await expect(sweeper.run()).rejects.toMatchObject({ code: 'overloaded' });
  });
});
