/** 取引履歴: this terminal's transactions per business day (R25), detail and cancel (R14). */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { HistoryLine } from '../../common/terminal-api';
import { navigate } from '../app/routes';
import { useCommand } from '../app/use-command';
import { useKeys } from '../app/use-keys';
import { FailureNotice } from '../components/FailureNotice';
import { Screen } from '../components/Screen';
import { shiftBusinessDay, todayBusinessDay } from '../format/business-day';
import { drop } from '../format/drop';
import { HistoryDetail } from './history/HistoryDetail';
import { HistoryList } from './history/HistoryList';

export function HistoryScreen() {
  const { t } = useTranslation();
  const history = useCommand('history');
  const [day, setDay] = useState(todayBusinessDay);
  const [openId, setOpenId] = useState<string | null>(null);
  // The last loaded day stays on screen during a reload, so a cancel's result stays readable.
  const [lines, setLines] = useState<HistoryLine[]>([]);
  const today = todayBusinessDay();
  const { run } = history;

  useEffect(() => {
    setLines([]);
    setOpenId(null);
    drop(run({ businessDay: day }), 'history');
  }, [run, day]);

  useEffect(() => {
    if (history.state.kind === 'done') setLines(history.state.value.lines);
  }, [history.state]);

  useKeys((key) => {
    if (key === 'Escape') {
      if (openId) setOpenId(null);
      else navigate('home');
      return true;
    }
    if (key === 'ArrowLeft') setDay((d) => shiftBusinessDay(d, -1));
    else if (key === 'ArrowRight' && day < today) setDay((d) => shiftBusinessDay(d, 1));
    else return false;
    return true;
  });

  const open = lines.find((line) => line.id === openId) ?? null;
  return (
    <Screen title={t('history.title')} testId="screen-history">
      <div className="day-picker" role="group" aria-label={t('history.day')}>
        <button type="button" className="button" data-testid="history-prev-day" onClick={() => setDay(shiftBusinessDay(day, -1))}>
          ◀ {t('history.previousDay')}
        </button>
        <input
          type="date"
          className="field-input"
          data-testid="history-day"
          aria-label={t('history.day')}
          value={day}
          max={today}
          onChange={(event) => event.target.value && setDay(event.target.value)}
        />
        <button type="button" className="button" data-testid="history-next-day" disabled={day >= today} onClick={() => setDay(shiftBusinessDay(day, 1))}>
          {t('history.nextDay')} ▶
        </button>
        <button type="button" className="button" data-testid="history-today" disabled={day === today} onClick={() => setDay(today)}>
          {t('history.today')}
        </button>
      </div>
      {history.state.kind === 'running' && <p className="hint" aria-busy="true">{t('app.working')}</p>}
      {history.state.kind === 'failed' && <FailureNotice failure={history.state.failure} />}
      <div className="history-body">
        {(history.state.kind === 'done' || lines.length > 0) && <HistoryList lines={lines} onOpen={(line) => setOpenId(line.id)} />}
        {open && <HistoryDetail line={open} onClose={() => setOpenId(null)} onCancelled={() => drop(run({ businessDay: day }), 'history reload')} />}
      </div>
    </Screen>
  );
}
