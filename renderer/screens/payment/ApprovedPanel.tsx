import { useTranslation } from 'react-i18next';
import type { PaymentApproved } from '../../../common/terminal-api';
import { AmountDisplay } from '../../components/AmountDisplay';
import { LotBreakdown } from '../../components/LotBreakdown';
import { useFocusOnMount } from '../../components/use-focus';
import { allocationLines, lotLines } from '../../format/lot-lines';
import { useFormat } from '../../format/use-format';

interface ApprovedPanelProps {
  payment: PaymentApproved;
  cashRemainderYen: number;
  onNext(): void;
}

/** Big and green: the amount, which balances paid it (R6), what is left, offline or not (R20). */
export function ApprovedPanel({ payment, cashRemainderYen, onNext }: ApprovedPanelProps) {
  const { t } = useTranslation();
  const format = useFormat();
  const nextRef = useFocusOnMount<HTMLButtonElement>();
  const kindLabel = (kind: 'charge' | 'limited') => t(`lot.${kind}`);
  return (
    <section className="outcome outcome--approved" data-testid="payment-approved" aria-live="assertive">
      <h2 className="outcome-title">
        {t('pay.approved')}
        {payment.offline && (
          <span className="badge badge--offline" data-testid="offline-badge">
            {t('pay.offlineBadge')}
          </span>
        )}
      </h2>
      <AmountDisplay label={cashRemainderYen > 0 ? t('pay.paidByKumapay') : t('pay.amount')} amountYen={payment.amountYen} testId="approved-amount" />
      {cashRemainderYen > 0 && (
        <p className="cash-remainder" data-testid="cash-remainder">
          {t('pay.cashRemainder', { amount: format.yen(cashRemainderYen) })}
        </p>
      )}
      {payment.offline && <p className="outcome-note">{t('pay.offlineNote')}</p>}
      <div className="outcome-columns">
        {payment.allocations.length > 0 && (
          <LotBreakdown title={t('pay.breakdown')} lines={allocationLines(payment.allocations, payment.balanceAfter, kindLabel)} testId="payment-breakdown" showExpiry={false} />
        )}
        {payment.balanceAfter ? (
          <section className="balance-after" data-testid="balance-after">
            <AmountDisplay label={t('pay.balanceAfter')} amountYen={payment.balanceAfter.totalYen} testId="balance-after-total" size="medium" />
            <LotBreakdown title={t('pay.breakdown')} lines={lotLines(payment.balanceAfter.lots.filter((lot) => !lot.expired))} testId="balance-after-lots" />
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
