import { z } from 'zod';
import { BACKEND_LIMITS } from './limits';
import type { PostgresPoolOptions } from './store/store';

/** Configuration by environment (docs/api.md "Starting the backend"), validated at start. */
const configSchema = z.object({
  KUMAPAY_PORT: z.coerce.number().int().min(0).max(65_535).default(8787),
  KUMAPAY_HOST: z.string().min(1).default('127.0.0.1'),
  KUMAPAY_DB: z.string().min(1).default('./data/kumapay.sqlite'),
  KUMAPAY_ADMIN_TOKEN: z.string().min(16, 'KUMAPAY_ADMIN_TOKEN must be at least 16 characters').optional(),
  KUMAPAY_TEST_CLOCK: z.enum(['0', '1', '']).default('0'),
  KUMAPAY_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  KUMAPAY_DATA_DIR: z.string().optional(),
  KUMAPAY_KEY_FILE: z.string().min(1).optional(),
  // How long an instance may honour a credential revoked on another instance (contract: ≤ 10 s).
  KUMAPAY_AUTH_CACHE_MS: z.coerce.number().int().min(0).max(BACKEND_LIMITS.authCacheMsMax).optional(),
  // R27: how often this instance runs the expiry sweep; 0 turns the schedule off.
  KUMAPAY_SWEEP_INTERVAL_MS: z.coerce
    .number()
    .int()
    .min(0)
    .max(BACKEND_LIMITS.expirySweepIntervalMsMax)
    .refine((ms) => ms === 0 || ms >= BACKEND_LIMITS.expirySweepIntervalMsMin, `0 (off) or at least ${BACKEND_LIMITS.expirySweepIntervalMsMin}`)
    .default(BACKEND_LIMITS.expirySweepIntervalMsDefault),
  // docs/performance.md "Two threads": the store and the handlers in a worker thread (1), or in the HTTP thread (0).
  KUMAPAY_STORE_WORKER: z.enum(['0', '1']).default('1'),
  // docs/performance.md "PostgreSQL": the payment path as prepared statements (1), or unnamed (0,
  // for PgBouncer in transaction mode before 1.21).
  KUMAPAY_PG_PREPARED: z.enum(['0', '1']).default('1'),
  // docs/performance.md "WAL frames written together": SQLite's writer writes a commit's WAL
  // frames through the WAL write buffer when it is built (1), or a page at a time (0).
  KUMAPAY_SQLITE_WAL_BUFFER: z.enum(['0', '1']).default('1'),
  // Checked here, the one place the environment is read, so a typo stops the backend (or a
  // tool) at start instead of giving the pool NaN connections or statements no time bound.
  KUMAPAY_PG_POOL_MAX: z.coerce.number().int().min(1).max(BACKEND_LIMITS.pgPoolSizeMax).default(BACKEND_LIMITS.pgPoolSizeMaxDefault),
  KUMAPAY_PG_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(BACKEND_LIMITS.pgStatementTimeoutMsMin).max(BACKEND_LIMITS.pgStatementTimeoutMsMax).default(BACKEND_LIMITS.pgStatementTimeoutMsDefault),
  KUMAPAY_SWEEP_BATCH_WALLETS: z.coerce.number().int().min(1).max(BACKEND_LIMITS.expirySweepWalletsPerBatchMax).default(BACKEND_LIMITS.expirySweepWalletsPerBatchDefault),
});

export type Config = {
  port: number;
  host: string;
  db: string;
  adminToken: string | undefined;
  testClock: boolean;
  logLevel: z.infer<typeof configSchema>['KUMAPAY_LOG_LEVEL'];
  dataDir: string | undefined;
  /** The data key file (KUMAPAY_KEY_FILE); default: `data-key` generated in the data folder. */
  keyFile: string | undefined;
  authCacheMs?: number;
  /** R27: the expiry sweep's schedule (KUMAPAY_SWEEP_INTERVAL_MS); absent or 0 = off. */
  sweepIntervalMs?: number;
  /** Wallets per sweep batch (KUMAPAY_SWEEP_BATCH_WALLETS); absent = the default bound. */
  sweepBatchWallets?: number;
  /**
   * The store and every route's handler run in a worker thread, HTTP parsing, authentication and
   * request checks in the main thread (KUMAPAY_STORE_WORKER, on by default; absent = off).
   */
  storeWorker?: boolean;
  /** The ledger's PostgreSQL pool (KUMAPAY_PG_*); absent = BACKEND_LIMITS' defaults. */
  postgres?: PostgresPoolOptions;
  /** SQLite: the WAL write buffer, when built (KUMAPAY_SQLITE_WAL_BUFFER, on by default; absent = on). */
  sqliteWalBuffer?: boolean;
};

export function loadConfig(env: NodeJS.ProcessEnv): Config {
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`bad configuration: ${String(issue.path[0] ?? '')}: ${issue.message}`);
  }
  const c = parsed.data;
  if (!/^postgres(ql)?:\/\//.test(c.KUMAPAY_DB) && /^[a-z]+:\/\//.test(c.KUMAPAY_DB)) {
    throw new Error(`bad configuration: KUMAPAY_DB must be a file path or postgres://…, got ${c.KUMAPAY_DB.split('://')[0]}://`);
  }
  return {
    port: c.KUMAPAY_PORT, host: c.KUMAPAY_HOST, db: c.KUMAPAY_DB, adminToken: c.KUMAPAY_ADMIN_TOKEN, testClock: c.KUMAPAY_TEST_CLOCK === '1', logLevel: c.KUMAPAY_LOG_LEVEL, dataDir: c.KUMAPAY_DATA_DIR, keyFile: c.KUMAPAY_KEY_FILE, ...(c.KUMAPAY_AUTH_CACHE_MS === undefined ? {} : { authCacheMs: c.KUMAPAY_AUTH_CACHE_MS }), sweepIntervalMs: c.KUMAPAY_SWEEP_INTERVAL_MS, sweepBatchWallets: c.KUMAPAY_SWEEP_BATCH_WALLETS, storeWorker: c.KUMAPAY_STORE_WORKER === '1', postgres: { poolSizeMax: c.KUMAPAY_PG_POOL_MAX, statementTimeoutMs: c.KUMAPAY_PG_STATEMENT_TIMEOUT_MS, preparedStatements: c.KUMAPAY_PG_PREPARED === '1' }, sqliteWalBuffer: c.KUMAPAY_SQLITE_WAL_BUFFER === '1' };
}
