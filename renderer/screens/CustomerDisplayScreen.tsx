/**
 * The customer-facing display (#/customer-display, Electron's second window or a second browser
 * page): no staff sign-in, nothing to press. It shows what the core's `customer_display` events
 * say — the amount to pay, the result, the balance — and a welcome otherwise. Japanese first.
 */
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CustomerView } from '../../common/terminal-api';
import { useApi, useTerminalEvents } from '../hooks/api-context';
import { describeError } from '../bridge/host-error';
import { useFormat } from '../format/use-format';
import { formatCountdown } from '../format/countdown';
import { useNow } from '../hooks/use-now';
import { QrImage } from '../components/QrImage';

function Figure({ label, amountYen, testId, size = 'medium' }: { label: string; amountYen: number; testId: string; size?: 'huge' | 'medium' }) {
  const format = useFormat();
  return (
    <div className={`cd-figure cd-figure--${size}`}>
      <span className="cd-label">{label}</span>
      <output className="cd-value" data-testid={testId}>
        {format.yen(amountYen)}
      </output>
    </div>
  );
}

function PointsFigure({ label, points, testId, size = 'medium' }: { label: string; points: number; testId: string; size?: 'huge' | 'medium' }) {
  const format = useFormat();
  return (
    <div className={`cd-figure cd-figure--${size}`}>
      <span className="cd-label">{label}</span>
      <output className="cd-value" data-testid={testId}>
        {format.points(points)}
      </output>
    </div>
  );
}

/** R28: time left to pay the QR, from the injected clock (hooks/clock.tsx). */
function Countdown({ expiresAt }: { expiresAt: string }) {
  const { t } = useTranslation();
  const nowMs = useNow(1_000);
  return (
    <p className="cd-sub cd-countdown" role="timer" data-testid="cd-mpm-countdown">
      {t('kumapo.customer.remaining', { time: formatCountdown(Date.parse(expiresAt) - nowMs) })}
    </p>
  );
}

