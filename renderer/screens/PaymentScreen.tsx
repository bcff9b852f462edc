/** お支払い: amount → scan or tap → 確認中… → approved or declined (payment-machine.ts). */
import { useMachine } from '@xstate/react';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi, useStatus, useTerminalEvents } from '../hooks/api-context';
import { useCustomerDisplay } from '../hooks/customer-display';
import { missingReaders } from '../hooks/device-health';
import { navigate } from '../hooks/routes';
import { useKeys } from '../hooks/use-keys';
import { AmountDisplay } from '../components/AmountDisplay';
import { Keypad } from '../components/Keypad';
import { ScanPrompt } from '../components/ScanPrompt';
import { Screen } from '../components/Screen';
import { useOutcomeSound } from '../components/use-outcome-sound';
import { keypadEventOf } from '../format/amount-entry';
import { eligibleYenOf } from '../format/insufficient';
import { usableHereYen } from '../format/lot-lines';
import { cashRemainderYen, paymentMachine, splitEligibleYen } from '../flows/payment-machine';
import { ApprovedPanel } from './payment/ApprovedPanel';
import { MpmPanel } from './mpm/MpmPanel';
import { DeclinedPanel } from './payment/DeclinedPanel';

const SUCCESS = ['approved'] as const;
const FAILURE = ['declined'] as const;

export function PaymentScreen() {
  const { t } = useTranslation();
  const api = useApi();
  const [snapshot, send] = useMachine(paymentMachine, { input: { api } });
  const { context } = snapshot;
  const state = String(snapshot.value);
  useOutcomeSound(state, SUCCESS, FAILURE);
  const status = useStatus();
  const readersGone = missingReaders(status.devices);
  const showCustomer = useCustomerDisplay();

  // The customer-facing display follows the sale: amount to pay → approved / declined → welcome.
  useEffect(() => {
    if (state === 'scanning') showCustomer({ screen: 'amount', purpose: 'payment', amountYen: context.requestedYen });
    else if (state === 'approved' && context.approved) {
      const { approved } = context;
      showCustomer({
        screen: 'approved',
        amountYen: approved.amountYen,
        cashYen: cashRemainderYen(context),
        balanceAfterYen: approved.balanceAfter?.totalYen ?? null,
        usableHereYen: approved.balanceAfter ? usableHereYen(approved.balanceAfter.lots) : null,
      });
    } else if (state === 'declined' && context.failure) {
      showCustomer({ screen: 'declined', amountYen: context.requestedYen, usableHereYen: eligibleYenOf(context.failure) });
    } else if (state === 'entering' && context.amountYen === 0) showCustomer({ screen: 'welcome' });
    // Only a change of step speaks to the display; typing digits does not.
  }, [state, showCustomer]);
  useEffect(() => () => showCustomer({ screen: 'welcome' }), [showCustomer]);

  useTerminalEvents((event) => {
    if (event.type === 'payment_checking') send({ type: 'CHECKING', clientTxnId: event.clientTxnId });
  });

  useKeys((key) => {
    if (key !== 'Escape') return false;
    // The QR panel decides what Escape means there (after お支払い完了 it is the next sale).
    if (state === 'mpm') return false;
    if (state === 'entering') {
      if (context.amountYen > 0) send({ type: 'CLEAR' });
      else navigate('home');
    } else if (state === 'approved') send({ type: 'NEW_SALE' });
    else send({ type: 'BACK' });
    return true;
  });

  return (
    <Screen title={t('pay.title')} testId="screen-pay">
      {(state === 'entering' || state === 'scanning') && readersGone.length > 0 && (
        <p className="notice notice--warn" role="alert" data-testid="reader-missing" data-kind={readersGone.join(' ')}>
          {readersGone.map((kind) => t(`counter.readerGone.${kind}`)).join(' ')}
        </p>
      )}
      <div className="flow" data-testid="payment-flow" data-state={state}>
        {state === 'entering' && (
          <div className="entry">
            <AmountDisplay label={t('pay.amount')} amountYen={context.amountYen} />
            <p className="hint">{t('pay.enterAmount')}</p>
            <Keypad
              enterDisabled={context.amountYen === 0}
              onKey={(key) => send(keypadEventOf(key))}
            />
          </div>
        )}
        {state === 'scanning' && (
          <ScanPrompt prompt={t('scan.prompt')} accept={['cpm', 'card']} onCredential={(credential) => send({ type: 'CREDENTIAL', credential })}>
            <AmountDisplay label={t('pay.amount')} amountYen={context.requestedYen} />
            <div className="button-row">
              <button type="button" className="button" data-testid="pay-back" onClick={() => send({ type: 'BACK' })}>
                {t('app.back')}
              </button>
              {/* R28: the customer's app reads the shop's QR instead. Online only: never queued. */}
              <button type="button" className="button button--secondary" data-testid="pay-show-qr" disabled={status.connectivity === 'offline'} onClick={() => send({ type: 'SHOW_QR' })}>
                {t('kumapo.mpm.show')}
              </button>
            </div>
            {status.connectivity === 'offline' && (
              <p className="hint" data-testid="mpm-offline">
                {t('kumapo.offline')}
              </p>
            )}
          </ScanPrompt>
        )}
        {state === 'mpm' && <MpmPanel ask={{ amountYen: context.requestedYen }} onBack={() => send({ type: 'BACK' })} onNext={() => send({ type: 'NEW_SALE' })} />}
        {state === 'checking' && (
          <section className="outcome outcome--checking" data-testid="payment-checking" aria-busy="true" aria-live="polite">
            <h2 className="outcome-title">{t('pay.checking')}</h2>
            <AmountDisplay label={t('pay.amount')} amountYen={context.requestedYen} />
            <p className="hint">{t('pay.checkingHelp')}</p>
          </section>
        )}
        {state === 'approved' && context.approved && (
          <ApprovedPanel payment={context.approved} cashRemainderYen={cashRemainderYen(context)} onNext={() => send({ type: 'NEW_SALE' })} />
        )}
        {state === 'declined' && context.failure && (
          <DeclinedPanel
            failure={context.failure}
            requestedYen={context.requestedYen}
            splitYen={splitEligibleYen(context.failure, context.requestedYen)}
            onSplit={() => send({ type: 'PAY_ELIGIBLE' })}
            onRetry={() => send({ type: 'RETRY' })}
            onChangeAmount={() => send({ type: 'BACK' })}
            onNewSale={() => send({ type: 'NEW_SALE' })}
          />
        )}
      </div>
    </Screen>
  );
}
