/**
 * Checkpoints off the writer's path (issue 16, docs/performance.md "Checkpoints off the
 * writer's path"). SQLite's writer copies its WAL back into the database file every
 * sqliteWalCheckpointPages inside a commit, and every payment in flight waited for it (25–45
 * ms at 32 clients, the whole p99). A thread of its own, on its own connection, copies the WAL
 * in chunks of sqliteWalCheckpointChunkPages instead, and whatever is left when the writer
 * pauses; the writer's checkpoint still starts the WAL over at the same bound, but finds only
 * the pages committed since the thread's last chunk. Without this thread (it failed, or a tool
 * opened the store) the writer checkpoints as before: nothing depends on it.
 */
import { Worker } from 'node:worker_threads';
import { BACKEND_LIMITS } from '../limits';
import { threadBootstrap, threadEntry } from '../thread-bootstrap';
import { COUNTER, COUNTER_COUNT, type CheckpointerData, type CheckpointerMessage } from './wal-checkpointer-protocol';

const ENTRY = threadEntry('wal-checkpointer-thread', import.meta.url);

export interface WalCheckpointerOptions {
  pollMs?: number;
  chunkFrames?: number;
  /** The thread could not open the file, or a checkpoint failed; the thread has stopped. */
  onError: (error: WalCheckpointerError) => void;
}

export class WalCheckpointerError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(`the WAL checkpointer stopped (${code}): ${message}; the writer's own checkpoints go on`);
    this.name = 'WalCheckpointerError';
  }
}

export interface WalCheckpointerStats {
  /** Checkpoints of the thread that copied frames. */
  checkpoints: number;
  /** WAL frames (pages) the thread copied into the database file. */
  framesCopied: number;
}

export class WalCheckpointer {
  private readonly exited: Promise<void>;

  private constructor(
    private readonly worker: Worker,
    private readonly counters: BigInt64Array,
  ) {
    this.exited = new Promise((resolve) => worker.once('exit', () => resolve()));
  }

  /** Starts the thread and returns at once; the store does not wait for it to open. */
  static start(file: string, options: WalCheckpointerOptions): WalCheckpointer {
    const shared = new SharedArrayBuffer(COUNTER_COUNT * BigInt64Array.BYTES_PER_ELEMENT);
    const data: CheckpointerData = {
      file,
      pollMs: options.pollMs ?? BACKEND_LIMITS.sqliteWalCheckpointPollMs,
      chunkFrames: options.chunkFrames ?? BACKEND_LIMITS.sqliteWalCheckpointChunkPages,
      busyTimeoutMs: BACKEND_LIMITS.sqliteBusyTimeoutMs,
      counters: shared,
    };
    const worker = new Worker(threadBootstrap(ENTRY), { eval: true, workerData: data });
    // Never what keeps a process alive: the store's close stops it.
    worker.unref();
    worker.on('message', (message: CheckpointerMessage) => {
      if (message.t === 'failed') options.onError(new WalCheckpointerError(message.code, message.message));
    });
    worker.on('error', (error) => options.onError(new WalCheckpointerError('THREAD_ERROR', error.message)));
    return new WalCheckpointer(worker, new BigInt64Array(shared));
  }

  stats(): WalCheckpointerStats {
    return {
      checkpoints: Number(Atomics.load(this.counters, COUNTER.checkpoints)),
      framesCopied: Number(Atomics.load(this.counters, COUNTER.framesCopied)),
    };
  }

  /**
   * Closes the thread's connection before the writer's, so the writer's close is the last and
   * SQLite's final checkpoint and WAL removal happen there, as without this thread.
   */
  async stop(): Promise<void> {
    this.worker.postMessage('stop');
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => {
      timer = setTimeout(() => resolve('late'), BACKEND_LIMITS.sqliteWalCheckpointerStopTimeoutMs);
    });
    const outcome = await Promise.race([this.exited.then(() => 'exited' as const), late]);
    clearTimeout(timer);
    if (outcome === 'late') await this.worker.terminate();
  }
}
