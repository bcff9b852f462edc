/**
 * R29 print jobs, one at a time, after the transaction has answered. Before a job's bytes go
 * out the printer is asked for its real-time status: paper out, cover open, offline or no
 * answer fail the job at once with that reason, and nothing is sent to a printer that would
 * lose it. Every state change is reported (`print_job` events); a failed job leaves its slip
 * ready for 再印刷 and the transaction untouched.
 *
 * All printer I/O — jobs and status checks alike — goes through one lane: a serial port or a
 * USB printer file can only be opened by one party at a time.
 */
import type { PrintFailureCode, PrinterSettings, PrinterState, PrinterStatusView } from '../../../common/receipts/printer-settings';
import type { SlipCopy, SlipKind } from '../../../common/receipts/slip';
import type { PrintJobView } from '../../../common/terminal-api';
import { toIso, type Clock } from '../../../common/time';
import { CORE_LIMITS } from '../limits';
import type { Logger, Printers } from '../ports';

export type PrinterReading = Omit<PrinterStatusView, 'checkedAt'>;

/** What one job prints: laid out when it runs, for the paper and shop lines set then. */
export interface PrintRequest {
  slipId: string;
  slipKind: SlipKind | 'test' | 'store_qr';
  copy: SlipCopy;
  reprint: boolean;
  markup(settings: PrinterSettings): string;
}

export interface PrintQueueDeps {
  printers: Printers;
  settings(): PrinterSettings;
  clock: Clock;
  logger: Logger;
  newId(): string;
  /** A job changed state (its view as it is now). */
  jobChanged(job: PrintJobView): void;
  /** The printer answered a status request (or could not be reached). */
  statusRead(reading: PrinterReading): void;
}

interface Job {
  view: PrintJobView;
  request: PrintRequest;
}

/** A printer that is not ready fails the job with its own state as the reason. */
const FAILURE_OF_STATE: Record<Exclude<PrinterState, 'ready'>, PrintFailureCode> = {
  paper_out: 'paper_out',
  cover_open: 'cover_open',
  offline: 'offline',
  unreachable: 'unreachable',
  not_configured: 'not_configured',
  // Asked and no state came back: as good as no answer.
  unknown: 'unreachable',
};

const NOT_SENT_MESSAGE: Record<PrintFailureCode, string> = {
  paper_out: 'The printer is out of paper: nothing was sent.',
  cover_open: 'The printer cover is open: nothing was sent.',
  offline: 'The printer is offline: nothing was sent.',
  unreachable: 'The printer did not answer its status request: nothing was sent.',
  not_configured: 'No receipt printer is set up (設定 → レシートプリンタ): nothing was sent.',
  write_failed: 'The slip could not be sent to the printer.',
  timeout: 'The printer did not take the slip in time.',
};

export class PrintQueue {
  private readonly waiting: Job[] = [];
  private running: Job | null = null;
  /** Finished jobs, newest first, at most `printJobsKept`. */
  private finished: PrintJobView[] = [];
  private lane: Promise<void> = Promise.resolve();
  private draining: Promise<void> | null = null;

  constructor(private readonly deps: PrintQueueDeps) {}

  /** Queues a job (or fails it at once when too many wait) and answers its view as queued. */
  enqueue(request: PrintRequest): PrintJobView {
    const job: Job = {
      request,
      view: {
        jobId: this.deps.newId(),
        slipId: request.slipId,
        slipKind: request.slipKind,
        copy: request.copy,
        state: 'queued',
        failure: null,
        message: null,
        reprint: request.reprint,
        updatedAt: this.now(),
      },
    };
    if (this.waiting.length >= CORE_LIMITS.printQueueJobsMax) {
      this.deps.logger.error({ slipId: request.slipId, waiting: this.waiting.length }, 'print queue full: job failed without printing');
      this.finish(job, 'write_failed', `The print queue is full (${CORE_LIMITS.printQueueJobsMax} jobs waiting): this slip was not printed; print it again later.`);
      return { ...job.view };
    }
    this.waiting.push(job);
    const queued = { ...job.view };
    this.deps.jobChanged(queued);
    this.drain();
    return queued;
  }

