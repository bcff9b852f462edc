/**
 * R29: one slip's print jobs as the core reports them — the recent jobs once on mount
 * (`printJobs`: the first job may have been queued before this screen was drawn), then every
 * `print_job` event for this slip — and printing it again (`printSlip`).
 */
import { useCallback, useEffect, useState } from 'react';
import type { SlipCopy } from '../../../common/receipts/slip';
import type { Failure, PrintJobView } from '../../../common/terminal-api';
import { useApi, useTerminalEvents } from '../../hooks/api-context';
import { drop } from '../../format/drop';
import { callOrFailure } from '../../flows/failure-of';
import { mergeJob, mergeLoaded } from './print-jobs';

export interface SlipJobs {
  /** Oldest first, as first heard of (print-jobs.ts reads them). */
  jobs: PrintJobView[];
  /** Queues each copy in turn; the outcomes follow as events. */
  print(copies: readonly SlipCopy[]): Promise<void>;
  /** True while the core has not yet answered a print request (one tap, one job). */
  sending: boolean;
  /** The core refused to print (e.g. an unknown slip): not a printer failure, which is a job's. */
  refusal: Failure | null;
}

export function useSlipJobs(slipId: string): SlipJobs {
  const api = useApi();
  const [jobs, setJobs] = useState<PrintJobView[]>([]);
  const [sending, setSending] = useState(false);
  const [refusal, setRefusal] = useState<Failure | null>(null);

  useTerminalEvents((event) => {
    if (event.type === 'print_job' && event.job.slipId === slipId) setJobs((known) => mergeJob(known, event.job));
  });

  useEffect(() => {
    let live = true;
    setJobs([]);
    setRefusal(null);
    drop(
      callOrFailure(api, 'printJobs', {}).then((answer) => {
        // Without the list the panel still follows the events; a refusal here is only logged.
        if (!answer.ok) console.warn('kumapay: printJobs refused', answer.code, answer.message);
        else if (live) setJobs((known) => mergeLoaded(known, answer.jobs, slipId));
      }),
      'print jobs',
    );
    return () => {
      live = false;
    };
  }, [api, slipId]);

  const print = useCallback(
    async (copies: readonly SlipCopy[]) => {
      setSending(true);
      setRefusal(null);
      try {
        for (const copy of copies) {
          const answer = await callOrFailure(api, 'printSlip', { slipId, copy });
          if (!answer.ok) {
            setRefusal(answer);
            return;
          }
          setJobs((known) => mergeJob(known, answer.job));
        }
      } finally {
        setSending(false);
      }
    },
    [api, slipId],
  );

  return { jobs, print, sending, refusal };
}
