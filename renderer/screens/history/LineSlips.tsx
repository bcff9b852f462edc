/**
 * R29: the slips this register keeps for a transaction (its own and its cancel's), each with
 * 再印刷 and a preview, and how its last print went. A reprint prints the stored slip: the same
 * words as the first time, marked 再印刷.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SlipRef } from '../../../common/terminal-api';
import { drop } from '../../format/drop';
import { useFailureText } from '../../format/use-failure-text';
import { useFormat } from '../../format/use-format';
import { reprintCopies, slipPrintState } from '../receipt/print-jobs';
import { usePrintWords } from '../receipt/print-words';
import { SlipPreviewImage } from '../receipt/SlipPreviewImage';
import { useSlipJobs } from '../receipt/use-slip-jobs';

function SlipRow({ slip, previewOpen, onPreview }: { slip: SlipRef; previewOpen: boolean; onPreview(): void }) {
  const { t } = useTranslation();
  const format = useFormat();
  const words = usePrintWords();
  const failureText = useFailureText();
  const { jobs, print, sending, refusal } = useSlipJobs(slip.slipId);
  const state = slipPrintState(jobs);
  return (
    <li className={`slip-row slip-row--${state}`} data-testid="history-slip" data-kind={slip.kind} data-slip-id={slip.slipId} data-state={state}>
      <span className="slip-row-kind">{t(`print.kind.${slip.kind}`)}</span>
      <span className="slip-row-time">{format.stamp(slip.createdAt)}</span>
      <span className="slip-row-buttons">
        <button
          type="button"
          className="button button--small"
          data-testid={`history-slip-reprint-${slip.kind}`}
          disabled={sending}
          onClick={() => drop(print(reprintCopies(jobs, 'customer')), 'reprint from history')}
        >
          {t('print.reprint')}
        </button>
        <button
          type="button"
          className={`button button--small${previewOpen ? ' button--primary' : ''}`}
          data-testid={`history-slip-preview-${slip.kind}`}
          aria-expanded={previewOpen}
          onClick={onPreview}
        >
          {t('print.preview')}
        </button>
      </span>
      {/* Only what happened while this detail is open (or was recent): an old slip says nothing. */}
      {state !== 'none' && (
        <span className="slip-row-status" role="status" data-testid="history-slip-status">
          {words.outcome(jobs)}
        </span>
      )}
      {refusal && (
        <span className="slip-refusal" role="alert" data-testid="slip-refusal" data-code={refusal.code}>
          {failureText(refusal)}
        </span>
      )}
    </li>
  );
}

export function LineSlips({ slips }: { slips: readonly SlipRef[] }) {
  const { t } = useTranslation();
  const [previewId, setPreviewId] = useState<string | null>(null);
  if (slips.length === 0) return null;
  return (
    <section className="slip-list" data-testid="history-slips" aria-label={t('print.slips')}>
      <h3 className="slip-list-title">{t('print.slips')}</h3>
      <ul className="slip-rows">
        {slips.map((slip) => (
          <SlipRow key={slip.slipId} slip={slip} previewOpen={previewId === slip.slipId} onPreview={() => setPreviewId(previewId === slip.slipId ? null : slip.slipId)} />
        ))}
      </ul>
      {/* In the detail's own scrolling column: a long slip scrolls there, the screen does not. */}
      {previewId && <SlipPreviewImage key={previewId} slipId={previewId} />}
    </section>
  );
}
