import type { Request } from 'express';
import { z } from 'zod';
import type { ApiErrorBody } from '../../../common/errors';
import type { CpmClaims } from '../../../common/cpm-token';
import type { Answer, Deps, StaffActor, TerminalActor } from '../usecases/context';
import { invalid, zodIssues } from './contract-errors';

export type AuthKind = 'none' | 'admin' | 'terminal' | 'staff' | 'customer';

/** A terminal with a staff member logged in on it: who every `staff` route acts for. */
export type StaffedTerminal = TerminalActor & { staff: StaffActor };

/** What each kind of authentication proves, so a handler relies on it without checking again. */
export interface AuthContexts {
  none: Record<never, never>;
  /** `admin:<token fingerprint>[:<X-Operator>]`, for the audit trail. */
  admin: { actor: string };
  /** A staff session may come along (a staff login, a sync run while someone is logged in). */
  terminal: { terminal: TerminalActor };
  staff: { terminal: StaffedTerminal };
  customer: { customerWalletId: string };
}

/** What a route reads of a request (Express's, or a test's plain object). */
export type RouteRequest = Pick<Request, 'body' | 'query' | 'params' | 'headers'>;

/** One authenticator per kind; a refusal is thrown as a DomainError (401). */
export type Authenticators = { [A in AuthKind]: (req: RouteRequest) => Promise<AuthContexts[A]> };

type Schema = z.ZodType | undefined;
type Parsed<S extends Schema> = S extends z.ZodType ? z.output<S> : undefined;

export type RouteContext<A extends AuthKind, Q extends Schema = undefined> = AuthContexts[A] & {
  deps: Deps;
  params: Record<string, string>;
  /** The query as its schema parsed it (coerced numbers included). */
  query: Parsed<Q>;
  /**
   * Aborted when the client goes away before its answer, on a `longPoll` route only (R28: a
   * long poll frees its waiter); on any other route it never aborts.
   */
  signal: AbortSignal;
  /** The claims of the body's CPM token (`cpmToken`) whose signature `prepare` found good; else undefined. */
  checkedClaims: CpmClaims | undefined;
  /** The body's idempotency hash as the route's `requestHash` worked it out in `prepare`; else undefined. */
  requestHash: string | undefined;
};

/**
 * An idempotent money route's full answer: it replays the first status too, a stored refusal
 * included, so its body is the route's response or the contract's error body.
 */
export class Answered<T> {
  constructor(readonly answer: Answer<T | ApiErrorBody>) {}
}
export const answered = <T>(answer: Answer<T | ApiErrorBody>): Answered<T> => new Answered(answer);

/** What a handler may return: a body of the route's response schema (status `okStatus`), or a full answer. */
export type HandlerResult<R extends z.ZodType> = z.input<R> | Answered<z.input<R>>;

export interface RouteSpec<A extends AuthKind, R extends z.ZodType, B extends Schema, Q extends Schema> {
  method: 'get' | 'post' | 'patch' | 'delete';
  path: string;
  auth: A;
  summary: string;
  body?: B;
  query?: Q;
  /** Every answer's shape, checked where the handler is written and again by the test harness. */
  response: R;
  okStatus?: number;
  handler: (ctx: RouteContext<A, Q>, body: Parsed<B>) => Promise<NoInfer<HandlerResult<R>>>;
  /**
   * R28: the handler may wait for news, and stops waiting when its client hangs up. Only these
   * routes watch for that (issue 16: an abort signal and its listeners in both threads cost
   * every payment a few microseconds for nothing); every other handler runs to its end, as a
   * payment must once it has started.
   */
  longPoll?: true;
  /** R27: the same answer as a CSV table, sent instead of JSON when the client asks `Accept: text/csv`. */
  csv?: (body: z.output<NoInfer<R>>) => CsvDocument;
  /**
   * The body is a file, not JSON (R24's bus export): its bytes as sent, at most `bytesMax`, read
   * only once the caller has authenticated. Pair it with `body: rawBytes`; `mediaType` is what
   * the OpenAPI document names.
   */
  rawBody?: { mediaType: string; bytesMax: number };
  /**
   * The CPM token in the body, if any: `prepare` checks its Ed25519 signature in the HTTP
   * thread, which has cores to spare, and the handler passes the claims to `keys.verify`, which
   * takes them only from a key it still trusts and judges the times itself (issue 16).
   */
  cpmToken?: (body: Parsed<B>) => string | undefined;
  /**
   * The body's idempotency hash (usecases/idempotency.ts `requestHash`), worked out by `prepare`
   * in the HTTP thread, beside the CPM signature, instead of by the handler in the ledger worker,
   * the one thread every write waits for (issue 16). The handler passes it on to its use case.
   */
  requestHash?: (body: Parsed<B>) => string;
}

