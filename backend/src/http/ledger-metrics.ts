import client from 'prom-client';
import type { Deps } from '../usecases/context';
import { mpmWaiters } from '../usecases/mpm-waiters';
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
  new client.Gauge({
    name: 'kumapay_store_retries_total',
    help: 'Units of work run again from the start: PostgreSQL after a serialization failure, deadlock or unique race; SQLite when a neighbour in their batch wrote and then failed',
    registers: [registry],
    collect() { this.set(deps.store.stats().retries); },
  });
  new client.Gauge({
    name: 'kumapay_store_wal_checkpoints_total', help: 'SQLite: checkpoints of the WAL checkpointer thread that copied pages into the database file', registers: [registry],
    collect() { this.set(deps.store.stats().walCheckpointer?.checkpoints ?? 0); },
  });
  new client.Gauge({
    name: 'kumapay_store_wal_frames_copied_total', help: 'SQLite: WAL pages the checkpointer thread copied (the writer then copies only what is left)', registers: [registry],
    collect() { this.set(deps.store.stats().walCheckpointer?.framesCopied ?? 0); },
  });
  new client.Gauge({
    name: 'kumapay_store_wal_buffer_appends_total', help: 'SQLite: WAL writes the writer asked for, held by the WAL write buffer (0 when it is not loaded)', registers: [registry],
    collect() { this.set(deps.store.stats().walBuffer?.appends ?? 0); },
  });
  new client.Gauge({
    name: 'kumapay_store_wal_buffer_writes_total', help: 'SQLite: system-call writes the WAL write buffer made for them', registers: [registry],
    collect() { this.set(deps.store.stats().walBuffer?.writes ?? 0); },
  });
  // Where the handlers run, so where the registers' long polls wait (R28).
  new client.Gauge({
    name: 'kumapay_long_poll_waiters', help: 'R28: registers waiting for an MPM request or for 入金通知 (long polls), bounded by longPollWaitersMax', labelNames: ['waits_for'] as const, registers: [registry],
    collect() {
      const waiters = mpmWaiters(deps);
      this.set({ waits_for: 'request' }, waiters.requests.waiting);
      this.set({ waits_for: 'notice' }, waiters.notices.waiting);
    },
  });
  registerSweepMetrics(registry, deps);
}
