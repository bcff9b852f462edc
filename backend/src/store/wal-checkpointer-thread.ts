/**
 * The WAL checkpointer's thread (store/wal-checkpointer.ts): its own connection to the ledger
 * file. It looks every pollMs at how far the WAL has grown past what is copied, and copies
 * once chunkFrames have gathered or the writer has paused. A PASSIVE checkpoint never waits for
 * the writer or a reader and never blocks them: it copies what is committed and not needed by
 * an older reader, then syncs the database file.
 */
import Database from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';
import { COUNTER, type CheckpointerMessage, type CheckpointerData } from './wal-checkpointer-protocol';

const port = parentPort;
if (!port) throw new Error('wal-checkpointer-thread.ts runs only as a worker thread (see store/wal-checkpointer.ts)');
const data = workerData as CheckpointerData;
const counters = new BigInt64Array(data.counters);

interface CheckpointRow {
  busy: number;
  /** Frames in the WAL. */
  log: number;
  /** Frames of them now in the database file. */
  checkpointed: number;
}

/** Says once why the thread stops; the writer's own checkpoints go on as without it. */
function fail(error: unknown): void {
  const message: CheckpointerMessage = { t: 'failed', code: (error as { code?: string }).code ?? 'UNKNOWN', message: (error as Error).message };
  port!.postMessage(message);
  stop();
}

let db: Database.Database | null = null;
let timer: NodeJS.Timeout | null = null;

function stop(): void {
  if (timer) clearInterval(timer);
  timer = null;
  db?.close();
  db = null;
  port!.close();
}

try {
  db = new Database(data.file, { fileMustExist: true });
  // The copy is synced to the database file before SQLite lets the WAL be written over.
  db.pragma('synchronous = FULL');
  db.pragma(`busy_timeout = ${data.busyTimeoutMs}`);
  // NOOP copies nothing: it reads how far the WAL and the copy have got (SQLite ≥ 3.51).
  const look = db.prepare('pragma wal_checkpoint(NOOP)');
  const copy = db.prepare('pragma wal_checkpoint(PASSIVE)');
  let framesSeen = -1;
  timer = setInterval(() => {
    try {
      const before = look.get() as CheckpointRow;
      const pending = before.log - before.checkpointed;
      // The writer paused: copy what is left, so its next commit starts the WAL over.
      const writerIdle = before.log === framesSeen;
      framesSeen = before.log;
      if (pending < data.chunkFrames && !(writerIdle && pending > 0)) return;
      const after = copy.get() as CheckpointRow;
      // The WAL was started over in between: count nothing rather than guess.
      const copied = after.log >= before.log ? after.checkpointed - before.checkpointed : 0;
      if (copied > 0) {
        Atomics.add(counters, COUNTER.checkpoints, 1n);
        Atomics.add(counters, COUNTER.framesCopied, BigInt(copied));
      }
    } catch (error) {
      // An I/O error would repeat every poll.
      fail(error);
    }
  }, data.pollMs);
  port.on('message', (message: 'stop') => {
    if (message === 'stop') stop();
  });
} catch (error) {
  fail(error);
}
