import { useTranslation } from 'react-i18next';
import type { Failure } from '../../../common/terminal-api';
import { AmountDisplay } from '../../components/AmountDisplay';
import { FailureNotice } from '../../components/FailureNotice';
import { useFocusOnMount } from '../../components/use-focus';
import { eligibleYenOf, useInsufficientText } from '../../format/insufficient';
import { useFormat } from '../../format/use-format';

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

/**
 * Why it was declined in plain words (R32: which balances this shop does not take, or how much
 * is short) and, when part is usable here, the one-touch split: KumaPAY ¥A + 現金 ¥B. The
 * split button takes focus, so Enter on the keyboard splits too.
 */
export function DeclinedPanel({ failure, requestedYen, splitYen, onSplit, onRetry, onChangeAmount, onNewSale }: DeclinedPanelProps) {
  const { t } = useTranslation();
  const format = useFormat();
  const insufficientText = useInsufficientText();
  const eligibleYen = eligibleYenOf(failure);
  const firstRef = useFocusOnMount<HTMLButtonElement>();
  const parts = splitYen === null ? null : { kumapay: format.yen(splitYen), cash: format.yen(requestedYen - splitYen) };
  return (
    <section className="outcome outcome--declined" data-testid="payment-declined" aria-live="assertive">
      <h2 className="outcome-title">{t('pay.declined')}</h2>
      <FailureNotice failure={failure} testId="decline-reason" text={insufficientText(failure, requestedYen) ?? undefined} />
      {eligibleYen !== null && <AmountDisplay label={t('pay.eligible')} amountYen={eligibleYen} testId="eligible-amount" size="medium" />}
      {parts && (
        <section className="split-offer" data-testid="split-offer" aria-label={t('counter.split.title')}>
          <h3 className="split-offer-title">{t('counter.split.title')}</h3>
          <button type="button" className="button button--primary button--wide" data-testid="split-confirm" ref={firstRef} onClick={onSplit}>
            {t('counter.split.confirm', parts)}
          </button>
        </section>
      )}
      {eligibleYen === 0 && (
        <p className="notice notice--warn" data-testid="cash-only">
          {t('counter.split.cashOnly')}
        </p>
      )}
      <div className="button-row">
        <button type="button" className="button" data-testid="retry-scan" ref={parts === null ? firstRef : undefined} onClick={onRetry}>
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
