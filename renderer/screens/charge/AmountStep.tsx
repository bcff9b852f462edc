import { useTranslation } from 'react-i18next';
import type { LookupView } from '../../../common/terminal-api';
import { LIMITS } from '../../../common/limits';
import { AmountDisplay } from '../../components/AmountDisplay';
import { Keypad } from '../../components/Keypad';
import { keepFocus } from '../../components/keep-focus';
import { chargeAmountProblem, chargeLimitYen, QUICK_CHARGE_YEN } from '../../flows/charge-rules';
import type { ChargeEvent } from '../../flows/charge-machine';
import { keypadEventOf } from '../../format/amount-entry';
import { useFormat } from '../../format/use-format';
import { WalletSummary } from './WalletSummary';

/** Amount in 1,000-yen steps (R11): quick buttons or keypad, capped at the customer's headroom. */
export function AmountStep({ wallet, amountYen, send }: { wallet: LookupView; amountYen: number; send(event: ChargeEvent): void }) {
  const { t } = useTranslation();
  const format = useFormat();
  const limitYen = chargeLimitYen(wallet);
  const problem = amountYen > 0 ? chargeAmountProblem(amountYen, limitYen) : null;
  const problemText = {
    min: t('charge.problemMin', { min: format.yen(LIMITS.chargeYenMin) }),
    unit: t('charge.problemUnit'),
    max: t('charge.problemMax', { max: format.yen(limitYen) }),
  };
  if (limitYen < LIMITS.chargeYenMin) {
    return (
      <div className="entry">
        <WalletSummary wallet={wallet} />
        <p className="notice notice--warn" role="alert" data-testid="charge-cap-reached">
          {t('charge.capReached', { cap: format.yen(LIMITS.chargeBalanceYenMax) })}
        </p>
      </div>
    );
  }
  return (
    <div className="entry entry--split">
      <div>
        <WalletSummary wallet={wallet} />
        <div className="quick-row" role="group" aria-label={t('charge.amount')}>
          {QUICK_CHARGE_YEN.map((yen) => (
            <button
              key={yen}
              type="button"
              className="button button--quick"
              data-testid={`quick-${yen}`}
              {...keepFocus}
              disabled={yen > limitYen}
              aria-pressed={amountYen === yen}
              onClick={() => send({ type: 'QUICK', amountYen: yen })}
            >
              {format.yen(yen)}
            </button>
          ))}
        </div>
      </div>
      <div>
        <AmountDisplay label={t('charge.amount')} amountYen={amountYen} />
        <p className={problem ? 'notice notice--warn' : 'hint'} data-testid="charge-problem" data-problem={problem ?? ''}>
          {problem ? problemText[problem] : t('charge.amountHelp')}
        </p>
        <Keypad
          enterDisabled={amountYen === 0 || problem !== null}
          enterLabel={t('app.next')}
          onKey={(key) => send(keypadEventOf(key))}
        />
      </div>
    </div>
  );
}
