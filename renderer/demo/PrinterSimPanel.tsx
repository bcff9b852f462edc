/**
 * Demo (R29): the printer simulator's panel — put the printer in trouble (用紙切れ, カバー開,
 * オフライン) or back to 正常, and see the last slip it printed, drawn from the bytes it got and
 * decoded back into text. Refreshed when a print job ends here and every few seconds (the
 * cashier's window prints, not this one).
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useTerminalEvents } from '../hooks/api-context';
import { useTimers } from '../hooks/timers';
import { drop } from '../format/drop';
import { useSvgUrl } from '../screens/receipt/use-svg-url';
import { fetchPrinterLast, postSim, type PrinterLast, type PrinterSimState, type SimAnswer, type SimHost } from './sim-client';
import { RENDERER_LIMITS } from '../limits';

const PRESETS = {
  normal: { paperOut: false, coverOpen: false, offline: false, paperNearEnd: false },
  paper_out: { paperOut: true, coverOpen: false, offline: false, paperNearEnd: false },
  cover_open: { paperOut: false, coverOpen: true, offline: false, paperNearEnd: false },
  offline: { paperOut: false, coverOpen: false, offline: true, paperNearEnd: false },
  near_end: { paperOut: false, coverOpen: false, offline: false, paperNearEnd: true },
} as const satisfies Record<string, PrinterSimState>;
type Preset = keyof typeof PRESETS;
const PRESET_NAMES = Object.keys(PRESETS) as Preset[];

function presetOf(state: PrinterSimState): Preset | null {
  return PRESET_NAMES.find((name) => (Object.keys(state) as (keyof PrinterSimState)[]).every((key) => PRESETS[name][key] === state[key])) ?? null;
}

export function PrinterSimPanel({ host, onAnswer }: { host: SimHost; onAnswer(action: string, answer: SimAnswer): void }) {
  const { t } = useTranslation();
  const timers = useTimers();
  const [last, setLast] = useState<PrinterLast | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  // A refresh asked for while one is out runs once after it (a print during a poll is not missed).
  const inFlight = useRef(false);
  const again = useRef(false);
  const url = useSvgUrl(last?.svg ?? null);

  const refresh = useCallback(async (): Promise<void> => {
    if (inFlight.current) {
      again.current = true;
      return;
    }
    inFlight.current = true;
    try {
      do {
        again.current = false;
        const answer = await fetchPrinterLast(host);
        if (answer.ok) {
          setLast(answer.value);
          setProblem(null);
        } else setProblem(answer.message);
      } while (again.current);
    } finally {
      inFlight.current = false;
    }
  }, [host]);

  useEffect(() => {
    let live = true;
    let handle: unknown = null;
    const tick = () => {
      drop(
        refresh().finally(() => {
          if (live) handle = timers.setTimeout(tick, RENDERER_LIMITS.demoPrinterPollMs);
        }),
        'printer simulator refresh',
      );
    };
    tick();
    return () => {
      live = false;
      if (handle !== null) timers.clearTimeout(handle);
    };
  }, [refresh, timers]);

  useTerminalEvents((event) => {
    if (event.type === 'print_job' && (event.job.state === 'printed' || event.job.state === 'failed')) drop(refresh(), 'printer simulator refresh');
  });

  async function setState(preset: Preset): Promise<void> {
    const answer = await postSim(host, 'printer-state', PRESETS[preset]);
    onAnswer('printer-state', answer);
    await refresh();
  }

  const current = last ? presetOf(last.state) : null;
  return (
    <section className="panel simulator-panel simulator-printer" data-testid="sim-printer" data-state={current ?? ''}>
      <h2>{t('print.sim.title')}</h2>
      <div className="simulator-printer-states" role="group" aria-label={t('print.sim.title')}>
        {PRESET_NAMES.map((preset) => (
          <button
            key={preset}
            type="button"
            className={`button button--small${current === preset ? ' button--primary' : ''}`}
            data-testid={`sim-printer-state-${preset}`}
            aria-pressed={current === preset}
            onClick={() => drop(setState(preset), 'sim printer state')}
          >
            {t(`print.sim.state.${preset}`)}
          </button>
        ))}
      </div>
      {problem && <p className="notice notice--error">{t('print.sim.unavailable', { message: problem })}</p>}
      {last && last.count > 0 && (last.svg || last.lines) ? (
        <>
          <h3 className="simulator-printer-title">{t('print.sim.last', { count: last.count })}</h3>
          {url && (
            <div className="simulator-printer-paper">
              <img className="slip-preview-image" data-testid="sim-printer-last" src={url} alt={(last.lines ?? []).join('\n')} />
            </div>
          )}
          {last.lines && (
            <pre className="simulator-printer-lines" data-testid="sim-printer-lines">
              {last.lines.join('\n')}
            </pre>
          )}
        </>
      ) : (
        <p className="hint">{t('print.sim.nothing')}</p>
      )}
    </section>
  );
}
