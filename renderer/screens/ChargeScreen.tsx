/** チャージ: read the customer → balance and headroom → amount → cash → confirm → done. */
import { useMachine } from '@xstate/react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../app/api-context';
import { navigate } from '../app/routes';
import { useKeys } from '../app/use-keys';
import { AmountDisplay } from '../components/AmountDisplay';
import { FailureNotice } from '../components/FailureNotice';
import { ScanPrompt } from '../components/ScanPrompt';
import { Screen } from '../components/Screen';
import { useFocusOnMount } from '../components/use-focus';
import { useOutcomeSound } from '../components/use-outcome-sound';
import { chargeMachine } from '../flows/charge-machine';
import { changeDueYen } from '../flows/charge-rules';
import { useFormat } from '../format/use-format';
import { AmountStep } from './charge/AmountStep';
import { CashStep } from './charge/CashStep';
import { ChargeDonePanel } from './charge/ChargeDonePanel';

const SUCCESS = ['done'] as const;
const FAILURE = ['failed'] as const;

export function ChargeScreen() {
  const { t } = useTranslation();
  const format = useFormat();
  const api = useApi();
  const [snapshot, send] = useMachine(chargeMachine, { input: { api } });
  const { context } = snapshot;
  const state = String(snapshot.value);
  useOutcomeSound(state, SUCCESS, FAILURE);

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
        {state === 'confirm' && (
          <ConfirmCharge
            amountYen={context.amountYen}
            cashReceivedYen={context.cashReceivedYen}
            onConfirm={() => send({ type: 'CONFIRM' })}
            onBack={() => send({ type: 'BACK' })}
            changeText={format.yen(changeDueYen(context.cashReceivedYen, context.amountYen))}
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
  amountYen: number;
  cashReceivedYen: number;
  changeText: string;
  onConfirm(): void;
  onBack(): void;
}

function ConfirmCharge({ amountYen, cashReceivedYen, changeText, onConfirm, onBack }: ConfirmChargeProps) {
  const { t } = useTranslation();
  const confirmRef = useFocusOnMount<HTMLButtonElement>();
  return (
    <section className="confirm" data-testid="charge-confirm-panel">
      <h2>{t('charge.confirmTitle')}</h2>
      <AmountDisplay label={t('charge.amount')} amountYen={amountYen} testId="charge-amount" />
      <AmountDisplay label={t('charge.cashReceived')} amountYen={cashReceivedYen} testId="cash-received" size="medium" />
      <p className="figure figure--strong">
        {t('charge.change')}: <span data-testid="change-due">{changeText}</span>
      </p>
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
