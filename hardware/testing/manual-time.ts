/**
 * A clock and timers that move only when a test says so. Between timers, `advance` lets
 * I/O callbacks and promise chains run (simulators answer through setImmediate), so a test
 * reads as "after 2 s, the device is connected again" without waiting 2 s.
 */
import type { Clock } from '../../common/time';
import type { TimerHandle, Timers } from '../timers';

interface Pending {
  atMs: number;
  sequence: number;
  callback: () => void;
}

/** setImmediate turns per settle: enough for a PN532 command round trip through MockBinding. */
const SETTLE_TURNS = 50;

export async function settle(turns: number = SETTLE_TURNS): Promise<void> {
  for (let i = 0; i < turns; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

export class ManualTime implements Clock, Timers {
  private now: number;
  private sequence = 0;
  private pending: Pending[] = [];

  constructor(startMs: number = Date.UTC(2024, 9, 29, 1, 0, 0)) {
    this.now = startMs;
  }

  nowMs(): number {
    return this.now;
  }

  setTimeout(callback: () => void, delayMs: number): TimerHandle {
    const entry: Pending = { atMs: this.now + Math.max(0, delayMs), sequence: this.sequence++, callback };
    this.pending.push(entry);
    return { cancel: () => (this.pending = this.pending.filter((p) => p !== entry)) };
  }

  /** Moves time forward by `ms`, firing due timers in order and settling I/O between them. */
  async advance(ms: number): Promise<void> {
    const targetMs = this.now + ms;
    for (;;) {
      await settle();
      const due = this.pending.filter((p) => p.atMs <= targetMs).sort((a, b) => a.atMs - b.atMs || a.sequence - b.sequence)[0];
      if (!due) break;
      this.pending = this.pending.filter((p) => p !== due);
      this.now = Math.max(this.now, due.atMs);
      due.callback();
    }
    this.now = targetMs;
    await settle();
  }

  get pendingCount(): number {
    return this.pending.length;
  }
}
