/** 残高照会: read a card or app QR and show its lots (support staff, R18/R19 groundwork). */
import { useTranslation } from 'react-i18next';
import { navigate } from '../app/routes';
import { useCommand } from '../app/use-command';
import { useKeys } from '../app/use-keys';
import { FailureNotice } from '../components/FailureNotice';
import { ScanPrompt } from '../components/ScanPrompt';
import { Screen } from '../components/Screen';
import { WalletCard } from '../components/WalletCard';
import { drop } from '../format/drop';
import { useFormat } from '../format/use-format';

export function LookupScreen() {
  const { t } = useTranslation();
  const format = useFormat();
  const lookup = useCommand('lookup');
  const state = lookup.state;

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
          <>
            <WalletCard wallet={state.value.wallet} title={t('lookup.title')} testId="lookup-wallet" />
            <p className="figure">
              {t('lookup.eligible')}: <span data-testid="lookup-eligible">{format.yen(state.value.wallet.eligibleYen)}</span>
            </p>
          </>
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
