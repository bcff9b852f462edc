import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseSchedstat, schedShares, threadSched, type ThreadSched } from '../../bench/lib/process-figures';

const sched = (onCoreMs: number, waitingMs: number, slices: number): ThreadSched => ({ onCoreMs, waitingMs, slices });

describe('the bench’s scheduler figures (issue 16: where the ledger worker’s wall time goes)', () => {
  it('When the kernel’s schedstat line is read, then it gives milliseconds on a core, milliseconds waiting for one, and timeslices', () => {
    expect(parseSchedstat('2500000000 125000000 4096\n')).toEqual({ onCoreMs: 2_500, waitingMs: 125, slices: 4_096 });
    expect(() => parseSchedstat('not a line')).toThrow(/not a schedstat line/);
  });

  it('When the worker waited for a core, then its share says so, apart from the time it ran and the time it slept', () => {
    const pid = 100;
    const before = new Map([
      [pid, sched(1_000, 100, 10)],
      [101, sched(5_000, 200, 50)],
      [102, sched(50, 5, 5)],
    ]);
    // Over 1,000 ms of wall time: the worker (101, the busiest other thread) ran 700 ms and waited
    // 150 ms for a core in 300 wake-ups; the HTTP thread (the main one) ran 500 and waited 200.
    const after = new Map([
      [pid, sched(1_500, 300, 110)],
      [101, sched(5_700, 350, 350)],
      [102, sched(90, 10, 9)],
    ]);
    const shares = schedShares(pid, before, after, 1_000)!;
    expect(shares.busiestOther.onCore).toBeCloseTo(0.7, 10);
    expect(shares.busiestOther.waitingForCore).toBeCloseTo(0.15, 10);
    expect(shares.busiestOther.asleep).toBeCloseTo(0.15, 10);
    expect(shares.busiestOther.waitPerSliceMs).toBeCloseTo(0.5, 10);
    expect(shares.main.onCore).toBeCloseTo(0.5, 10);
    expect(shares.main.waitingForCore).toBeCloseTo(0.2, 10);
    expect(shares.main.asleep).toBeCloseTo(0.3, 10);
  });

  it('When a thread started during the run, then it counts from zero; without its main thread or another thread there is no figure', () => {
    const after = new Map([
      [1, sched(10, 0, 1)],
      [2, sched(400, 100, 20)],
    ]);
    const shares = schedShares(1, new Map([[1, sched(0, 0, 0)]]), after, 1_000)!;
    expect(shares.busiestOther.onCore).toBeCloseTo(0.4, 10);
    expect(schedShares(9, new Map(), after, 1_000)).toBeNull();
    expect(schedShares(1, new Map(), new Map([[1, sched(1, 0, 1)]]), 1_000)).toBeNull();
    expect(() => schedShares(1, new Map(), after, 0)).toThrow(RangeError);
  });

  it.runIf(existsSync(`/proc/${process.pid}/task/${process.pid}/schedstat`))('When this process is read on Linux, then its main thread is there with the time it has run', () => {
    const mine = threadSched(process.pid)!;
    expect(mine.get(process.pid)!.onCoreMs).toBeGreaterThan(0);
  });
});
