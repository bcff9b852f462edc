import client from 'prom-client';
import type { Deps } from '../usecases/context';
import { registerSweepMetrics } from './sweep-metrics';

/**
 * The metrics of whichever thread owns the ledger store: the HTTP thread's own registry when
 * the store runs there, the ledger worker's when it runs in its own thread (backend/src/worker).
 */
export function registerLedgerMetrics(registry: client.Registry, deps: Deps): void {
  new client.Gauge({
    name: 'kumapay_store_batches_total', help: 'Write batches committed (group commit on SQLite)', registers: [registry],
    collect() { this.set(deps.store.stats().batches); },
  });
  new client.Gauge({
    name: 'kumapay_store_writes_total', help: 'Units of work committed', registers: [registry],
    collect() { this.set(deps.store.stats().writes); },
  });
  registerSweepMetrics(registry, deps);
}
