/**
 * The device manager: finds devices (enumeration + the config file), opens each with its
 * driver, keeps a status per device, reconnects with bounded backoff after a pulled cable or
 * a failed open, debounces, and hands scan/card events to the host. Device callbacks only
 * enqueue; everything else runs later, outside them.
 */
import { drop as dropPromise } from '../../common/assert';
import type { Clock } from '../../common/time';
import { systemClock } from '../../common/time';
import type { DriverContext, DriverSession } from '../drivers/driver';
import { HardwareError, toHardwareError } from '../errors';
import type { HardwareErrorCode } from '../errors';
import type { DeviceNotice } from '../../common/terminal-api';
import type { ScanTextEncoding } from '../../common/scan-encoding';
import type { DeviceStatus } from '../events';
import { HARDWARE_LIMITS } from '../limits';
import type { HardwareLogger } from '../logger';
import { silentLogger } from '../logger';
import type { TimerHandle, Timers } from '../timers';
import { systemTimers } from '../timers';
import { reconnectDelayMs } from './backoff';
import type { DeviceConfig, HardwareConfig, HardwareConfigInput } from './config-schema';
import { loadConfig, parseConfig, saveConfig } from './config-store';
import { configWithEncoding, encodingOf } from './device-settings';
import { discoverDevices, locate } from './discovery';
import type { Enumeration, KnownTables } from './discovery';
import { createEventDelivery } from './event-delivery';
import { createListenerRegistry } from './listeners';
import type { DeviceManagerListeners } from './listeners';
import { DEFAULT_TUNING, deviceKind, deviceTransport, openDevice } from './open-device';
import type { DriverTuning, Transports } from './open-device';

export interface DeviceManagerOptions {
  configPath: string;
  transports: Transports;
  clock?: Clock;
  timers?: Timers;
  logger?: HardwareLogger;
  /** The config to run while the file does not exist yet (demo mode, first start). */
  initialConfig?: HardwareConfigInput;
  /** Enumeration period; never below HARDWARE_LIMITS.discoveryIntervalMsMin. */
  discoveryIntervalMs?: number;
  tuning?: Partial<DriverTuning>;
  knownTables?: KnownTables;
}

export type { DeviceManagerListeners } from './listeners';

export interface DeviceManager {
  /** Loads the config (rejects with config_invalid / config_unreadable) and opens devices. */
  start(): Promise<void>;
  stop(): Promise<void>;
  on<C extends keyof DeviceManagerListeners>(channel: C, listener: DeviceManagerListeners[C]): () => void;
  devices(): DeviceStatus[];
  config(): HardwareConfig;
  /** Validates, saves to the config file, and applies at once. */
  configure(input: unknown): Promise<HardwareConfig>;
  /** A scanner's text encoding (設定 → 機器), saved like `configure`; device_not_found for a device without one. */
  setEncoding(deviceId: string, encoding: ScanTextEncoding): Promise<HardwareConfig>;
}

interface Entry {
  device: DeviceConfig;
  origin: 'configured' | 'discovered';
  status: DeviceStatus;
  session: DriverSession | null;
  /** Bumped on every open and close, so callbacks from an old session are ignored. */
  generation: number;
  opening: boolean;
  /** A failure reported while the session was still opening, applied once it is open. */
  failedWhileOpening: HardwareError | null;
  failures: number;
  nextAttemptAtMs: number;
}

const DISCONNECTED_CODES = new Set<HardwareErrorCode>(['device_unplugged', 'device_not_found']);
/** Configured devices plus discovered ones kept (disconnected) after they vanish. */
const ENTRIES_MAX = HARDWARE_LIMITS.configuredDevicesMax * 2;

