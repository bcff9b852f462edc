/**
 * An in-memory TerminalApi for component tests: the test scripts each command's answer and
 * emits events by hand, and can read back every call the UI made.
 */
import type {
  CommandInput,
  CommandName,
  CommandOutputs,
  CustomerView,
  StaffView,
  TerminalApi,
  TerminalEvent,
  TerminalStatus,
} from '../../common/terminal-api';
import type { Role } from '../../common/wire/admin';
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
    return failure('not_found', `the fake has no answer for ${command}`) as unknown as CommandOutputs[C];
  }

  return fake;
}
