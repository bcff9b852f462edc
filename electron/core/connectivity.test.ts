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
  const next = async () => answers.shift() ?? ({ kind: 'not_sent', reason: 'ECONNREFUSED' } as const);
  return { health: next, livez: next } as unknown as Backend;
}

/** Simulated time: timers fire in due order as the test advances the clock. */
class VirtualTimers implements Timers {
  nowMs = 0;
  private seq = 0;
  private readonly queue: { due: number; id: number; callback: () => void }[] = [];
  setTimeout(callback: () => void, delayMs: number): unknown {
    const entry = { due: this.nowMs + delayMs, id: this.seq++, callback };
    this.queue.push(entry);
    return entry;
  }
  clearTimeout(handle: unknown): void {
    const i = this.queue.indexOf(handle as (typeof this.queue)[number]);
    if (i >= 0) this.queue.splice(i, 1);
  }
  /** Moves time forward, firing every timer that falls due, letting promises settle between. */
  async advance(ms: number): Promise<void> {
    const end = this.nowMs + ms;
    await settle();
    for (;;) {
      this.queue.sort((a, b) => a.due - b.due || a.id - b.id);
      const next = this.queue[0];
      if (!next || next.due > end) break;
      this.queue.shift();
      this.nowMs = next.due;
      next.callback();
      await settle();
    }
    this.nowMs = end;
  }
}

async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
}

/** A link the test cuts: while cut, requests hang (no answer, no refusal) — a pulled cable. */
function switchableBackend() {
  const calls: string[] = [];
  const link = { up: true, livez404: false };
  const answer = (name: string) => (): Promise<BackendOutcome<{ ok: true }>> => {
    calls.push(name);
    if (!link.up) return new Promise(() => undefined);
    if (name === 'livez' && link.livez404) return Promise.resolve({ kind: 'refused', status: 404, code: 'not_found', message: 'no route', details: {} });
    return Promise.resolve({ kind: 'ok', status: 200, value: { ok: true } });
  };
  const backend = { health: answer('health'), livez: answer('livez') } as unknown as Backend;
  return { backend, link, calls };
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

  it('When probes keep failing, then they back off by doubling up to the stated maximum, and switch to the heartbeat once online', async () => {
    const answers: BackendOutcome<{ ok: true }>[] = Array.from({ length: 8 }, () => ({ kind: 'not_sent', reason: 'ECONNREFUSED' }));
    answers.push({ kind: 'ok', status: 200, value: { ok: true } });
    const timers = new RecordingTimers();
    const monitor = new ConnectivityMonitor(backendAnswering(answers), timers, silentLogger);
    monitor.start();
    const delays: number[] = [];
    for (let i = 0; i < 9; i++) delays.push(await timers.fireNext());
    expect(delays).toEqual([0, 1_000, 2_000, 4_000, 8_000, CORE_LIMITS.probeBackoffMsMax, CORE_LIMITS.probeBackoffMsMax, CORE_LIMITS.probeBackoffMsMax, CORE_LIMITS.probeBackoffMsMax]);
    expect(monitor.state).toBe('online');
    expect(timers.scheduled.map((t) => t.delayMs)).toEqual([CORE_LIMITS.heartbeatIntervalMs]);
  });


  it('When the link stops answering while online, then the status is offline within 2 s of simulated time, and online again once it answers', async () => {
    const timers = new VirtualTimers();
    const { backend, link, calls } = switchableBackend();
    const monitor = new ConnectivityMonitor(backend, timers, silentLogger);
    const seen: string[] = [];
    monitor.onChange((state) => seen.push(`${timers.nowMs}:${state}`));
    monitor.start();
    await timers.advance(0);
    expect(monitor.state).toBe('online');
    // Heartbeats keep it online, one a second.
    await timers.advance(3_000);
    expect(monitor.state).toBe('online');
    expect(calls.filter((c) => c === 'livez')).toHaveLength(3);
    // The cable is pulled right after an answer: nothing answers any more.
    const cutAt = timers.nowMs;
    link.up = false;
    await timers.advance(2_000);
    expect(monitor.state).toBe('offline');
    const offlineAt = Number(seen.find((e) => e.endsWith(':offline'))?.split(':')[0]);
    expect(offlineAt - cutAt).toBeLessThanOrEqual(2_000);
    // Back: the backoff probe finds it.
    link.up = true;
    await timers.advance(CORE_LIMITS.probeBackoffMsMax);
    expect(monitor.state).toBe('online');
    monitor.stop();
  });

  it('When real requests keep answering, then no heartbeat is sent (an answer within the last second stands in for it)', async () => {
    const timers = new VirtualTimers();
    const { backend, calls } = switchableBackend();
    const monitor = new ConnectivityMonitor(backend, timers, silentLogger);
    monitor.start();
    await timers.advance(0);
    for (let i = 0; i < 10; i++) {
      await timers.advance(900);
      monitor.observe({ kind: 'ok', status: 200, value: {} });
    }
    expect(calls.filter((c) => c === 'livez')).toHaveLength(0);
    await timers.advance(1_000);
    expect(calls.filter((c) => c === 'livez')).toHaveLength(1);
    monitor.stop();
  });

  it('When the backend has no /livez (404, older backend), then the heartbeat falls back to /healthz and the link stays online', async () => {
    const timers = new VirtualTimers();
    const { backend, link, calls } = switchableBackend();
    link.livez404 = true;
    const monitor = new ConnectivityMonitor(backend, timers, silentLogger);
    monitor.start();
    await timers.advance(3_000);
    expect(monitor.state).toBe('online');
    expect(calls.filter((c) => c === 'livez')).toHaveLength(1);
    expect(calls.filter((c) => c === 'health').length).toBeGreaterThanOrEqual(3);
    link.up = false;
    await timers.advance(2_000);
    expect(monitor.state).toBe('offline');
    monitor.stop();
  });
});
