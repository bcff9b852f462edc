/**
 * R29 receipts in the core: slips kept in the journal when a transaction completes, printed
 * after the command has answered (print-queue.ts), printed again or previewed on request; the
 * printer's settings (journal) and its last real-time status (TerminalStatus.printer).
 *
 * Keeping a slip never fails a transaction: a slip that cannot be made or stored is logged as
 * an error and the transaction answers with `slipId: null`.
 */
import { DEFAULT_PRINTER_SETTINGS, printerSettings, type PrinterSettings, type PrinterSettingsInput, type PrinterStatusView } from '../../../common/receipts/printer-settings';
import { slip as slipSchema, type Slip, type SlipBody, type SlipCopy } from '../../../common/receipts/slip';
import { slipMarkup, testSlipMarkup } from '../../../common/receipts/slip-markup';
import { storeQrSlipMarkup, type StoreQrSlipOptions } from '../../../common/receipts/store-qr-slip';
import type { DailyReport, Failure, PrintJobView, PrinterView, SlipPreview, SlipRef, TerminalEvent } from '../../../common/terminal-api';
import { toIso, type Clock } from '../../../common/time';
import type { TerminalContext } from '../context';
import { failure } from '../failure';
import type { Journal } from '../journal/journal';
import type { KeptSlip } from '../journal/slip-store';
import type { TxnRow } from '../journal/txn-store';
import { CORE_LIMITS } from '../limits';
import type { Logger, Printers, Timers } from '../ports';
import { automaticCopies, naturalCopy } from './copies';
import { PrintQueue, type PrinterReading, type PrintRequest } from './print-queue';
import { jstIso, reportBody, slipHeader, type SlipDraft } from './slip-drafts';

/** The journal setting that holds the shop's printer (validated with `printerSettings`). */
export const PRINTER_SETTING = 'printer';

/** The test slip is no kept slip: its job names this instead of a slip id. */
export const TEST_PRINT_SLIP_ID = 'test-print';
/** Nor is the store QR (R28): printing it again fetches it again. */
export const STORE_QR_SLIP_ID = 'store-qr';

export interface ReceiptsOptions {
  journal: Journal;
  ctx: TerminalContext;
  /** Absent: slips are still kept; nothing prints or previews. */
  printers: Printers | null;
  /** The host's printer until a manager stores one (the demo's simulator). */
  defaultSettings: PrinterSettingsInput | undefined;
  clock: Clock;
  timers: Timers;
  logger: Logger;
  newId(): string;
  emit(event: TerminalEvent): void;
  statusChanged(): void;
}

type Answer<T> = { ok: true; value: T } | { ok: false; failure: Failure };

export class Receipts {
  private readonly queue: PrintQueue | null;
  private readonly defaults: PrinterSettings;
  private status: PrinterStatusView;
  private pollTimer: unknown = null;
  private stopped = false;
  /** Automatic prints scheduled for after the command's answer, not queued yet. */
  private readonly scheduled = new Set<Promise<void>>();

  constructor(private readonly o: ReceiptsOptions) {
    const defaults = printerSettings.safeParse(o.defaultSettings ?? {});
    if (!defaults.success) o.logger.error({ error: defaults.error.message }, 'the host passed invalid printer settings: no printer until a manager sets one');
    this.defaults = defaults.success ? defaults.data : DEFAULT_PRINTER_SETTINGS;
    this.queue = o.printers
      ? new PrintQueue({
          printers: o.printers,
          settings: () => this.settings(),
          clock: o.clock,
          logger: o.logger,
          newId: o.newId,
          jobChanged: (job) => o.emit({ type: 'print_job', job }),
          statusRead: (reading) => this.noteStatus(reading),
        })
      : null;
    this.status = { state: this.configured(this.settings()) ? 'unknown' : 'not_configured', paperNearEnd: false, checkedAt: null };
  }

  // ---- settings and status ------------------------------------------------------------

