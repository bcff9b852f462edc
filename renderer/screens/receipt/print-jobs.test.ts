import { describe, expect, it } from 'vitest';
import { fakePrintJob } from '../../bridge/fake';
import { currentJobs, failedJob, mergeJob, mergeLoaded, offersCustomerCopy, reprintCopies, slipPrintState } from './print-jobs';
import { RENDERER_LIMITS } from '../../limits';

const T0 = '2026-12-01T05:00:00.000Z';
const T1 = '2026-12-01T05:00:01.000Z';
const T2 = '2026-12-01T05:00:02.000Z';

describe('print jobs of one slip (R29)', () => {
  it('R29: When a late `queued` arrives after `printed` for the same job, then the slip stays printed', () => {
    let jobs = mergeJob([], fakePrintJob({ slipId: 's', jobId: 'j', state: 'printed', updatedAt: T1 }));
    jobs = mergeJob(jobs, fakePrintJob({ slipId: 's', jobId: 'j', state: 'queued', updatedAt: T0 }));
    expect(slipPrintState(jobs)).toBe('printed');
  });

  it('R29: When a charge prints the shop copy and then the customer copy, then the slip reads printed only once both are out', () => {
    let jobs = mergeJob([], fakePrintJob({ slipId: 's', jobId: 'shop', copy: 'shop', state: 'printed', updatedAt: T1 }));
    jobs = mergeJob(jobs, fakePrintJob({ slipId: 's', jobId: 'cust', copy: 'customer', state: 'queued', updatedAt: T0 }));
    expect(slipPrintState(jobs)).toBe('queued');
    jobs = mergeJob(jobs, fakePrintJob({ slipId: 's', jobId: 'cust', copy: 'customer', state: 'printing', updatedAt: T1 }));
    expect(slipPrintState(jobs)).toBe('printing');
    jobs = mergeJob(jobs, fakePrintJob({ slipId: 's', jobId: 'cust', copy: 'customer', state: 'printed', updatedAt: T2 }));
    expect(slipPrintState(jobs)).toBe('printed');
  });

  it('R29: When one copy failed and the other is still printing, then the slip reads printing until that one ends, then failed', () => {
    let jobs = mergeJob([], fakePrintJob({ slipId: 's', jobId: 'shop', copy: 'shop', state: 'failed', failure: 'paper_out', updatedAt: T1 }));
    jobs = mergeJob(jobs, fakePrintJob({ slipId: 's', jobId: 'cust', copy: 'customer', state: 'printing', updatedAt: T1 }));
    expect(slipPrintState(jobs)).toBe('printing');
    jobs = mergeJob(jobs, fakePrintJob({ slipId: 's', jobId: 'cust', copy: 'customer', state: 'printed', updatedAt: T2 }));
    expect(slipPrintState(jobs)).toBe('failed');
    expect(failedJob(jobs)?.copy).toBe('shop');
  });

  it('R29: When both copies failed for paper, then 再印刷 prints both; once one came out, only the other', () => {
    const failed = [
      fakePrintJob({ slipId: 's', jobId: 'shop', copy: 'shop', state: 'failed', failure: 'paper_out' }),
      fakePrintJob({ slipId: 's', jobId: 'cust', copy: 'customer', state: 'failed', failure: 'paper_out' }),
    ];
    expect(reprintCopies(failed, 'customer')).toEqual(['shop', 'customer']);
    const shopAgain = mergeJob(failed, fakePrintJob({ slipId: 's', jobId: 'shop-2', copy: 'shop', state: 'printed', reprint: true, updatedAt: T2 }));
    expect(currentJobs(shopAgain).map((job) => job.jobId)).toEqual(['shop-2', 'cust']);
    expect(slipPrintState(shopAgain)).toBe('failed');
    expect(failedJob(shopAgain)?.jobId).toBe('cust');
    expect(reprintCopies(shopAgain, 'customer')).toEqual(['customer']);
  });

  it('R29: When nothing failed, then 再印刷 prints the copy printed last, or the fallback when nothing printed yet', () => {
    expect(reprintCopies([], 'shop')).toEqual(['shop']);
    const printed = [fakePrintJob({ slipId: 's', jobId: 'shop', copy: 'shop', state: 'printed' }), fakePrintJob({ slipId: 's', jobId: 'cust', copy: 'customer', state: 'printed' })];
    expect(reprintCopies(printed, 'shop')).toEqual(['customer']);
  });

  it('R29: When the jobs list arrives after live events, then jobs heard live stay newest and other slips\' jobs are left out', () => {
    const live = mergeJob([], fakePrintJob({ slipId: 's', jobId: 'reprint', state: 'queued', reprint: true, updatedAt: T2 }));
    const loaded = [
      fakePrintJob({ slipId: 's', jobId: 'reprint', state: 'queued', reprint: true, updatedAt: T2 }),
      fakePrintJob({ slipId: 'other', jobId: 'x', state: 'printed', updatedAt: T1 }),
      fakePrintJob({ slipId: 's', jobId: 'first', state: 'failed', failure: 'paper_out', updatedAt: T0 }),
    ];
    const merged = mergeLoaded(live, loaded, 's');
    expect(merged.map((job) => job.jobId)).toEqual(['first', 'reprint']);
    expect(slipPrintState(merged)).toBe('queued');
  });

  it(`R29: When 再印刷 is pressed again and again, then the panel remembers at most ${RENDERER_LIMITS.slipJobsKeptMax} jobs and still reads the newest`, () => {
    let jobs = mergeJob([], fakePrintJob({ slipId: 's', jobId: 'first', state: 'failed', failure: 'paper_out' }));
    for (let n = 0; n < RENDERER_LIMITS.slipJobsKeptMax * 2; n += 1) jobs = mergeJob(jobs, fakePrintJob({ slipId: 's', jobId: `again-${n}`, state: 'printed', reprint: true }));
    expect(jobs).toHaveLength(RENDERER_LIMITS.slipJobsKeptMax);
    expect(jobs.at(-1)?.jobId).toBe(`again-${RENDERER_LIMITS.slipJobsKeptMax * 2 - 1}`);
    expect(slipPrintState(jobs)).toBe('printed');
  });

  it('R29: When the shop asks each time, then お客様控え is offered until a customer copy is started; never under always or never', () => {
    const shopOnly = [fakePrintJob({ slipId: 's', copy: 'shop', state: 'printed' })];
    expect(offersCustomerCopy(shopOnly, 'ask')).toBe(true);
    expect(offersCustomerCopy([...shopOnly, fakePrintJob({ slipId: 's', copy: 'customer', jobId: 'c' })], 'ask')).toBe(false);
    expect(offersCustomerCopy([], 'always')).toBe(false);
    expect(offersCustomerCopy([], 'never')).toBe(false);
    expect(offersCustomerCopy([], null)).toBe(false);
  });
});
