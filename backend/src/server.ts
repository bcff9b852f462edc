import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Server } from 'node:http';
import pino from 'pino';
import { systemClock, type Clock } from '../../common/time';
import type { Config } from './config';
import { createApp } from './http/app';
import { openStore, type Store } from './store/store';
import { KeyRing } from './usecases/keyring';
import { Settings } from './usecases/settings';
import type { Deps } from './usecases/context';
import { TestClock } from './clock';
import { newSecret } from './usecases/secrets';

export interface RunningBackend {
  url: string;
  port: number;
  deps: Deps;
  adminToken: string;
  adminTokenPath: string | null;
  stop(): Promise<void>;
}

/** Where generated secrets live: beside the SQLite file, or KUMAPAY_DATA_DIR, or ./data. */
function dataDirOf(config: Config): string {
  if (config.dataDir) return config.dataDir;
  if (/^postgres(ql)?:\/\//.test(config.db)) return './data';
  return path.dirname(path.resolve(config.db));
}

function resolveAdminToken(config: Config): { token: string; path: string | null } {
  if (config.adminToken) return { token: config.adminToken, path: null };
  const dir = dataDirOf(config);
  const file = path.join(dir, 'admin-token');
  if (existsSync(file)) return { token: readFileSync(file, 'utf8').trim(), path: file };
  mkdirSync(dir, { recursive: true });
  const token = newSecret();
  writeFileSync(file, `${token}\n`, { mode: 0o600 });
  return { token, path: file };
}

export async function startBackend(config: Config, options: { clock?: Clock; store?: Store } = {}): Promise<RunningBackend> {
  const log = pino({ level: config.logLevel, base: { service: 'kumapay-backend' } });
  const baseClock = options.clock ?? systemClock;
  const testClock = config.testClock ? new TestClock(baseClock) : null;
  const clock: Clock = testClock ?? baseClock;
  const store = options.store ?? (await openStore(config.db, { onConnectionError: (error) => log.warn({ err: error }, 'idle store connection lost; the pool replaces it') }));
  const keys = new KeyRing(store);
  const settings = new Settings(store);
  await settings.reload(clock.nowMs());
  await keys.ensureKey(clock.nowMs());
  const deps: Deps = { store, clock, keys, settings, log, newId: randomUUID };
  const admin = resolveAdminToken(config);
  const app = createApp({ deps, adminToken: admin.token, testClock });
  const server = await new Promise<Server>((resolve, reject) => {
    // Express 5 hands a listen failure (port in use, no permission) to this callback.
    const s = app.listen(config.port, config.host, (error?: Error) => {
      if (error) {
        reject(new Error(`cannot listen on ${config.host}:${config.port}: ${error.message}`, { cause: error }));
        return;
      }
      resolve(s);
    });
  }).catch(async (error: unknown) => {
    await store.close();
    throw error;
  });
  // Keep-alive longer than typical proxies' idle timeout, so a load balancer never reuses a
  // socket we just closed.
  server.keepAliveTimeout = 65_000;
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${config.host}:${port}`,
    port,
    deps,
    adminToken: admin.token,
    adminTokenPath: admin.path,
    async stop() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await store.close();
    },
  };
}
