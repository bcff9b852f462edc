/**
 * QRを表示 (R28, dynamic MPM) on the cashier's side: the request's QR (also on the
 * customer-facing display, with the amount and a countdown to its expiry), 取り下げ while it is
 * unpaid, お支払い完了 with the success tone when the customer's app paid it, 期限切れ with a
 * new QR on offer. Leaving while the QR may still be paid withdraws it: no payable QR is left
 * behind a screen nobody watches.
 */
import { useMachine } from '@xstate/react';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { CustomerView, MpmRequestView } from '../../../common/terminal-api';
import { AmountDisplay } from '../../components/AmountDisplay';
import { FailureNotice } from '../../components/FailureNotice';
import { QrImage } from '../../components/QrImage';
import { ShortNo } from '../../components/ShortNo';
import { useFocusOnMount } from '../../components/use-focus';
import { useOutcomeSound } from '../../components/use-outcome-sound';
import { mpmMachine, mpmOpen, type MpmAsk } from '../../flows/mpm-machine';
import { callOrFailure } from '../../flows/failure-of';
import { formatCountdown } from '../../format/countdown';
import { drop } from '../../format/drop';
import { useKumapoFailureText } from '../../format/kumapo-failure';
import { useFormat } from '../../format/use-format';
import { useApi, useTerminalEvents } from '../../hooks/api-context';
import { useCustomerDisplay } from '../../hooks/customer-display';
import { useNow } from '../../hooks/use-now';
import { useKeys } from '../../hooks/use-keys';
import { SlipPanel } from '../receipt/SlipPanel';

const SUCCESS = ['paid'] as const;
const FAILURE = ['expired'] as const;

interface MpmPanelProps {
  ask: MpmAsk;
  /** Back to the step before (the QR, if still payable, is withdrawn first). */
  onBack(): void;
  /** 次のお客様 after the outcome. */
  onNext(): void;
}

/** What the customer-facing display shows for a state of the request. */
function customerViewOf(state: string, view: MpmRequestView | null): CustomerView {
  if (!view) return { screen: 'welcome' };
  if (mpmOpen(state)) {
    return { screen: 'mpm', amountYen: view.amountYen ?? 0, qr: view.qr, expiresAt: view.expiresAt, ...(view.points === null ? {} : { points: view.points }) };
  }
  if (state === 'paid') {
    return {
      screen: 'mpm_paid',
      amountYen: view.payment?.amountYen ?? view.amountYen ?? 0,
      ...(view.points === null ? {} : { points: view.spend?.points ?? view.points }),
      balanceAfterYen: view.payment?.balanceAfter?.totalYen ?? null,
      pointsAfter: view.spend?.pointsAfter ?? null,
    };
  }
  if (state === 'expired') return { screen: 'mpm_expired' };
  return { screen: 'welcome' };
}

