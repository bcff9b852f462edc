/**
 * The HTTP thread's side of the ledger worker (docs/performance.md "Two threads"): starts the
 * worker, sends it prepared calls and answers each caller when the worker does. One worker per
 * backend process; a worker that dies fails every call in flight and is reported, never
 * silently replaced (the process's supervisor restarts the whole backend).
 */
import { Worker } from 'node:worker_threads';
import type { Logger } from 'pino';
import { DomainError } from '../../../common/errors';
import type { Config } from '../config';
import type { LedgerDispatch, SentAnswer } from '../http/app';
import type { PreparedCall } from '../http/route';
import { BACKEND_LIMITS } from '../limits';
import { threadBootstrap, threadEntry } from '../thread-bootstrap';
import type { Answer, Caches } from '../usecases/context';
import { Outbox, type Crossings } from './outbox';
import type { FromWorker, LedgerWorkerData, ToWorker } from './protocol';

type Request = Exclude<ToWorker, { t: 'abort' }>;

interface Waiting {
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

const ENTRY = threadEntry('ledger-worker', import.meta.url);

export class LedgerWorkerHost implements LedgerDispatch {
  private readonly waiting = new Map<number, Waiting>();
  private nextId = 1;
  private exited: Error | null = null;
  private caches: Caches | null = null;
  private stopping = false;
  private stopped: Promise<void> | null = null;
  // After the sockets read in this turn of the event loop have all been handled (setImmediate
  // runs after libuv's poll phase): their calls leave in one post.
  private readonly outbox: Outbox<ToWorker>;
  private readonly received: Crossings = { messages: 0, posts: 0 };

  private constructor(
    private readonly worker: Worker,
    private readonly log: Logger,
    private readonly onLost: (error: Error) => void,
  ) {
    this.outbox = new Outbox<ToWorker>((messages) => worker.postMessage(messages), (flush) => setImmediate(flush), BACKEND_LIMITS.ledgerWorkerMessagesPerPostMax);
    worker.on('message', (messages: FromWorker[]) => {
      this.received.posts += 1;
      this.received.messages += messages.length;
      for (const message of messages) this.receive(message);
    });
    worker.on('error', (error) => log.error({ err: error }, 'the ledger worker failed'));
    worker.on('exit', (code) => {
      this.exited = new Error(`the ledger worker stopped (exit code ${code})`);
      for (const w of this.waiting.values()) w.reject(this.exited);
      this.waiting.clear();
      if (!this.stopping) this.onLost(this.exited);
    });
  }

  /** Resolves once the worker has opened (and migrated) the store and can take calls. */
  static async start(config: Config, log: Logger, onLost: (error: Error) => void): Promise<LedgerWorkerHost> {
    const data: LedgerWorkerData = { config };
    const worker = new Worker(threadBootstrap(ENTRY), { eval: true, workerData: data });
    await new Promise<void>((resolve, reject) => {
      const early = (code: number) => reject(new Error(`the ledger worker stopped while starting (exit code ${code})`));
      worker.once('exit', early);
      worker.once('error', reject);
      // A post is an array: the start's answer is looked for in all of it, not only at its head.
      worker.on('message', function first(messages: FromWorker[]) {
        const message = messages.find((m): m is Extract<FromWorker, { t: 'ready' | 'start_failed' }> => m.t === 'ready' || m.t === 'start_failed');
        if (!message) return;
        worker.off('message', first);
        worker.off('exit', early);
        worker.off('error', reject);
        if (message.t === 'ready') resolve();
        else reject(new Error(message.message));
      });
    }).catch(async (error: unknown) => {
      await worker.terminate();
      throw error;
    });
    return new LedgerWorkerHost(worker, log, onLost);
  }

  /** The HTTP thread's caches, to evict from when the worker does. */
  attachCaches(caches: Caches): void {
    this.caches = caches;
  }

  run(route: number, call: PreparedCall, signal?: AbortSignal): Promise<Answer<unknown> | SentAnswer> {
    return this.request((id) => ({ t: 'call', id, route, call }), signal) as Promise<Answer<unknown> | SentAnswer>;
  }

  async probeWritable(): Promise<void> {
    await this.request((id) => ({ t: 'probe', id }));
  }

  /** The one write authentication makes, run by the writer so the HTTP thread never waits for SQLite's write lock. */
  async forgetPreviousToken(terminalId: string, tokenHash: string): Promise<void> {
    await this.request((id) => ({ t: 'forgetPreviousToken', id, terminalId, tokenHash }));
  }

  metrics(): Promise<string> {
    return this.request((id) => ({ t: 'metrics', id })) as Promise<string>;
  }

  crossings(): { toWorker: Crossings; fromWorker: Crossings } {
    return { toWorker: this.outbox.crossings(), fromWorker: { ...this.received } };
  }

  async setClockOffset(offsetMs: number): Promise<void> {
    await this.request((id) => ({ t: 'clock', id, offsetMs }));
  }

  /**
   * Runs once; a second call (two signals at once) waits for the first. Two stop requests in
   * flight raced the worker's exit: the second was failed by it (seen in CI).
   */
  stop(): Promise<void> {
    this.stopped ??= this.stopOnce();
    return this.stopped;
  }

  private async stopOnce(): Promise<void> {
    if (this.exited) return;
    this.stopping = true;
    const timeout = setTimeout(() => void this.worker.terminate(), BACKEND_LIMITS.ledgerWorkerStopTimeoutMs);
    try {
      await this.request((id) => ({ t: 'stop', id }));
    } finally {
      clearTimeout(timeout);
      await this.worker.terminate();
    }
  }

  /**
   * `message` builds the call around its id: an object spread followed by more properties
   * (`{ ...message, id }`) made V8 build a new hidden class for every call (docs/performance.md
   * "Twenty-fourth session").
   */
  private request(message: (id: number) => Request, signal?: AbortSignal): Promise<unknown> {
    if (this.exited) return Promise.reject(this.exited);
    if (this.waiting.size >= BACKEND_LIMITS.ledgerWorkerCallsInFlightMax) {
      return Promise.reject(new DomainError('overloaded', 'the ledger is busy; retry with the same clientTxnId'));
    }
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const onAbort = () => this.outbox.push({ t: 'abort', id });
      signal?.addEventListener('abort', onAbort, { once: true });
      const done = () => signal?.removeEventListener('abort', onAbort);
      this.waiting.set(id, {
        resolve: (value) => {
          done();
          resolve(value);
        },
        reject: (error) => {
          done();
          reject(error);
        },
      });
      this.outbox.push(message(id));
    });
  }

  private receive(message: FromWorker): void {
    if (message.t === 'evict') {
      this.caches?.[message.cache].clear();
      return;
    }
    if (message.t !== 'done' && message.t !== 'answer' && message.t !== 'error') return;
    const waiting = this.waiting.get(message.id);
    if (!waiting) return;
    this.waiting.delete(message.id);
    if (message.t === 'done') {
      waiting.resolve(message.value);
      return;
    }
    if (message.t === 'answer') {
      waiting.resolve({ status: message.status, json: message.json } satisfies SentAnswer);
      return;
    }
    const { error } = message;
    if (error.kind === 'domain') waiting.reject(new DomainError(error.code, error.message, error.details));
    else waiting.reject(new Error(`ledger worker: ${error.message}`));
  }
}
