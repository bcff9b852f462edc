import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Failure } from '../../common/terminal-api';
import { useFailureText } from '../format/use-failure-text';

interface FailureNoticeProps {
  failure: Failure;
  testId?: string;
  /** A sentence the screen words itself (e.g. R32's decline with balances); else one per code. */
  text?: string;
}

/**
 * A refusal in plain words. The raw code (for the support line) stays behind 詳細, so the
 * cashier reads a sentence, never `insufficient_funds`.
 */
export function FailureNotice({ failure, testId = 'failure', text }: FailureNoticeProps) {
  const { t } = useTranslation();
  const failureText = useFailureText();
  const [open, setOpen] = useState(false);
  const detailsId = useId();
  return (
    <div className="notice notice--error" role="alert" data-testid={testId} data-code={failure.code}>
      <p className="notice-text">{text ?? failureText(failure)}</p>
      <button
        type="button"
        className="button button--link"
        data-testid="failure-details-toggle"
        aria-expanded={open}
        aria-controls={detailsId}
        onClick={() => setOpen(!open)}
      >
        {t('counter.details')}
      </button>
      {open && (
        <p className="notice-code mono" id={detailsId} data-testid="failure-details">
          {failure.code}
          {failure.message ? ` — ${failure.message}` : ''}
        </p>
      )}
    </div>
  );
}
