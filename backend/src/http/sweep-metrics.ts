import client from 'prom-client';
import type { Deps } from '../usecases/context';
import { countLapsedLotsPending } from '../usecases/expiry-sweep';

/**
 * The expiry sweep on /metrics (R27, docs/operations.md "Expiry sweep"): read from the
 * instance's figures at scrape time, so nothing here can drift from the status answer. Counters
 * are this instance's since it started, as Prometheus expects of a counter.
 */
export function registerSweepMetrics(registry: client.Registry, deps: Deps): void {
  const figures = () => deps.sweep.snapshot();
  const counter = (name: string, help: string, value: () => number) =>
    new client.Counter({
      name, help, registers: [registry],
      collect() {
        this.reset();
        this.inc(value());
      },
    });
  new client.Counter({
    name: 'kumapay_expiry_sweep_runs_total', help: 'Expiry sweep runs ended on this instance, by outcome (ok, failed)', labelNames: ['outcome'] as const, registers: [registry],
    collect() {
      this.reset();
      this.inc({ outcome: 'ok' }, figures().runsOk);
      this.inc({ outcome: 'failed' }, figures().runsFailed);
    },
  });
  counter('kumapay_expiry_sweep_lots_written_off_total', 'Lapsed lots this instance\'s sweeps wrote off (R4)', () => figures().lotsWrittenOff);
  counter('kumapay_expiry_sweep_yen_written_off_total', 'Yen this instance\'s sweeps wrote off to breakage (R4)', () => figures().writtenOffYen);
  counter('kumapay_expiry_sweep_points_written_off_total', 'KumaPo points this instance\'s sweeps wrote off (R23)', () => figures().pointsWrittenOff);
  new client.Gauge({
    name: 'kumapay_expiry_sweep_last_success_timestamp_seconds', help: 'When a sweep on this instance last ended without error (0: none yet)', registers: [registry],
    collect() {
      this.set((figures().lastSuccessAtMs ?? 0) / 1000);
    },
  });
  new client.Gauge({
    name: 'kumapay_expiry_sweep_running', help: '1 while a sweep runs on this instance', registers: [registry],
    collect() {
      this.set(figures().running ? 1 : 0);
    },
  });
  new client.Gauge({
    name: 'kumapay_expiry_sweep_lapsed_lots_pending', help: 'Lapsed lots still holding value in the ledger, counted at scrape time (bounded)', registers: [registry],
    async collect() {
      // A store that cannot answer must not take /metrics down with it: the gauge keeps its
      // last value, and the failure is in the log.
      try {
        this.set(await countLapsedLotsPending(deps, deps.clock.nowMs()));
      } catch (error) {
        deps.log.warn({ err: error }, 'metrics: lapsed lots could not be counted');
      }
    },
  });
}
