/**
 * 点検・精算 (R26, R30, R33): 点検 any time and of any earlier business day (a closed day shows
 * its closed figures, 精算済); 精算 by a manager only, online, with every offline item synced,
 * after each journal/backend difference is acknowledged (確認), after one confirmation. After
 * 精算 the screen says the day is closed, when and by whom, and which day comes next.
 */
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DailyReport, DailyReportLine } from '../../common/terminal-api';
import { useStatus, useStatusStore } from '../hooks/api-context';
import { staffCan } from '../flows/permissions';
import { navigate } from '../hooks/routes';
import { useCommand } from '../hooks/use-command';
import { useKeys } from '../hooks/use-keys';
import { FailureNotice } from '../components/FailureNotice';
import { Screen } from '../components/Screen';
import { shiftBusinessDay, todayBusinessDay } from '../format/business-day';
import { drop } from '../format/drop';
import { useFormat } from '../format/use-format';
import { differenceKey, unacknowledgedOf } from './close/differences';
import { DifferencesList } from './close/DifferencesList';
import { ReportView } from './close/ReportView';

export function DailyCloseScreen() {
  const { t } = useTranslation();
  const format = useFormat();
  const status = useStatus();
  const statusStore = useStatusStore();
  const request = useCommand('dailyReport');
  const current = status.businessDay ?? todayBusinessDay();
  const [day, setDay] = useState(current);
  const [report, setReport] = useState<DailyReport | null>(null);
  // Differences a refused 精算 sent back (they replace the report's own list until the next 点検).
  const [refused, setRefused] = useState<DailyReportLine[] | null>(null);
  const [acknowledged, setAcknowledged] = useState<ReadonlySet<string>>(new Set());
  const [confirmingClose, setConfirmingClose] = useState(false);
  const mayClose = staffCan(status, 'dailyClose');
  const { run, reset } = request;

  // Another day: nothing of the last one stays on screen.
  useEffect(() => {
    setReport(null);
    setRefused(null);
    setAcknowledged(new Set());
    setConfirmingClose(false);
    reset();
  }, [day, reset]);

  const differences = refused ?? report?.differences ?? [];
  const unacknowledged = differences.filter((line) => !acknowledged.has(differenceKey(line)) && !line.acknowledgedByName).length;
  const running = request.state.kind === 'running';
  const closeBlock =
    report?.closed === true
      ? t('day.close.closeBlockedClosed')
      : status.connectivity === 'offline'
        ? t('day.close.closeBlockedOffline')
        : status.queue.pendingCount > 0
          ? t('day.close.closeBlockedPending', { count: status.queue.pendingCount })
          : unacknowledged > 0
            ? t('day.close.closeBlockedDifferences', { count: unacknowledged })
            : null;

  useKeys((key) => {
    if (key !== 'Escape') return false;
    if (confirmingClose) setConfirmingClose(false);
    else navigate('home');
    return true;
  });

  async function runReport(mode: 'check' | 'close'): Promise<void> {
    setConfirmingClose(false);
    const input = mode === 'close' ? { businessDay: day, mode, acknowledged: [...acknowledged] } : { businessDay: day, mode };
    const result = await run(input);
    if (result) {
      setReport(result.report);
      setRefused(null);
      if (mode === 'close') await statusStore.refresh();
    }
  }

  // A refused 精算 that lists unacknowledged differences shows them to acknowledge.
  useEffect(() => {
    if (request.state.kind !== 'failed') return;
    const lines = unacknowledgedOf(request.state.failure);
    if (lines) setRefused(lines);
  }, [request.state]);

  const acknowledge = useCallback((key: string) => setAcknowledged((keys) => new Set([...keys, key])), []);
  const failure = request.state.kind === 'failed' ? request.state.failure : null;
  const differencesRefusal = failure !== null && unacknowledgedOf(failure) !== null;

  return (
    <Screen title={t('close.title')} testId="screen-close">
      <div className="close-bar">
        <div className="day-picker" role="group" aria-label={t('day.title')}>
          <button type="button" className="button" data-testid="close-prev-day" disabled={running} onClick={() => setDay(shiftBusinessDay(day, -1))}>
            ◀
          </button>
          <span className="close-day" data-testid="close-day" data-day={day}>
            {t('day.businessDay', { day: format.day(day) })}
          </span>
          <button type="button" className="button" data-testid="close-next-day" disabled={running || day >= current} onClick={() => setDay(shiftBusinessDay(day, 1))}>
            ▶
          </button>
        </div>
        <button type="button" className="button button--primary" data-testid="report-check" disabled={running} onClick={() => drop(runReport('check'), 'daily report (check)')}>
          {t('day.close.check')}
        </button>
        {mayClose ? (
          <>
            <button
              type="button"
              className="button button--danger"
              data-testid="close-button"
              disabled={running || closeBlock !== null}
              aria-describedby="close-help"
              onClick={() => setConfirmingClose(true)}
            >
              {t('day.close.close')}
            </button>
            <p id="close-help" className={closeBlock ? 'notice notice--warn' : 'hint'} data-testid="report-close-help">
              {closeBlock ?? t('day.close.closeHelp')}
            </p>
          </>
        ) : (
          <p className="hint" data-testid="report-close-manager-only">
            {t('day.close.closeManagerOnly')}
          </p>
        )}
      </div>
      {confirmingClose && (
        <div className="confirm" data-testid="report-close-confirm-panel">
          <p>{t('day.close.closeConfirm', { day: format.day(day) })}</p>
          <div className="button-row">
            <button type="button" className="button button--danger" data-testid="report-close-confirm" onClick={() => drop(runReport('close'), 'daily report (close)')}>
              {t('day.close.closeYes')}
            </button>
            <button type="button" className="button" onClick={() => setConfirmingClose(false)}>
              {t('app.back')}
            </button>
          </div>
        </div>
      )}
      {running && (
        <p className="hint" aria-busy="true">
          {t('app.working')}
        </p>
      )}
      {failure && !differencesRefusal && <FailureNotice failure={failure} />}
      {report ? (
        <ReportView report={report} differences={differences} acknowledged={acknowledged} onAcknowledge={mayClose && !report.closed ? acknowledge : null} />
      ) : (
        refused && (
          <section className="close-report">
            <div className="close-column">
              <DifferencesList lines={refused} compared acknowledged={acknowledged} onAcknowledge={mayClose ? acknowledge : null} />
            </div>
          </section>
        )
      )}
    </Screen>
  );
}
