/**
 * KumaPo (R23): the balance and when it lapses, claiming an event QR, showing a receive-QR for
 * someone to send to, and sending to someone's receive-QR. Each part answers in words: what
 * arrived or left, what is left, or why not.
 */
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../format/use-format';
import { drop } from '../../format/drop';
import type { CitizenClient, CustomerPoints, DemoInfo } from '../citizen-client';
import { formatPoints } from './format-points';
import { ClaimPointsForm } from './ClaimPointsForm';
import { ReceiveQrView } from './ReceiveQrView';
import { SendPointsForm } from './SendPointsForm';
import { useRefusalText, type Refusal } from './use-refusal-text';

export function PointsPanel({ client }: { client: CitizenClient }) {
  const { t } = useTranslation();
  const format = useFormat();
  const refusalText = useRefusalText();
  const [balance, setBalance] = useState<CustomerPoints | null>(null);
  const [refusal, setRefusal] = useState<Refusal | null>(null);
  const [demo, setDemo] = useState<DemoInfo>({ eventCode: null, partner: false });

  const load = useCallback(async () => {
    const [points, info] = await Promise.all([client.points(), client.demoInfo()]);
    if (points.ok) setBalance(points.value);
    else setRefusal(points);
    // Without demo information the page still works; it only offers no fill-ins.
    if (info.ok) setDemo(info.value);
  }, [client]);

  useEffect(() => {
    drop(load(), 'customer points');
  }, [load]);

  return (
    <section className="citizen-panel" aria-labelledby="citizen-points-title">
      <h2 id="citizen-points-title">{t('customer.tab.points')}</h2>
      <div className="amount amount--medium">
        <span className="amount-label">{t('customer.points.balance')}</span>
        <output className="amount-value" data-testid="citizen-points-balance">
          {balance ? formatPoints(balance.points, format.language) : '…'}
        </output>
        {balance?.expiresAt && (
          <span className="hint" data-testid="citizen-points-expires">
            {t('customer.points.expires', { date: format.day(balance.expiresAt) })}
          </span>
        )}
      </div>
      {refusal && (
        <p className="notice notice--error" role="alert">
          {refusalText(refusal)}
        </p>
      )}
      <ClaimPointsForm client={client} demoEventCode={demo.eventCode} onBalance={setBalance} />
      <ReceiveQrView client={client} />
      <SendPointsForm client={client} demoPartner={demo.partner} onBalance={setBalance} />
    </section>
  );
}
