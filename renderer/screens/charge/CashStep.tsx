import { useTranslation } from 'react-i18next';
import { AmountDisplay } from '../../components/AmountDisplay';
import { Keypad } from '../../components/Keypad';
import { keepFocus } from '../../components/keep-focus';
import { BANKNOTES_YEN, changeDueYen } from '../../flows/charge-rules';
import type { ChargeEvent } from '../../flows/charge-machine';
import { keypadEventOf } from '../../format/amount-entry';
import { useFormat } from '../../format/use-format';

/** Face-to-face charges are cash (R10): what was handed over, and the change to give back. */
export function CashStep({ amountYen, cashReceivedYen, send }: { amountYen: number; cashReceivedYen: number; send(event: ChargeEvent): void }) {
  const { t } = useTranslation();
  const format = useFormat();
  const short = cashReceivedYen < amountYen;
  return (
    <div className="entry entry--split">
      <div>
        <AmountDisplay label={t('charge.amount')} amountYen={amountYen} testId="charge-amount" size="medium" />
        <div className="quick-row" role="group" aria-label={t('charge.cashReceived')}>
          <button type="button" className="button button--quick" data-testid="cash-exact" {...keepFocus} onClick={() => send({ type: 'EXACT' })}>
            {t('charge.exact')}
          </button>
          {BANKNOTES_YEN.map((yen) => (
            <button key={yen} type="button" className="button button--quick" data-testid={`cash-add-${yen}`} {...keepFocus} onClick={() => send({ type: 'ADD_CASH', amountYen: yen })}>
              +{format.yen(yen)}
            </button>
          ))}
        </div>
        <AmountDisplay label={t('charge.change')} amountYen={changeDueYen(cashReceivedYen, amountYen)} testId="change-due" size="medium" />
      </div>
      <div>
        <AmountDisplay label={t('charge.cashReceived')} amountYen={cashReceivedYen} testId="cash-received" />
        {short && cashReceivedYen > 0 && (
          <p className="notice notice--warn" data-testid="cash-short">
            {t('charge.cashShort')}
          </p>
        )}
        <Keypad
          enterDisabled={short}
          enterLabel={t('app.next')}
          onKey={(key) => send(keypadEventOf(key))}
        />
      </div>
    </div>
  );
}