export function MpmPanel({ ask, onBack, onNext }: MpmPanelProps) {
  const { t } = useTranslation();
  const format = useFormat();
  const api = useApi();
  const kumapoFailureText = useKumapoFailureText();
  const showCustomer = useCustomerDisplay();
  const [snapshot, send] = useMachine(mpmMachine, { input: { api, ask } });
  const state = String(snapshot.value);
  const { view, failure } = snapshot.context;
  useOutcomeSound(state, SUCCESS, FAILURE);
  const nowMs = useNow(1_000);
  const nextRef = useFocusOnMount<HTMLButtonElement>(state, state !== 'showing' && state !== 'creating' && state !== 'withdrawing');

  useTerminalEvents((event) => {
    if (event.type === 'mpm_request') send({ type: 'UPDATE', request: event.request });
  });

  // Escape: after a payment, the next customer (never back to the amount just paid); else back.
  useKeys((key) => {
    if (key !== 'Escape') return false;
    if (state === 'paid') onNext();
    else onBack();
    return true;
  });

  // The customer-facing display follows the request: QR → お支払い完了 / 期限切れ → welcome.
  const requestId = view?.requestId ?? null;
  useEffect(() => {
    showCustomer(customerViewOf(state, view));
    // A change of step (or of request) speaks to the display; nothing else does.
  }, [state, requestId, showCustomer]);

  // Leaving while the QR may still be paid: withdraw it (the core answers a payment that came first).
  const latest = useRef({ state, requestId });
  latest.current = { state, requestId };
  useEffect(
    () => () => {
      const { state: last, requestId: id } = latest.current;
      if (id !== null && mpmOpen(last)) drop(callOrFailure(api, 'mpmWithdraw', { requestId: id }), 'withdraw on leave');
      showCustomer({ screen: 'welcome' });
    },
    [api, showCustomer],
  );

  const isPoints = 'points' in ask;
  const figure = isPoints ? (
    <div className="amount amount--large">
      <span className="amount-label">{t('kumapo.mpm.points')}</span>
      <output className="amount-value" data-testid="mpm-points">
        {format.points(ask.points)}
      </output>
    </div>
  ) : (
    <AmountDisplay label={t('kumapo.mpm.amount')} amountYen={ask.amountYen} testId="mpm-amount" />
  );

  return (
    <section className={`mpm mpm--${state}`} data-testid="mpm-panel" data-state={state} aria-live="polite">
      {state === 'creating' && (
        <>
          {figure}
          <p className="hint" aria-busy="true">
            {t('kumapo.mpm.creating')}
          </p>
        </>
      )}
      {mpmOpen(state) && view && (
        <div className="mpm-showing">
          <div className="mpm-facts">
            {figure}
            <p className="hint">{t('kumapo.mpm.showing')}</p>
            <p className="countdown mpm-countdown" role="timer" data-testid="mpm-countdown">
              {t('kumapo.mpm.remaining', { time: formatCountdown(Date.parse(view.expiresAt) - nowMs) })}
            </p>
            <ShortNo shortNo={view.shortNo} />
            {failure && <FailureNotice failure={failure} testId="mpm-withdraw-error" text={kumapoFailureText(failure)} />}
            <button type="button" className="button button--danger" data-testid="mpm-withdraw" disabled={state === 'withdrawing'} onClick={() => send({ type: 'WITHDRAW' })}>
              {state === 'withdrawing' ? t('kumapo.mpm.withdrawing') : t('kumapo.mpm.withdraw')}
            </button>
          </div>
          <QrImage text={view.qr} label={t('kumapo.mpm.qrLabel')} testId="mpm-qr" />
        </div>
      )}
      {state === 'paid' && view && (
        <div className="outcome outcome--approved" data-testid="mpm-paid">
          <h2 className="outcome-title">
            {isPoints ? t('kumapo.mpm.pointsPaid') : t('kumapo.mpm.paid')}
            <ShortNo shortNo={view.payment?.shortNo ?? view.spend?.shortNo ?? view.shortNo} />
          </h2>
          {figure}
          {view.payment?.balanceAfter && <AmountDisplay label={t('kumapo.mpm.balanceAfter')} amountYen={view.payment.balanceAfter.totalYen} testId="mpm-balance-after" size="medium" />}
          {view.spend && view.spend.pointsAfter !== null && (
            <p className="figure" data-testid="mpm-points-after">
              {t('kumapo.left')} {format.points(view.spend.pointsAfter)}
            </p>
          )}
          {view.payment?.slipId && <SlipPanel slipId={view.payment.slipId} kind="payment" />}
          <button type="button" className="button button--primary button--wide" data-testid="mpm-next" ref={nextRef} onClick={onNext}>
            {t('kumapo.mpm.next')}
          </button>
        </div>
      )}
      {state === 'expired' && (
        <div className="outcome outcome--declined" data-testid="mpm-expired">
          <h2 className="outcome-title">{t('kumapo.mpm.expired')}</h2>
          <p>{t('kumapo.mpm.expiredHelp')}</p>
          <div className="button-row">
            <button type="button" className="button button--primary" data-testid="mpm-again" ref={nextRef} onClick={() => send({ type: 'AGAIN' })}>
              {t('kumapo.mpm.again')}
            </button>
            <button type="button" className="button" data-testid="mpm-back" onClick={onBack}>
              {t('kumapo.mpm.back')}
            </button>
          </div>
        </div>
      )}
      {(state === 'withdrawn' || state === 'lost') && (
        <div className="outcome" data-testid={`mpm-${state}`}>
          <p className={state === 'lost' ? 'notice notice--warn' : 'notice'}>{state === 'lost' ? t('kumapo.mpm.lost') : t('kumapo.mpm.withdrawn')}</p>
          <div className="button-row">
            <button type="button" className="button" data-testid="mpm-back" ref={nextRef} onClick={onBack}>
              {t('kumapo.mpm.back')}
            </button>
            <button type="button" className="button" data-testid="mpm-next" onClick={onNext}>
              {t('kumapo.mpm.next')}
            </button>
          </div>
        </div>
      )}
      {state === 'failed' && failure && (
        <div className="outcome outcome--declined" data-testid="mpm-failed">
          <h2 className="outcome-title">{t('kumapo.mpm.failed')}</h2>
          <FailureNotice failure={failure} testId="mpm-error" text={kumapoFailureText(failure)} />
          <div className="button-row">
            <button type="button" className="button" data-testid="mpm-again" onClick={() => send({ type: 'AGAIN' })}>
              {t('app.retry')}
            </button>
            <button type="button" className="button" data-testid="mpm-back" ref={nextRef} onClick={onBack}>
              {t('kumapo.mpm.back')}
            </button>
          </div>
        </div>
      )}
    </section>
  );
}
