/**
 * Demo: a small citizen app for trying KumaPAY from the customer's side — the payment QR (R22
 * CPM), paying a shop's QR (R28 MPM), KumaPo points (R23: balance, event QR, receive-QR,
 * sending) and the history in yen or points (R25). A test and demo tool, not the city's app.
 * Browser host only: it reaches the backend through the host's simulator endpoints, which
 * hold the demo customer's token (citizen-client.ts).
 */
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { currentLanguage } from '../i18n/create-i18n';
import { useSetLanguage } from '../hooks/use-set-language';
import { simCitizenClient, type CitizenClient } from './citizen-client';
import type { SimHost } from './sim-client';
import { HistoryPanel } from './citizen/HistoryPanel';
import { MyCodePanel } from './citizen/MyCodePanel';
import { PayPanel } from './citizen/PayPanel';
import { PointsPanel } from './citizen/PointsPanel';

const TABS = ['code', 'pay', 'points', 'history'] as const;
type Tab = (typeof TABS)[number];

export function CustomerPage({
  simHost,
  client: givenClient,
}: {
  simHost: SimHost | null;
  client?: CitizenClient;
}) {
  const { t, i18n } = useTranslation();
  const setLanguage = useSetLanguage();
  const [tab, setTab] = useState<Tab>('code');
  const client = useMemo(
    () => givenClient ?? (simHost ? simCitizenClient(simHost) : null),
    [givenClient, simHost],
  );

  if (!client) return <p className="splash">{t('customer.hostOnly')}</p>;
  const nextLanguage = currentLanguage(i18n) === 'ja' ? 'en' : 'ja';
  return (
    <main className="customer" data-testid="customer-page">
      <header className="citizen-header">
        <h1 className="customer-title">{t('customer.title')}</h1>
        <button
          type="button"
          className="button button--small"
          data-testid="language-toggle"
          lang={nextLanguage}
          onClick={() => setLanguage(nextLanguage)}
        >
          {t('header.language')}
        </button>
      </header>
      <nav className="citizen-tabs" aria-label={t('customer.menu')}>
        {TABS.map((name) => (
          <button
            key={name}
            type="button"
            className="button button--quick"
            data-testid={`citizen-tab-${name}`}
            aria-current={tab === name ? 'page' : undefined}
            onClick={() => setTab(name)}
          >
            {t(`customer.tab.${name}`)}
          </button>
        ))}
      </nav>
      {/* One part at a time, mounted when shown: coming back reloads it (a fresh QR, the balance after a payment). */}
      {tab === 'code' && <MyCodePanel client={client} />}
      {tab === 'pay' && <PayPanel client={client} />}
      {tab === 'points' && <PointsPanel client={client} />}
      {tab === 'history' && <HistoryPanel client={client} />}
    </main>
  );
}
