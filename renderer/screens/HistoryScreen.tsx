/**
 * 取引履歴 (R25): this terminal's transactions per business day, filtered by type and amount;
 * a search of the shop's last 8 days on every register (R31); detail and cancel (R14–R17,
 * R31, R32). Fits 1024×768: the lists and the detail scroll inside their own boxes.
 */
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { HistoryLine, SearchLine } from '../../common/terminal-api';
import { useStatus } from '../hooks/api-context';
import { navigate } from '../hooks/routes';
import { useCommand } from '../hooks/use-command';
import { useKeys } from '../hooks/use-keys';
import { FailureNotice } from '../components/FailureNotice';
import { Screen } from '../components/Screen';
import { shiftBusinessDay, todayBusinessDay } from '../format/business-day';
import { drop } from '../format/drop';
import { useFormat } from '../format/use-format';
import { HistoryDetail } from './history/HistoryDetail';
import { HistoryList } from './history/HistoryList';
import { filterLines, TYPE_FILTERS, type TypeFilter } from './history/line-text';

type Line = HistoryLine | SearchLine;

export function HistoryScreen() {
  const { t } = useTranslation();
  const format = useFormat();
  const status = useStatus();
  const history = useCommand('history');
  const search = useCommand('searchTransactions');
  const today = status.businessDay ?? todayBusinessDay();
  const [day, setDay] = useState(today);
  const [openId, setOpenId] = useState<string | null>(null);
  // The last loaded lines stay on screen during a reload, so a cancel's result stays readable.
  const [lines, setLines] = useState<HistoryLine[]>([]);
  // The search on screen (null: the day's list). Its last answer stays during a reload.
  const [searchQ, setSearchQ] = useState<string | null>(null);
  const [found, setFound] = useState<{ lines: SearchLine[]; source: 'backend' | 'journal' }>({ lines: [], source: 'backend' });
  const [query, setQuery] = useState('');
  const [typeFilter, setTypeFilter] = useState<TypeFilter>('all');
  const [amountFilter, setAmountFilter] = useState('');
  const { run } = history;
  const runSearch = search.run;
  const resetSearch = search.reset;

  useEffect(() => {
    setLines([]);
    setOpenId(null);
    drop(run({ businessDay: day }), 'history');
  }, [run, day]);

  useEffect(() => {
    if (history.state.kind === 'done') setLines(history.state.value.lines);
  }, [history.state]);

  useEffect(() => {
    if (search.state.kind === 'done') setFound({ lines: search.state.value.lines, source: search.state.value.source });
  }, [search.state]);

  const searching = searchQ !== null;

  function startSearch(event: FormEvent): void {
    event.preventDefault();
    const q = query.trim();
    if (!q) return;
    setOpenId(null);
    setSearchQ(q);
    setFound({ lines: [], source: 'backend' });
    drop(runSearch({ q }), 'search');
  }

  const clearSearch = useCallback(() => {
    resetSearch();
    setSearchQ(null);
    setOpenId(null);
  }, [resetSearch]);

  const reload = useCallback(() => {
    drop(run({ businessDay: day }), 'history reload');
    if (searchQ !== null) drop(runSearch({ q: searchQ }), 'search reload');
  }, [run, runSearch, day, searchQ]);

  useKeys((key) => {
    if (key === 'Escape') {
      if (openId) setOpenId(null);
      else if (searching) clearSearch();
      else navigate('home');
      return true;
    }
    if (searching) return false;
    if (key === 'ArrowLeft') setDay((d) => shiftBusinessDay(d, -1));
    else if (key === 'ArrowRight' && day < today) setDay((d) => shiftBusinessDay(d, 1));
    else return false;
    return true;
  });

  const source: readonly Line[] = searching ? found.lines : lines;
  const shown = filterLines(source, typeFilter, amountFilter);
  const open = source.find((line) => line.id === openId) ?? null;
  const listState = searching ? search.state : history.state;
  const loaded = listState.kind === 'done' || source.length > 0;

  return (
    <Screen title={t('history.title')} testId="screen-history">
      <div className="day-toolbar">
        <div className="day-picker" role="group" aria-label={t('history.day')}>
          <button type="button" className="button" data-testid="history-prev-day" disabled={searching} onClick={() => setDay(shiftBusinessDay(day, -1))}>
            ◀ {t('history.previousDay')}
          </button>
          {/* The day as text, 2026/12/01 in both languages (a native date field shows the browser's own locale). */}
          <span className={`day-display${searching ? ' day-display--off' : ''}`} data-testid="history-day" data-day={day} aria-live="polite">
            {format.day(day)}
          </span>
          <button type="button" className="button" data-testid="history-next-day" disabled={searching || day >= today} onClick={() => setDay(shiftBusinessDay(day, 1))}>
            {t('history.nextDay')} ▶
          </button>
          <button type="button" className="button" data-testid="history-today" disabled={searching || day === today} onClick={() => setDay(today)}>
            {t('history.today')}
          </button>
        </div>
        <form className="day-search" role="search" onSubmit={startSearch}>
          <input
            className="field-input"
            data-testid="search-input"
            aria-label={t('day.search.title')}
            title={t('day.search.title')}
            placeholder={t('day.search.placeholder')}
            maxLength={32}
            value={query}
            onChange={(event) => setQuery(event.target.value)}
          />
          <button type="submit" className="button button--primary" data-testid="search-submit" disabled={query.trim() === ''}>
            {t('day.search.submit')}
          </button>
        </form>
      </div>
      <div className="day-filters">
        <label className="day-filter">
          <span className="field-label">{t('day.history.filterType')}</span>
          <select className="field-input" data-testid="history-filter-type" value={typeFilter} onChange={(event) => setTypeFilter(event.target.value as TypeFilter)}>
            {TYPE_FILTERS.map((type) => (
              <option key={type} value={type}>
                {type === 'all' ? t('day.history.filterAll') : type === 'notice' ? t('kumapo.history.filterNotice') : t(`day.type.${type}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="day-filter">
          <span className="field-label">{t('day.history.filterAmount')}</span>
          <input
            className="field-input day-filter-amount"
            data-testid="history-filter-amount"
            inputMode="numeric"
            placeholder={t('day.history.filterAmountPlaceholder')}
            maxLength={12}
            value={amountFilter}
            onChange={(event) => setAmountFilter(event.target.value)}
          />
        </label>
        {searching && (
          <p className="day-search-status" data-testid="search-status">
            {t('day.search.results', { count: found.lines.length })}
            <button type="button" className="button button--small" data-testid="search-clear" onClick={clearSearch}>
              {t('day.search.clear')}
            </button>
          </p>
        )}
      </div>
      {searching && found.source === 'journal' && (
        <p className="notice notice--warn" data-testid="search-offline">
          {t('day.search.offline')}
        </p>
      )}
      {listState.kind === 'running' && source.length === 0 && (
        <p className="hint" aria-busy="true">
          {t('app.working')}
        </p>
      )}
      {listState.kind === 'failed' && <FailureNotice failure={listState.failure} testId={searching ? 'search-error' : 'failure'} />}
      <div className="day-body">
        <div className="day-scroll">
          {loaded && source.length === 0 && (
            <p className="hint" data-testid={searching ? 'search-empty' : 'history-empty'}>
              {searching ? t('day.search.none') : t('history.empty')}
            </p>
          )}
          {source.length > 0 && shown.length === 0 && (
            <p className="hint" data-testid="history-no-match">
              {t('day.history.noMatch')}
            </p>
          )}
          {shown.length > 0 && (
            <HistoryList
              lines={shown}
              openId={openId}
              testId={searching ? 'search-result' : 'history-line'}
              label={searching ? t('day.search.title') : t('history.title')}
              onOpen={(line) => setOpenId(line.id)}
            />
          )}
        </div>
        <div className="day-scroll">{open && <HistoryDetail line={open} onClose={() => setOpenId(null)} onCancelled={reload} />}</div>
      </div>
    </Screen>
  );
}
