import { describe, expect, it } from 'vitest';
import { ConnectivityMonitor } from './connectivity';
import { CORE_LIMITS } from './limits';
import type { Backend, BackendOutcome, Timers } from './ports';
import { silentLogger } from './terminal-core';

/** Timers that only record what was scheduled; the test fires them. */
class RecordingTimers implements Timers {
  readonly scheduled: { callback: () => void; delayMs: number }[] = [];
  setTimeout(callback: () => void, delayMs: number): unknown {
    const entry = { callback, delayMs };
    this.scheduled.push(entry);
    return entry;
  }
  clearTimeout(handle: unknown): void {
    const i = this.scheduled.indexOf(handle as { callback: () => void; delayMs: number });
    if (i >= 0) this.scheduled.splice(i, 1);
  }
  async fireNext(): Promise<number> {
    const next = this.scheduled.shift();
    if (!next) throw new Error('nothing scheduled');
    next.callback();
    await new Promise((resolve) => setImmediate(resolve));
    return next.delayMs;
  }
}

function backendAnswering(answers: BackendOutcome<{ ok: true }>[]): Backend {
  return { health: async () => answers.shift() ?? { kind: 'not_sent', reason: 'ECONNREFUSED' } } as unknown as Backend;
}

describe('connectivity', () => {
  it('When one request times out, then the link is degraded; a second failure makes it offline; an answer makes it online', () => {
    const monitor = new ConnectivityMonitor(backendAnswering([]), new RecordingTimers(), silentLogger);
    monitor.observe({ kind: 'ambiguous', reason: 'ECONNABORTED' });
    expect(monitor.state).toBe('degraded');
    monitor.observe({ kind: 'ambiguous', reason: 'ECONNRESET' });
    expect(monitor.state).toBe('offline');
    monitor.observe({ kind: 'refused', status: 402, code: 'insufficient_funds', message: '', details: {} });
    expect(monitor.state).toBe('online');
  });

  it('When the connection is refused, then the link is offline at once', () => {
    const monitor = new ConnectivityMonitor(backendAnswering([]), new RecordingTimers(), silentLogger);
    monitor.observe({ kind: 'not_sent', reason: 'ECONNREFUSED' });
    expect(monitor.state).toBe('offline');
  });

  it('When probes keep failing, then they back off by doubling up to the stated maximum, and slow to the quiet-link interval once online', async () => {
    const answers: BackendOutcome<{ ok: true }>[] = Array.from({ length: 8 }, () => ({ kind: 'not_sent', reason: 'ECONNREFUSED' }));
    answers.push({ kind: 'ok', status: 200, value: { ok: true } });
    const timers = new RecordingTimers();
    const monitor = new ConnectivityMonitor(backendAnswering(answers), timers, silentLogger);
    monitor.start();
    const delays: number[] = [];
    for (let i = 0; i < 9; i++) delays.push(await timers.fireNext());
    expect(delays).toEqual([0, 1_000, 2_000, 4_000, 8_000, CORE_LIMITS.probeBackoffMsMax, CORE_LIMITS.probeBackoffMsMax, CORE_LIMITS.probeBackoffMsMax, CORE_LIMITS.probeBackoffMsMax]);
    expect(monitor.state).toBe('online');
    expect(timers.scheduled.map((t) => t.delayMs)).toEqual([CORE_LIMITS.onlineProbeIntervalMs]);
  });

  it('When the link goes quiet and the cable is pulled, then the next quiet-link probe turns the header offline without any payment', async () => {
    const timers = new RecordingTimers();
    const monitor = new ConnectivityMonitor(backendAnswering([{ kind: 'ok', status: 200, value: { ok: true } }]), timers, silentLogger);
    monitor.start();
    await timers.fireNext();
    expect(monitor.state).toBe('online');
    // The backend answers nothing more: the scheduled quiet-link probe finds the cut.
    expect(await timers.fireNext()).toBe(CORE_LIMITS.onlineProbeIntervalMs);
    expect(monitor.state).toBe('offline');
  });
});
