import type { SweepStatus } from '../../../common/wire/reports';

/**
 * The expiry sweep as the rest of the backend drives it (routes, /metrics, the server's
 * schedule). Its own file with no imports of ours, so `Deps` can name it without an import loop
 * (the sweep's use case needs `Deps` itself); usecases/expiry-sweeper.ts implements it.
 */
export interface SweepFigures {
  lotsWrittenOff: number;
  writtenOffYen: number;
  /** Wallets that got an expiry entry (a wallet swept in two batches of one run counts twice). */
  wallets: number;
  /** R23: KumaPo points written off whole from wallets a year past their last points activity. */
  pointsWrittenOff: number;
  walletsWithPointsWrittenOff: number;
}

export interface SweepRun extends SweepFigures {
  /** Units of work that locked at least one wallet. */
  batches: number;
  /**
   * false when the run ended with lapsed lots left: at its batch cap, told to stop, or every
   * wallet left was locked by another unit of work (another instance's sweep, a payment).
   */
  complete: boolean;
}

/** What this instance's sweeps did since it started: the status answer and /metrics read it. */
export interface SweeperFigures {
  running: boolean;
  runsOk: number;
  runsFailed: number;
  lotsWrittenOff: number;
  writtenOffYen: number;
  pointsWrittenOff: number;
  lastStartedAtMs: number | null;
  lastFinishedAtMs: number | null;
  lastSuccessAtMs: number | null;
  /** The last run's failure; cleared by the next run that succeeds. */
  lastError: string | null;
}

export interface SweepControl {
  /** One sweep to its end (after the one in progress, if any). */
  run(): Promise<SweepRun>;
  status(): Promise<SweepStatus>;
  snapshot(): Readonly<SweeperFigures>;
  startSchedule(intervalMs: number): void;
  /** Lets the batch in progress finish; no run starts afterwards. */
  stop(): Promise<void>;
}
