/**
 * The citizen's payment QR (R22 CPM token), refreshed before it expires, and the yen balance.
 * The counter reads it (CPM); the shop's QR is the other way round (PayPanel, R28).
 */
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNow } from '../../hooks/use-now';
import { useFormat } from '../../format/use-format';
import { drop } from '../../format/drop';
import { RENDERER_LIMITS } from '../../limits';
import { QrCode } from '../QrCode';
import type { CustomerToken } from '../sim-client';
import type { CitizenClient } from '../citizen-client';

type CodeState =
  | { kind: 'loading' }
  | { kind: 'ready'; token: CustomerToken }
  | { kind: 'failed'; message: string };

export function MyCodePanel({ client }: { client: CitizenClient }) {
  const { t } = useTranslation();
  const format = useFormat();
  const nowMs = useNow(1_000);
  const [code, setCode] = useState<CodeState>({ kind: 'loading' });
  const [generation, setGeneration] = useState(0);

  const load = useCallback(async () => {
    const answer = await client.token();
    setCode(
      answer.ok
        ? { kind: 'ready', token: answer.value }
        : { kind: 'failed', message: answer.message },
    );
  }, [client]);

  useEffect(() => {
    drop(load(), 'customer token');
  }, [load, generation]);

  useEffect(() => {
    const delayMs =
      code.kind === 'ready'
        ? Math.max(
            RENDERER_LIMITS.demoTokenRefreshIntervalMsMin,
            Date.parse(code.token.expiresAt) -
              Date.now() -
              RENDERER_LIMITS.demoTokenRefreshBeforeExpiryMs,
          )
        : RENDERER_LIMITS.demoTokenRefreshIntervalMsMin;
    if (code.kind === 'loading') return undefined;
    const timer = setTimeout(() => setGeneration((g) => g + 1), delayMs);
    return () => clearTimeout(timer);
  }, [code]);

  return (
    <section className="citizen-panel" aria-labelledby="citizen-code-title">
      <h2 className="customer-subtitle" id="citizen-code-title">
        {t('customer.subtitle')}
      </h2>
      {code.kind === 'loading' && <p>{t('customer.loading')}</p>}
      {code.kind === 'failed' && (
        <p className="notice notice--error" role="alert" data-testid="customer-error">
          {t('customer.failed', { message: code.message })}
        </p>
      )}
      {code.kind === 'ready' && (
        <>
          <QrCode text={code.token.token} label={t('customer.subtitle')} testId="customer-qr" />
          <p className="hint" data-testid="customer-expires">
            {t('customer.expiresIn', {
              seconds: Math.max(
                0,
                Math.round(
                  (Date.parse(code.token.expiresAt) -
                    RENDERER_LIMITS.demoTokenRefreshBeforeExpiryMs -
                    nowMs) /
                    1000,
                ),
              ),
            })}
          </p>
          <div className="amount amount--medium">
            <span className="amount-label">{t('customer.balance')}</span>
            <output className="amount-value" data-testid="customer-balance">
              {format.yen(code.token.totalYen)}
            </output>
          </div>
        </>
      )}
      <button
        type="button"
        className="button"
        data-testid="customer-refresh"
        onClick={() => setGeneration((g) => g + 1)}
      >
        {t('customer.refresh')}
      </button>
    </section>
  );
}
