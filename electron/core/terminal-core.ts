/**
 * The terminal core: implements TerminalApi (common/terminal-api.ts) in plain Node. Commands are
 * validated with `commandInputs` on arrival (hosts pass untrusted input), money commands run
 * one at a time, and events go to every subscriber. Everything outside — journal, backend,
 * devices, secrets, clock, timers — comes in through ports.
 */
import { DomainError } from '../../common/errors';
import type { PrinterSettingsInput } from '../../common/receipts/printer-settings';
import {
  parseCommandInput,
  type CommandInput,
  type CommandName,
  type CommandOutputs,
  type CustomerView,
  type TerminalApi,
  type TerminalEvent,
  type TerminalStatus,
} from '../../common/terminal-api';
import { systemClock, type Clock } from '../../common/time';
import { checkBackendUrl } from './backend-url';
import { CommandQueue } from './command-queue';
import { ConnectivityMonitor } from './connectivity';
import { TerminalContext } from './context';
import { dailyReport } from './daily-close';
import { setDeviceEncoding } from './device-settings';
import { enroll, restoreEnrollment, setBackendUrl } from './enrollment';
import { EventBus } from './event-bus';
import { failure } from './failure';
import { requireStaff } from './guards';
import { history } from './history';
import type { Journal } from './journal/journal';
import { OnlineRunner } from './online-runner';
import { cancel, charge, lookup, migrate } from './operations';
import { pay } from './payments';
import { MpmDesk } from './mpm';
import { NoticePoller } from './notices';
import { pointSpend } from './points';
import { searchTransactions } from './search';
import { printStoreQr, storeQr } from './store-qr';
import { realTimers, type Backend, type Devices, type Logger, type Printers, type SecretStore, type Timers } from './ports';
import { getPrinter, printJobs, printSlip, setPrinter, slipPreview, testPrint } from './printing/commands';
import { Receipts } from './printing/receipts';
import type { CoreServices } from './services';
import { login, logout } from './sessions';
import { buildStatus } from './status';
import { SyncAgent } from './sync-agent';
import { noteAccess, watchTerminalAccess } from './terminal-access';
import { timeOrderedUuid } from '../../common/time-ordered-uuid';

export interface CoreOptions {
  journal: Journal;
  backend: Backend;
  devices: Devices;
  secrets: SecretStore;
  /** Used until `setBackendUrl` stores another one in the journal; must pass backend-url.ts. */
  defaultBackendUrl: string;
  /**
   * Development only: allow plain http:// to a backend on another machine. Hosts set it from
   * KUMAPAY_ALLOW_INSECURE_BACKEND=1; loopback backends (demo, tests) need nothing.
   */
  allowInsecureBackend?: boolean;
  clock?: Clock;
  timers?: Timers;
  logger?: Logger;
  newId?: () => string;
  /** R29 receipt printers (hardware/printers behind the host). Absent: slips are kept, nothing prints. */
  printers?: Printers;
  /** The printer used until a manager stores one in 設定 (the demo passes its simulator). */
  defaultPrinterSettings?: PrinterSettingsInput;
}

export const silentLogger: Logger = { info: () => undefined, warn: () => undefined, error: () => undefined };

type Handlers = { [C in CommandName]: (input: CommandInput<C>) => Promise<CommandOutputs[C]> };

export class TerminalCore implements TerminalApi {
  readonly sync: SyncAgent;
  readonly connectivity: ConnectivityMonitor;
  /** R29: slips, print jobs and the printer; `receipts.idle()` waits for printing to settle. */
  readonly receipts: Receipts;
  /** R28: the dynamic MPM request this register shows, watched by long poll. */
  readonly mpm: MpmDesk;
  /** R28 入金通知: the merchant's MPM notices (long poll while online). */
  readonly notices: NoticePoller;
  private readonly services: CoreServices;
  private readonly events: EventBus;
  private readonly moneyQueue = new CommandQueue();
  private readonly handlers: Handlers;
  private statusTimer: unknown = null;
  private stopped = false;
  private unsubscribeDevices: (() => void) | null = null;
  private unsubscribeConnectivity: (() => void) | null = null;
  /** What the customer-facing display shows now (memory only: a restart shows the welcome). */
  private customerView: CustomerView = { screen: 'welcome' };

