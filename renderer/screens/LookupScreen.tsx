/**
 * 残高照会: read a card or app QR and show what is usable here (large, the figure the customer
 * asks about), the total and its lots. The customer display shows the same balance.
 */
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useCustomerDisplay } from '../hooks/customer-display';
import { navigate } from '../hooks/routes';
import { useCommand } from '../hooks/use-command';
import { useKeys } from '../hooks/use-keys';
import { AmountDisplay } from '../components/AmountDisplay';
import { FailureNotice } from '../components/FailureNotice';
import { ScanPrompt } from '../components/ScanPrompt';
import { Screen } from '../components/Screen';
import { WalletCard } from '../components/WalletCard';
import { drop } from '../format/drop';

export function LookupScreen() {
  const { t } = useTranslation();
  const lookup = useCommand('lookup');
  const state = lookup.state;
  const showCustomer = useCustomerDisplay();
  const shown = state.kind === 'done' ? state.value.wallet : null;

  useEffect(() => {
    showCustomer(shown ? { screen: 'balance', totalYen: shown.totalYen, usableHereYen: shown.eligibleYen } : { screen: 'welcome' });
  }, [shown, showCustomer]);
  useEffect(() => () => showCustomer({ screen: 'welcome' }), [showCustomer]);

  useKeys((key) => {
    if (key !== 'Escape') return false;
    if (state.kind === 'idle') navigate('home');
    else lookup.reset();
    return true;
  });

  return (
    <Screen title={t('lookup.title')} testId="screen-lookup">
      <div className="flow" data-testid="lookup-flow" data-state={state.kind}>
        {state.kind === 'idle' && <ScanPrompt prompt={t('scan.prompt')} accept={['cpm', 'card']} onCredential={(credential) => drop(lookup.run({ credential }), 'lookup')} />}
        {state.kind === 'running' && (
          <p className="outcome outcome--checking" aria-busy="true">
            {t('migrate.lookingUp')}
          </p>
        )}
        {state.kind === 'done' && (
          <div className="outcome-columns">
            <AmountDisplay label={t('lookup.eligible')} amountYen={state.value.wallet.eligibleYen} testId="lookup-eligible" />
            <WalletCard wallet={state.value.wallet} testId="lookup-wallet" />
          </div>
        )}
        {state.kind === 'failed' && <FailureNotice failure={state.failure} />}
        {state.kind !== 'idle' && state.kind !== 'running' && (
          <button type="button" className="button button--primary" data-testid="lookup-again" onClick={() => lookup.reset()}>
            {t('lookup.another')}
          </button>
        )}
      </div>
    </Screen>
  );
}
