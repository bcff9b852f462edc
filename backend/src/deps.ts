/** The use cases' dependencies, built one way for the server, tools and benches. */
import { newRowId } from './ids';
import type { Logger } from 'pino';
import type { Clock } from '../../common/time';
import type { Store } from './store/store';
import { TtlCache } from './usecases/auth-cache';
import type { Deps } from './usecases/context';
import type { DataKeys } from './usecases/data-keys';
import { KeyRing } from './usecases/keyring';
import { Settings } from './usecases/settings';
import { ExpirySweeper } from './usecases/expiry-sweeper';
import { forgetPreviousToken } from './usecases/auth';
import { BACKEND_LIMITS } from './limits';

export async function createDeps(options: {
  store: Store;
  clock: Clock;
  log: Logger;
  dataKeys: DataKeys;
  authCacheMs?: number;
  sweepBatchWallets?: number;
  /**
   * The ledger worker, when it owns the ledger's writes (server.ts): authentication's one write
   * is sent to it, and start-up's writes (sealing stored signing keys, the first key) were its
   * own createDeps's, done before this thread's store opened read-only.
   */
  ledger?: Pick<Deps, 'forgetPreviousToken'> | null;
}): Promise<Deps> {
  const { store, clock, log, ledger } = options;
  const ttlMs = options.authCacheMs ?? BACKEND_LIMITS.authCacheMsDefault;
  const settings = new Settings(store, clock);
  const deps: Deps = {
    store,
    clock,
    log,
    keys: new KeyRing(store, options.dataKeys, log),
    settings,
    caches: {
      terminals: new TtlCache(clock, ttlMs),
      sessions: new TtlCache(clock, ttlMs),
      customers: new TtlCache(clock, ttlMs),
      merchants: new TtlCache(clock, ttlMs, BACKEND_LIMITS.merchantCacheEntriesMax),
    },
    sweep: new ExpirySweeper({ store, clock, log, settings, newId: () => newRowId() }, options.sweepBatchWallets ?? BACKEND_LIMITS.expirySweepWalletsPerBatchDefault),
    newId: () => newRowId(),
    forgetPreviousToken: (terminalId, tokenHash) => (ledger ? ledger.forgetPreviousToken(terminalId, tokenHash) : forgetPreviousToken(store, terminalId, tokenHash)),
  };
  await deps.settings.reload(clock.nowMs());
  // Loaded as strictly as ensureKey loads them: a data key that cannot open them stops this thread too.
  await (ledger ? deps.keys.reload(clock.nowMs(), { strict: true }) : deps.keys.ensureKey(clock.nowMs()));
  return deps;
}
