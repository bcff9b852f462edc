/**
 * Flags for the Node.js process the backend runs in: `npm run backend` passes them, and so does
 * every helper that starts the backend as production does (scripts/lib/processes.ts: the tests,
 * the e2e run, the benches), so the benches measure the process that serves the city.
 *
 * `--single-threaded-gc`: V8 otherwise runs each young-generation collection on the thread plus
 * helper threads, and the thread waits for the slowest helper. On two cores the HTTP thread and
 * the ledger worker already keep both busy, so a helper waits for a core: collections took
 * 3.6 ms (median) and 7.6 ms (p90) with helpers, 1.6 and 2.9 ms without, and p99 at 32 clients
 * fell by ~4 ms (docs/performance.md, fourteenth session). It is a start-up flag: V8 aborts when
 * its collector's threading is changed in a running process.
 */
export const BACKEND_NODE_FLAGS = ['--single-threaded-gc'] as const;

/** Up to this many cores the flag was measured to pay; beyond it the helpers may find idle cores (not measured). */
export const SINGLE_THREADED_GC_CORES_MAX = 2;

/**
 * What an operator should be told when the backend was started without its flags on a machine
 * where they were measured to matter (a hand-written start command, an old service file);
 * null when there is nothing to say.
 */
export function missingNodeFlagsAdvice(execArgv: readonly string[], cores: number): string | null {
  if (cores > SINGLE_THREADED_GC_CORES_MAX) return null;
  const missing = BACKEND_NODE_FLAGS.filter((flag) => !execArgv.includes(flag));
  if (missing.length === 0) return null;
  return `started without ${missing.join(' ')} on ${cores} core(s): garbage collections pause payments about twice as long; start with "npm run backend" or pass the flag to node (docs/operations.md)`;
}
