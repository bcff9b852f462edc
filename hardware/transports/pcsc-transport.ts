/**
 * The real PC/SC seam over `smartcard` (N-API bindings to pcsc-lite / WinSCard / macOS; why
 * this binding: docs/packaging.md). It is an optional dependency loaded on first use, so a
 * machine without it, or without the service, simply has no PC/SC readers, said once in the log.
 *
 * Card arrival and departure come from one SCardGetStatusChange loop over the open readers,
 * on its own service context, each wait bounded (pcscWaitMs). The bound is what lets the
 * loop stop by itself: nothing here ever has to cancel or join a thread inside the service,
 * which would freeze the host if the service hung. The cost is one libuv pool thread
 * waiting while a reader is open (Node has four).
 */
import { HardwareError, toHardwareError } from '../errors';
import { HARDWARE_LIMITS } from '../limits';
import type { HardwareLogger } from '../logger';
import { silentLogger } from '../logger';
import type { PcscConnection, PcscListeners, PcscReaderInfo, PcscTransport } from './types';

/** The part of `smartcard`'s API this transport uses (its own typings are absent where it is not installed). */
interface NativeCard {
  transmit(command: Buffer): Promise<Buffer>;
  disconnect(disposition?: number): void;
}
interface NativeReader {
  readonly name: string;
  connect(shareMode: number, protocol: number): Promise<NativeCard>;
}
interface NativeReaderState {
  name: string;
  state: number;
  changed: boolean;
  atr: Buffer | null;
}
interface NativeContext {
  readonly isValid: boolean;
  listReaders(): NativeReader[];
  waitForChange(readers: Array<{ name: string; state: number }>, timeoutMs: number): Promise<NativeReaderState[] | null>;
  close(): void;
}
export interface Smartcard {
  Context: new () => NativeContext;
  SCARD_SHARE_SHARED: number;
  SCARD_PROTOCOL_T0: number;
  SCARD_PROTOCOL_T1: number;
  SCARD_LEAVE_CARD: number;
  SCARD_STATE_UNAWARE: number;
  SCARD_STATE_CHANGED: number;
  SCARD_STATE_UNKNOWN: number;
  SCARD_STATE_UNAVAILABLE: number;
  SCARD_STATE_PRESENT: number;
}

// A variable, so the type checker does not require the optional package to be installed.
const SMARTCARD_MODULE: string = 'smartcard';

function isSmartcard(value: unknown): value is Smartcard {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  return typeof record.Context === 'function' && typeof record.SCARD_STATE_PRESENT === 'number' && typeof record.SCARD_SHARE_SHARED === 'number';
}

async function loadSmartcard(): Promise<Smartcard> {
  const loaded: unknown = await import(SMARTCARD_MODULE);
  const candidate = typeof loaded === 'object' && loaded !== null && 'default' in loaded ? (loaded as { default: unknown }).default : loaded;
  if (!isSmartcard(candidate)) throw new HardwareError('pcsc_unavailable', 'the smartcard package does not have the expected API');
  return candidate;
}

interface Watched {
  /** The reader's last event state as the service reported it (event counter included), CHANGED cleared. */
  state: number;
  present: boolean;
  atr: Uint8Array;
  listeners: Set<PcscListeners>;
}

export interface PcscTransportOptions {
  logger?: HardwareLogger;
  /** Injectable for tests; `smartcard` by default. */
  load?: () => Promise<Smartcard>;
  nowMs?: () => number;
  /** How long to leave a missing service alone; HARDWARE_LIMITS.pcscServiceRetryMsMin by default. */
  serviceRetryMs?: number;
}