  /** Jobs waiting, printing and recently finished, newest first. */
  jobs(): PrintJobView[] {
    const active = [...this.waiting].reverse().map((job) => ({ ...job.view }));
    if (this.running) active.push({ ...this.running.view });
    return [...active, ...this.finished.map((view) => ({ ...view }))];
  }

  busy(): boolean {
    return this.running !== null || this.waiting.length > 0;
  }

  /** Resolves once no job waits or prints. */
  async idle(): Promise<void> {
    while (this.draining) await this.draining;
  }

  /** The printer's real-time status, between jobs (never in the middle of one). */
  readStatus(settings: PrinterSettings): Promise<PrinterReading> {
    return this.exclusive(() => this.askStatus(settings));
  }

  private drain(): void {
    if (this.draining) return;
    this.draining = this.loop().finally(() => {
      this.draining = null;
    });
  }

  private async loop(): Promise<void> {
    for (let job = this.waiting.shift(); job !== undefined; job = this.waiting.shift()) {
      const current = job;
      this.running = current;
      try {
        await this.exclusive(() => this.run(current));
      } catch (error) {
        // A port that throws breaks its contract; the job still ends, and the queue goes on.
        this.deps.logger.error({ jobId: current.view.jobId, error: String(error) }, 'print job threw');
        this.finish(current, 'write_failed', `The printer adapter failed: ${String(error)}`);
      }
      this.running = null;
    }
  }

  private async run(job: Job): Promise<void> {
    this.update(job, { state: 'printing' });
    const settings = this.deps.settings();
    const status = await this.askStatus(settings);
    if (status.state !== 'ready') {
      const code = FAILURE_OF_STATE[status.state];
      return this.finish(job, code, NOT_SENT_MESSAGE[code]);
    }
    let bytes: Uint8Array;
    try {
      bytes = this.deps.printers.render(job.request.markup(settings), { commandSet: settings.commandSet, paperWidthMm: settings.paperWidthMm }).bytes;
    } catch (error) {
      this.deps.logger.error({ jobId: job.view.jobId, slipId: job.view.slipId, error: String(error) }, 'slip could not be laid out');
      return this.finish(job, 'write_failed', `The slip could not be laid out: ${String(error)}`);
    }
    const sent = await this.deps.printers.send(settings.connection, bytes);
    if (sent.ok) this.finish(job, null, null);
    else this.finish(job, sent.code, sent.message);
    // After the bytes, the printer's state may have changed (the roll ran low, the cover).
    await this.askStatus(settings);
  }

  private async askStatus(settings: PrinterSettings): Promise<PrinterReading> {
    if (settings.connection.type === 'none') {
      const reading: PrinterReading = { state: 'not_configured', paperNearEnd: false };
      this.deps.statusRead(reading);
      return reading;
    }
    let reading: PrinterReading;
    try {
      reading = await this.deps.printers.status(settings.connection);
    } catch (error) {
      this.deps.logger.error({ error: String(error) }, 'printer status threw');
      reading = { state: 'unreachable', paperNearEnd: false };
    }
    this.deps.statusRead(reading);
    return reading;
  }

  private exclusive<T>(task: () => Promise<T>): Promise<T> {
    const result = this.lane.then(task);
    this.lane = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }

  private finish(job: Job, failure: PrintFailureCode | null, message: string | null): void {
    this.update(job, failure === null ? { state: 'printed', failure: null, message: null } : { state: 'failed', failure, message });
    this.finished = [{ ...job.view }, ...this.finished].slice(0, CORE_LIMITS.printJobsKept);
    if (failure !== null) this.deps.logger.warn({ jobId: job.view.jobId, slipId: job.view.slipId, failure, message }, 'print job failed');
  }

  private update(job: Job, change: Partial<Pick<PrintJobView, 'state' | 'failure' | 'message'>>): void {
    job.view = { ...job.view, ...change, updatedAt: this.now() };
    this.deps.jobChanged({ ...job.view });
  }

  private now(): string {
    return toIso(this.deps.clock.nowMs());
  }
}
