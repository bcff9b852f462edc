/**
 * R29: a slip on a result screen (payment, charge, cancel, migration, 精算): whether it printed,
 * why not (用紙切れ …), 再印刷, お客様控えを印刷 when the shop asks each time, and a preview. The
 * transaction is done whatever the printer does: nothing here holds up the next sale, and no
 * control takes the focus from the screen's own 次へ.
 */
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SlipCopy, SlipKind } from '../../../common/receipts/slip';
import { drop } from '../../format/drop';
import { useFailureText } from '../../format/use-failure-text';
import { failedJob, offersCustomerCopy, reprintCopies, slipPrintState } from './print-jobs';
import { usePrintWords } from './print-words';
import { SlipPreviewImage } from './SlipPreviewImage';
import { useCustomerSlipSetting } from './use-customer-slip';
import { useSlipJobs } from './use-slip-jobs';

interface SlipPanelProps {
  slipId: string;
  kind: SlipKind;
  /** What 再印刷 prints before any job says otherwise: the customer's copy, a report's shop copy. */
  fallbackCopy?: SlipCopy;
  /** 再印刷 on every result (transactions), or only after a failure (the report has its own button). */
  reprint?: 'always' | 'failed';
  /** The screen's own print button (点検/精算's レシート印刷), sharing this panel's jobs. */
  printAction?: { label: string; testId: string };
  preview?: boolean;
  /** Which side the preview opens on: away from the panel's own buttons. */
  previewSide?: 'left' | 'right';
}

export function SlipPanel({ slipId, kind, fallbackCopy = 'customer', reprint = 'always', printAction, preview = true, previewSide = 'right' }: SlipPanelProps) {
  const { t } = useTranslation();
  const words = usePrintWords();
  const failureText = useFailureText();
  const { jobs, print, sending, refusal } = useSlipJobs(slipId);
  // Reports have no customer copy: the setting is not asked for.
  const customerSlip = useCustomerSlipSetting(kind !== 'report');
  const [previewOpen, setPreviewOpen] = useState(false);
  const sheetId = useId();
  const state = slipPrintState(jobs);
  const offerCustomer = offersCustomerCopy(jobs, customerSlip);
  // With お客様控えを印刷 on screen, 再印刷 would print the same copy: one button, not two.
  const showReprint = reprint === 'always' ? !offerCustomer : state === 'failed';
  const printCopies = (copies: readonly SlipCopy[]) => drop(print(copies), 'print slip');
  // A shop without a printer is told so quietly: it is a setting, not trouble at the counter.
  const unconfigured = failedJob(jobs)?.failure === 'not_configured';

  return (
    <section className={`slip-panel slip-panel--${state}${unconfigured ? ' slip-panel--unconfigured' : ''}`} data-testid="slip-panel" data-slip-id={slipId} data-state={state} aria-label={t('print.slips')}>
      <div className="slip-actions">
        {printAction && (
          <button type="button" className="button button--small" data-testid={printAction.testId} disabled={sending} onClick={() => printCopies([fallbackCopy])}>
            {printAction.label}
          </button>
        )}
        {offerCustomer && (
          <button type="button" className="button button--small button--primary" data-testid="slip-customer-copy" disabled={sending} onClick={() => printCopies(['customer'])}>
            {t('print.customerCopy')}
          </button>
        )}
        {showReprint && (
          <button type="button" className="button button--small" data-testid="slip-reprint" disabled={sending} onClick={() => printCopies(reprintCopies(jobs, fallbackCopy))}>
            {t('print.reprint')}
          </button>
        )}
        {preview && (
          <button
            type="button"
            className={`button button--small${previewOpen ? ' button--primary' : ''}`}
            data-testid="slip-preview-toggle"
            aria-expanded={previewOpen}
            aria-controls={sheetId}
            onClick={() => setPreviewOpen(!previewOpen)}
          >
            {t('print.preview')}
          </button>
        )}
      </div>
      <p className="slip-status" role="status" data-testid="slip-status">
        {/* Symbols every Japanese font has (no emoji font on a counter PC). */}
        {(state === 'failed' || state === 'printed') && (
          <span className="slip-status-icon" aria-hidden="true">
            {state === 'failed' ? '⚠' : '✓'}
          </span>
        )}
        {words.outcome(jobs, customerSlip)}
        {state === 'failed' && kind !== 'report' && <span className="slip-status-note">{t('print.doneAnyway')}</span>}
      </p>
      {refusal && (
        <p className="slip-refusal" role="alert" data-testid="slip-refusal" data-code={refusal.code}>
          {failureText(refusal)}
        </p>
      )}
      {/* A sheet over the screen's side, not part of its flow: the screen keeps its size (no scrolling at 1024×768). */}
      {preview && previewOpen && (
        <aside className={`slip-sheet slip-sheet--${previewSide}`} id={sheetId} aria-label={t('print.previewTitle', { kind: t(`print.kind.${kind}`) })}>
          <div className="slip-sheet-bar">
            <h2 className="slip-sheet-title">{t('print.previewTitle', { kind: t(`print.kind.${kind}`) })}</h2>
            <button type="button" className="button button--small" data-testid="slip-preview-close" onClick={() => setPreviewOpen(false)}>
              {t('print.previewClose')}
            </button>
          </div>
          <SlipPreviewImage slipId={slipId} />
        </aside>
      )}
    </section>
  );
}
