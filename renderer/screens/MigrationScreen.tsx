/** カード残高移行 (R19): card → its balance → customer's app QR → both sides → move. */
import { useMachine } from '@xstate/react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../hooks/api-context';
import { navigate } from '../hooks/routes';
import { useKeys } from '../hooks/use-keys';
import { AmountDisplay } from '../components/AmountDisplay';
import { FailureNotice } from '../components/FailureNotice';
import { LotBreakdown } from '../components/LotBreakdown';
import { ScanPrompt } from '../components/ScanPrompt';
import { Screen } from '../components/Screen';
import { WalletCard } from '../components/WalletCard';
import { useOutcomeSound } from '../components/use-outcome-sound';
import { migrationMachine } from '../flows/migration-machine';
import { lotLines } from '../format/lot-lines';
import { CardReader } from './migration/CardReader';
import { CardShown, ConfirmButtons } from './migration/StepButtons';
import { SlipPanel } from './receipt/SlipPanel';

const SUCCESS = ['done'] as const;
const FAILURE = ['failed'] as const;

export function MigrationScreen() {
  const { t } = useTranslation();
  const api = useApi();
  const [snapshot, send] = useMachine(migrationMachine, { input: { api } });
  const { context } = snapshot;
  const state = String(snapshot.value);
  useOutcomeSound(state, SUCCESS, FAILURE);

  useKeys((key) => {
    if (key !== 'Escape') return false;
    if (state === 'readingCard') navigate('home');
    else if (state === 'done') send({ type: 'RESTART' });
    else send({ type: 'BACK' });
    return true;
  });

  const step = state === 'readingCard' || state === 'lookingUpCard' || state === 'cardShown' ? 1 : state === 'readingApp' || state === 'lookingUpApp' ? 2 : 3;
  return (
    <Screen title={t('migrate.title')} testId="screen-migrate">
      <ol className="steps steps--compact" aria-label={t('migrate.title')}>
        {[t('migrate.stepCard'), t('migrate.stepApp'), t('migrate.stepConfirm')].map((label, index) => (
          <li key={label} className={index + 1 === step ? 'step step--current' : 'step'} aria-current={index + 1 === step ? 'step' : undefined}>
            {label}
          </li>
        ))}
      </ol>
      <div className="flow flow--migrate" data-testid="migration-flow" data-state={state}>
        {state === 'readingCard' && <CardReader onCard={(credential) => send({ type: 'CARD', credential })} />}
        {(state === 'lookingUpCard' || state === 'lookingUpApp' || state === 'migrating') && (
          <p className="outcome outcome--checking" aria-busy="true">
            {state === 'migrating' ? t('migrate.migrating') : t('migrate.lookingUp')}
          </p>
        )}
        {state === 'cardShown' && context.cardWallet && (
          <CardShown totalYen={context.cardWallet.totalYen} onNext={() => send({ type: 'NEXT' })} onBack={() => send({ type: 'BACK' })}>
            <WalletCard wallet={context.cardWallet} title={t('migrate.cardBalance')} testId="migration-card" />
          </CardShown>
        )}
        {state === 'readingApp' && (
          <ScanPrompt prompt={t('scan.promptApp')} accept={['cpm']} onCredential={(credential) => send({ type: 'CREDENTIAL', credential })}>
            <button type="button" className="button" data-testid="migration-back" onClick={() => send({ type: 'BACK' })}>
              {t('app.back')}
            </button>
          </ScanPrompt>
        )}
        {state === 'confirm' && context.cardWallet && context.appWallet && (
          <section className="confirm" data-testid="migration-confirm-panel">
            <div className="outcome-columns">
              <WalletCard wallet={context.cardWallet} title={t('migrate.cardBalance')} testId="migration-card" />
              <WalletCard wallet={context.appWallet} title={t('migrate.appBalance')} testId="migration-app" />
            </div>
            <p className="notice notice--warn">{t('migrate.confirmText')}</p>
            <ConfirmButtons onConfirm={() => send({ type: 'CONFIRM' })} onBack={() => send({ type: 'BACK' })} />
          </section>
        )}
        {state === 'done' && context.result && (
          <section className="outcome outcome--approved" data-testid="migration-done" aria-live="assertive">
            <h2 className="outcome-title">{t('migrate.done')}</h2>
            <div className="outcome-columns">
              <div>
                <AmountDisplay label={t('migrate.moved')} amountYen={context.result.movedYen} testId="migration-moved" />
                {context.result.appBalanceAfterYen !== null && (
                  <AmountDisplay label={t('counter.appAfter')} amountYen={context.result.appBalanceAfterYen} testId="migration-app-after" size="medium" />
                )}
              </div>
              <LotBreakdown title={t('pay.breakdown')} lines={lotLines(context.result.lots)} testId="migration-lots" />
            </div>
            {context.result.slipId && <SlipPanel slipId={context.result.slipId} kind="migration" />}
            <button type="button" className="button button--primary button--wide" data-testid="migration-again" onClick={() => send({ type: 'RESTART' })}>
              {t('migrate.again')}
            </button>
          </section>
        )}
        {state === 'failed' && context.failure && (
          <section className="outcome outcome--declined" data-testid="migration-failed">
            <FailureNotice failure={context.failure} />
            <button type="button" className="button button--primary" data-testid="migration-again" onClick={() => send({ type: 'RESTART' })}>
              {t('app.retry')}
            </button>
          </section>
        )}
      </div>
    </Screen>
  );
}
