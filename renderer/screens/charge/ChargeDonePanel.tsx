import { useTranslation } from 'react-i18next';
import type { ChargeDone } from '../../../common/terminal-api';
import { AmountDisplay } from '../../components/AmountDisplay';
import { LotBreakdown } from '../../components/LotBreakdown';
import { useFocusOnMount } from '../../components/use-focus';
import { lotLines } from '../../format/lot-lines';
import { useFormat } from '../../format/use-format';

/** The receipt of a charge: amount, bonus (R12), debt repaid first (R13), change, balance. */
export function ChargeDonePanel({ charge, onNext }: { charge: ChargeDone; onNext(): void }) {
  const { t } = useTranslation();
  const format = useFormat();
  const nextRef = useFocusOnMount<HTMLButtonElement>();
  return (
    <section className="outcome outcome--approved" data-testid="charge-done" aria-live="assertive">
      <h2 className="outcome-title">{t('charge.done')}</h2>
      <AmountDisplay label={t('charge.amount')} amountYen={charge.amountYen} testId="charged-amount" />
      <dl className="figures">
        <div className="figure">
          <dt>{t('charge.bonus')}</dt>
          <dd data-testid="charge-bonus">{format.yen(charge.bonusYen)}</dd>
        </div>
        {charge.debtRepaidYen > 0 && (
          <div className="figure figure--warn">
            <dt>{t('charge.debtRepaid')}</dt>
            <dd data-testid="charge-debt-repaid">{format.yen(charge.debtRepaidYen)}</dd>
          </div>
        )}
        <div className="figure">
          <dt>{t('charge.cashReceived')}</dt>
          <dd>{format.yen(charge.cashReceivedYen)}</dd>
        </div>
        <div className="figure figure--strong">
          <dt>{t('charge.change')}</dt>
          <dd data-testid="charge-change">{format.yen(charge.changeYen)}</dd>
        </div>
      </dl>
      <AmountDisplay label={t('charge.balanceAfter')} amountYen={charge.balanceAfter.totalYen} testId="balance-after-total" size="medium" />
      <LotBreakdown title={t('pay.breakdown')} lines={lotLines(charge.balanceAfter.lots.filter((lot) => !lot.expired))} testId="balance-after-lots" />
      <button type="button" className="button button--primary button--wide" data-testid="next-customer" ref={nextRef} onClick={onNext}>
        {t('charge.nextCustomer')}
      </button>
    </section>
  );
}