function ViewBody({ view }: { view: CustomerView }) {
  const { t } = useTranslation();
  const format = useFormat();
  switch (view.screen) {
    case 'welcome':
      return (
        <>
          <p className="cd-title">{t('counter.customer.welcome')}</p>
          <p className="cd-sub">{t('counter.customer.welcomeSub')}</p>
        </>
      );
    case 'amount':
      return <Figure label={view.purpose === 'charge' ? t('counter.customer.charge') : t('counter.customer.pay')} amountYen={view.amountYen} testId="cd-amount" size="huge" />;
    case 'approved':
      return (
        <>
          <p className="cd-title cd-title--ok">{t('counter.customer.approved')}</p>
          <Figure label={t('counter.customer.paidKumapay')} amountYen={view.amountYen} testId="cd-amount" size="huge" />
          {view.cashYen > 0 && <Figure label={t('counter.customer.cashPart')} amountYen={view.cashYen} testId="cd-cash" />}
          {view.balanceAfterYen !== null && <Figure label={t('counter.customer.balanceAfter')} amountYen={view.balanceAfterYen} testId="cd-balance-after" />}
          {view.usableHereYen !== null && view.usableHereYen !== view.balanceAfterYen && (
            <Figure label={t('counter.customer.usableHere')} amountYen={view.usableHereYen} testId="cd-usable-here" />
          )}
        </>
      );
    case 'declined':
      return (
        <>
          <p className="cd-title cd-title--ng">{t('counter.customer.declined')}</p>
          <Figure label={t('counter.customer.pay')} amountYen={view.amountYen} testId="cd-amount" />
          {view.usableHereYen !== null && <Figure label={t('counter.customer.usableHere')} amountYen={view.usableHereYen} testId="cd-usable-here" />}
          <p className="cd-sub">{t('counter.customer.declinedHelp')}</p>
        </>
      );
    case 'charged':
      return (
        <>
          <p className="cd-title cd-title--ok">{t('counter.customer.charged')}</p>
          <Figure label={t('counter.customer.charge')} amountYen={view.amountYen} testId="cd-amount" size="huge" />
          {view.bonusYen > 0 && <Figure label={t('counter.customer.bonus')} amountYen={view.bonusYen} testId="cd-bonus" />}
          <Figure label={t('counter.customer.cashReceived')} amountYen={view.cashReceivedYen} testId="cd-cash-received" />
          <Figure label={t('counter.customer.change')} amountYen={view.changeYen} testId="cd-change" />
          <Figure label={t('counter.customer.balanceAfter')} amountYen={view.balanceAfterYen} testId="cd-balance-after" />
        </>
      );
    case 'balance':
      return (
        <>
          <Figure label={t('counter.customer.usableHere')} amountYen={view.usableHereYen} testId="cd-usable-here" size="huge" />
          <Figure label={t('counter.customer.balance')} amountYen={view.totalYen} testId="cd-balance" />
        </>
      );
    case 'mpm':
      return (
        <>
          {view.points === undefined ? (
            <Figure label={t('counter.customer.pay')} amountYen={view.amountYen} testId="cd-amount" />
          ) : (
            <PointsFigure label={t('kumapo.customer.pointsUse')} points={view.points} testId="cd-points" />
          )}
          <div className="cd-qr" data-testid="cd-mpm-qr" data-qr={view.qr}>
            <QrImage text={view.qr} label={t('kumapo.customer.qrLabel')} testId="cd-mpm-qr-image" />
          </div>
          <p className="cd-sub">{t('counter.customer.mpm')}</p>
          <Countdown expiresAt={view.expiresAt} />
          <p className="cd-sub">{t('counter.customer.mpmExpires', { time: format.stamp(view.expiresAt) })}</p>
        </>
      );
    case 'mpm_paid':
      return (
        <>
          <p className="cd-title cd-title--ok">{t('kumapo.customer.paid')}</p>
          {view.points === undefined ? (
            <Figure label={t('counter.customer.paidKumapay')} amountYen={view.amountYen} testId="cd-amount" size="huge" />
          ) : (
            <PointsFigure label={t('kumapo.customer.pointsUse')} points={view.points} testId="cd-points" size="huge" />
          )}
          {view.balanceAfterYen !== null && <Figure label={t('kumapo.customer.balanceAfter')} amountYen={view.balanceAfterYen} testId="cd-balance-after" />}
          {view.pointsAfter !== undefined && view.pointsAfter !== null && <PointsFigure label={t('kumapo.customer.pointsAfter')} points={view.pointsAfter} testId="cd-points-after" />}
        </>
      );
    case 'mpm_expired':
      return (
        <>
          <p className="cd-title cd-title--ng">{t('kumapo.customer.expired')}</p>
          <p className="cd-sub">{t('kumapo.customer.expiredSub')}</p>
        </>
      );
    case 'points_spent':
      return (
        <>
          <p className="cd-title cd-title--ok">{t('kumapo.customer.spent')}</p>
          <PointsFigure label={t('kumapo.customer.pointsUse')} points={view.points} testId="cd-points" size="huge" />
          <PointsFigure label={t('kumapo.customer.pointsAfter')} points={view.pointsAfter} testId="cd-points-after" />
          {view.pointsExpiresAt !== null && <p className="cd-sub">{t('kumapo.customer.lapses', { date: format.day(view.pointsExpiresAt) })}</p>}
        </>
      );
  }
}

export function CustomerDisplayScreen() {
  const api = useApi();
  const [view, setView] = useState<CustomerView>({ screen: 'welcome' });
  // An event newer than the start-up answer wins over it.
  const heardEvent = useRef(false);

  useTerminalEvents((event) => {
    if (event.type !== 'customer_display') return;
    heardEvent.current = true;
    setView(event.view);
  });

  useEffect(() => {
    let live = true;
    api.call('getCustomerDisplay', {}).then(
      (result) => {
        if (live && result.ok && !heardEvent.current) setView(result.view);
      },
      (error: unknown) => console.warn('kumapay: customer display start failed', describeError(error)),
    );
    return () => {
      live = false;
    };
  }, [api]);

  return (
    <main className={`customer-display customer-display--${view.screen}`} data-testid="customer-display" data-screen={view.screen}>
      <ViewBody view={view} />
    </main>
  );
}
