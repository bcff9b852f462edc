import { useTranslation } from 'react-i18next';
import type { Failure } from '../../../common/terminal-api';
import { AmountDisplay } from '../../components/AmountDisplay';
import { FailureNotice } from '../../components/FailureNotice';
import { useFocusOnMount } from '../../components/use-focus';
import { useFormat } from '../../format/use-format';
import { numberDetail } from '../../format/use-failure-text';

interface DeclinedPanelProps {
  failure: Failure;
  requestedYen: number;
  /** R8: the eligible part when a split is possible, else null. */
  splitYen: number | null;
  onSplit(): void;
  onRetry(): void;
  onChangeAmount(): void;
  onNewSale(): void;
}

/** Why it was declined in plain words and, for R8, the one-touch split into KumaPAY + cash. */
export function DeclinedPanel({ failure, requestedYen, splitYen, onSplit, onRetry, onChangeAmount, onNewSale }: DeclinedPanelProps) {
  const { t } = useTranslation();
  const format = useFormat();
  const eligibleYen = failure.code === 'insufficient_funds' ? numberDetail(failure, 'eligibleYen') : null;
  const firstRef = useFocusOnMount<HTMLButtonElement>();
  return (
    <section className="outcome outcome--declined" data-testid="payment-declined" aria-live="assertive">
      <h2 className="outcome-title">{t('pay.declined')}</h2>
      <FailureNotice failure={failure} testId="decline-reason" />
      {eligibleYen !== null && <AmountDisplay label={t('pay.eligible')} amountYen={eligibleYen} testId="eligible-amount" size="medium" />}
      <div className="button-row">
        {splitYen !== null && (
          <button type="button" className="button button--primary" data-testid="split-pay" ref={firstRef} onClick={onSplit}>
            {t('pay.split', { eligible: format.yen(splitYen), rest: format.yen(requestedYen - splitYen) })}
          </button>
        )}
        <button type="button" className="button" data-testid="retry-scan" ref={splitYen === null ? firstRef : undefined} onClick={onRetry}>
          {t('pay.retryScan')}
        </button>
        <button type="button" className="button" data-testid="edit-amount" onClick={onChangeAmount}>
          {t('pay.changeAmount')}
        </button>
        <button type="button" className="button" data-testid="next-sale" onClick={onNewSale}>
          {t('pay.nextSale')}
        </button>
      </div>
    </section>
  );
}
