import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import pino, { type Logger } from 'pino';
import { systemClock, type Clock } from '../../common/time';
import type { Config } from './config';
import { dataDirOf, ensurePrivateDir, loadDataKeys } from './data-key-file';
import { createDeps } from './deps';
import { createApp } from './http/app';
import { listenExpress } from './http/express-server';
import { openStore } from './store/open-store';
import type { Store } from './store/store';
import type { Deps } from './usecases/context';
import { TestClock } from './clock';
import { LedgerWorkerHost } from './worker/ledger-worker-host';
import { newSecret } from './usecases/secrets';
import { BACKEND_LIMITS } from './limits';
import { writerStoreOptions } from './writer-store-options';

export interface RunningBackend {
  url: string;
  port: number;
  deps: Deps;
  adminToken: string;
  adminTokenPath: string | null;
  /** Where generated secrets (data key, admin token) live. */
  dataDir: string;
  dataKeyFile: string;
  stop(): Promise<void>;
}

function resolveAdminToken(config: Config, dir: string): { token: string; path: string | null } {
  if (config.adminToken) return { token: config.adminToken, path: null };
  const file = path.join(dir, 'admin-token');
  if (existsSync(file)) return { token: readFileSync(file, 'utf8').trim(), path: file };
  const token = newSecret();
  try {
    writeFileSync(file, `${token}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    // Another instance sharing the data folder wrote it a moment ago: use theirs.
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return { token: readFileSync(file, 'utf8').trim(), path: file };
  }
  return { token, path: file };
}

export interface StartOptions {
  clock?: Clock;
  store?: Store;
  log?: Logger;
  /**
   * Told when the ledger worker dies under a running backend: every call in flight has failed and
   * every later one fails, so a server should exit and be restarted (main.ts does).
   */
  onLedgerLost?: (error: Error) => void;
}

export async function startBackend(config: Config, options: StartOptions = {}): Promise<RunningBackend> {
  const log = options.log ?? pino({ level: config.logLevel, base: { service: 'kumapay-backend' } });
  const baseClock = options.clock ?? systemClock;
  const testClock = config.testClock ? new TestClock(baseClock) : null;
  const clock: Clock = testClock ?? baseClock;
  const dataDir = dataDirOf(config);
  ensurePrivateDir(dataDir);
  // The data key first: a missing or unreadable key must stop us before anything is written.
  const dataKey = loadDataKeys({ keyFile: config.keyFile, dataDir });
  if (dataKey.created) log.info({ file: dataKey.file }, 'generated a new data key (back it up apart from the database)');
  // An injected store or clock is an object of this thread; only a backend that opens its own can
  // hand them to the worker.
  const ledger = config.storeWorker && !options.store && !options.clock ? await LedgerWorkerHost.start(config, log, options.onLedgerLost ?? ((error) => log.fatal({ err: error }, 'the ledger worker stopped; every request now fails'))) : null;
  // With the ledger worker, this thread's store only answers authentication's cache misses (a
  // handful at once, coalesced per credential): a small pool of its own, beside the worker's,
  // read-only, as the worker owns every write and has migrated the ledger by now.
  const postgres = ledger ? { ...config.postgres, poolSizeMax: BACKEND_LIMITS.pgHttpThreadPoolSizeMax } : config.postgres;
  const store =
    options.store ??
    (await openStore(config.db, {
      postgres,
      readOnly: ledger !== null,
      onConnectionError: (error) => log.warn({ err: error }, 'idle store connection lost; the pool replaces it'),
      // The writer's, when this thread writes (KUMAPAY_STORE_WORKER=0).
      ...(ledger ? {} : writerStoreOptions(config, log)),
    }).catch(async (error: unknown) => {
      await ledger?.stop();
      throw error;
    }));
  let deps: Deps;
  try {
    deps = await createDeps({ store, clock, log, dataKeys: dataKey.keys, ledger, ...(config.authCacheMs === undefined ? {} : { authCacheMs: config.authCacheMs }), ...(config.sweepBatchWallets === undefined ? {} : { sweepBatchWallets: config.sweepBatchWallets }) });
  } catch (error) {
    await store.close();
    await ledger?.stop();
    throw error;
  }
  ledger?.attachCaches(deps.caches);
  const admin = resolveAdminToken(config, dataDir);
  const app = createApp({ deps, ledger, adminToken: admin.token, testClock });
  const server = await listenExpress(app, config.port, config.host).catch(async (error: unknown) => {
    await store.close();
    await ledger?.stop();
    throw new Error(`cannot listen on ${config.host}:${config.port}: ${(error as Error).message}`, { cause: error });
  });
  // Keep-alive longer than typical proxies' idle timeout, so a load balancer never reuses a
  // socket we just closed.
  server.keepAliveTimeout = BACKEND_LIMITS.httpKeepAliveTimeoutMs;
  const port = (server.address() as AddressInfo).port;
  // R27: the first scheduled sweep runs one interval after start, not at once, so a restart
  // (or a test that has just set its clock) never finds a sweep it did not ask for.
  // With a worker, the sweep runs there, beside the store it writes.
  if (config.sweepIntervalMs && !ledger) deps.sweep.startSchedule(config.sweepIntervalMs);
  let stopping: Promise<void> | undefined;
  return {
    url: `http://${config.host}:${port}`,
    port,
    deps,
    adminToken: admin.token,
    adminTokenPath: admin.path,
    dataDir,
    dataKeyFile: dataKey.file,
    stop() {
      // Once: a second signal (Ctrl-C reaches the whole process group while the demo or a
      // supervisor sends SIGTERM) waits for the first stop instead of closing everything twice,
      // which found the ledger worker already gone and ended the process with exit code 1.
      stopping ??= (async () => {
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
        // A sweep in progress ends after its current batch; the store closes only after it.
        await deps.sweep.stop();
        await ledger?.stop();
        await store.close();
      })();
      return stopping;
    },
  };
}
