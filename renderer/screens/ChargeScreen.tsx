/** チャージ: read the customer → balance and headroom → amount → cash → confirm → done. */
import { useMachine } from '@xstate/react';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { LookupView } from '../../common/terminal-api';
import { useApi } from '../hooks/api-context';
import { useCustomerDisplay } from '../hooks/customer-display';
import { navigate } from '../hooks/routes';
import { useKeys } from '../hooks/use-keys';
import { AmountDisplay } from '../components/AmountDisplay';
import { FailureNotice } from '../components/FailureNotice';
import { ScanPrompt } from '../components/ScanPrompt';
import { Screen } from '../components/Screen';
import { useFocusOnMount } from '../components/use-focus';
import { useOutcomeSound } from '../components/use-outcome-sound';
import { useFormat } from '../format/use-format';
import { chargeMachine } from '../flows/charge-machine';
import { chargePreview, changeDueYen } from '../flows/charge-rules';
import { AmountStep } from './charge/AmountStep';
import { CashStep } from './charge/CashStep';
import { ChargeDonePanel } from './charge/ChargeDonePanel';

const SUCCESS = ['done'] as const;
const FAILURE = ['failed'] as const;

export function ChargeScreen() {
  const { t } = useTranslation();
  const api = useApi();
  const [snapshot, send] = useMachine(chargeMachine, { input: { api } });
  const { context } = snapshot;
  const state = String(snapshot.value);
  useOutcomeSound(state, SUCCESS, FAILURE);
  const showCustomer = useCustomerDisplay();

  // The customer-facing display: the amount once it is chosen, the receipt when done, else welcome.
  useEffect(() => {
    if (state === 'cash' || state === 'confirm') showCustomer({ screen: 'amount', purpose: 'charge', amountYen: context.amountYen });
    else if (state === 'done' && context.done) {
      const { done } = context;
      showCustomer({
        screen: 'charged',
        amountYen: done.amountYen,
        bonusYen: done.bonusYen,
        cashReceivedYen: done.cashReceivedYen,
        changeYen: done.changeYen,
        balanceAfterYen: done.balanceAfter.totalYen,
      });
    } else if (state === 'scanning') showCustomer({ screen: 'welcome' });
    // Only a change of step speaks to the display; typing digits does not.
  }, [state, showCustomer]);
  useEffect(() => () => showCustomer({ screen: 'welcome' }), [showCustomer]);

  useKeys((key) => {
    if (key !== 'Escape') return false;
    if (state === 'scanning') navigate('home');
    else if (state === 'done') send({ type: 'NEW' });
    else send({ type: 'BACK' });
    return true;
  });

  return (
    <Screen title={t('charge.title')} testId="screen-charge">
      <div className="flow" data-testid="charge-flow" data-state={state}>
        {state === 'scanning' && <ScanPrompt prompt={t('charge.readCustomer')} accept={['cpm', 'card']} onCredential={(credential) => send({ type: 'CREDENTIAL', credential })} />}
        {(state === 'lookingUp' || state === 'charging') && (
          <p className="outcome outcome--checking" aria-busy="true" data-testid="charge-busy">
            {state === 'lookingUp' ? t('charge.lookingUp') : t('charge.charging')}
          </p>
        )}
        {state === 'amount' && context.wallet && <AmountStep wallet={context.wallet} amountYen={context.amountYen} send={send} />}
        {state === 'cash' && <CashStep amountYen={context.amountYen} cashReceivedYen={context.cashReceivedYen} send={send} />}
        {state === 'confirm' && context.wallet && (
          <ConfirmCharge
            wallet={context.wallet}
            amountYen={context.amountYen}
            cashReceivedYen={context.cashReceivedYen}
            onConfirm={() => send({ type: 'CONFIRM' })}
            onBack={() => send({ type: 'BACK' })}
          />
        )}
        {state === 'done' && context.done && <ChargeDonePanel charge={context.done} onNext={() => send({ type: 'NEW' })} />}
        {state === 'failed' && context.failure && (
          <section className="outcome outcome--declined" data-testid="charge-failed">
            <FailureNotice failure={context.failure} />
            <div className="button-row">
              <button type="button" className="button button--primary" data-testid="charge-retry" onClick={() => send({ type: 'RETRY' })}>
                {t('app.retry')}
              </button>
              <button type="button" className="button" data-testid="next-customer" onClick={() => send({ type: 'NEW' })}>
                {t('charge.nextCustomer')}
              </button>
            </div>
          </section>
        )}
      </div>
    </Screen>
  );
}

interface ConfirmChargeProps {
  wallet: LookupView;
  amountYen: number;
  cashReceivedYen: number;
  onConfirm(): void;
  onBack(): void;
}

/**
 * Before charging: the amount and the change to hand back, both large (the change is what goes
 * wrong at a busy counter), and what the customer will have — bonus (R12), debt repaid first
 * (R13) and the balance after — so the cashier can say it before pressing.
 */
function ConfirmCharge({ wallet, amountYen, cashReceivedYen, onConfirm, onBack }: ConfirmChargeProps) {
  const { t } = useTranslation();
  const format = useFormat();
  const confirmRef = useFocusOnMount<HTMLButtonElement>();
  const preview = chargePreview(wallet, amountYen);
  return (
    <section className="confirm confirm--charge" data-testid="charge-confirm-panel">
      <h2>{t('charge.confirmTitle')}</h2>
      <div className="confirm-grid">
        <AmountDisplay label={t('charge.amount')} amountYen={amountYen} testId="charge-amount" />
        <AmountDisplay label={t('charge.change')} amountYen={changeDueYen(cashReceivedYen, amountYen)} testId="change-due" wrapperTestId="change-amount" emphasis />
      </div>
      <dl className="figures figures--row">
        <div className="figure">
          <dt>{t('charge.cashReceived')}</dt>
          <dd data-testid="cash-received">{format.yen(cashReceivedYen)}</dd>
        </div>
        <div className="figure">
          <dt>{t('counter.bonusPreview')}</dt>
          <dd data-testid="charge-bonus-preview">{format.yen(preview.bonusYen)}</dd>
        </div>
        {preview.debtRepaidYen > 0 && (
          <div className="figure figure--warn">
            <dt>{t('charge.debtRepaid')}</dt>
            <dd data-testid="charge-debt-preview">{format.yen(preview.debtRepaidYen)}</dd>
          </div>
        )}
        <div className="figure figure--strong">
          <dt>{t('counter.balanceAfterPreview')}</dt>
          <dd data-testid="charge-balance-preview">{format.yen(preview.balanceAfterYen)}</dd>
        </div>
      </dl>
      <div className="button-row">
        <button type="button" className="button button--primary" data-testid="charge-confirm" ref={confirmRef} onClick={onConfirm}>
          {t('charge.confirmButton')}
        </button>
        <button type="button" className="button" data-testid="charge-back" onClick={onBack}>
          {t('app.back')}
        </button>
      </div>
    </section>
  );
}
