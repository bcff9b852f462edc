/**
 * The print queue's bounds and its one-lane rule (docs/receipts.md): one job at a time, status
 * checks never in the middle of a job, at most `printQueueJobsMax` waiting, at most
 * `printJobsKept` finished jobs listed.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_PRINTER_SETTINGS, type PrinterSettings } from '../../../common/receipts/printer-settings';
import type { PrintJobView } from '../../../common/terminal-api';
import { CORE_LIMITS } from '../limits';
import { FakePrinters } from '../testing/fake-printers';
import { ManualClock, START_MS } from '../testing/harness';
import { PrintQueue, type PrintRequest } from './print-queue';

const SETTINGS: PrinterSettings = { ...DEFAULT_PRINTER_SETTINGS, connection: { type: 'tcp', host: '192.0.2.10', port: 9100 } };

/** A printer that holds every send until the test lets it go, and counts sends at once. */
class SlowPrinters extends FakePrinters {
  inFlight = 0;
  inFlightMax = 0;
  private releases: (() => void)[] = [];

  override async send(...args: Parameters<FakePrinters['send']>): ReturnType<FakePrinters['send']> {
    this.inFlight += 1;
    this.inFlightMax = Math.max(this.inFlightMax, this.inFlight);
    await new Promise<void>((resolve) => this.releases.push(resolve));
    this.inFlight -= 1;
    return super.send(...args);
  }

  releaseAll(): void {
    const releases = this.releases;
    this.releases = [];
    for (const release of releases) release();
  }

  waitingSends(): number {
    return this.releases.length;
  }
}

function request(n: number): PrintRequest {
  return { slipId: `slip-${n}`, slipKind: 'payment', copy: 'customer', reprint: false, markup: () => `slip ${n}` };
}

function makeQueue(printers: FakePrinters) {
  let id = 0;
  const changes: PrintJobView[] = [];
  const queue = new PrintQueue({
    printers,
    settings: () => SETTINGS,
    clock: new ManualClock(START_MS),
    logger: { info: () => undefined, warn: () => undefined, error: () => undefined },
    newId: () => `job-${++id}`,
    jobChanged: (job) => changes.push(job),
    statusRead: () => undefined,
  });
  return { queue, changes };
}

async function until(condition: () => boolean): Promise<void> {
  // Bounded: a queue that never gets there fails the test instead of hanging it.
  for (let turn = 0; turn < 1_000 && !condition(); turn++) await new Promise((resolve) => setImmediate(resolve));
  expect(condition()).toBe(true);
}

describe('print queue (R29)', () => {
  it('R29: jobs print one at a time, and a status check waits for the job in progress', async () => {
    const printers = new SlowPrinters();
    const { queue } = makeQueue(printers);
    queue.enqueue(request(1));
    queue.enqueue(request(2));
    await until(() => printers.waitingSends() === 1);
    const statusBefore = printers.statusAsked.length;
    const status = queue.readStatus(SETTINGS);
    await new Promise((resolve) => setImmediate(resolve));
    expect(printers.statusAsked.length).toBe(statusBefore);

    for (let round = 0; round < 2; round++) {
      await until(() => printers.waitingSends() === 1);
      printers.releaseAll();
    }
    await queue.idle();
    await status;
    expect(printers.inFlightMax).toBe(1);
    expect(printers.texts()).toEqual(['slip 1', 'slip 2']);
  });

  it(`R29: at most ${CORE_LIMITS.printQueueJobsMax} jobs wait; one more fails at once without printing`, async () => {
    const printers = new SlowPrinters();
    const { queue } = makeQueue(printers);
    queue.enqueue(request(0));
    await until(() => printers.waitingSends() === 1);
    for (let n = 1; n <= CORE_LIMITS.printQueueJobsMax; n++) expect(queue.enqueue(request(n)).state).toBe('queued');
    const overflow = queue.enqueue(request(99));
    expect(overflow).toMatchObject({ slipId: 'slip-99', state: 'failed', failure: 'write_failed' });

    while (queue.busy()) {
      printers.releaseAll();
      await new Promise((resolve) => setImmediate(resolve));
    }
    await queue.idle();
    expect(printers.printed).toHaveLength(CORE_LIMITS.printQueueJobsMax + 1);
    expect(printers.texts()).not.toContain('slip 99');
  });

  it(`R29: printJobs lists the newest ${CORE_LIMITS.printJobsKept} finished jobs, newest first`, async () => {
    const printers = new FakePrinters();
    const { queue } = makeQueue(printers);
    const total = CORE_LIMITS.printJobsKept + 5;
    for (let n = 1; n <= total; n++) {
      queue.enqueue(request(n));
      await queue.idle();
    }
    const jobs = queue.jobs();
    expect(jobs).toHaveLength(CORE_LIMITS.printJobsKept);
    expect(jobs[0]).toMatchObject({ slipId: `slip-${total}`, state: 'printed' });
    expect(jobs.at(-1)).toMatchObject({ slipId: `slip-${total - CORE_LIMITS.printJobsKept + 1}` });
  });
});
