/**
 * A core on a temporary journal file with the FakeBackend, a hand-moved clock and timers that
 * fire on the next turn of the event loop (so "wait 2 s before retrying" costs nothing).
 * Background loops are not started: tests drive sync and probes explicitly.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TerminalEvent } from '../../../common/terminal-api';
import type { Role } from '../../../common/wire/admin';
import type { OfflineLimits } from '../../../common/wire/terminal';
import { FileSecretStore } from '../adapters/file-secret-store';
import { NoDevices } from '../adapters/no-devices';
import { Journal } from '../journal/journal';
import type { PrinterSettingsInput } from '../../../common/receipts/printer-settings';
import type { Logger, Printers, SecretStore, Timers } from '../ports';
import { TerminalCore } from '../terminal-core';
import { FakeBackend } from './fake-backend';

export class ManualClock {
  constructor(public ms: number) {}
  nowMs(): number {
    return this.ms;
  }
  advance(ms: number): void {
    this.ms += ms;
  }
}

export const nextTurnTimers: Timers = {
  setTimeout: (callback) => setImmediate(callback),
  clearTimeout: (handle) => clearImmediate(handle as NodeJS.Immediate),
};

/** 2024-06-01 10:00 JST. */
export const START_MS = Date.parse('2024-06-01T10:00:00+09:00');

export interface LogLine {
  level: 'info' | 'warn' | 'error';
  fields: Record<string, unknown>;
  message: string;
}

/** Keeps every line the core logs, so tests can check what is (and is not) written. */
export function collectingLogger(lines: LogLine[]): Logger {
  return {
    info: (fields, message) => lines.push({ level: 'info', fields, message }),
    warn: (fields, message) => lines.push({ level: 'warn', fields, message }),
    error: (fields, message) => lines.push({ level: 'error', fields, message }),
  };
}

export interface Harness {
  core: TerminalCore;
  backend: FakeBackend;
  clock: ManualClock;
  journal: Journal;
  dir: string;
  journalPath: string;
  events: TerminalEvent[];
  /** Everything the core logged, across restarts. */
  logs: LogLine[];
  /** Reopens the core on the same journal, as after a power cut. */
  restart(): Promise<void>;
  cleanup(): Promise<void>;
}

export interface HarnessOptions {
  /** Enroll with the fake's code (default true); false also skips the staff login. */
  enroll?: boolean;
  /** Who logs in (default a cashier); null for nobody. */
  staff?: { code: string; pin: string; role: Role } | null;
  staffSessionTtlMs?: number;
  /** What the fake backend hands out at enrollment (R20 limits). */
  offlineLimits?: Partial<OfflineLimits>;
  /** Wraps the file secret store (e.g. to make saving fail). */
  secrets?: (store: SecretStore) => SecretStore;
  /** CoreOptions.allowInsecureBackend (the hosts' development flag). */
  allowInsecureBackend?: boolean;
  /** R29: the receipt printers port (e.g. FakePrinters); absent, slips are kept and nothing prints. */
  printers?: Printers;
  /** R29: CoreOptions.defaultPrinterSettings. */
  defaultPrinterSettings?: PrinterSettingsInput;
}

export async function makeHarness(options: HarnessOptions = {}): Promise<Harness> {
  const dir = mkdtempSync(path.join(tmpdir(), 'kumapay-core-'));
  const journalPath = path.join(dir, 'journal.sqlite');
  const clock = new ManualClock(START_MS);
  const backend = await FakeBackend.create(clock);
  if (options.staffSessionTtlMs !== undefined) backend.staffSessionTtlMs = options.staffSessionTtlMs;
  backend.offlineLimits = { ...backend.offlineLimits, ...options.offlineLimits };
  const events: TerminalEvent[] = [];
  const logs: LogLine[] = [];
  const open = async () => {
    const journal = Journal.open(journalPath);
    const fileSecrets = new FileSecretStore(path.join(dir, 'secrets'));
    const core = await TerminalCore.open({
      journal,
      backend,
      devices: new NoDevices(),
      secrets: options.secrets ? options.secrets(fileSecrets) : fileSecrets,
      defaultBackendUrl: 'http://127.0.0.1:1',
      clock,
      timers: nextTurnTimers,
      logger: collectingLogger(logs),
      ...(options.allowInsecureBackend ? { allowInsecureBackend: true } : {}),
      ...(options.printers ? { printers: options.printers } : {}),
      ...(options.defaultPrinterSettings ? { defaultPrinterSettings: options.defaultPrinterSettings } : {}),
    });
    core.subscribe((event) => events.push(event));
    return { journal, core };
  };
  const first = await open();
  const harness: Harness = {
    ...first,
    backend,
    clock,
    dir,
    journalPath,
    events,
    logs,
    async restart() {
      await harness.core.receipts.idle();
      await harness.core.stop();
      harness.journal.close();
      const next = await open();
      harness.core = next.core;
      harness.journal = next.journal;
    },
    async cleanup() {
      await harness.core.receipts.idle();
      await harness.core.stop();
      harness.journal.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  if (options.enroll !== false) {
    const enrolled = await harness.core.call('enroll', { enrollmentCode: 'GOOD-CODE' });
    if (!enrolled.ok) throw new Error(`enroll failed: ${enrolled.message}`);
  }
  const staff = options.staff === undefined ? { code: 'c1', pin: '1234', role: 'cashier' as const } : options.staff;
  if (staff && options.enroll !== false) {
    backend.addStaff(staff.code, staff.pin, staff.role);
    const login = await harness.core.call('login', { staffCode: staff.code, pin: staff.pin });
    if (!login.ok) throw new Error(`login failed: ${login.message}`);
  }
  return harness;
}

/** Makes the core believe the link is down (as after two failed requests). */
export async function goOffline(h: Harness): Promise<void> {
  h.backend.setDown(true);
  await h.core.connectivity.probeNow();
  await h.core.connectivity.probeNow();
}

export async function goOnline(h: Harness): Promise<void> {
  h.backend.setDown(false);
  await h.core.connectivity.probeNow();
}
