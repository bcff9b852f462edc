/**
 * クマポ利用 (R23): points (keypad or keyboard) → the customer's app QR (scanner or camera) →
 * 確認中… → the points used, the points left and when they lapse; or the refusal in plain
 * words. Instead of reading the customer's QR the cashier may show the shop's QR for points
 * (QRを表示, R28). Online only: offline the screen says so and offers nothing to press.
 */
import { useMachine } from '@xstate/react';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { FailureNotice } from '../components/FailureNotice';
import { Keypad } from '../components/Keypad';
import { ScanPrompt } from '../components/ScanPrompt';
import { Screen } from '../components/Screen';
import { ShortNo } from '../components/ShortNo';
import { useFocusOnMount } from '../components/use-focus';
import { useOutcomeSound } from '../components/use-outcome-sound';
import { pointsMachine } from '../flows/points-machine';
import { keypadEventOf } from '../format/amount-entry';
import { useKumapoFailureText } from '../format/kumapo-failure';
import { useFormat } from '../format/use-format';
import { useApi, useStatus } from '../hooks/api-context';
import { useCustomerDisplay } from '../hooks/customer-display';
import { navigate } from '../hooks/routes';
import { useKeys } from '../hooks/use-keys';
import { MpmPanel } from './mpm/MpmPanel';
import { SlipPanel } from './receipt/SlipPanel';

const SUCCESS = ['done'] as const;
const FAILURE = ['declined'] as const;

function PointsFigure({ label, points, testId }: { label: string; points: number; testId: string }) {
  const format = useFormat();
  return (
    <div className="amount amount--large">
      <span className="amount-label">{label}</span>
      <output className="amount-value" data-testid={testId} aria-live="polite">
        {format.points(points)}
      </output>
    </div>
  );
}

export function KumapoScreen() {
  const { t } = useTranslation();
  const format = useFormat();
  const api = useApi();
  const status = useStatus();
  const offline = status.connectivity === 'offline';
  const kumapoFailureText = useKumapoFailureText();
  const [snapshot, send] = useMachine(pointsMachine, { input: { api } });
  const { context } = snapshot;
  const state = String(snapshot.value);
  useOutcomeSound(state, SUCCESS, FAILURE);
  const showCustomer = useCustomerDisplay();
  const nextRef = useFocusOnMount<HTMLButtonElement>(state, state === 'done' || state === 'declined');

  useEffect(() => {
    if (state === 'done' && context.spend && context.spend.pointsAfter !== null) {
      showCustomer({ screen: 'points_spent', points: context.spend.points, pointsAfter: context.spend.pointsAfter, pointsExpiresAt: context.spend.pointsExpiresAt });
    } else if (state === 'entering') showCustomer({ screen: 'welcome' });
    // Only a change of step speaks to the display.
  }, [state, showCustomer]);
  useEffect(() => () => showCustomer({ screen: 'welcome' }), [showCustomer]);

  useKeys((key) => {
    if (key !== 'Escape' || state === 'mpm') return false;
    if (state === 'entering') {
      if (context.points > 0) send({ type: 'CLEAR' });
      else navigate('home');
    } else if (state === 'done') send({ type: 'NEW' });
    else send({ type: 'BACK' });
    return true;
  });

  return (
    <Screen title={t('kumapo.title')} testId="screen-points">
      {offline && state !== 'done' && (
        <p className="notice notice--warn" role="alert" data-testid="points-offline">
          {t('kumapo.offline')}
        </p>
      )}
      <div className="flow" data-testid="points-flow" data-state={state}>
        {state === 'entering' && (
          <div className="entry">
            <PointsFigure label={t('kumapo.points')} points={context.points} testId="points-display" />
            <p className="hint">{t('kumapo.enterPoints')}</p>
            <Keypad enterDisabled={context.points === 0 || offline} onKey={(key) => send(keypadEventOf(key))} />
          </div>
        )}
        {state === 'scanning' && (
          <ScanPrompt prompt={t('kumapo.readQr')} accept={['cpm', 'card']} onCredential={(credential) => send({ type: 'CREDENTIAL', credential })}>
            <PointsFigure label={t('kumapo.points')} points={context.points} testId="points-display" />
            <div className="button-row">
              <button type="button" className="button" data-testid="points-back" onClick={() => send({ type: 'BACK' })}>
                {t('app.back')}
              </button>
              <button type="button" className="button button--secondary" data-testid="points-show-qr" disabled={offline} onClick={() => send({ type: 'SHOW_QR' })}>
                {t('kumapo.mpm.show')}
              </button>
            </div>
            <p className="hint">{t('kumapo.orShowQr')}</p>
          </ScanPrompt>
        )}
        {state === 'spending' && (
          <section className="outcome outcome--checking" data-testid="points-checking" aria-busy="true" aria-live="polite">
            <h2 className="outcome-title">{t('kumapo.checking')}</h2>
            <PointsFigure label={t('kumapo.points')} points={context.points} testId="points-display" />
          </section>
        )}
        {state === 'done' && context.spend && (
          <section className="outcome outcome--approved" data-testid="points-done" aria-live="assertive">
            <h2 className="outcome-title">
              {t('kumapo.done')}
              <ShortNo shortNo={context.spend.shortNo} />
            </h2>
            <PointsFigure label={t('kumapo.used')} points={context.spend.points} testId="points-used" />
            {context.spend.pointsAfter !== null && (
              <div className="figure figure--strong" data-testid="points-left">
                <span>{t('kumapo.left')}</span>
                <span data-testid="points-left-value">{format.points(context.spend.pointsAfter)}</span>
              </div>
            )}
            <p className="hint" data-testid="points-lapse">
              {context.spend.pointsExpiresAt ? t('kumapo.lapses', { date: format.day(context.spend.pointsExpiresAt) }) : t('kumapo.noneLeft')}
            </p>
            {/* R29: the spend's ご利用明細, printed and reprintable like a payment's slip. */}
            {context.spend.slipId && <SlipPanel slipId={context.spend.slipId} kind="point_spend" />}
            <button type="button" className="button button--primary button--wide" data-testid="points-next" ref={nextRef} onClick={() => send({ type: 'NEW' })}>
              {t('kumapo.next')}
            </button>
          </section>
        )}
        {state === 'declined' && context.failure && (
          <section className="outcome outcome--declined" data-testid="points-declined" aria-live="assertive">
            <h2 className="outcome-title">{t('kumapo.declined')}</h2>
            <FailureNotice failure={context.failure} testId="points-reason" text={kumapoFailureText(context.failure)} />
            <div className="button-row">
              <button type="button" className="button" data-testid="points-retry" ref={nextRef} onClick={() => send({ type: 'RETRY' })}>
                {t('kumapo.retryScan')}
              </button>
              <button type="button" className="button" data-testid="points-edit" onClick={() => send({ type: 'BACK' })}>
                {t('kumapo.changePoints')}
              </button>
              <button type="button" className="button" data-testid="points-next" onClick={() => send({ type: 'NEW' })}>
                {t('kumapo.next')}
              </button>
            </div>
          </section>
        )}
        {state === 'mpm' && <MpmPanel ask={{ points: context.points }} onBack={() => send({ type: 'BACK' })} onNext={() => send({ type: 'NEW' })} />}
      </div>
    </Screen>
  );
}
