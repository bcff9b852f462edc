/**
 * 設定 → 店頭QR (R28 static MPM), a manager's: this register's printed store QR, large enough
 * to scan from the screen, what it is for, and 印刷 on the receipt printer. The backend signs
 * it, so it is fetched when the tab opens and again when the link comes back; offline the
 * section says plainly that it needs the connection.
 */
import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Failure, PrintJobView } from '../../../common/terminal-api';
import { FailureNotice } from '../../components/FailureNotice';
import { QrImage } from '../../components/QrImage';
import { drop } from '../../format/drop';
import { useStatus, useTerminalEvents } from '../../hooks/api-context';
import { useCommand } from '../../hooks/use-command';
import { mergeJob } from '../receipt/print-jobs';
import { usePrintWords } from '../receipt/print-words';

function isOffline(failure: Failure | null): boolean {
  return failure?.code === 'offline_refused';
}

export function StoreQrPanel() {
  const { t } = useTranslation();
  const words = usePrintWords();
  const status = useStatus();
  const load = useCommand('storeQr');
  const print = useCommand('printStoreQr');
  const [job, setJob] = useState<PrintJobView | null>(null);
  const headingId = useId();
  const online = status.connectivity !== 'offline';
  const loadStoreQr = load.run;

  useEffect(() => {
    if (online) drop(loadStoreQr({}), 'store QR');
  }, [online, loadStoreQr]);

  useTerminalEvents((event) => {
    if (event.type === 'print_job') setJob((known) => (known && known.jobId === event.job.jobId ? (mergeJob([known], event.job)[0] ?? known) : known));
  });

  const storeQr = load.state.kind === 'done' ? load.state.value.storeQr : null;
  const loadFailure = load.state.kind === 'failed' ? load.state.failure : null;
  const printFailure = print.state.kind === 'failed' ? print.state.failure : null;
  const offline = !online || isOffline(loadFailure) || isOffline(printFailure);
  const printing = print.state.kind === 'running';

  async function printIt(): Promise<void> {
    setJob(null);
    const result = await print.run({});
    if (result) setJob(result.job);
  }

  return (
    <section className="panel store-qr" data-testid="store-qr" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('storeQr.title')}</h2>
      <div className="store-qr-body">
        <div className="store-qr-code">
          {storeQr ? (
            <QrImage text={storeQr.qr} label={t('storeQr.qrLabel')} testId="store-qr-image" />
          ) : (
            <div className="qr store-qr-placeholder" aria-hidden="true" />
          )}
        </div>
        <div className="store-qr-facts">
          <dl className="figures">
            <div className="figure">
              <dt>{t('storeQr.shop')}</dt>
              <dd data-testid="store-qr-shop">{storeQr?.merchantName ?? status.merchantName ?? '—'}</dd>
            </div>
            <div className="figure">
              <dt>{t('storeQr.terminalNo')}</dt>
              <dd className="mono" data-testid="store-qr-terminal">
                {terminalLabel(storeQr?.terminalNo ?? status.terminalNo ?? null, storeQr?.terminalId ?? status.terminalId)}
              </dd>
            </div>
          </dl>
          <p className="store-qr-purpose" data-testid="store-qr-purpose">
            {t('storeQr.purpose')}
          </p>
          <p className="hint">{t('storeQr.postHint')}</p>
          {offline && (
            <p className="notice notice--warn" role="status" data-testid="store-qr-offline">
              {t('storeQr.offline')}
            </p>
          )}
          {!offline && load.state.kind === 'running' && !storeQr && (
            <p className="hint" aria-busy="true">
              {t('storeQr.loading')}
            </p>
          )}
          {!offline && loadFailure && (
            <>
              <FailureNotice failure={loadFailure} testId="store-qr-error" />
              <button type="button" className="button" data-testid="store-qr-retry" onClick={() => drop(loadStoreQr({}), 'store QR')}>
                {t('storeQr.retry')}
              </button>
            </>
          )}
          <button type="button" className="button button--primary" data-testid="store-qr-print" disabled={!storeQr || offline || printing} onClick={() => drop(printIt(), 'print store QR')}>
            {t('storeQr.print')}
          </button>
          {job && (
            <p className={`notice ${job.state === 'failed' ? 'notice--error' : job.state === 'printed' ? 'notice--ok' : 'notice--warn'}`} role="status" data-testid="store-qr-print-result" data-state={job.state}>
              {job.state === 'printed' ? t('storeQr.printed') : t('storeQr.printResult', { result: words.outcome([job]) })}
            </p>
          )}
          {printFailure && !isOffline(printFailure) && (
            <FailureNotice failure={printFailure} testId="store-qr-print-error" text={printFailure.details.reason === 'not_configured' ? t('storeQr.noPrinter') : undefined} />
          )}
        </div>
      </div>
    </section>
  );
}

/** `0001` as on slips and short numbers; the terminal id until the number is known. */
function terminalLabel(terminalNo: number | null, terminalId: string | null): string {
  if (terminalNo !== null) return String(terminalNo).padStart(4, '0');
  return terminalId ?? '—';
}
