import express, { type NextFunction, type Request, type Response } from 'express';
import client from 'prom-client';
import { DomainError, HTTP_STATUS_BY_CODE, toApiErrorBody } from '../../../common/errors';
import { assert } from '../../../common/assert';
import { LIMITS } from '../../../common/limits';
import { testClockRequest } from '../../../common/wire/admin';
import type { Answer, Deps } from '../usecases/context';
import { probeWritable } from '../usecases/health';
import { assertCleanText } from './input-guard';
import { jsonBody } from './json-body';
import { routes } from './routes';
import type { PreparedCall } from './route';
import { authenticators, requireAdmin } from './authenticators';
import { invalid, toDomainError, zodIssues } from './contract-errors';
import { buildOpenApi } from './openapi';
import { registerLedgerMetrics } from './ledger-metrics';
import { adminPageRouter } from './admin-page/serve';
import { excelCsv, wantsCsv } from './csv';
import type { TestClock } from '../clock';

/**
 * Where route handlers run when the store lives in the ledger worker (backend/src/worker): this
 * thread authenticates and checks each request, the worker answers it.
 */
/** An answer whose body crossed from the ledger worker as the JSON text it was stored as. */
export interface SentAnswer {
  status: number;
  json: string;
  body?: never;
}

export interface LedgerDispatch {
  /** `signal`: a long poll's (R28), aborted when its client hangs up. */
  run(routeIndex: number, call: PreparedCall, signal?: AbortSignal): Promise<Answer<unknown> | SentAnswer>;
  probeWritable(): Promise<void>;
  /** The worker's own metrics (store, expiry sweep), in Prometheus text. */
  metrics(): Promise<string>;
  setClockOffset(offsetMs: number): Promise<void>;
  /** Messages between this thread and the worker, and the posts they crossed in (worker/outbox.ts). */
  crossings(): Record<'toWorker' | 'fromWorker', { messages: number; posts: number }>;
}

export interface AppOptions {
  deps: Deps;
  /** Absent: handlers run in this thread on `deps.store`. */
  ledger?: LedgerDispatch | null;
  adminToken: string;
  /** Present only when KUMAPAY_TEST_CLOCK=1. */
  testClock: TestClock | null;
}

const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';

/**
 * An answer's JSON text, written as Node writes a string: Express's `send` turns a text of 1,000
 * characters or more (a payment's answer is ~1.4 KB) into a Buffer copy, which then leaves as a
 * second chunk after the headers (writev), and looks up and re-parses the Content-Type on the
 * way (issue 16: with json-body.ts, −10 % of an Express request's CPU, docs/performance.md
 * "Eighteenth session"). The same status and headers as `res.status(s).json(body)`; Node itself
 * leaves the body out of an answer to HEAD.
 */
function sendJson(res: Response, status: number, json: string): void {
  res.writeHead(status, { 'Content-Type': JSON_CONTENT_TYPE, 'Content-Length': Buffer.byteLength(json) });
  res.end(json);
}

/** How well the calls and answers between the threads share posts (issue 16): messages over posts. */
function registerCrossingMetrics(registry: client.Registry, ledger: LedgerDispatch): void {
  const direction = (d: 'toWorker' | 'fromWorker') => (d === 'toWorker' ? 'to_worker' : 'from_worker');
  for (const [name, help, field] of [
    ['kumapay_ledger_worker_messages_total', 'Calls to the ledger worker and its answers, by direction', 'messages'],
    ['kumapay_ledger_worker_posts_total', 'Posts those messages crossed in, by direction (several messages share one)', 'posts'],
  ] as const) {
    new client.Gauge({
      name, help, labelNames: ['direction'] as const, registers: [registry],
      collect() {
        const crossings = ledger.crossings();
        for (const d of ['toWorker', 'fromWorker'] as const) this.set({ direction: direction(d) }, crossings[d][field]);
      },
    });
  }
}

/** Aborted when the client goes away before its answer is sent. */
function hangUpSignal(res: Response): AbortSignal {
  const gone = new AbortController();
  res.on('close', () => {
    if (!res.writableFinished) gone.abort();
  });
  return gone.signal;
}

