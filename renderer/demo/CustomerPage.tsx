/**
 * Demo: the customer's wallet app. Shows a live payment QR (R22 token), refreshed before it
 * expires, and the wallet balance. Browser host only (it uses the simulator endpoints).
 */
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNow } from '../hooks/use-now';
import { useFormat } from '../format/use-format';
import { drop } from '../format/drop';
import { QrCode } from './QrCode';
import { fetchCustomerToken, type CustomerToken, type SimHost } from './sim-client';
import { RENDERER_LIMITS } from '../limits';

type CodeState = { kind: 'loading' } | { kind: 'ready'; token: CustomerToken } | { kind: 'failed'; message: string };

export function CustomerPage({ simHost }: { simHost: SimHost | null }) {
  const { t } = useTranslation();
  const format = useFormat();
  const nowMs = useNow(1_000);
  const [code, setCode] = useState<CodeState>({ kind: 'loading' });
  const [generation, setGeneration] = useState(0);

  const load = useCallback(async () => {
    if (!simHost) return;
    const answer = await fetchCustomerToken(simHost);
    setCode(answer.ok ? { kind: 'ready', token: answer.value } : { kind: 'failed', message: answer.message });
  }, [simHost]);

  useEffect(() => {
    drop(load(), 'customer token');
  }, [load, generation]);

  useEffect(() => {
    const delayMs = code.kind === 'ready' ? Math.max(RENDERER_LIMITS.demoTokenRefreshIntervalMsMin, Date.parse(code.token.expiresAt) - Date.now() - RENDERER_LIMITS.demoTokenRefreshBeforeExpiryMs) : RENDERER_LIMITS.demoTokenRefreshIntervalMsMin;
    if (code.kind === 'loading') return undefined;
    const timer = setTimeout(() => setGeneration((g) => g + 1), delayMs);
    return () => clearTimeout(timer);
  }, [code]);

  if (!simHost) return <p className="splash">{t('customer.hostOnly')}</p>;
  return (
    <main className="customer" data-testid="customer-page">
      <h1 className="customer-title">{t('customer.title')}</h1>
      <p className="customer-subtitle">{t('customer.subtitle')}</p>
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
            {t('customer.expiresIn', { seconds: Math.max(0, Math.round((Date.parse(code.token.expiresAt) - RENDERER_LIMITS.demoTokenRefreshBeforeExpiryMs - nowMs) / 1000)) })}
          </p>
          <div className="amount amount--medium">
            <span className="amount-label">{t('customer.balance')}</span>
            <output className="amount-value" data-testid="customer-balance">
              {format.yen(code.token.totalYen)}
            </output>
          </div>
        </>
      )}
      <button type="button" className="button" data-testid="customer-refresh" onClick={() => setGeneration((g) => g + 1)}>
        {t('customer.refresh')}
      </button>
    </main>
  );
}
