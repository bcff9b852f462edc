import { useTranslation } from 'react-i18next';
import type { PaymentApproved } from '../../../common/terminal-api';
import { AmountDisplay } from '../../components/AmountDisplay';
import { LotBreakdown } from '../../components/LotBreakdown';
import { ShortNo } from '../../components/ShortNo';
import { useFocusOnMount } from '../../components/use-focus';
import { allocationLines, lotLines } from '../../format/lot-lines';
import { useFormat } from '../../format/use-format';
import { SlipPanel } from '../receipt/SlipPanel';

interface ApprovedPanelProps {
  payment: PaymentApproved;
  cashRemainderYen: number;
  onNext(): void;
}

/**
 * Big and green: the amount, which balances paid it (R6), what is left, offline or not (R20).
 * A split sale (R32) shows both parts side by side: KumaPAY ¥A + 現金 ¥B = お会計. The slip
 * (R29) prints after the approval and never holds up 次のお会計.
 */
export function ApprovedPanel({ payment, cashRemainderYen, onNext }: ApprovedPanelProps) {
  const { t } = useTranslation();
  const format = useFormat();
  const nextRef = useFocusOnMount<HTMLButtonElement>();
  const kindLabel = (kind: 'charge' | 'limited') => t(`lot.unnamed.${kind}`);
  const split = cashRemainderYen > 0;
  const balanceLines = payment.balanceAfter ? lotLines(payment.balanceAfter.lots.filter((lot) => !lot.expired)) : [];
  return (
    <section className={`outcome outcome--approved${split ? ' outcome--split' : ''}`} data-testid="payment-approved" aria-live="assertive">
      <h2 className="outcome-title">
        {split ? t('counter.split.done') : t('pay.approved')}
        {payment.offline && (
          <span className="badge badge--offline" data-testid="offline-badge">
            {t('pay.offlineBadge')}
          </span>
        )}
        <ShortNo shortNo={payment.shortNo} />
      </h2>
      {split ? (
        <div className="split-result" data-testid="split-result">
          <AmountDisplay label={t('counter.split.kumapay')} amountYen={payment.amountYen} testId="approved-amount" size="medium" />
          <span className="split-plus" aria-hidden="true">
            ＋
          </span>
          <AmountDisplay label={t('counter.split.cash')} amountYen={cashRemainderYen} testId="split-cash" size="medium" />
          <span className="split-plus" aria-hidden="true">
            ＝
          </span>
          <AmountDisplay label={t('counter.split.total')} amountYen={payment.amountYen + cashRemainderYen} testId="split-total" size="medium" />
          <p className="cash-remainder" data-testid="cash-remainder">
            {t('pay.cashRemainder', { amount: format.yen(cashRemainderYen) })}
          </p>
        </div>
      ) : (
        <AmountDisplay label={t('pay.amount')} amountYen={payment.amountYen} testId="approved-amount" />
      )}
      {payment.offline && <p className="outcome-note">{t('pay.offlineNote')}</p>}
      <div className="outcome-columns">
        {/* The slip under the breakdown, beside the (taller) balance: the result keeps its height. */}
        <div className="outcome-column">
          {payment.allocations.length > 0 && (
            <LotBreakdown title={t('pay.breakdown')} lines={allocationLines(payment.allocations, payment.balanceAfter, kindLabel)} testId="payment-breakdown" showExpiry={false} />
          )}
          {payment.slipId && <SlipPanel slipId={payment.slipId} kind="payment" />}
        </div>
        {payment.balanceAfter ? (
          <section className="balance-after" data-testid="balance-after">
            <AmountDisplay label={t('pay.balanceAfter')} amountYen={payment.balanceAfter.totalYen} testId="balance-after-total" size="medium" />
            {balanceLines.length > 0 && <LotBreakdown title={t('pay.breakdown')} lines={balanceLines} testId="balance-after-lots" showExpiry={!split} />}
          </section>
        ) : (
          <p className="outcome-note">{t('pay.balanceUnknown')}</p>
        )}
      </div>
      <button type="button" className="button button--primary button--wide" data-testid="next-sale" ref={nextRef} onClick={onNext}>
        {t('pay.nextSale')}
      </button>
    </section>
  );
}