export function createApp(options: AppOptions): express.Express {
  const { deps } = options;
  const app = express();
  app.disable('x-powered-by');
  // Answers are per request (a payment, a balance): a conditional GET never matches, and hashing
  // every body for an ETag cost the HTTP thread ~5 % of its time per payment (issue 16).
  app.set('etag', false);
  app.set('query parser', 'simple');

  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry });
  const requests = new client.Counter({ name: 'kumapay_http_requests_total', help: 'HTTP requests by route and status', labelNames: ['route', 'status'] as const, registers: [registry] });
  const latency = new client.Histogram({ name: 'kumapay_http_request_seconds', help: 'HTTP latency by route', labelNames: ['route'] as const, buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1], registers: [registry] });
  const ledger = options.ledger ?? null;
  if (!ledger) registerLedgerMetrics(registry, deps);
  else registerCrossingMetrics(registry, ledger);

  const authenticate = authenticators(deps, options.adminToken);
  // A file upload (R24) is read raw, and only for a caller who may send it: nobody else makes
  // the instance buffer tens of MB. The JSON reader below then finds the body already read.
  for (const r of routes) {
    if (!r.rawBody) continue;
    const who = authenticate[r.auth];
    app[r.method](r.path, async (req: Request, _res: Response, next: NextFunction) => {
      await who(req);
      next();
    }, express.raw({ limit: r.rawBody.bytesMax, type: () => true }));
  }
  app.use(jsonBody(LIMITS.requestBodyBytesMax));
  app.use((req, _res, next) => {
    // A raw file's bytes are not text; its reader checks what it decodes.
    if (!Buffer.isBuffer(req.body)) assertCleanText('body', req.body);
    assertCleanText('query', req.query);
    next();
  });

  // Liveness: the terminals ask every second to show the offline badge within 2 s. No auth, no
  // store access (healthz writes a probe row, far too heavy at that rate).
  app.get('/livez', (_req, res) => {
    res.json({ ok: true });
  });
  // Readiness: a load balancer takes an instance that cannot write out of rotation.
  app.get('/healthz', async (_req, res) => {
    try {
      await (ledger ? ledger.probeWritable() : probeWritable(deps));
    } catch (error) {
      deps.log.error({ err: error }, 'readiness: the store cannot be written');
      res.status(503).json({ ok: false, reason: 'the ledger store cannot be written' });
      return;
    }
    res.json({ ok: true });
  });
  app.get('/metrics', async (_req, res) => {
    const own = await registry.metrics();
    res.type(registry.contentType).send(ledger ? `${own}\n${await ledger.metrics()}` : own);
  });
  const openApi = buildOpenApi(routes);
  app.get('/openapi.json', (_req, res) => {
    res.json(openApi);
  });
  // The operator's web page (issue 14): static files only; it calls the admin API like any client.
  app.use(adminPageRouter());

  app.post('/v1/test/clock', async (req, res) => {
    if (!options.testClock) throw new DomainError('not_found', 'no such route');
    requireAdmin(req, options.adminToken);
    const parsed = testClockRequest.safeParse(req.body);
    if (!parsed.success) throw invalid('the body does not match the contract', { issues: zodIssues(parsed.error) });
    options.testClock.set(Date.parse(parsed.data.now));
    await ledger?.setClockOffset(options.testClock.offset);
    res.json({ now: new Date(deps.clock.nowMs()).toISOString() });
  });

  routes.forEach((r, routeIndex) => {
    app[r.method](r.path, async (req: Request, res: Response) => {
      const started = process.hrtime.bigint();
      res.on('finish', () => {
        requests.inc({ route: r.path, status: String(res.statusCode) });
        latency.observe({ route: r.path }, Number(process.hrtime.bigint() - started) / 1e9);
      });
      assertCleanText('path', req.params);
      // A long poll (R28) whose client hangs up before its answer stops being waited for.
      const signal = r.longPoll ? hangUpSignal(res) : undefined;
      const answer = ledger ? await ledger.run(routeIndex, await r.prepare(req, authenticate, deps), signal) : await r.serve(req, authenticate, deps, signal);
      if (r.csv && answer.status < 300 && wantsCsv((types) => req.accepts(types))) {
        const doc = r.csv(answer.json === undefined ? answer.body : JSON.parse(answer.json));
        res.status(answer.status).type('text/csv; charset=utf-8').attachment(doc.filename).send(excelCsv(doc));
        return;
      }
      // The body's JSON text as the ledger stored it: the bytes a replay sends are the same.
      const json = answer.json ?? (JSON.stringify(answer.body) as string | undefined);
      // Every route answers a body its response schema describes (routes.ts); none answers nothing.
      assert(json !== undefined, `route ${r.method} ${r.path} answered no body`);
      sendJson(res, answer.status, json);
    });
  });

  app.use((_req, _res) => {
    throw new DomainError('not_found', 'no such route');
  });

  // Express 5 forwards rejected promises here: one place maps typed errors to the contract.
  app.use((error: unknown, req: Request, res: Response, _next: NextFunction) => {
    const mapped = toDomainError(error);
    if (mapped) {
      res.status(HTTP_STATUS_BY_CODE[mapped.code]).json(toApiErrorBody(mapped));
      return;
    }
    deps.log.error({ err: error, method: req.method, path: req.path }, 'unexpected error');
    res.status(500).json({ error: { code: 'internal', message: 'the server failed; the request may be retried with the same clientTxnId' } });
  });
  return app;
}
