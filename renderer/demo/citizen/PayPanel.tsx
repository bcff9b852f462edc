/**
 * Pay by the shop's QR (R28 MPM): paste or read the QR, see the shop and the amount (yen or
 * points) as the backend verified them, or type the amount for a printed store QR, confirm,
 * and see what was paid and what is left — or the refusal in words.
 */
import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../format/use-format';
import { drop } from '../../format/drop';
import { useNow } from '../../hooks/use-now';
import { LIMITS } from '../../../common/limits';
import type { CitizenClient, MpmPayment, MpmPreview } from '../citizen-client';
import { formatPoints } from './format-points';
import { QrField } from './QrField';
import { createTxnIds, unanswered } from './txn-ids';
import { parseWholeNumber } from './whole-number';
import { useRefusalText, type Refusal } from './use-refusal-text';

type Stage =
  | { kind: 'entry' }
  | { kind: 'preview'; qr: string; preview: MpmPreview }
  | { kind: 'paid'; payment: MpmPayment };

export function PayPanel({ client }: { client: CitizenClient }) {
  const { t } = useTranslation();
  const format = useFormat();
  const refusalText = useRefusalText();
  const nowMs = useNow(1_000);
  const [qrText, setQrText] = useState('');
  const [amountText, setAmountText] = useState('');
  const [stage, setStage] = useState<Stage>({ kind: 'entry' });
  const [busy, setBusy] = useState(false);
  const [refusal, setRefusal] = useState<Refusal | null>(null);
  const [hint, setHint] = useState<string | null>(null);
  const txnIds = useRef(createTxnIds());

  async function preview(text: string): Promise<void> {
    const qr = text.trim();
    if (!qr) return;
    setBusy(true);
    setRefusal(null);
    setHint(null);
    const answer = await client.previewMpm(qr);
    setBusy(false);
    if (!answer.ok) return setRefusal(answer);
    setAmountText('');
    setStage({ kind: 'preview', qr, preview: answer.value });
  }

  async function pay(qr: string, shown: MpmPreview): Promise<void> {
    let amountYen: number | undefined;
    if (shown.kind === 'static') {
      const typed = parseWholeNumber(amountText);
      if (typed === null || typed < 1 || typed > LIMITS.paymentYenMax)
        return setHint(t('customer.pay.amountInvalid'));
      amountYen = typed;
    }
    setBusy(true);
    setRefusal(null);
    setHint(null);
    const clientTxnId = txnIds.current.idFor(`${qr}|${amountYen ?? ''}`);
    const answer = await client.payMpm(
      amountYen === undefined ? { clientTxnId, qr } : { clientTxnId, qr, amountYen },
    );
    setBusy(false);
    if (!answer.ok) {
      if (!unanswered(answer.code)) txnIds.current.settle();
      return setRefusal(answer);
    }
    txnIds.current.settle();
    setStage({ kind: 'paid', payment: answer.value });
  }

  async function fillShopQr(): Promise<void> {
    setRefusal(null);
    setHint(null);
    const answer = await client.shopQr();
    if (!answer.ok) return setRefusal(answer);
    if (answer.value === null) return setHint(t('customer.pay.noShopQr'));
    setQrText(answer.value);
    await preview(answer.value);
  }

  function restart(): void {
    setStage({ kind: 'entry' });
    setQrText('');
    setAmountText('');
    setRefusal(null);
    setHint(null);
  }

  function submitEntry(event: FormEvent): void {
    event.preventDefault();
    drop(preview(qrText), 'mpm preview');
  }

  return (
    <section className="citizen-panel" aria-labelledby="citizen-pay-title">
      <h2 id="citizen-pay-title">{t('customer.pay.title')}</h2>
      {stage.kind === 'entry' && (
        <form className="citizen-form" onSubmit={submitEntry}>
          <QrField
            label={t('customer.pay.qr')}
            help={t('customer.pay.qrHelp')}
            value={qrText}
            onChange={setQrText}
            onRead={(text) => drop(preview(text), 'mpm preview')}
            testId="citizen-pay-qr"
          >
            <button
              type="button"
              className="button button--small"
              onClick={() => drop(fillShopQr(), 'demo shop qr')}
            >
              {t('customer.pay.demoShopQr')}
            </button>
          </QrField>
          <button
            type="submit"
            className="button button--primary"
            disabled={busy || !qrText.trim()}
          >
            {busy ? t('customer.working') : t('customer.pay.preview')}
          </button>
        </form>
      )}
      {stage.kind === 'preview' && renderPreview(stage.qr, stage.preview)}
      {stage.kind === 'paid' && (
        <div
          className="notice notice--ok citizen-result"
          role="status"
          data-testid="citizen-pay-result"
        >
          <p className="citizen-result-title">
            {stage.payment.points !== undefined
              ? t('customer.pay.paidPoints')
              : t('customer.pay.paidYen')}
          </p>
          <p>{stage.payment.merchantName}</p>
          <p className="amount-value" data-testid="citizen-pay-paid">
            {stage.payment.points !== undefined
              ? formatPoints(stage.payment.points, format.language)
              : format.yen(stage.payment.amountYen ?? 0)}
          </p>
          {stage.payment.totalYenAfter !== undefined && (
            <p data-testid="citizen-pay-after">
              {t('customer.pay.balanceAfter')} {format.yen(stage.payment.totalYenAfter)}
            </p>
          )}
          {stage.payment.pointsAfter !== undefined && (
            <p data-testid="citizen-pay-after">
              {t('customer.pay.pointsAfter')}{' '}
              {formatPoints(stage.payment.pointsAfter, format.language)}
            </p>
          )}
          {/* The next thing a keyboard user does is close it. */}
          <button type="button" className="button" autoFocus onClick={restart}>
            {t('customer.pay.close')}
          </button>
        </div>
      )}
      {hint && (
        <p className="notice notice--warn" role="alert">
          {hint}
        </p>
      )}
      {refusal && (
        <p
          className="notice notice--error"
          role="alert"
          data-testid="citizen-pay-refusal"
          data-code={refusal.code}
        >
          {refusalText(refusal)}
        </p>
      )}
    </section>
  );

  // A render function, not a component: the countdown re-renders every second, and a component
  // declared here would be a new type each time (its amount field would lose focus).
  function renderPreview(qr: string, shown: MpmPreview) {
    const status = shown.status ?? 'pending';
    const payable = shown.kind === 'static' || status === 'pending';
    const secondsLeft = shown.expiresAt
      ? Math.max(0, Math.round((Date.parse(shown.expiresAt) - nowMs) / 1000))
      : null;
    return (
      <form
        className="citizen-form"
        onSubmit={(event) => {
          event.preventDefault();
          if (payable && !busy) drop(pay(qr, shown), 'mpm pay');
        }}
      >
        <dl className="citizen-facts" data-testid="citizen-pay-preview">
          <dt>{t('customer.pay.shop')}</dt>
          <dd data-testid="citizen-pay-shop">{shown.merchantName}</dd>
          {shown.amountYen !== undefined && (
            <>
              <dt>{t('customer.pay.amount')}</dt>
              <dd className="amount-value" data-testid="citizen-pay-amount">
                {format.yen(shown.amountYen)}
              </dd>
            </>
          )}
          {shown.points !== undefined && (
            <>
              <dt>{t('customer.pay.points')}</dt>
              <dd className="amount-value" data-testid="citizen-pay-amount">
                {formatPoints(shown.points, format.language)}
              </dd>
            </>
          )}
        </dl>
        {shown.kind === 'static' && (
          <label className="field">
            <span className="field-label">{t('customer.pay.enterAmount')}</span>
            {/* The amount is the one thing to type here. */}
            <input
              className="field-input"
              inputMode="numeric"
              autoComplete="off"
              autoFocus
              value={amountText}
              onChange={(event) => setAmountText(event.target.value)}
              data-testid="citizen-pay-amount-input"
            />
          </label>
        )}
        {shown.kind === 'dynamic' && status === 'pending' && secondsLeft !== null && (
          <p className="hint">{t('customer.pay.expiresIn', { seconds: secondsLeft })}</p>
        )}
        {!payable && (
          <p className="notice notice--warn" role="alert" data-testid="citizen-pay-status">
            {t(`customer.pay.status.${status}`)}
          </p>
        )}
        <div className="button-row">
          {payable && (
            <button
              type="submit"
              className="button button--primary"
              disabled={busy}
              autoFocus={shown.kind === 'dynamic'}
            >
              {busy ? t('customer.working') : t('customer.pay.confirm')}
            </button>
          )}
          <button type="button" className="button" onClick={restart}>
            {t('customer.pay.cancel')}
          </button>
        </div>
      </form>
    );
  }
}
