/**
 * The messages between the HTTP thread and the ledger worker (docs/performance.md "Two
 * threads"). Small and plain (structured clone): a call names its route by its index in the one
 * routes table both threads load, and carries the request as `prepare` left it. Every post is an
 * array of them, in order (worker/outbox.ts).
 */
import type { ErrorCode } from '../../../common/errors';
import type { PreparedCall } from '../http/route';
import type { Config } from '../config';
import type { Caches } from '../usecases/context';

export interface LedgerWorkerData {
  config: Config;
}

export type ToWorker =
  | { t: 'call'; id: number; route: number; call: PreparedCall }
  /** The client went away (a long poll, R28): its handler stops waiting. */
  | { t: 'abort'; id: number }
  /** KUMAPAY_TEST_CLOCK: the HTTP thread's clock offset, so both threads read the same time. */
  | { t: 'clock'; id: number; offsetMs: number }
  | { t: 'probe'; id: number }
  /** A terminal used its new token: its previous one is retired by the writer (usecases/auth.ts). */
  | { t: 'forgetPreviousToken'; id: number; terminalId: string; tokenHash: string }
  | { t: 'metrics'; id: number }
  | { t: 'stop'; id: number };

/** A typed refusal crosses as its parts; anything else only as "internal" (logged in the worker). */
export type WireError = { kind: 'domain'; code: ErrorCode; message: string; details: Record<string, unknown> } | { kind: 'internal'; message: string };

export type FromWorker =
  | { t: 'ready' }
  /**
   * A handler evicted from one of the worker's caches (a terminal revoked, a session ended): the
   * HTTP thread drops its copy of that cache before the call's answer, which follows this message.
   */
  | { t: 'evict'; cache: keyof Caches }
  | { t: 'start_failed'; message: string }
  | { t: 'done'; id: number; value: unknown }
  /** A route's answer whose body the worker already wrote as JSON text (`Answer.json`): only the text crosses. */
  | { t: 'answer'; id: number; status: number; json: string }
  | { t: 'error'; id: number; error: WireError };
