/** R23: the citizen's receive-QR, for someone else's app to read and send points to, with its countdown. */
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { drop } from '../../format/drop';
import { useNow } from '../../hooks/use-now';
import { QrCode } from '../QrCode';
import type { CitizenClient, ReceiveQr } from '../citizen-client';
import { useRefusalText, type Refusal } from './use-refusal-text';

export function ReceiveQrView({ client }: { client: CitizenClient }) {
  const { t } = useTranslation();
  const refusalText = useRefusalText();
  const titleId = useId();
  const nowMs = useNow(1_000);
  const [shown, setShown] = useState<ReceiveQr | null>(null);
  const [refusal, setRefusal] = useState<Refusal | null>(null);
  const [busy, setBusy] = useState(false);

  async function show(): Promise<void> {
    setBusy(true);
    setRefusal(null);
    const answer = await client.receiveQr();
    setBusy(false);
    if (answer.ok) setShown(answer.value);
    else setRefusal(answer);
  }

  const secondsLeft = shown
    ? Math.max(0, Math.round((Date.parse(shown.expiresAt) - nowMs) / 1000))
    : 0;
  return (
    <section className="citizen-subpanel" aria-labelledby={titleId}>
      <h3 id={titleId}>{t('customer.points.receiveTitle')}</h3>
      <button
        type="button"
        className="button"
        disabled={busy}
        onClick={() => drop(show(), 'receive qr')}
      >
        {t('customer.points.showReceiveQr')}
      </button>
      {shown && secondsLeft > 0 && (
        <>
          <QrCode
            text={shown.qr}
            label={t('customer.points.receiveQrLabel')}
            testId="citizen-receive-qr"
          />
          <p className="hint">{t('customer.points.receiveHelp')}</p>
          <p className="hint" data-testid="citizen-receive-expires">
            {t('customer.points.receiveExpiresIn', { seconds: secondsLeft })}
          </p>
        </>
      )}
      {shown && secondsLeft === 0 && (
        <p className="notice notice--warn">{t('customer.points.receiveExpired')}</p>
      )}
      {refusal && (
        <p className="notice notice--error" role="alert">
          {refusalText(refusal)}
        </p>
      )}
    </section>
  );
}
