/**
 * What the ledger's SQLite writer opens with, wherever it runs: in the ledger worker, or in the
 * HTTP thread with KUMAPAY_STORE_WORKER=0 (server.ts). One place, so the two cannot drift.
 */
import type { Logger } from 'pino';
import type { Config } from './config';
import type { StoreOptions } from './store/store';

export function writerStoreOptions(config: Config, log: Logger): Pick<StoreOptions, 'walCheckpointer' | 'walBuffer' | 'onWalBufferMissing'> {
  return {
    walCheckpointer: { onError: (error) => log.error({ err: error }, 'the WAL checkpointer stopped') },
    walBuffer: config.sqliteWalBuffer ?? true,
    onWalBufferMissing: (reason) => log.info({ reason }, 'SQLite writes its WAL a page at a time: the WAL write buffer is not loaded'),
  };
}
