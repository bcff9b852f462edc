/**
 * An in-memory TerminalApi for component tests: the test scripts each command's answer and
 * emits events by hand, and can read back every call the UI made.
 */
import type {
  CommandInput,
  CommandName,
  CommandOutputs,
  CustomerView,
  PrinterView,
  PrintJobView,
  SlipPreview,
  StaffView,
  StoreQrView,
  TerminalApi,
  TerminalEvent,
  TerminalStatus,
} from '../../common/terminal-api';
import type { Role } from '../../common/wire/admin';
import { DEFAULT_PRINTER_SETTINGS, printerSettings } from '../../common/receipts/printer-settings';
import { failure } from './host-error';

type Handler<C extends CommandName> = (input: CommandInput<C>) => CommandOutputs[C] | Promise<CommandOutputs[C]>;
type Handlers = { [C in CommandName]?: Handler<C> };

export interface RecordedCall {
  command: CommandName;
  input: unknown;
}

export interface FakeTerminal {
  api: TerminalApi;
  status: TerminalStatus;
  calls: RecordedCall[];
  handle<C extends CommandName>(command: C, handler: Handler<C>): void;
  inputsOf<C extends CommandName>(command: C): CommandInput<C>[];
  emit(event: TerminalEvent): void;
  /** What the customer-facing display shows now (customerDisplay sets it and emits `customer_display`). */
  customerView: CustomerView;
  /** Changes the status and tells the UI, as the core does after every state change. */
  setStatus(patch: Partial<TerminalStatus>): void;
  /** R29: the printer as getPrinter answers; setPrinter replaces its settings. */
  printer: PrinterView;
  /** R29: print jobs, newest first, as printJobs answers (printSlip and testPrint add one, queued). */
  jobs: PrintJobView[];
  /** R29: a job changes state as the core's print queue reports it: kept in `jobs`, emitted as `print_job`. */
  updateJob(job: PrintJobView): void;
}

/** A print job as the core reports it; a test names what matters (slip, state, failure). */
export function fakePrintJob(overrides: Partial<PrintJobView> & Pick<PrintJobView, 'slipId'>): PrintJobView {
  return {
    jobId: `job-${overrides.slipId}-${overrides.copy ?? 'customer'}`,
    slipKind: 'payment',
    copy: 'customer',
    state: 'queued',
    failure: null,
    message: null,
    reprint: false,
    updatedAt: '2024-06-01T01:00:00.000Z',
    ...overrides,
  };
}

/** R28: a register's store QR as the core answers it (the text is structured as the backend's; the signature is a stand-in). */
export function fakeStoreQr(overrides: Partial<StoreQrView> = {}): StoreQrView {
  return {
    qr: `KPM1.k1.s.term-1.merchant-1.-.0.54aK6LC344GG44Gh44KP5ZWG5bqX.${'A'.repeat(86)}`,
    merchantName: '熊谷うちわ商店',
    terminalId: 'term-1',
    terminalNo: 1,
    ...overrides,
  };
}

