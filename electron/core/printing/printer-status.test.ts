/**
 * R29: TerminalStatus.printer follows the printer's real-time status: asked at start, then every
 * `printerStatusPollMs` through the injected Timers port, announced when it changes, and no
 * longer asked once the core stops.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { TerminalContext } from '../context';
import { Journal } from '../journal/journal';
import { CORE_LIMITS } from '../limits';
import type { Timers } from '../ports';
import { FakePrinters } from '../testing/fake-printers';
import { ManualClock, START_MS } from '../testing/harness';
import { Receipts } from './receipts';

/** Timers a test fires by hand. */
class HandTimers implements Timers {
  private nextHandle = 1;
  readonly pending = new Map<number, { callback: () => void; delayMs: number }>();

  setTimeout(callback: () => void, delayMs: number): unknown {
    const handle = this.nextHandle++;
    this.pending.set(handle, { callback, delayMs });
    return handle;
  }

  clearTimeout(handle: unknown): void {
    this.pending.delete(handle as number);
  }

  /** Runs the timers set for `delayMs` (each once). */
  fire(delayMs: number): number {
    const due = [...this.pending].filter(([, timer]) => timer.delayMs === delayMs);
    for (const [handle, timer] of due) {
      this.pending.delete(handle);
      timer.callback();
    }
    return due.length;
  }
}

let journal: Journal | null = null;
afterEach(() => journal?.close());

async function settle(): Promise<void> {
  for (let turn = 0; turn < 5; turn++) await new Promise((resolve) => setImmediate(resolve));
}

describe('printer status (R29)', () => {
  it('R29: the status is asked at start and every poll interval, a change is announced once, and stop() ends the polling', async () => {
    journal = Journal.open(':memory:');
    const printers = new FakePrinters();
    const timers = new HandTimers();
    const clock = new ManualClock(START_MS);
    let announced = 0;
    const receipts = new Receipts({
      journal,
      ctx: new TerminalContext('http://127.0.0.1:1'),
      printers,
      defaultSettings: { connection: { type: 'tcp', host: '192.0.2.10' } },
      clock,
      timers,
      logger: { info: () => undefined, warn: () => undefined, error: () => undefined },
      newId: () => globalThis.crypto.randomUUID(),
      emit: () => undefined,
      statusChanged: () => {
        announced += 1;
      },
    });
    expect(receipts.printerStatus()).toEqual({ state: 'unknown', paperNearEnd: false, checkedAt: null });

    receipts.start();
    await settle();
    expect(printers.statusAsked).toEqual([{ type: 'tcp', host: '192.0.2.10', port: 9100 }]);
    expect(receipts.printerStatus()).toMatchObject({ state: 'ready', checkedAt: '2024-06-01T01:00:00.000Z' });
    expect(announced).toBe(1);

    // Same answer: checked again, nothing to announce.
    clock.advance(CORE_LIMITS.printerStatusPollMs);
    expect(timers.fire(CORE_LIMITS.printerStatusPollMs)).toBe(1);
    await settle();
    expect(printers.statusAsked).toHaveLength(2);
    expect(receipts.printerStatus().checkedAt).toBe('2024-06-01T01:00:15.000Z');
    expect(announced).toBe(1);

    printers.state = 'cover_open';
    expect(timers.fire(CORE_LIMITS.printerStatusPollMs)).toBe(1);
    await settle();
    expect(receipts.printerStatus().state).toBe('cover_open');
    expect(announced).toBe(2);

    receipts.stop();
    expect(timers.pending.size).toBe(0);
  });
});