  /** The journal's printer, else the host's default. A stored value that no longer parses is logged, not trusted. */
  settings(): PrinterSettings {
    try {
      return this.o.journal.settings.get(PRINTER_SETTING, printerSettings) ?? this.defaults;
    } catch (error) {
      this.o.logger.error({ error: String(error) }, 'printer settings in the journal are corrupt: using the default');
      return this.defaults;
    }
  }

  saveSettings(settings: PrinterSettings): void {
    this.o.journal.settings.set(PRINTER_SETTING, printerSettings.parse(settings));
    // Whatever the last status said was about the printer before this change.
    this.noteStatus({ state: this.configured(settings) ? 'unknown' : 'not_configured', paperNearEnd: false });
  }

  view(): PrinterView {
    return { settings: this.settings(), status: this.printerStatus() };
  }

  printerStatus(): PrinterStatusView {
    return { ...this.status };
  }

  /** Asks the printer now (between jobs); no I/O when there is no printer. */
  async checkStatus(): Promise<PrinterStatusView> {
    const settings = this.settings();
    if (this.queue && this.configured(settings)) await this.queue.readStatus(settings);
    else this.noteStatus({ state: 'not_configured', paperNearEnd: false });
    return this.printerStatus();
  }

  /** Status at start, then every `printerStatusPollMs` until `stop()`. */
  start(): void {
    this.stopped = false;
    if (!this.queue) return;
    void this.poll();
  }

  stop(): void {
    this.stopped = true;
    if (this.pollTimer !== null) this.o.timers.clearTimeout(this.pollTimer);
    this.pollTimer = null;
  }

  /** Resolves once every scheduled print is queued and the queue has nothing left to do. */
  async idle(): Promise<void> {
    while (this.scheduled.size > 0 || this.queue?.busy()) {
      await Promise.all(this.scheduled);
      await this.queue?.idle();
    }
  }

  // ---- keeping slips --------------------------------------------------------------------

  /** A transaction's slip, its header from the journal row (who, when, which number, which day). */
  keepForTransaction(row: TxnRow, subjectKey: string, body: () => SlipBody): string | null {
    return this.keep(subjectKey, () => ({
      subjectKey,
      header: slipHeader({ ...this.shop(), staffName: row.staffName, occurredAtMs: row.occurredAtMs, shortNo: row.shortNo, businessDay: row.businessDay }),
      body: body(),
    }));
  }

  /**
   * 点検: the day's latest snapshot replaces the one before. 精算: stored once; `created` says
   * whether this call stored it (only then does it print).
   */
  keepReport(report: DailyReport, staffName: string | null): { slipId: string | null; created: boolean } {
    const subjectKey = reportSubject(report.mode, report.businessDay);
    const occurredAtMs = report.mode === 'close' && report.closedAt ? Date.parse(report.closedAt) : this.o.clock.nowMs();
    let created = false;
    const slipId = this.keep(
      subjectKey,
      () => ({ subjectKey, header: slipHeader({ ...this.shop(), staffName, occurredAtMs, shortNo: null, businessDay: report.businessDay }), body: reportBody(report) }),
      (slip, nowMs) => {
        if (report.mode === 'check') {
          this.o.journal.slips.replaceReport(slip, nowMs);
          created = true;
        } else {
          created = this.o.journal.slips.addReportOnce(slip, nowMs);
        }
      },
    );
    if (slipId === null) return { slipId: null, created: false };
    return { slipId: created ? slipId : this.reportSlipId(report.mode, report.businessDay), created };
  }

  /** The kept report slip of a day (its 精算 slip, or its latest 点検 snapshot). */
  reportSlipId(mode: 'check' | 'close', businessDay: string): string | null {
    return this.refsFor(reportSubject(mode, businessDay)).at(-1)?.slipId ?? null;
  }

  /** Slips about a transaction (its own and its cancel's), oldest first; none when the journal cannot say. */
  refsFor(subjectKey: string | null): SlipRef[] {
    if (subjectKey === null) return [];
    try {
      return this.o.journal.slips.refsFor(subjectKey);
    } catch (error) {
      this.o.logger.error({ subjectKey, error: String(error) }, 'slips could not be listed');
      return [];
    }
  }

