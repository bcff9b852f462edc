/**
 * 点検・精算 (R26): 点検 any time (resets nothing); 精算 only online and with every offline item
 * synced, after a confirmation, by a manager (permissions.ts).
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useStatus } from '../app/api-context';
import { staffCan } from '../app/permissions';
import { navigate } from '../app/routes';
import { useCommand } from '../app/use-command';
import { useKeys } from '../app/use-keys';
import { FailureNotice } from '../components/FailureNotice';
import { Screen } from '../components/Screen';
import { todayBusinessDay } from '../format/business-day';
import { drop } from '../format/drop';
import { ReportView } from './close/ReportView';

export function DailyCloseScreen() {
  const { t } = useTranslation();
  const status = useStatus();
  const report = useCommand('dailyReport');
  const [confirmingClose, setConfirmingClose] = useState(false);
  const businessDay = todayBusinessDay();
  const mayClose = staffCan(status, 'dailyClose');
  const closeBlock = status.connectivity === 'offline' ? t('close.closeBlockedOffline') : status.queue.pendingCount > 0 ? t('close.closeBlockedPending', { count: status.queue.pendingCount }) : null;

  useKeys((key) => {
    if (key !== 'Escape') return false;
    if (confirmingClose) setConfirmingClose(false);
    else navigate('home');
    return true;
  });

  function run(mode: 'check' | 'close'): void {
    setConfirmingClose(false);
    drop(report.run({ businessDay, mode }), `daily report (${mode})`);
  }

  return (
    <Screen title={t('close.title')} testId="screen-close">
      <p className="hint">{t('close.businessDay', { day: businessDay })}</p>
      <div className="button-row">
        <div className="action">
          <button type="button" className="button button--primary" data-testid="report-check" disabled={report.state.kind === 'running'} onClick={() => run('check')}>
            {t('close.check')}
          </button>
          <p className="hint">{t('close.checkHelp')}</p>
        </div>
        {mayClose && (
          <div className="action">
            <button type="button" className="button button--danger" data-testid="report-close" disabled={report.state.kind === 'running' || closeBlock !== null} onClick={() => setConfirmingClose(true)}>
              {t('close.close')}
            </button>
            <p className={closeBlock ? 'notice notice--warn' : 'hint'} data-testid="report-close-help">
              {closeBlock ?? t('close.closeHelp')}
            </p>
          </div>
        )}
      </div>
      {confirmingClose && (
        <div className="confirm" data-testid="report-close-confirm-panel">
          <p>{t('close.closeConfirm', { day: businessDay })}</p>
          <div className="button-row">
            <button type="button" className="button button--danger" data-testid="report-close-confirm" onClick={() => run('close')}>
              {t('close.closeYes')}
            </button>
            <button type="button" className="button" onClick={() => setConfirmingClose(false)}>
              {t('app.back')}
            </button>
          </div>
        </div>
      )}
      {report.state.kind === 'running' && <p className="hint" aria-busy="true">{t('app.working')}</p>}
      {report.state.kind === 'failed' && <FailureNotice failure={report.state.failure} />}
      {report.state.kind === 'done' && <ReportView report={report.state.value.report} />}
    </Screen>
  );
}
