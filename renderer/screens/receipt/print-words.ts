/** R29: a print job's outcome in the cashier's words (print.* in the resources). */
import { useTranslation } from 'react-i18next';
import type { PrinterSettings } from '../../../common/receipts/printer-settings';
import type { PrintJobView } from '../../../common/terminal-api';
import { jaPrint } from '../../i18n/ja-print';
import { failedJob, slipPrintState } from './print-jobs';

// From the words, not from PRINT_FAILURE_CODES: that module brings zod into every screen's
// bundle. print-words.test.ts checks that every code has its words.
type WordedFailure = Exclude<keyof typeof jaPrint.failure, 'unknown'>;
const WORDED_FAILURES: ReadonlySet<string> = new Set(Object.keys(jaPrint.failure).filter((code) => code !== 'unknown'));

function isWorded(code: string | null): code is WordedFailure {
  return code !== null && WORDED_FAILURES.has(code);
}

export interface PrintWords {
  /** 用紙切れ, カバーが開いています…; a code newer than this renderer reads as the core's message. */
  failure(job: PrintJobView): string;
  /** What a slip's jobs add up to: 印刷中… / レシートを印刷しました / 印刷できませんでした：用紙切れ. */
  outcome(jobs: readonly PrintJobView[], customerSlip?: PrinterSettings['customerSlip'] | null): string;
}

export function usePrintWords(): PrintWords {
  const { t } = useTranslation();
  function failure(job: PrintJobView): string {
    if (isWorded(job.failure)) return t(`print.failure.${job.failure}`);
    return job.message || t('print.failure.unknown');
  }
  function outcome(jobs: readonly PrintJobView[], customerSlip: PrinterSettings['customerSlip'] | null = null): string {
    const state = slipPrintState(jobs);
    if (state === 'failed') {
      const failed = failedJob(jobs);
      return t('print.state.failed', { reason: failed ? failure(failed) : t('print.failure.unknown') });
    }
    if (state === 'none' && customerSlip === 'never') return t('print.never');
    if (state === 'none' && customerSlip === 'ask') return t('print.ask');
    return t(`print.state.${state}`);
  }
  return { failure, outcome };
}
