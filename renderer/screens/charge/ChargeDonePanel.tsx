import { useTranslation } from 'react-i18next';
import type { ChargeDone } from '../../../common/terminal-api';
import { AmountDisplay } from '../../components/AmountDisplay';
import { LotBreakdown } from '../../components/LotBreakdown';
import { ShortNo } from '../../components/ShortNo';
import { useFocusOnMount } from '../../components/use-focus';
import { lotLines } from '../../format/lot-lines';
import { useFormat } from '../../format/use-format';
import { SlipPanel } from '../receipt/SlipPanel';

/**
 * The receipt of a charge: amount, bonus (R12), debt repaid first (R13), change, balance, and
 * the short number (R29). Two columns so it fits 1024×768 without scrolling; ¥0 lots hidden.
 */
export function ChargeDonePanel({ charge, onNext }: { charge: ChargeDone; onNext(): void }) {
  const { t } = useTranslation();
  const format = useFormat();
  const nextRef = useFocusOnMount<HTMLButtonElement>();
  return (
    <section className="outcome outcome--approved" data-testid="charge-done" aria-live="assertive">
      <h2 className="outcome-title">
        {t('charge.done')}
        <ShortNo shortNo={charge.shortNo} />
      </h2>
      <div className="outcome-columns">
        <div>
          <div className="confirm-grid">
            <AmountDisplay
              label={t('charge.amount')}
              amountYen={charge.amountYen}
              testId="charged-amount"
              size="medium"
            />
            <AmountDisplay
              label={t('charge.change')}
              amountYen={charge.changeYen}
              testId="charge-change"
              size="medium"
              emphasis
            />
          </div>
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
          </dl>
        </div>
        <section className="balance-after">
          <AmountDisplay
            label={t('charge.balanceAfter')}
            amountYen={charge.balanceAfter.totalYen}
            testId="balance-after-total"
            size="medium"
          />
          <LotBreakdown
            title={t('pay.breakdown')}
            lines={lotLines(charge.balanceAfter.lots.filter((lot) => !lot.expired))}
            testId="balance-after-lots"
            showExpiry={false}
          />
        </section>
      </div>
      {charge.slipId && <SlipPanel slipId={charge.slipId} kind="charge" />}
      <button
        type="button"
        className="button button--primary button--wide"
        data-testid="next-customer"
        ref={nextRef}
        onClick={onNext}
      >
        {t('charge.nextCustomer')}
      </button>
    </section>
  );
}
