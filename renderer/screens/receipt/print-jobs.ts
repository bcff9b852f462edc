/**
 * R29: what a slip's print jobs add up to on screen. A slip may print more than once: a charge
 * prints the shop's copy and the customer's, 再印刷 adds a job. Each copy's newest job decides
 * that copy; the panel says the most pressing of them (still printing, then a failure, then
 * printed), so a charge reads 印刷しました only once both copies are out.
 */
import type { PrinterSettings } from '../../../common/receipts/printer-settings';
import type { SlipCopy } from '../../../common/receipts/slip';
import type { PrintJobView } from '../../../common/terminal-api';
import { RENDERER_LIMITS } from '../../limits';

export type SlipPrintState = 'none' | PrintJobView['state'];

/** Most pressing first: a slip still printing is not yet failed, a failure hides a printed copy. */
const PRECEDENCE: readonly PrintJobView['state'][] = ['printing', 'queued', 'failed', 'printed'];

/** Oldest first, as the jobs were first heard of; finished jobs beyond the bound are forgotten first. */
function bounded(jobs: PrintJobView[]): PrintJobView[] {
  const excess = jobs.length - RENDERER_LIMITS.slipJobsKeptMax;
  if (excess <= 0) return jobs;
  const forget = new Set(jobs.filter((job) => job.state === 'printed' || job.state === 'failed').slice(0, excess).map((job) => job.jobId));
  return jobs.filter((job) => !forget.has(job.jobId)).slice(-RENDERER_LIMITS.slipJobsKeptMax);
}

/**
 * A job's new state (an event, or the command's answer): replaces what was known of that job
 * unless it is older — events and a reload can cross, and a late `queued` must not undo
 * `printed`. A new job goes last: it is the newest of its copy.
 */
export function mergeJob(jobs: readonly PrintJobView[], job: PrintJobView): PrintJobView[] {
  const at = jobs.findIndex((known) => known.jobId === job.jobId);
  if (at < 0) return bounded([...jobs, job]);
  const known = jobs[at]!;
  if (job.updatedAt < known.updatedAt) return [...jobs];
  return jobs.map((item, index) => (index === at ? job : item));
}

/**
 * What `printJobs` answered (newest first), for one slip, merged under what events already
 * said. Jobs the panel had not heard of are older than anything it heard live, so they go first.
 */
export function mergeLoaded(jobs: readonly PrintJobView[], loadedNewestFirst: readonly PrintJobView[], slipId: string): PrintJobView[] {
  const mine = loadedNewestFirst.filter((job) => job.slipId === slipId).reverse();
  const unheard = mine.filter((job) => !jobs.some((known) => known.jobId === job.jobId));
  let merged = bounded([...unheard, ...jobs]);
  for (const job of mine) merged = mergeJob(merged, job);
  return merged;
}

/** Each copy's newest job, in the order the copies first printed. */
export function currentJobs(jobs: readonly PrintJobView[]): PrintJobView[] {
  const newest = new Map<SlipCopy, PrintJobView>();
  for (const job of jobs) newest.set(job.copy, job);
  const order = [...new Set(jobs.map((job) => job.copy))];
  return order.map((copy) => newest.get(copy)!);
}

export function slipPrintState(jobs: readonly PrintJobView[]): SlipPrintState {
  const states = new Set(currentJobs(jobs).map((job) => job.state));
  return PRECEDENCE.find((state) => states.has(state)) ?? 'none';
}

/** The failure the panel words: the newest copy that failed and has not printed since. */
export function failedJob(jobs: readonly PrintJobView[]): PrintJobView | null {
  return currentJobs(jobs).filter((job) => job.state === 'failed').at(-1) ?? null;
}

/**
 * What 再印刷 prints: every copy whose newest job failed (what did not come out comes out);
 * when nothing failed, the copy printed last (another for the customer); with no job at all,
 * `fallback` (the customer's copy of a transaction, the shop's of a report).
 */
export function reprintCopies(jobs: readonly PrintJobView[], fallback: SlipCopy): SlipCopy[] {
  const current = currentJobs(jobs);
  const failed = current.filter((job) => job.state === 'failed').map((job) => job.copy);
  if (failed.length > 0) return failed;
  return [current.at(-1)?.copy ?? fallback];
}

/** お客様控えを印刷 is offered while the shop asks each time and no customer copy was started. */
export function offersCustomerCopy(jobs: readonly PrintJobView[], customerSlip: PrinterSettings['customerSlip'] | null): boolean {
  return customerSlip === 'ask' && !jobs.some((job) => job.copy === 'customer');
}
