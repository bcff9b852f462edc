/**
 * 設定 → レシートプリンター (R29), a manager's: where the printer is (none / network / USB /
 * serial), its commands and paper, when the customer gets a slip, the shop's header and footer
 * lines; 保存, テスト印刷 with how it went, and the printer's status as last checked.
 */
import { useEffect, useId, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import {
  CHARS_PER_LINE,
  PAPER_WIDTHS_MM,
  PRINTER_COMMAND_SETS,
  type PrinterStatusView,
} from '../../../common/receipts/printer-settings';
import { LIMITS } from '../../../common/limits';
import type { PrintJobView } from '../../../common/terminal-api';
import { useStatus, useTerminalEvents } from '../../hooks/api-context';
import { useCommand } from '../../hooks/use-command';
import { FailureNotice } from '../../components/FailureNotice';
import { drop } from '../../format/drop';
import { useFormat } from '../../format/use-format';
import { jaPrint } from '../../i18n/ja-print';
import { mergeJob } from '../receipt/print-jobs';
import { usePrintWords } from '../receipt/print-words';
import { BAUD_RATES, CONNECTION_TYPES, formOf, sameForm, settingsOf, type FieldError, type FormField, type PrinterForm } from './printer-form';

const CUSTOMER_SLIP_MODES = ['always', 'ask', 'never'] as const;

/** The fresher of the live status (status events) and the one a command answered with. */
function fresher(a: PrinterStatusView | null | undefined, b: PrinterStatusView | null): PrinterStatusView | null {
  if (!a) return b;
  if (!b) return a;
  return (b.checkedAt ?? '') > (a.checkedAt ?? '') ? b : a;
}

function PrinterStatusLine({ printer }: { printer: PrinterStatusView | null }) {
  const { t } = useTranslation();
  const format = useFormat();
  // A state newer than this renderer reads as 未確認 rather than as a translation key.
  const state = printer && printer.state in jaPrint.status ? printer.state : 'unknown';
  const parts = [t(`print.status.${state}`), ...(printer?.paperNearEnd ? [t('print.statusNearEnd')] : []), ...(printer?.checkedAt ? [t('print.statusCheckedAt', { at: format.stamp(printer.checkedAt) })] : [])];
  return (
    <p className={`printer-status printer-status--${state}`} data-testid="printer-status" data-state={state} role="status">
      <span className="printer-status-label">{t('print.settings.status')}</span> {parts.join(' · ')}
    </p>
  );
}

export function PrinterSettings() {
  const { t } = useTranslation();
  const words = usePrintWords();
  const status = useStatus();
  const load = useCommand('getPrinter');
  const save = useCommand('setPrinter');
  const test = useCommand('testPrint');
  const [saved, setSaved] = useState<PrinterForm | null>(null);
  const [form, setForm] = useState<PrinterForm | null>(null);
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [answeredStatus, setAnsweredStatus] = useState<PrinterStatusView | null>(null);
  const [testJob, setTestJob] = useState<PrintJobView | null>(null);
  const ids = useId();
  const loadPrinter = load.run;

  useEffect(() => {
    drop(
      loadPrinter({}).then((result) => {
        if (!result) return;
        const loaded = formOf(result.printer.settings);
        setSaved(loaded);
        setForm(loaded);
        setAnsweredStatus(result.printer.status);
      }),
      'printer settings',
    );
  }, [loadPrinter]);

  useTerminalEvents((event) => {
    if (event.type === 'print_job') setTestJob((job) => (job && job.jobId === event.job.jobId ? (mergeJob([job], event.job)[0] ?? job) : job));
  });

  if (!form || !saved) {
    return (
      <section className="panel printer-settings" data-testid="printer-settings">
        <h2>{t('print.settings.title')}</h2>
        {load.state.kind === 'failed' ? <FailureNotice failure={load.state.failure} testId="printer-load-error" /> : <p className="hint">{t('print.settings.loading')}</p>}
      </section>
    );
  }

  const current = form;
  const dirty = !sameForm(current, saved);
  const saving = save.state.kind === 'running';
  const testing = test.state.kind === 'running';
  const errorOf = (field: FormField) => errors.find((error) => error.field === field) ?? null;

  function change(patch: Partial<PrinterForm>): void {
    setForm({ ...current, ...patch });
    setErrors([]);
    save.reset();
  }

  async function submit(): Promise<void> {
    const checked = settingsOf(current);
    if (!checked.ok) {
      setErrors(checked.errors);
      return;
    }
    const result = await save.run({ settings: checked.settings });
    if (!result) return;
    // What the core kept, as it kept it (trailing blank lines gone): the form is clean again.
    const kept = formOf(result.printer.settings);
    setSaved(kept);
    setForm(kept);
    setAnsweredStatus(result.printer.status);
  }

  function onSubmit(event: FormEvent): void {
    event.preventDefault();
    drop(submit(), 'save printer settings');
  }

  async function testPrint(): Promise<void> {
    setTestJob(null);
    const result = await test.run({});
    if (result) setTestJob(result.job);
  }

  function errorText(error: FieldError): string {
    if (error.field === 'headerLines' || error.field === 'footerLines') {
      return error.tooMany ? t('print.settings.errors.tooManyLines', { lines: LIMITS.shopLinesMax }) : t('print.settings.errors.lineTooLong', { line: error.line, chars: LIMITS.shopLineCharsMax });
    }
    return t(`print.settings.errors.${error.field}`);
  }

  /** A labelled control with its error under it, tied together for screen readers. */
  function field(name: FormField, label: string, control: (invalid: boolean, describedBy: string | undefined) => ReactNode, className = 'field'): ReactNode {
    const error = errorOf(name);
    const errorId = `${ids}-${name}-error`;
    return (
      <label className={className}>
        <span className="field-label">{label}</span>
        {control(error !== null, error ? errorId : undefined)}
        {error && (
          <span className="field-error" id={errorId} data-testid={`printer-error-${name}`}>
            {errorText(error)}
          </span>
        )}
      </label>
    );
  }

  const baudOptions = [...new Set([...BAUD_RATES, Number(current.baud)])].filter(Number.isFinite).sort((a, b) => a - b);
  const other = errorOf('other');
  const lineLimits = { lines: LIMITS.shopLinesMax, chars: LIMITS.shopLineCharsMax };

  return (
    <section className="panel printer-settings" data-testid="printer-settings">
      <h2>{t('print.settings.title')}</h2>
      <form className="printer-form" noValidate onSubmit={onSubmit}>
        <div className="printer-columns">
          <div className="printer-column">
            <div className="printer-row">
              <label className="field">
                <span className="field-label">{t('print.settings.connection')}</span>
                <select className="field-input" data-testid="printer-connection-type" value={current.type} onChange={(event) => change({ type: CONNECTION_TYPES.find((type) => type === event.target.value) ?? 'none' })}>
                  {CONNECTION_TYPES.map((type) => (
                    <option key={type} value={type}>
                      {t(`print.settings.connectionType.${type}`)}
                    </option>
                  ))}
                </select>
              </label>
              <label className="field">
                <span className="field-label">{t('print.settings.customerSlip')}</span>
                <select className="field-input" data-testid="printer-customer-slip" value={current.customerSlip} onChange={(event) => change({ customerSlip: CUSTOMER_SLIP_MODES.find((mode) => mode === event.target.value) ?? 'always' })}>
                  {CUSTOMER_SLIP_MODES.map((mode) => (
                    <option key={mode} value={mode}>
                      {t(`print.settings.customerSlipMode.${mode}`)}
                    </option>
                  ))}
                </select>
              </label>
            </div>
            {current.type === 'tcp' && (
              <div className="printer-row printer-row--narrow-second">
                {field('host', t('print.settings.host'), (invalid, describedBy) => (
                  <input className="field-input mono" data-testid="printer-host" aria-invalid={invalid} aria-describedby={describedBy} value={current.host} spellCheck={false} autoComplete="off" maxLength={253} onChange={(event) => change({ host: event.target.value })} />
                ))}
                {field('port', t('print.settings.port'), (invalid, describedBy) => (
                  <input className="field-input mono" data-testid="printer-port" aria-invalid={invalid} aria-describedby={describedBy} inputMode="numeric" value={current.port} maxLength={5} onChange={(event) => change({ port: event.target.value })} />
                ))}
              </div>
            )}
            {(current.type === 'usb' || current.type === 'serial') && (
              <div className={current.type === 'serial' ? 'printer-row printer-row--narrow-second' : 'printer-row printer-row--single'}>
                {field(current.type === 'usb' ? 'usbPath' : 'serialPath', current.type === 'usb' ? t('print.settings.usbPath') : t('print.settings.serialPath'), (invalid, describedBy) => (
                  <input className="field-input mono" data-testid="printer-path" aria-invalid={invalid} aria-describedby={describedBy} value={current.path} spellCheck={false} autoComplete="off" maxLength={256} placeholder={current.type === 'usb' ? '/dev/usb/lp0' : '/dev/ttyUSB0'} onChange={(event) => change({ path: event.target.value })} />
                ))}
                {current.type === 'serial' &&
                  field('baud', t('print.settings.baud'), (invalid, describedBy) => (
                    <select className="field-input" data-testid="printer-baud" aria-invalid={invalid} aria-describedby={describedBy} value={current.baud} onChange={(event) => change({ baud: event.target.value })}>
                      {baudOptions.map((rate) => (
                        <option key={rate} value={String(rate)}>
                          {rate.toLocaleString('en-US')}
                        </option>
                      ))}
                    </select>
                  ))}
              </div>
            )}
            <div className="printer-row">
              <label className="field">
                <span className="field-label">{t('print.settings.commandSet')}</span>
                <select className="field-input" data-testid="printer-command-set" value={current.commandSet} onChange={(event) => change({ commandSet: PRINTER_COMMAND_SETS.find((set) => set === event.target.value) ?? 'epson' })}>
                  {PRINTER_COMMAND_SETS.map((set) => (
                    <option key={set} value={set}>
                      {t(`print.settings.commandSetName.${set}`)}
                    </option>
                  ))}
                </select>
              </label>
              <label className="field">
                <span className="field-label">{t('print.settings.paperWidth')}</span>
                <select className="field-input" data-testid="printer-paper-width" value={current.paperWidthMm} onChange={(event) => change({ paperWidthMm: event.target.value === '58' ? '58' : '80' })}>
                  {PAPER_WIDTHS_MM.map((mm) => (
                    <option key={mm} value={String(mm)}>
                      {t('print.settings.paperWidthMm', { mm, chars: CHARS_PER_LINE[mm] })}
                    </option>
                  ))}
                </select>
              </label>
            </div>
          </div>
          <div className="printer-column">
            {field('headerLines', t('print.settings.headerLines', lineLimits), (invalid, describedBy) => (
              <textarea className="field-input printer-lines" data-testid="printer-header-lines" aria-invalid={invalid} aria-describedby={describedBy} rows={LIMITS.shopLinesMax} value={current.headerLines} onChange={(event) => change({ headerLines: event.target.value })} />
            ))}
            {field('footerLines', t('print.settings.footerLines', lineLimits), (invalid, describedBy) => (
              <textarea className="field-input printer-lines" data-testid="printer-footer-lines" aria-invalid={invalid} aria-describedby={describedBy} rows={LIMITS.shopLinesMax} value={current.footerLines} onChange={(event) => change({ footerLines: event.target.value })} />
            ))}
          </div>
        </div>
        <div className="printer-bar">
          <button type="submit" className="button button--primary" data-testid="printer-save" disabled={saving || !dirty}>
            {t('print.settings.save')}
          </button>
          {/* The test slip prints with the kept settings: unsaved changes would not be on it. */}
          <button type="button" className="button" data-testid="printer-test" disabled={dirty || saving || testing} onClick={() => drop(testPrint(), 'test print')}>
            {t('print.settings.test')}
          </button>
          <div className="printer-messages">
            {other && <p className="field-error">{errorText(other)}</p>}
            {save.state.kind === 'done' && !dirty && (
              <p className="notice notice--ok" data-testid="printer-saved">
                {t('print.settings.saved')}
              </p>
            )}
            {dirty && <p className="hint">{t('print.settings.saveFirst')}</p>}
            {testJob && (
              <p className={`notice ${testJob.state === 'failed' ? 'notice--error' : testJob.state === 'printed' ? 'notice--ok' : 'notice--warn'}`} data-testid="printer-test-result" data-state={testJob.state}>
                {t('print.settings.testResult', { result: words.outcome([testJob]) })}
              </p>
            )}
          </div>
        </div>
        {save.state.kind === 'failed' && <FailureNotice failure={save.state.failure} testId="printer-save-error" />}
        {test.state.kind === 'failed' && <FailureNotice failure={test.state.failure} testId="printer-test-error" />}
        <PrinterStatusLine printer={fresher(status.printer, answeredStatus)} />
      </form>
    </section>
  );
}
