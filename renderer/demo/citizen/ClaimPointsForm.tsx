/** R23: claim an event's points by its QR (pasted, read, or the demo's event QR). */
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../format/use-format';
import { drop } from '../../format/drop';
import type { CitizenClient, CustomerPoints, PointsClaim } from '../citizen-client';
import { formatPoints } from './format-points';
import { QrField } from './QrField';
import { useRefusalText, type Refusal } from './use-refusal-text';

export function ClaimPointsForm({
  client,
  demoEventCode,
  onBalance,
}: {
  client: CitizenClient;
  demoEventCode: string | null;
  onBalance(balance: CustomerPoints): void;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const refusalText = useRefusalText();
  const titleId = useId();
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<
    { kind: 'claimed'; claim: PointsClaim } | { kind: 'refused'; refusal: Refusal } | null
  >(null);

  async function claim(): Promise<void> {
    const text = code.trim();
    if (!text) return;
    setBusy(true);
    setOutcome(null);
    const answer = await client.claimPoints(text);
    setBusy(false);
    if (!answer.ok) return setOutcome({ kind: 'refused', refusal: answer });
    setOutcome({ kind: 'claimed', claim: answer.value });
    setCode('');
    onBalance({ points: answer.value.pointsAfter, expiresAt: answer.value.expiresAt });
  }

  function submit(event: FormEvent): void {
    event.preventDefault();
    if (!busy) drop(claim(), 'points claim');
  }

  return (
    <section className="citizen-subpanel" aria-labelledby={titleId}>
      <h3 id={titleId}>{t('customer.points.claimTitle')}</h3>
      <form className="citizen-form" onSubmit={submit}>
        <QrField
          label={t('customer.points.claimCode')}
          value={code}
          onChange={setCode}
          testId="citizen-claim-code"
        >
          {demoEventCode && (
            <button
              type="button"
              className="button button--small"
              onClick={() => setCode(demoEventCode)}
            >
              {t('customer.points.demoEvent')}
            </button>
          )}
        </QrField>
        <button type="submit" className="button button--primary" disabled={busy || !code.trim()}>
          {busy ? t('customer.working') : t('customer.points.claim')}
        </button>
      </form>
      {outcome?.kind === 'claimed' && (
        <p className="notice notice--ok" role="status" data-testid="citizen-claim-result">
          {t('customer.points.claimed', {
            event: outcome.claim.eventName,
            points: formatPoints(outcome.claim.points, format.language),
          })}{' '}
          {t('customer.points.after', {
            points: formatPoints(outcome.claim.pointsAfter, format.language),
          })}
        </p>
      )}
      {outcome?.kind === 'refused' && (
        <p
          className="notice notice--error"
          role="alert"
          data-testid="citizen-claim-refusal"
          data-code={outcome.refusal.code}
        >
          {refusalText(outcome.refusal)}
        </p>
      )}
    </section>
  );
}