  private constructor(private readonly options: CoreOptions) {
    const clock = options.clock ?? systemClock;
    const timers = options.timers ?? realTimers;
    const logger = options.logger ?? silentLogger;
    this.events = new EventBus(logger);
    this.connectivity = new ConnectivityMonitor(options.backend, timers, logger);
    const emit = (event: TerminalEvent) => this.events.emit(event);
    // Every answer to a terminal call is checked for "this terminal may no longer act".
    const backend = watchTerminalAccess(options.backend, (verdict) => noteAccess(this.services, verdict));
    // clientTxnIds among them: time-ordered, they land at the end of the backend's indexes.
    const newId = options.newId ?? (() => timeOrderedUuid(clock.nowMs(), globalThis.crypto.randomUUID()));
    const ctx = new TerminalContext(options.defaultBackendUrl);
    this.receipts = new Receipts({
      journal: options.journal,
      ctx,
      printers: options.printers ?? null,
      defaultSettings: options.defaultPrinterSettings,
      clock,
      timers,
      logger,
      newId,
      emit,
      statusChanged: () => this.statusChanged(),
    });
    this.services = {
      journal: options.journal,
      backend,
      secrets: options.secrets,
      clock,
      timers,
      logger,
      ctx,
      connectivity: this.connectivity,
      runner: new OnlineRunner(options.journal, this.connectivity, clock, timers, emit),
      receipts: this.receipts,
      emit,
      statusChanged: () => this.statusChanged(),
      newId,
      allowInsecureBackend: options.allowInsecureBackend ?? false,
    };
    this.sync = new SyncAgent(this.services);
    this.mpm = new MpmDesk(this.services);
    this.notices = new NoticePoller(this.services, this.mpm);
    this.handlers = this.makeHandlers();
  }

  /** Opens the core on an existing journal: identity, token, keys and limits come back. */
  static async open(options: CoreOptions): Promise<TerminalCore> {
    // A host must not start talking to a backend over a network in clear (one-line reason).
    const url = checkBackendUrl(options.defaultBackendUrl, options.allowInsecureBackend ?? false);
    if (!url.ok) throw new Error(url.message);
    const core = new TerminalCore(options);
    await restoreEnrollment(core.services);
    if (options.journal.recoveredCount > 0) {
      core.services.logger.warn({ count: options.journal.recoveredCount }, 'interrupted online steps found at start: they are checked again');
    }
    return core;
  }

  /** Background work: health probes, sync, device events, the printer's status. */
  start(): void {
    this.unsubscribeConnectivity = this.connectivity.onChange((state) => {
      if (state === 'online') {
        this.sync.wake();
        // R28: a terminal back online learns the MPM payments it missed.
        this.notices.wake();
      }
      this.statusChanged();
    });
    this.unsubscribeDevices = this.options.devices.subscribe((event) => {
      if (event.type === 'devices_changed') this.statusChanged();
      else this.events.emit(event);
    });
    this.connectivity.start();
    this.sync.start();
    this.notices.start();
    this.receipts.start();
  }