  // ---- printing -------------------------------------------------------------------------

  /**
   * The copies a new slip prints by itself (copies.ts), queued once the command has answered:
   * printing never delays the money answer. No printer set up: the slip is only kept.
   */
  printNew(slipId: string | null): void {
    if (slipId === null || this.queue === null) return;
    const scheduled = new Promise<void>((resolve) => {
      this.o.timers.setTimeout(() => {
        try {
          if (!this.stopped) this.queueNew(slipId);
        } catch (error) {
          this.o.logger.error({ slipId, error: String(error) }, 'slip could not be queued for printing');
        } finally {
          resolve();
        }
      }, 0);
    });
    this.scheduled.add(scheduled);
    void scheduled.then(() => this.scheduled.delete(scheduled));
  }

  /**
   * printSlip: a kept slip printed on request. 再印刷 when that copy was printed (or tried)
   * before; the first お客様控え of a shop that asks each time is a first print.
   */
  printKept(slipId: string, requested: SlipCopy): Answer<PrintJobView> {
    const queue = this.queue;
    if (queue === null) return { ok: false, failure: noPrinter() };
    const read = this.read(slipId);
    if (!read.ok) return read;
    const { slip } = read.value;
    // A report has only the shop's copy.
    const copy: SlipCopy = slip.body.kind === 'report' ? 'shop' : requested;
    const nowMs = this.o.clock.nowMs();
    const reprint = this.o.journal.slips.noteCopyQueued(slipId, copy, nowMs);
    return { ok: true, value: queue.enqueue(this.request(slip, copy, reprint ? nowMs : null)) };
  }

  /** テスト印刷: the shop's lines and a ruler, through the same queue and status checks. */
  printTest(): Answer<PrintJobView> {
    const queue = this.queue;
    if (queue === null) return { ok: false, failure: noPrinter() };
    const shop = this.shop();
    const printedAt = jstIso(this.o.clock.nowMs());
    return {
      ok: true,
      value: queue.enqueue({
        slipId: TEST_PRINT_SLIP_ID,
        slipKind: 'test',
        copy: 'shop',
        reprint: false,
        markup: (settings) => testSlipMarkup({ ...shop, printedAt, paperWidthMm: settings.paperWidthMm, headerLines: settings.headerLines, footerLines: settings.footerLines }),
      }),
    };
  }

  /** Whether a printer port is there at all (a printer not set up yet still gets the job, which fails saying so). */
  hasPrinter(): boolean {
    return this.queue !== null;
  }

  /** R28: the register's store QR, through the same queue and status checks as any slip. */
  printStoreQr(slip: Omit<StoreQrSlipOptions, 'paperWidthMm'>): Answer<PrintJobView> {
    const queue = this.queue;
    if (queue === null) return { ok: false, failure: noPrinter() };
    return {
      ok: true,
      value: queue.enqueue({
        slipId: STORE_QR_SLIP_ID,
        slipKind: 'store_qr',
        copy: 'shop',
        reprint: false,
        markup: (settings) => storeQrSlipMarkup({ ...slip, paperWidthMm: settings.paperWidthMm }),
      }),
    };
  }

  /** The slip as it prints (receiptline's SVG of the same markup), for the paper set now. */
  preview(slipId: string): Answer<SlipPreview> {
    const printers = this.o.printers;
    if (printers === null) return { ok: false, failure: noPrinter() };
    const read = this.read(slipId);
    if (!read.ok) return read;
    const { slip } = read.value;
    const settings = this.settings();
    try {
      const markup = this.request(slip, naturalCopy(slip.body), null).markup(settings);
      const rendered = printers.render(markup, { commandSet: settings.commandSet, paperWidthMm: settings.paperWidthMm });
      return { ok: true, value: { slipId, kind: slip.body.kind, paperWidthMm: settings.paperWidthMm, svg: rendered.svg, lines: rendered.lines } };
    } catch (error) {
      this.o.logger.error({ slipId, error: String(error) }, 'slip preview could not be drawn');
      return { ok: false, failure: failure('invalid_request', 'This slip could not be drawn.', { reason: 'render_failed', slipId }) };
    }
  }