export function createPcscTransport(options: PcscTransportOptions = {}): PcscTransport {
  const logger = options.logger ?? silentLogger;
  const nowMs = options.nowMs ?? Date.now;
  const serviceRetryMs = options.serviceRetryMs ?? HARDWARE_LIMITS.pcscServiceRetryMsMin;
  let loading: Promise<Smartcard> | null = null;
  /** For listing; the watch loop and each exchange have their own (see exchange()). */
  let context: NativeContext | null = null;
  const watched = new Map<string, Watched>();
  let watching: Promise<void> | null = null;
  let unavailableSinceMs: number | null = null;
  let unavailableLogged = false;

  const load = () => (loading ??= (options.load ?? loadSmartcard)());

  function release(c: NativeContext | null): void {
    try {
      c?.close();
    } catch (error) {
      logger.debug({ error }, 'closing a PC/SC context failed');
    }
  }

  function serviceUnavailable(error: unknown): void {
    unavailableSinceMs = nowMs();
    release(context);
    context = null;
    if (!unavailableLogged) logger.warn({ error }, 'no PC/SC service: PC/SC card readers are not available until it runs');
    unavailableLogged = true;
  }

  function fail(name: string, error: HardwareError): void {
    const entry = watched.get(name);
    watched.delete(name);
    for (const listeners of entry?.listeners ?? []) listeners.failed(error);
  }

  function apply(sc: Smartcard, change: NativeReaderState): void {
    const entry = watched.get(change.name);
    if (!entry) return;
    if (change.state & (sc.SCARD_STATE_UNKNOWN | sc.SCARD_STATE_UNAVAILABLE)) {
      fail(change.name, new HardwareError('device_unplugged', `${change.name} was unplugged`));
      return;
    }
    entry.state = change.state & ~sc.SCARD_STATE_CHANGED;
    const present = (change.state & sc.SCARD_STATE_PRESENT) !== 0;
    if (present === entry.present) return;
    entry.present = present;
    entry.atr = change.atr ? new Uint8Array(change.atr) : new Uint8Array();
    for (const listeners of entry.listeners) {
      if (present) listeners.present(entry.atr);
      else listeners.absent();
    }
  }

  async function watchLoop(sc: Smartcard): Promise<void> {
    const own = new sc.Context();
    try {
      while (watched.size > 0) {
        const readers = [...watched].map(([name, entry]) => ({ name, state: entry.state }));
        let changes: NativeReaderState[] | null;
        try {
          changes = await own.waitForChange(readers, HARDWARE_LIMITS.pcscWaitMs);
        } catch (error) {
          // A reader gone between waits, or the whole service: the service's list says which.
          const listed = await list();
          const cause = toHardwareError(error, 'device_unplugged', 'waiting for PC/SC readers failed');
          for (const name of [...watched.keys()]) {
            if (!listed.some((r) => r.name === name)) fail(name, new HardwareError('device_unplugged', `${name} is gone: ${cause.message}`));
          }
          if (watched.size > 0 && listed.length > 0) throw cause; // a failure the list does not explain
          continue;
        }
        for (const change of changes ?? []) if (change.changed) apply(sc, change);
      }
    } finally {
      release(own);
    }
  }

  function startWatching(sc: Smartcard): void {
    if (watching) return;
    watching = watchLoop(sc)
      .catch((error: unknown) => {
        const cause = toHardwareError(error, 'device_unplugged', 'the PC/SC service stopped answering');
        logger.warn({ error: cause }, 'PC/SC watch failed; every open reader reconnects');
        for (const name of [...watched.keys()]) fail(name, cause);
      })
      .finally(() => {
        watching = null;
        // A reader opened while the last wait was ending.
        if (watched.size > 0) startWatching(sc);
      });
  }

  async function listingContext(): Promise<NativeContext> {
    const sc = await load();
    if (!context || !context.isValid) {
      release(context);
      context = new sc.Context();
    }
    return context;
  }

  async function list(): Promise<PcscReaderInfo[]> {
    if (unavailableSinceMs !== null && nowMs() - unavailableSinceMs < serviceRetryMs) return [];
    try {
      const names = (await listingContext()).listReaders().map((r) => r.name);
      if (unavailableSinceMs !== null) logger.info({ readers: names.length }, 'the PC/SC service answers again');
      unavailableSinceMs = null;
      unavailableLogged = false;
      return names.map((name) => ({ name }));
    } catch (error) {
      serviceUnavailable(error);
      return [];
    }
  }

  /**
   * Each exchange has its own context: pcsc-lite serialises the calls of one context, so a slow
   * card on a shared one would hold up listing (a synchronous call, on the host's main thread).
   */
  async function exchange(readerName: string, apdu: Uint8Array): Promise<Uint8Array> {
    const sc = await load();
    const own = new sc.Context();
    try {
      const reader = own.listReaders().find((r) => r.name === readerName);
      if (!reader) throw new HardwareError('device_unplugged', `${readerName} is not listed any more`);
      const card = await reader.connect(sc.SCARD_SHARE_SHARED, sc.SCARD_PROTOCOL_T0 | sc.SCARD_PROTOCOL_T1);
      try {
        return new Uint8Array(await card.transmit(Buffer.from(apdu)));
      } finally {
        card.disconnect(sc.SCARD_LEAVE_CARD);
      }
    } finally {
      release(own);
    }
  }

  async function open(readerName: string): Promise<PcscConnection> {
    const listed = await list();
    if (!listed.some((r) => r.name === readerName)) throw new HardwareError('device_not_found', `no PC/SC reader named ${readerName}`);
    const sc = await load();
    let mine: PcscListeners | null = null;
    return {
      start(listeners) {
        mine = listeners;
        const entry = watched.get(readerName) ?? { state: sc.SCARD_STATE_UNAWARE, present: false, atr: new Uint8Array(), listeners: new Set<PcscListeners>() };
        watched.set(readerName, entry);
        entry.listeners.add(listeners);
        // The first wait (from UNAWARE) reports a card already there; a reader watched before tells it now.
        if (entry.present) queueMicrotask(() => listeners.present(entry.atr));
        startWatching(sc);
      },
      exchange: (apdu) =>
        exchange(readerName, apdu).catch((error: unknown) => {
          throw toHardwareError(error, 'read_failed', `reading the card on ${readerName} failed`);
        }),
      async close() {
        const entry = watched.get(readerName);
        if (mine) entry?.listeners.delete(mine);
        mine = null;
        if (entry && entry.listeners.size === 0) watched.delete(readerName);
      },
    };
  }

  return {
    label: 'pcsc',
    list,
    open,
    async dispose() {
      for (const name of [...watched.keys()]) fail(name, new HardwareError('closed', 'PC/SC transport disposed'));
      // The loop ends within one bounded wait; its context is released there.
      await watching;
      release(context);
      context = null;
    },
  };
}