  /** Stops background work and waits for a sync in progress; the journal stays open. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.statusTimer !== null) this.services.timers.clearTimeout(this.statusTimer);
    this.statusTimer = null;
    this.connectivity.stop();
    this.sync.stop();
    this.notices.stop();
    this.mpm.stop();
    this.receipts.stop();
    this.unsubscribeDevices?.();
    this.unsubscribeConnectivity?.();
    await this.sync.idle();
  }

  async call<C extends CommandName>(command: C, input: CommandInput<C>): Promise<CommandOutputs[C]> {
    const parsed = parseCommandInput(command, input);
    if (!parsed.ok) throw new DomainError('invalid_request', parsed.message, { command });
    return this.handlers[command](parsed.input);
  }

  subscribe(listener: (event: TerminalEvent) => void): () => void {
    return this.events.subscribe(listener);
  }

  status(): TerminalStatus {
    return buildStatus(this.services, this.options.devices.list());
  }

  private makeHandlers(): Handlers {
    const s = this.services;
    const queued = <T>(task: () => Promise<T>) => this.moneyQueue.run(task);
    return {
      getStatus: async () => this.status(),
      setBackendUrl: async ({ url }) => setBackendUrl(s, url),
      enroll: ({ enrollmentCode }) =>
        queued(async () => {
          const enrolled = await enroll(s, enrollmentCode);
          // R28: the first notices poll sets where this register starts hearing the shop's
          // payments; at once, not after the not-enrolled back-off, or a store-QR payment made
          // in the first minute after enrollment would never be heard.
          if (enrolled.ok) this.notices.wake();
          return enrolled;
        }),
      login: ({ staffCode, pin }) => login(s, staffCode, pin),
      logout: async () => logout(s),
      lookup: ({ credential }) => lookup(s, credential),
      pay: ({ amountYen, credential, cashYen }) => queued(() => pay(s, amountYen, credential, cashYen)),
      charge: (input) => queued(() => charge(s, input)),
      migrate: (input) => queued(() => migrate(s, input)),
      cancel: (input) => queued(() => cancel(s, input)),
      history: async ({ businessDay }) => history(s, businessDay),
      searchTransactions: ({ q }) => searchTransactions(s, q),
      dailyReport: ({ businessDay, mode, acknowledged }) =>
        mode === 'close'
          ? queued(() => dailyReport(s, this.sync, businessDay, mode, acknowledged))
          : dailyReport(s, this.sync, businessDay, mode, acknowledged),
      // The cashier screen says what the customer sees; every subscribed display shows it.
      customerDisplay: async ({ view }) => {
        this.customerView = view;
        this.events.emit({ type: 'customer_display', view });
        return { ok: true };
      },
      getCustomerDisplay: async () => ({ ok: true, view: this.customerView }),
      syncNow: () => this.sync.syncNow(),
      // R29 receipts: none of these waits for money commands, and none holds them up.
      getPrinter: async () => getPrinter(s),
      setPrinter: (input) => setPrinter(s, input),
      testPrint: async () => testPrint(s),
      printSlip: async (input) => printSlip(s, input),
      slipPreview: async (input) => slipPreview(s, input),
      printJobs: async () => printJobs(s),
      setDeviceEncoding: async (input) => {
        const result = await setDeviceEncoding(s, this.options.devices, input);
        if (result.ok) this.statusChanged();
        return result;
      },
      // Issue 13 (R23, R28): online only; a spend is a money step (one at a time), a request
      // is watched in the background (its outcome arrives as `mpm_request` events).
      pointSpend: (input) => queued(() => pointSpend(s, input)),
      mpmCreate: (input) => queued(() => this.mpm.create(input)),
      mpmWithdraw: ({ requestId }) => this.mpm.withdraw(requestId),
      mpmCurrent: async () => this.mpm.current(),
      // R28 static: a read and a print, neither waits for money commands.
      storeQr: () => storeQr(s),
      printStoreQr: () => printStoreQr(s),
      acknowledge: async ({ notificationId }) => {
        const guard = requireStaff(s, 'report');
        if (!guard.ok) return guard.failure;
        if (!s.journal.notifications.acknowledge(notificationId, s.clock.nowMs())) {
          return failure('not_found', 'No such open notice.', { notificationId });
        }
        this.statusChanged();
        return { ok: true };
      },
    };
  }

  /** Coalesced: a burst of changes yields one `status` event. */
  private statusChanged(): void {
    if (this.statusTimer !== null || this.stopped) return;
    this.statusTimer = this.services.timers.setTimeout(() => {
      this.statusTimer = null;
      this.events.emit({ type: 'status', status: this.status() });
    }, 0);
  }
}
