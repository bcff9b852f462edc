import type { Deps } from './context';

/** What a report reads: the ledger, the names in force, and the clock for `generatedAt`. */
export type ReportDeps = Pick<Deps, 'store' | 'settings' | 'clock'>;

export interface ReportPeriod {
  /** JST calendar dates, both included. */
  from: string;
  to: string;
}
