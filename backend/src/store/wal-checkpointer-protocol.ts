/** What the WAL checkpointer's host and thread share (store/wal-checkpointer.ts). */
export interface CheckpointerData {
  file: string;
  /** How often the thread looks at the WAL (a look copies nothing). */
  pollMs: number;
  /** WAL frames not yet copied that make the thread copy them. */
  chunkFrames: number;
  busyTimeoutMs: number;
  /** BigInt64 counters the thread adds to and the host reads, indexed by COUNTER. */
  counters: SharedArrayBuffer;
}

export const COUNTER = { checkpoints: 0, framesCopied: 1 } as const;
export const COUNTER_COUNT = 2;

/** The thread's only message: it could not open the file or a copy failed, and has stopped. */
export type CheckpointerMessage = { t: 'failed'; code: string; message: string };