/** The slip as text and a one-line SVG: enough for the preview's <img> and its alt text. */
export function fakeSlipPreview(slipId: string, lines: string[] = ['熊谷うちわ商店', 'お客様控え', '¥7,000']): SlipPreview {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="576" height="${24 * lines.length}"><text y="24">${lines[0] ?? ''}</text></svg>`;
  return { slipId, kind: 'payment', paperWidthMm: 80, svg, lines };
}

export function fakeStaff(role: Role, name = 'テスト 太郎'): StaffView {
  return { staffId: `staff-${role}`, staffCode: `S-${role}`, name, role, offline: false, expiresAt: '2099-01-01T00:00:00.000Z' };
}

export function fakeStatus(overrides: Partial<TerminalStatus> = {}): TerminalStatus {
  return {
    enrolled: true,
    terminalId: 'term-1',
    merchantId: 'merchant-1',
    merchantName: '熊谷うちわ商店',
    chargePoint: true,
    backendUrl: 'http://127.0.0.1:8787',
    connectivity: 'online',
    staff: fakeStaff('manager'),
    queue: { pendingCount: 0, pendingYen: 0, oldestPendingAt: null, deadlineAt: null, rejectedCount: 0, lastSyncAt: null },
    notifications: [],
    devices: [],
    ...overrides,
  };
}

export function createFakeTerminal(initial: Partial<TerminalStatus> = {}): FakeTerminal {
  const listeners = new Set<(event: TerminalEvent) => void>();
  const handlers: Handlers = {};
  const fake: FakeTerminal = {
    status: fakeStatus(initial),
    calls: [],
    customerView: { screen: 'welcome' },
    printer: { settings: DEFAULT_PRINTER_SETTINGS, status: { state: 'not_configured', paperNearEnd: false, checkedAt: null } },
    jobs: [],
    updateJob(job) {
      fake.jobs = [job, ...fake.jobs.filter((known) => known.jobId !== job.jobId)];
      fake.emit({ type: 'print_job', job });
    },
    handle(command, handler) {
      handlers[command] = handler as Handlers[typeof command];
    },
    inputsOf<C extends CommandName>(command: C) {
      return fake.calls.filter((c) => c.command === command).map((c) => c.input as CommandInput<C>);
    },
    emit(event) {
      for (const listener of [...listeners]) listener(event);
    },
    setStatus(patch) {
      fake.status = { ...fake.status, ...patch };
      fake.emit({ type: 'status', status: fake.status });
    },
    api: {
      async call<C extends CommandName>(command: C, input: CommandInput<C>): Promise<CommandOutputs[C]> {
        fake.calls.push({ command, input });
        const handler = handlers[command] as Handler<C> | undefined;
        if (handler) return handler(input);
        return defaultAnswer(command, input);
      },
      subscribe(listener) {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
    },
  };

  function defaultAnswer<C extends CommandName>(command: C, input: CommandInput<C>): CommandOutputs[C] {
    // Outputs are picked by command name at run time; TS cannot tie the literal to C here.
    if (command === 'getStatus') return fake.status as CommandOutputs[C];
    if (command === 'logout') {
      fake.setStatus({ staff: null });
      return { ok: true } as CommandOutputs[C];
    }
    if (command === 'customerDisplay') {
      // As the core does: remember the view and tell every window that listens.
      const { view } = input as CommandInput<'customerDisplay'>;
      fake.customerView = view;
      fake.emit({ type: 'customer_display', view });
      return { ok: true } as CommandOutputs[C];
    }
    if (command === 'getCustomerDisplay') return { ok: true, view: fake.customerView } as CommandOutputs[C];
    if (command === 'setDeviceEncoding') {
      // As the core does: the device reopens with the setting and the new status follows.
      const { deviceId, encoding } = input as CommandInput<'setDeviceEncoding'>;
      fake.setStatus({ devices: fake.status.devices.map((device) => (device.id === deviceId ? { ...device, encoding } : device)) });
      return { ok: true } as CommandOutputs[C];
    }
    const printing = printerAnswer(command, input);
    if (printing) return printing as CommandOutputs[C];
    return failure('not_found', `the fake has no answer for ${command}`) as unknown as CommandOutputs[C];
  }

  let jobsMade = 0;
  /** As the core answers: the job queued (its outcome follows as events the test sends). */
  function queue(job: Omit<PrintJobView, 'jobId' | 'state' | 'failure' | 'message' | 'updatedAt'>): PrintJobView {
    jobsMade += 1;
    const queued: PrintJobView = { ...job, jobId: `fake-job-${jobsMade}`, state: 'queued', failure: null, message: null, updatedAt: '2024-06-01T01:00:00.000Z' };
    fake.updateJob(queued);
    return queued;
  }

  function printerAnswer<C extends CommandName>(command: C, input: CommandInput<C>): CommandOutputs[CommandName] | null {
    switch (command) {
      case 'getPrinter':
        return { ok: true, printer: fake.printer };
      case 'setPrinter': {
        // As the core does: the same schema on the way in.
        const parsed = printerSettings.safeParse((input as CommandInput<'setPrinter'>).settings);
        if (!parsed.success) return failure('invalid_request', parsed.error.message);
        fake.printer = { ...fake.printer, settings: parsed.data };
        return { ok: true, printer: fake.printer };
      }
      case 'testPrint':
        return { ok: true, job: queue({ slipId: 'test-slip', slipKind: 'report', copy: 'shop', reprint: false }) };
      case 'printSlip': {
        const { slipId, copy } = input as CommandInput<'printSlip'>;
        const kind = fake.jobs.find((job) => job.slipId === slipId)?.slipKind ?? 'payment';
        return { ok: true, job: queue({ slipId, slipKind: kind, copy, reprint: true }) };
      }
      case 'slipPreview':
        return { ok: true, preview: fakeSlipPreview((input as CommandInput<'slipPreview'>).slipId) };
      case 'printJobs':
        return { ok: true, jobs: fake.jobs };
      // R28: as the core: the QR online, and its print a queued job that keeps no slip.
      case 'storeQr':
        return { ok: true, storeQr: fakeStoreQr({ merchantName: fake.status.merchantName ?? '' }) };
      case 'printStoreQr':
        return { ok: true, job: queue({ slipId: 'store-qr', slipKind: 'store_qr', copy: 'shop', reprint: false }) };
      default:
        return null;
    }
  }

  return fake;
}
