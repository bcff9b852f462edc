/**
 * The ledger worker's thread: it owns the store (on SQLite the single writer and its group
 * commit) and runs every route's handler, while the HTTP thread parses, authenticates and
 * validates (docs/performance.md "Two threads"). It is the same use-case code as a backend
 * without a worker, so on PostgreSQL, where the pool is the writer, nothing changes but the
 * thread it runs in.
 */
import { parentPort, workerData } from 'node:worker_threads';
import pino from 'pino';
import client from 'prom-client';
import { systemClock, type Clock } from '../../../common/time';
import { TestClock } from '../clock';
import { dataDirOf, loadDataKeys } from '../data-key-file';
import { createDeps } from '../deps';
import { toDomainError } from '../http/contract-errors';
import { registerLedgerMetrics } from '../http/ledger-metrics';
import { routes } from '../http/routes';
import { openStore } from '../store/open-store';
import { writerStoreOptions } from '../writer-store-options';
import { probeWritable } from '../usecases/health';
import type { Answer, Caches, Deps } from '../usecases/context';
import { BACKEND_LIMITS } from '../limits';
import { Outbox } from './outbox';
import type { FromWorker, LedgerWorkerData, ToWorker, WireError } from './protocol';

const port = parentPort;
if (!port) throw new Error('ledger-worker.ts runs only as a worker thread (see worker/ledger-worker-host.ts)');
const { config } = workerData as LedgerWorkerData;
const log = pino({ level: config.logLevel, base: { service: 'kumapay-backend', thread: 'ledger' } });
// After the microtasks settle: a group commit's callers are all answered by then, so its
// answers leave in one post, and before the writer takes its next batch (group-commit.ts yields
// to the event loop first).
const outbox = new Outbox<FromWorker>((messages) => port.postMessage(messages), (flush) => process.nextTick(flush), BACKEND_LIMITS.ledgerWorkerMessagesPerPostMax);
const send = (message: FromWorker) => outbox.push(message);

function wireError(error: unknown): WireError {
  const mapped = toDomainError(error);
  if (mapped) return { kind: 'domain', code: mapped.code, message: mapped.message, details: mapped.details };
  log.error({ err: error }, 'unexpected error in the ledger worker');
  return { kind: 'internal', message: error instanceof Error ? error.message : String(error) };
}

async function start(): Promise<void> {
  const testClock = config.testClock ? new TestClock(systemClock) : null;
  const clock: Clock = testClock ?? systemClock;
  const dataKey = loadDataKeys({ keyFile: config.keyFile, dataDir: dataDirOf(config) });
  const store = await openStore(config.db, {
    postgres: config.postgres,
    onConnectionError: (error) => log.warn({ err: error }, 'idle store connection lost; the pool replaces it'),
    ...writerStoreOptions(config, log),
  });
  let deps: Deps;
  try {
    deps = await createDeps({ store, clock, log, dataKeys: dataKey.keys, ...(config.authCacheMs === undefined ? {} : { authCacheMs: config.authCacheMs }), ...(config.sweepBatchWallets === undefined ? {} : { sweepBatchWallets: config.sweepBatchWallets }) });
  } catch (error) {
    await store.close();
    throw error;
  }
  for (const name of Object.keys(deps.caches) as (keyof Caches)[]) deps.caches[name].onEvict(() => send({ t: 'evict', cache: name }));
  const registry = new client.Registry();
  registerLedgerMetrics(registry, deps);
  // R27: the sweep runs where the ledger is written; the HTTP thread never starts its own.
  if (config.sweepIntervalMs) deps.sweep.startSchedule(config.sweepIntervalMs);

  const aborts = new Map<number, AbortController>();
  // A body already written as JSON text crosses as the text: a string is copied, an object
  // graph is walked and rebuilt on the other side.
  const answer = (id: number, work: Promise<Answer<unknown>>) =>
    work.then(
      (value) => send(value.json === undefined ? { t: 'done', id, value } : { t: 'answer', id, status: value.status, json: value.json }),
      (error: unknown) => send({ t: 'error', id, error: wireError(error) }),
    );
  const reply = (id: number, work: Promise<unknown>) =>
    work.then(
      (value) => send({ t: 'done', id, value }),
      (error: unknown) => send({ t: 'error', id, error: wireError(error) }),
    );

  port!.on('message', (messages: ToWorker[]) => {
    for (const message of messages) receive(message);
  });
  function receive(message: ToWorker): void {
    switch (message.t) {
      case 'call': {
        const route = routes[message.route];
        if (!route) {
          send({ t: 'error', id: message.id, error: { kind: 'internal', message: `no route #${message.route}` } });
          return;
        }
        if (!route.longPoll) {
          void answer(message.id, route.run(message.call, deps));
          return;
        }
        const gone = new AbortController();
        aborts.set(message.id, gone);
        void answer(message.id, route.run(message.call, deps, gone.signal)).finally(() => aborts.delete(message.id));
        return;
      }
      case 'abort':
        aborts.get(message.id)?.abort();
        return;
      case 'clock':
        testClock?.setOffset(message.offsetMs);
        void reply(message.id, Promise.resolve(null));
        return;
      case 'probe':
        void reply(message.id, probeWritable(deps));
        return;
      case 'forgetPreviousToken':
        void reply(message.id, deps.forgetPreviousToken(message.terminalId, message.tokenHash));
        return;
      case 'metrics':
        void reply(message.id, registry.metrics());
        return;
      case 'stop':
        // A sweep in progress ends after its current batch; the store closes only after it.
        void reply(message.id, deps.sweep.stop().then(() => store.close()));
        return;
    }
  }
  send({ t: 'ready' });
}

start().catch((error: unknown) => {
  send({ t: 'start_failed', message: error instanceof Error ? error.message : String(error) });
});
