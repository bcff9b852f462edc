/**
 * R23: send points to someone's receive-QR (pasted, read, or the demo partner's). A retry after
 * no answer keeps its transaction id, so the points leave once.
 */
import { useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../format/use-format';
import { drop } from '../../format/drop';
import { LIMITS } from '../../../common/limits';
import type { CitizenClient, CustomerPoints, PointsTransfer } from '../citizen-client';
import { formatPoints } from './format-points';
import { QrField } from './QrField';
import { createTxnIds, unanswered } from './txn-ids';
import { useRefusalText, type Refusal } from './use-refusal-text';
import { parseWholeNumber } from './whole-number';

type Outcome =
  | { kind: 'sent'; transfer: PointsTransfer }
  | { kind: 'refused'; refusal: Refusal }
  | { kind: 'invalid' };

export function SendPointsForm({
  client,
  demoPartner,
  onBalance,
}: {
  client: CitizenClient;
  demoPartner: boolean;
  onBalance(balance: CustomerPoints): void;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const refusalText = useRefusalText();
  const titleId = useId();
  const pointsId = useId();
  const [to, setTo] = useState('');
  const [pointsText, setPointsText] = useState('');
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const txnIds = useRef(createTxnIds());

  async function send(): Promise<void> {
    const receiver = to.trim();
    const points = parseWholeNumber(pointsText);
    if (!receiver) return;
    if (points === null || points < 1 || points > LIMITS.pointsWalletMax)
      return setOutcome({ kind: 'invalid' });
    setBusy(true);
    setOutcome(null);
    const clientTxnId = txnIds.current.idFor(`${receiver}|${points}`);
    const answer = await client.transferPoints({ clientTxnId, to: receiver, points });
    setBusy(false);
    if (!answer.ok) {
      if (!unanswered(answer.code)) txnIds.current.settle();
      return setOutcome({ kind: 'refused', refusal: answer });
    }
    txnIds.current.settle();
    setOutcome({ kind: 'sent', transfer: answer.value });
    setTo('');
    setPointsText('');
    onBalance({ points: answer.value.pointsAfter, expiresAt: answer.value.expiresAt });
  }

  async function fillPartner(): Promise<void> {
    setOutcome(null);
    const answer = await client.partnerReceiveQr();
    if (answer.ok) setTo(answer.value.qr);
    else setOutcome({ kind: 'refused', refusal: answer });
  }

  function submit(event: FormEvent): void {
    event.preventDefault();
    if (!busy) drop(send(), 'points transfer');
  }

  return (
    <section className="citizen-subpanel" aria-labelledby={titleId}>
      <h3 id={titleId}>{t('customer.points.sendTitle')}</h3>
      <form className="citizen-form" onSubmit={submit}>
        <QrField
          label={t('customer.points.sendTo')}
          value={to}
          onChange={setTo}
          testId="citizen-send-to"
        >
          {demoPartner && (
            <button
              type="button"
              className="button button--small"
              onClick={() => drop(fillPartner(), 'demo partner qr')}
            >
              {t('customer.points.demoPartner')}
            </button>
          )}
        </QrField>
        <div className="field">
          <label className="field-label" htmlFor={pointsId}>
            {t('customer.points.sendPoints')}
          </label>
          <input
            id={pointsId}
            className="field-input"
            inputMode="numeric"
            autoComplete="off"
            value={pointsText}
            onChange={(event) => setPointsText(event.target.value)}
            data-testid="citizen-send-points"
          />
        </div>
        <button
          type="submit"
          className="button button--primary"
          disabled={busy || !to.trim() || !pointsText.trim()}
        >
          {busy ? t('customer.working') : t('customer.points.send')}
        </button>
      </form>
      {outcome?.kind === 'sent' && (
        <p className="notice notice--ok" role="status" data-testid="citizen-send-result">
          {t('customer.points.sent', {
            points: formatPoints(outcome.transfer.points, format.language),
          })}{' '}
          {t('customer.points.after', {
            points: formatPoints(outcome.transfer.pointsAfter, format.language),
          })}
        </p>
      )}
      {outcome?.kind === 'invalid' && (
        <p className="notice notice--warn" role="alert">
          {t('customer.points.pointsInvalid')}
        </p>
      )}
      {outcome?.kind === 'refused' && (
        <p
          className="notice notice--error"
          role="alert"
          data-testid="citizen-send-refusal"
          data-code={outcome.refusal.code}
        >
          {refusalText(outcome.refusal)}
        </p>
      )}
    </section>
  );
}
