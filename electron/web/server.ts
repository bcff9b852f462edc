/**
 * The browser host's HTTP server on 127.0.0.1: the built renderer with the per-launch secret
 * injected into index.html, commands on `POST /api/call/<command>`, events on
 * `GET /api/events`, and in demo mode the simulator on `POST /api/sim/<action>`.
 */
import { readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import express, { type NextFunction, type Request, type Response } from 'express';
import { isDomainError } from '../../common/errors';
import { isCommandName, parseCommandInput, type TerminalApi, type TerminalStatus } from '../../common/terminal-api';
import type { Logger } from '../core/index';
import { EventStreams } from './event-stream';
import { WEB_LIMITS } from './limits';
import { hostAllowed, injectSecret, newSecret, originAllowed, SECRET_HEADER, secretMatches, SECURITY_HEADERS } from './security';
import { isSimAction, simInputs, type SimController } from './sim';

export interface WebHostOptions {
  core: TerminalApi & { status(): TerminalStatus };
  rendererDir: string;
  /** 0 picks a free port. */
  port: number;
  logger: Logger;
  /** Demo mode only; without it /api/sim does not exist. */
  sim?: SimController | null;
  secret?: string;
}

export interface WebHost {
  url: string;
  secret: string;
  close(): Promise<void>;
}

function refuse(res: Response, status: number, code: string, message: string): void {
  res.status(status).json({ error: { code, message } });
}

export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const secret = options.secret ?? newSecret();
  // Read once: the page is the build's, and a changed file on disk must not change a running host.
  const indexHtml = injectSecret(await readFile(path.join(options.rendererDir, 'index.html'), 'utf8'), secret);
  const streams = new EventStreams(options.core, options.logger);
  const app = express();
  let port = 0;
  app.disable('x-powered-by');
  app.set('etag', false);

  app.use((req, res, next) => {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
    if (!hostAllowed(req.headers.host, port)) return refuse(res, 403, 'forbidden', 'Unexpected Host header.');
    if (!originAllowed(req.headers.origin, port)) return refuse(res, 403, 'forbidden', 'Cross-origin requests are not served.');
    next();
  });

  const sendIndex = (_req: Request, res: Response) => {
    res.setHeader('Cache-Control', 'no-store');
    res.type('html').send(indexHtml);
  };
  app.get(['/', '/index.html'], sendIndex);
  // Browsers ask for it on every page load; the app has no icon of its own in the browser host.
  app.get('/favicon.ico', (_req, res) => {
    res.status(204).end();
  });

  const api = express.Router();
  api.use((_req, res, next) => {
    res.setHeader('Cache-Control', 'no-store');
    next();
  });
  api.get('/events', (req, res) => {
    if (!secretMatches(secret, req.query.secret)) return refuse(res, 401, 'unauthorized', 'Bad or missing secret.');
    if (!streams.attach(res)) refuse(res, 503, 'overloaded', 'Too many event streams are open.');
  });
  api.use((req, res, next) => {
    if (!secretMatches(secret, req.headers[SECRET_HEADER])) return refuse(res, 401, 'unauthorized', 'Bad or missing secret.');
    next();
  });
  api.use(express.json({ limit: WEB_LIMITS.requestBodyBytesMax, strict: false }));
  api.post('/call/:command', async (req, res) => {
    const command = String(req.params.command);
    if (!isCommandName(command)) return refuse(res, 404, 'not_found', `No command ${command}.`);
    const parsed = parseCommandInput(command, req.body ?? {});
    if (!parsed.ok) return refuse(res, 400, 'invalid_request', parsed.message);
    res.status(200).json(await options.core.call(command, parsed.input));
  });
  const sim = options.sim;
  if (sim) {
    api.post('/sim/:action', async (req, res) => {
      const action = String(req.params.action);
      if (!isSimAction(action)) return refuse(res, 404, 'not_found', `No simulator action ${action}.`);
      const parsed = simInputs[action].safeParse(req.body ?? {});
      if (!parsed.success) return refuse(res, 400, 'invalid_request', parsed.error.issues[0]?.message ?? 'invalid input');
      const outcome = await sim.run(action, parsed.data);
      res.status(outcome.status).json(outcome.body);
    });
  }
  app.use('/api', api);
  app.use(express.static(options.rendererDir, { index: false, dotfiles: 'ignore', redirect: false, fallthrough: true }));
  app.use((_req, res) => refuse(res, 404, 'not_found', 'Not found.'));
  // Express 5 hands rejected handlers here: typed errors to the contract's shape, the rest 500.
  app.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    const bodyError = bodyParserRefusal(error);
    if (bodyError) return refuse(res, bodyError.status, 'invalid_request', bodyError.message);
    if (isDomainError(error) && error.code === 'invalid_request') return refuse(res, 400, 'invalid_request', error.message);
    options.logger.error({ error: error instanceof Error ? error.stack : String(error) }, 'browser host request failed');
    refuse(res, 500, 'internal', 'The terminal core failed; see its log.');
  });

  const server = await new Promise<import('node:http').Server>((resolve, reject) => {
    const s = app.listen(options.port, '127.0.0.1', (error?: Error) => (error ? reject(error) : resolve(s)));
  });
  port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    secret,
    async close() {
      streams.closeAll();
      await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
  };
}

/** What body-parser says of a body, in words without its internals (no stack, no byte counts). */
const BODY_ERROR_MESSAGES: Readonly<Record<string, string>> = {
  'entity.parse.failed': 'The body is not JSON.',
  'entity.too.large': `The body is larger than ${WEB_LIMITS.requestBodyBytesMax / 1024} KiB.`,
  'encoding.unsupported': 'The body is in a Content-Encoding this host does not read.',
  'charset.unsupported': 'The body is in a charset this host does not read.',
  'request.size.invalid': 'The body is shorter or longer than its Content-Length.',
  'request.aborted': 'The body did not arrive in full.',
};

/**
 * A body-parser error with a 4xx status (too large, bad JSON, an encoding or charset it does not
 * read, a body that is not what its Content-Encoding says): that status, in the contract's shape.
 * The caller sent something wrong; a 500 would tell it to retry the same thing.
 */
function bodyParserRefusal(error: unknown): { status: number; message: string } | null {
  if (typeof error !== 'object' || error === null) return null;
  // Only body-parser raises errors with an HTTP status here (a gzip body that is not gzip
  // arrives as zlib's error, status 400, without a `type`).
  const { type, status } = error as { type?: unknown; status?: unknown };
  if (typeof status !== 'number' || !Number.isInteger(status) || status < 400 || status > 499) return null;
  return { status, message: (typeof type === 'string' ? BODY_ERROR_MESSAGES[type] : undefined) ?? 'The body could not be read.' };
}