  jobs(): PrintJobView[] {
    return this.queue?.jobs() ?? [];
  }

  // ---- internals ------------------------------------------------------------------------

  private keep(subjectKey: string, draft: () => SlipDraft, store?: (slip: Slip, nowMs: number) => void): string | null {
    try {
      const slip = slipSchema.parse({ slipId: this.o.newId(), ...draft() });
      const nowMs = this.o.clock.nowMs();
      if (store) store(slip, nowMs);
      else this.o.journal.slips.add(slip, nowMs);
      return slip.slipId;
    } catch (error) {
      // The transaction stands; only its slip is missing (the renderer shows no 印刷 button).
      this.o.logger.error({ subjectKey, error: String(error) }, 'slip not kept');
      return null;
    }
  }

  private queueNew(slipId: string): void {
    const queue = this.queue;
    if (queue === null) return;
    const settings = this.settings();
    if (!this.configured(settings)) return;
    const read = this.read(slipId);
    if (!read.ok) return;
    const { slip } = read.value;
    for (const copy of automaticCopies(slip.body, settings.customerSlip)) {
      // A copy that printed (or was tried) once is never printed again by itself.
      if (this.o.journal.slips.noteCopyQueued(slipId, copy, this.o.clock.nowMs())) continue;
      queue.enqueue(this.request(slip, copy, null));
    }
  }

  private request(slip: Slip, copy: SlipCopy, reprintedAtMs: number | null): PrintRequest {
    const reprint = reprintedAtMs !== null;
    const reprintedAt = reprintedAtMs === null ? null : jstIso(reprintedAtMs);
    return {
      slipId: slip.slipId,
      slipKind: slip.body.kind,
      copy,
      reprint,
      markup: (settings) =>
        slipMarkup(slip, { copy, reprint, reprintedAt, paperWidthMm: settings.paperWidthMm, headerLines: settings.headerLines, footerLines: settings.footerLines }),
    };
  }

  private read(slipId: string): Answer<KeptSlip> {
    const read = this.o.journal.slips.read(slipId);
    if (read.ok) return { ok: true, value: read.kept };
    if (read.reason === 'corrupt') this.o.logger.error({ slipId, error: read.message }, 'slip in the journal is corrupt');
    return { ok: false, failure: failure('not_found', read.reason === 'corrupt' ? 'This slip cannot be read from the journal.' : 'No such slip.', { slipId, reason: read.reason }) };
  }

  private shop(): { shopName: string; terminalNo: number | null } {
    return { shopName: this.o.ctx.enrolled?.identity.merchantName ?? '', terminalNo: this.o.ctx.terminalNo };
  }

  private configured(settings: PrinterSettings): boolean {
    return this.o.printers !== null && settings.connection.type !== 'none';
  }

  private noteStatus(reading: PrinterReading): void {
    const changed = reading.state !== this.status.state || reading.paperNearEnd !== this.status.paperNearEnd;
    this.status = { state: reading.state, paperNearEnd: reading.paperNearEnd, checkedAt: toIso(this.o.clock.nowMs()) };
    if (changed) this.o.statusChanged();
  }

  private async poll(): Promise<void> {
    try {
      // A job asks the printer itself; a poll meanwhile would only wait for it.
      if (!this.queue?.busy()) await this.checkStatus();
    } catch (error) {
      this.o.logger.error({ error: String(error) }, 'printer status poll failed');
    }
    if (this.stopped) return;
    this.pollTimer = this.o.timers.setTimeout(() => {
      this.pollTimer = null;
      void this.poll();
    }, CORE_LIMITS.printerStatusPollMs);
  }
}

function reportSubject(mode: 'check' | 'close', businessDay: string): string {
  return `report:${mode}:${businessDay}`;
}

function noPrinter(): Failure {
  return failure('invalid_request', 'This terminal has no receipt printer: the slip is kept and can be printed once one is set up.', { reason: 'not_configured' });
}
