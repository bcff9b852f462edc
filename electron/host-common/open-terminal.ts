/**
 * The composition root both hosts share: journal file, backend over HTTP, secrets, devices and
 * the receipt printer (real drivers, or hardware/'s simulators in demo mode), and the core on top.
 */
import path from 'node:path';
import { createDeviceManager, createPcscTransport, createRealTransports, startPrinterSimulator, type DeviceManager, type PrinterSimulator } from '../../hardware/index';
import { createDemoHardware, type DemoHardware } from '../../hardware/simulators/index';
import { FileSecretStore, HttpBackend, Journal, TerminalCore, type SecretStore } from '../core/index';
import type { HostLogger } from './logger';
import { HardwareDevices } from './hardware-devices';
import { hardwarePrinters } from './hardware-printers';
import { createLinkSwitch, type LinkSwitch } from './link-switch';

export interface TerminalHostOptions {
  dataDir: string;
  /** Used until a manager sets another one (kept in the journal); https unless loopback. */
  backendUrl: string;
  /** KUMAPAY_ALLOW_INSECURE_BACKEND=1: plain http to another machine (development only). */
  allowInsecureBackend?: boolean;
  demo: boolean;
  /** Demo mode only: 'system' swaps the simulated PC/SC reader for this machine's smart-card service. */
  demoPcsc?: 'simulated' | 'system';
  logger: HostLogger;
  /** Electron passes safeStorage; plain Node keeps a 0600 encrypted file in dataDir. */
  secrets?: SecretStore;
}

export interface OpenTerminal {
  core: TerminalCore;
  devices: DeviceManager;
  /** Demo mode only: the simulated devices, the network switch and the receipt printer (TCP on 127.0.0.1). */
  demo: { hardware: DemoHardware; link: LinkSwitch; printer: PrinterSimulator } | null;
  close(): Promise<void>;
}

export async function openTerminal(options: TerminalHostOptions): Promise<OpenTerminal> {
  const journal = Journal.open(path.join(options.dataDir, 'journal.sqlite'));
  const http = new HttpBackend(options.backendUrl);
  const demoHardware = options.demo ? createDemoHardware() : null;
  const link = options.demo ? createLinkSwitch(http) : null;
  const transports = !demoHardware
    ? createRealTransports({ logger: options.logger })
    : options.demoPcsc === 'system'
      ? { ...demoHardware.transports, pcsc: createPcscTransport({ logger: options.logger }) }
      : demoHardware.transports;
  // R29: the demo's printer is a real TCP printer as far as the core can tell (raw port, DLE EOT).
  const printerSimulator = options.demo ? await startPrinterSimulator({ host: '127.0.0.1', port: 0 }) : null;
  const devices = createDeviceManager({
    configPath: path.join(options.dataDir, 'hardware.json'),
    transports,
    ...(demoHardware ? { initialConfig: demoHardware.initialConfig } : {}),
    logger: options.logger,
  });
  const core = await TerminalCore.open({
    journal,
    backend: link ? link.backend : http,
    devices: new HardwareDevices(devices),
    secrets: options.secrets ?? new FileSecretStore(path.join(options.dataDir, 'secrets')),
    defaultBackendUrl: options.backendUrl,
    allowInsecureBackend: options.allowInsecureBackend ?? false,
    logger: options.logger,
    printers: hardwarePrinters(transports.serial),
    // Only while the journal has no printer of its own (a manager's 設定 wins).
    ...(printerSimulator ? { defaultPrinterSettings: { connection: { type: 'tcp', host: printerSimulator.host, port: printerSimulator.port } } } : {}),
  }).catch(async (error: unknown) => {
    // A listening simulator would keep the process alive after the host gave up.
    await printerSimulator?.close();
    throw error;
  });
  core.start();
  await devices.start();
  return {
    core,
    devices,
    demo: demoHardware && link && printerSimulator ? { hardware: demoHardware, link, printer: printerSimulator } : null,
    async close() {
      await devices.stop();
      await core.stop();
      journal.close();
      await printerSimulator?.close();
    },
  };
}
