import { describe, expect, it } from 'vitest';
import { loadConfig } from './config';

describe('the expiry sweep configuration (R27)', () => {
  it('When nothing is set, then the sweep runs every 15 minutes over batches of 100 wallets', () => {
    expect(loadConfig({})).toMatchObject({ sweepIntervalMs: 15 * 60_000, sweepBatchWallets: 100 });
  });

  it('When KUMAPAY_SWEEP_INTERVAL_MS is 0, then the schedule is off', () => {
    expect(loadConfig({ KUMAPAY_SWEEP_INTERVAL_MS: '0' }).sweepIntervalMs).toBe(0);
  });

  it('When the interval or batch is out of bounds, then the backend refuses to start, naming the variable', () => {
    expect(() => loadConfig({ KUMAPAY_SWEEP_INTERVAL_MS: '10' })).toThrow(/KUMAPAY_SWEEP_INTERVAL_MS: 0 \(off\) or at least 1000/);
    expect(() => loadConfig({ KUMAPAY_SWEEP_INTERVAL_MS: String(2 * 24 * 3_600_000) })).toThrow(/KUMAPAY_SWEEP_INTERVAL_MS/);
    expect(() => loadConfig({ KUMAPAY_SWEEP_INTERVAL_MS: 'hourly' })).toThrow(/KUMAPAY_SWEEP_INTERVAL_MS/);
    expect(() => loadConfig({ KUMAPAY_SWEEP_BATCH_WALLETS: '0' })).toThrow(/KUMAPAY_SWEEP_BATCH_WALLETS/);
    expect(() => loadConfig({ KUMAPAY_SWEEP_BATCH_WALLETS: '5000' })).toThrow(/KUMAPAY_SWEEP_BATCH_WALLETS/);
  });
});

describe('PostgreSQL settings (issue 16)', () => {
  it('When KUMAPAY_PG_PREPARED is neither 0 nor 1, then the backend refuses to start, naming the variable', () => {
    expect(() => loadConfig({ KUMAPAY_PG_PREPARED: 'off' })).toThrow(/KUMAPAY_PG_PREPARED/);
    expect(() => loadConfig({ KUMAPAY_PG_PREPARED: '0' })).not.toThrow();
  });

  it('When the pool size or statement bound is not a sane number, then the backend refuses to start, naming the variable', () => {
    expect(() => loadConfig({ KUMAPAY_PG_POOL_MAX: 'ten' })).toThrow(/KUMAPAY_PG_POOL_MAX/);
    expect(() => loadConfig({ KUMAPAY_PG_POOL_MAX: '0' })).toThrow(/KUMAPAY_PG_POOL_MAX/);
    expect(() => loadConfig({ KUMAPAY_PG_STATEMENT_TIMEOUT_MS: '5s' })).toThrow(/KUMAPAY_PG_STATEMENT_TIMEOUT_MS/);
    expect(() => loadConfig({ KUMAPAY_PG_STATEMENT_TIMEOUT_MS: '10' })).toThrow(/KUMAPAY_PG_STATEMENT_TIMEOUT_MS/);
    expect(() => loadConfig({ KUMAPAY_PG_POOL_MAX: '32', KUMAPAY_PG_STATEMENT_TIMEOUT_MS: '2000' })).not.toThrow();
  });

  it('When the operator sets the pool, the statement bound and unnamed statements, then the store is opened with them (and with the defaults when unset)', () => {
    expect(loadConfig({ KUMAPAY_PG_POOL_MAX: '32', KUMAPAY_PG_STATEMENT_TIMEOUT_MS: '2000', KUMAPAY_PG_PREPARED: '0' }).postgres).toEqual({ poolSizeMax: 32, statementTimeoutMs: 2000, preparedStatements: false });
    expect(loadConfig({}).postgres).toEqual({ poolSizeMax: 10, statementTimeoutMs: 5000, preparedStatements: true });
  });
});