/** The body schema of a `rawBody` route: the request's bytes. */
export const rawBytes = z.custom<Uint8Array>((value) => value instanceof Uint8Array, 'the body must be the file itself');

/** A table for Excel: the app writes it as UTF-8 with a BOM (http/csv.ts). */
export interface CsvDocument {
  filename: string;
  header: readonly string[];
  rows: readonly (readonly (string | number | null)[])[];
}

/**
 * A route as the app and the OpenAPI document see it: its types are checked in `route()`, where
 * the handler is written; `serve` carries them out (authenticate, check the request, answer).
 */
export interface Route extends Omit<RouteSpec<AuthKind, z.ZodType, Schema, Schema>, 'handler' | 'csv' | 'cpmToken' | 'requestHash'> {
  csv?: (body: unknown) => CsvDocument;
  /** Authenticate and check the request: what the HTTP thread does before the ledger sees it. */
  prepare(req: RouteRequest, authenticators: Authenticators, deps: TokenCheckDeps): Promise<PreparedCall>;
  /** Run the handler on a prepared call (in this thread, or in the ledger worker). */
  run(call: PreparedCall, deps: Deps, signal?: AbortSignal): Promise<Answer<unknown>>;
  serve(req: RouteRequest, authenticators: Authenticators, deps: Deps, signal?: AbortSignal): Promise<Answer<unknown>>;
}

/**
 * A request once authenticated and parsed: plain data (structured-clonable), so it can cross to
 * the ledger worker as a message (backend/src/worker).
 */
export interface PreparedCall {
  who: AuthContexts[AuthKind];
  params: Record<string, string>;
  query: unknown;
  body: unknown;
  checkedClaims?: CpmClaims;
  requestHash?: string;
}

/** What `prepare` needs to check a CPM token's signature. */
export type TokenCheckDeps = Pick<Deps, 'keys' | 'clock'>;

/** The signal of every route that is not a long poll: nobody aborts it. */
const NEVER_ABORTED = new AbortController().signal;

function parsed<S extends Schema>(schema: S | undefined, value: unknown, where: 'body' | 'query'): Parsed<S> {
  if (!schema) return undefined as Parsed<S>;
  const result = schema.safeParse(value);
  if (!result.success) throw invalid(`the ${where} does not match the contract`, { issues: zodIssues(result.error) });
  // `Parsed<S>` is the output of `schema` whenever there is one; TypeScript cannot follow a
  // conditional type through a generic narrowing.
  return result.data as Parsed<S>;
}

export function route<A extends AuthKind, R extends z.ZodType, B extends Schema = undefined, Q extends Schema = undefined>(spec: RouteSpec<A, R, B, Q>): Route {
  const { handler, csv, cpmToken, requestHash, ...described } = spec;
  const served: Pick<Route, 'prepare' | 'run' | 'serve'> = {
    async prepare(req, authenticators, deps) {
      const who = await authenticators[spec.auth](req);
      const body = parsed(spec.body, req.body ?? {}, 'body');
      const query = parsed(spec.query, req.query, 'query');
      const call: PreparedCall = { who, params: { ...(req.params as Record<string, string>) }, query, body };
      const token = cpmToken?.(body);
      // A token that does not check out here is left to the handler, which refuses it as before.
      const claims = token === undefined ? null : await deps.keys.checkSignatureNow(token, deps.clock.nowMs());
      if (claims) call.checkedClaims = claims;
      if (requestHash) call.requestHash = requestHash(body);
      return call;
    },
    async run(call, deps, signal = NEVER_ABORTED) {
      // `who`, `query` and `body` were produced by this route's own authenticator and schemas in
      // `prepare` (maybe in another thread, which is why the types are erased on the way).
      // A literal then the caller's keys, not `{ ...who, deps, … }`: V8 built a new hidden class
      // for every such spread, once a payment (docs/performance.md "Twenty-fourth session").
      const ctx: RouteContext<A, Q> = Object.assign({ deps, params: call.params, query: call.query as Parsed<Q>, signal, checkedClaims: call.checkedClaims, requestHash: call.requestHash }, call.who as AuthContexts[A]);
      const result = await handler(ctx, call.body as Parsed<B>);
      return result instanceof Answered ? result.answer : { status: spec.okStatus ?? 200, body: result };
    },
    async serve(req, authenticators, deps, signal) {
      return this.run(await this.prepare(req, authenticators, deps), deps, signal);
    },
  };
  return {
    ...described,
    // The body reaching it was produced by this route's handler and checked against `response`.
    ...(csv ? { csv: (body: unknown) => csv(body as z.output<R>) } : {}),
    ...served,
  };
}