export function createDeviceManager(options: DeviceManagerOptions): DeviceManager {
  const clock = options.clock ?? systemClock;
  const timers = options.timers ?? systemTimers;
  const logger = options.logger ?? silentLogger;
  const { transports } = options;
  const tuning: DriverTuning = { ...DEFAULT_TUNING, ...options.tuning };
  const discoveryIntervalMs = Math.max(options.discoveryIntervalMs ?? HARDWARE_LIMITS.discoveryIntervalMsMin, HARDWARE_LIMITS.discoveryIntervalMsMin);
  const initialConfig = options.initialConfig === undefined ? undefined : parseConfig(options.initialConfig);

  const listeners = createListenerRegistry(logger);
  const { notify } = listeners;
  const entries = new Map<string, Entry>();
  let config: HardwareConfig = initialConfig ?? parseConfig({ version: 1 });
  const delivery = createEventDelivery({ clock, logger, notify, debounceMs: config.debounceMs });
  let enumeration: Enumeration = { hid: [], serial: [], pcsc: [] };
  let running = false;
  let tickTimer: TimerHandle | null = null;
  // Ticks and reconfigurations run one at a time, in order.
  let serialised: Promise<void> = Promise.resolve();

  function setStatus(entry: Entry, state: DeviceStatus['state'], error: HardwareError | null): void {
    const fix = error && typeof error.details.fix === 'string' ? error.details.fix : null;
    const next: DeviceStatus = { ...entry.status, state, reason: error?.message ?? null, reasonCode: error?.code ?? null, fix };
    const changed = next.state !== entry.status.state || next.reasonCode !== entry.status.reasonCode || next.reason !== entry.status.reason;
    entry.status = next;
    if (changed) {
      logger.info({ device: next.id, state, reasonCode: next.reasonCode }, 'device status');
      notify('status', { ...next });
    }
  }

  function setNotice(entry: Entry, notice: DeviceNotice | null): void {
    if (JSON.stringify(notice) === JSON.stringify(entry.status.notice ?? null)) return;
    entry.status = { ...entry.status, notice };
    logger.info({ device: entry.device.id, notice: notice?.code ?? null }, 'device notice');
    notify('status', { ...entry.status });
  }

  function newEntry(device: DeviceConfig, origin: Entry['origin']): Entry {
    const encoding = encodingOf(device);
    const status: DeviceStatus = {
      id: device.id,
      kind: deviceKind(device),
      name: device.name,
      transport: deviceTransport(device, transports),
      deviceClass: device.driver,
      state: 'disconnected',
      reason: null,
      reasonCode: null,
      fix: null,
      notice: null,
      ...(encoding ? { encoding } : {}),
    };
    return { device, origin, status, session: null, generation: 0, opening: false, failedWhileOpening: null, failures: 0, nextAttemptAtMs: 0 };
  }

  async function closeSession(entry: Entry): Promise<void> {
    const session = entry.session;
    entry.session = null;
    entry.generation++;
    if (!session) return;
    try {
      await session.close();
    } catch (error) {
      logger.warn({ device: entry.device.id, error }, 'closing a device failed');
    }
  }

  function contextFor(entry: Entry, generation: number): DriverContext {
    const source = entry.device.id;
    return {
      source,
      clock,
      timers,
      logger,
      input: (parsed) => delivery.input(source, parsed),
      drop: (reason, byteCount) => delivery.drop(source, reason, byteCount),
      failed: (error) => queueMicrotask(() => sessionFailed(entry, generation, error)),
      notice: (notice) => {
        if (entry.generation === generation) setNotice(entry, notice);
      },
    };
  }

  function sessionFailed(entry: Entry, generation: number, error: HardwareError): void {
    if (entry.generation !== generation) return; // an old session's last words
    if (entry.session === null) {
      if (entry.opening) entry.failedWhileOpening ??= error;
      return; // already handled
    }
    const disconnected = DISCONNECTED_CODES.has(error.code);
    entry.failures = disconnected ? 1 : entry.failures + 1;
    entry.nextAttemptAtMs = clock.nowMs() + reconnectDelayMs(entry.failures);
    setStatus(entry, disconnected ? 'disconnected' : 'error', error);
    dropPromise(closeSession(entry), (e) => logger.error({ device: entry.device.id, error: e }, 'closing a failed device threw'));
  }

  async function attempt(entry: Entry, path: string): Promise<void> {
    entry.opening = true;
    // A notice belongs to the session that set it: a new one learns the device afresh.
    entry.status = { ...entry.status, notice: null };
    entry.failedWhileOpening = null;
    const generation = ++entry.generation;
    try {
      const session = await openDevice(entry.device, path, contextFor(entry, generation), transports, tuning);
      if (!running || entry.generation !== generation || entries.get(entry.device.id) !== entry) {
        await session.close();
        return;
      }
      entry.session = session;
      entry.failures = 0;
      setStatus(entry, 'connected', null);
      const early = entry.failedWhileOpening;
      if (early) sessionFailed(entry, generation, early);
    } catch (thrown) {
      const error = toHardwareError(thrown, 'open_failed', `opening ${entry.device.name} failed`);
      entry.failures++;
      entry.nextAttemptAtMs = clock.nowMs() + reconnectDelayMs(entry.failures);
      setStatus(entry, DISCONNECTED_CODES.has(error.code) ? 'disconnected' : 'error', error);
    } finally {
      entry.opening = false;
    }
  }

  async function enumerate(): Promise<void> {
    const [hid, serial, pcsc] = await Promise.allSettled([transports.hid.list(), transports.serial.list(), transports.pcsc?.list() ?? Promise.resolve([])]);
    // A failed enumeration keeps the last good one: devices stay as they were for one period.
    if (hid.status === 'fulfilled') enumeration = { ...enumeration, hid: hid.value };
    else logger.warn({ error: hid.reason }, 'HID enumeration failed');
    if (serial.status === 'fulfilled') enumeration = { ...enumeration, serial: serial.value };
    else logger.warn({ error: serial.reason }, 'serial enumeration failed');
    if (pcsc.status === 'fulfilled') enumeration = { ...enumeration, pcsc: pcsc.value };
    else logger.warn({ error: pcsc.reason }, 'PC/SC enumeration failed');
  }

  async function reconcile(): Promise<void> {
    const wanted = new Map<string, { device: DeviceConfig; origin: Entry['origin'] }>();
    for (const device of config.devices) if (device.enabled) wanted.set(device.id, { device, origin: 'configured' });
    if (config.autoDiscovery) {
      for (const device of discoverDevices(config, enumeration, options.knownTables)) if (!wanted.has(device.id)) wanted.set(device.id, { device, origin: 'discovered' });
    }
    const closing: Array<Promise<void>> = [];
    for (const [id, entry] of entries) {
      const want = wanted.get(id);
      const keepVanished = !want && entry.origin === 'discovered' && config.autoDiscovery && !config.ignoredDeviceIds.includes(id);
      if (keepVanished) continue;
      if (!want || JSON.stringify(want.device) !== JSON.stringify(entry.device)) {
        entries.delete(id);
        closing.push(closeSession(entry));
        // Listeners re-read devices() on a status: this one tells them the list changed.
        if (!want) notify('status', { ...entry.status, state: 'disconnected', reason: 'removed from the device list', reasonCode: null, fix: null });
      }
    }
    await Promise.all(closing);
    for (const [id, { device, origin }] of wanted) if (!entries.has(id)) entries.set(id, newEntry(device, origin));
    // Forget the oldest vanished discovered devices beyond the bound.
    for (const [id, entry] of entries) {
      if (entries.size <= ENTRIES_MAX) break;
      if (entry.origin === 'discovered' && entry.session === null && !entry.opening) entries.delete(id);
    }
  }

  async function tick(): Promise<void> {
    await enumerate();
    await reconcile();
    const nowMs = clock.nowMs();
    const attempts: Array<Promise<void>> = [];
    for (const entry of entries.values()) {
      if (entry.session || entry.opening || entry.nextAttemptAtMs > nowMs) continue;
      const path = locate(entry.device, enumeration);
      if (path === null) {
        setStatus(entry, 'disconnected', new HardwareError('device_not_found', `${entry.device.name} is not connected.`, { fix: 'Plug the device in; it reconnects by itself.' }));
        continue;
      }
      attempts.push(attempt(entry, path));
    }
    await Promise.all(attempts);
  }

  /** The returned promise carries the step's failure; the chain itself goes on regardless. */
  function runSerialised(work: () => Promise<void>): Promise<void> {
    const next = serialised.then(work);
    serialised = next.then(
      () => undefined,
      () => undefined, // reported by whoever awaits `next`
    );
    return next;
  }

  function scheduleTick(): void {
    if (!running) return;
    tickTimer = timers.setTimeout(() => {
      tickTimer = null;
      dropPromise(
        runSerialised(tick).finally(scheduleTick),
        (error) => logger.error({ error }, 'hardware discovery tick failed'),
      );
    }, discoveryIntervalMs);
  }

  return {
    async start() {
      if (running) return;
      const loaded = await loadConfig(options.configPath, initialConfig);
      config = loaded.config;
      delivery.setDebounceMs(config.debounceMs);
      logger.info({ configPath: options.configPath, fromFile: loaded.fromFile, devices: config.devices.length }, 'hardware config loaded');
      running = true;
      await runSerialised(tick);
      scheduleTick();
    },
    async stop() {
      running = false;
      tickTimer?.cancel();
      tickTimer = null;
      await runSerialised(async () => {
        await Promise.all([...entries.values()].map(closeSession));
        for (const entry of entries.values()) setStatus(entry, 'disconnected', null);
        // Ends the PC/SC watch loop (within one bounded wait) and releases its service contexts.
        await transports.pcsc?.dispose();
      });
    },
    on: listeners.on,
    devices: () => [...entries.values()].map((entry) => ({ ...entry.status })),
    config: () => config,
    async configure(input) {
      const next = parseConfig(input);
      await saveConfig(options.configPath, next);
      await runSerialised(async () => {
        config = next;
        delivery.setDebounceMs(next.debounceMs);
        if (running) await tick();
      });
      return next;
    },
    async setEncoding(deviceId, encoding) {
      const entry = entries.get(deviceId);
      const next = entry ? configWithEncoding(config, entry.device, encoding) : null;
      if (next === null) throw new HardwareError('device_not_found', `No scanner ${deviceId} has an encoding setting.`, { deviceId });
      return this.configure(next);
    },
  };
}
