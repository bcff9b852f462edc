/**
 * The composition root both hosts share: journal file, backend over HTTP, secrets, devices
 * (real drivers, or hardware/'s simulators in demo mode), and the core on top.
 */
import path from 'node:path';
import { createDeviceManager, createRealTransports, type DeviceManager } from '../../hardware/index';
import { createDemoHardware, type DemoHardware } from '../../hardware/simulators/index';
import { FileSecretStore } from '../core/adapters/file-secret-store';
import { HttpBackend } from '../core/backend/http-backend';
import { Journal } from '../core/journal/journal';
import type { SecretStore } from '../core/ports';
import type { HostLogger } from './logger';
import { TerminalCore } from '../core/terminal-core';
import { HardwareDevices } from './hardware-devices';
import { createLinkSwitch, type LinkSwitch } from './link-switch';

export interface TerminalHostOptions {
  dataDir: string;
  /** Used until a manager sets another one (kept in the journal); https unless loopback. */
  backendUrl: string;
  /** KUMAPAY_ALLOW_INSECURE_BACKEND=1: plain http to another machine (development only). */
  allowInsecureBackend?: boolean;
  demo: boolean;
  logger: HostLogger;
  /** Electron passes safeStorage; plain Node keeps a 0600 encrypted file in dataDir. */
  secrets?: SecretStore;
}

export interface OpenTerminal {
  core: TerminalCore;
  devices: DeviceManager;
  /** Demo mode only: the simulated devices and the network switch. */
  demo: { hardware: DemoHardware; link: LinkSwitch } | null;
  close(): Promise<void>;
}

export async function openTerminal(options: TerminalHostOptions): Promise<OpenTerminal> {
  const journal = Journal.open(path.join(options.dataDir, 'journal.sqlite'));
  const http = new HttpBackend(options.backendUrl);
  const demoHardware = options.demo ? createDemoHardware() : null;
  const link = options.demo ? createLinkSwitch(http) : null;
  const devices = createDeviceManager({
    configPath: path.join(options.dataDir, 'hardware.json'),
    transports: demoHardware ? demoHardware.transports : createRealTransports(),
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
  });
  core.start();
  await devices.start();
  return {
    core,
    devices,
    demo: demoHardware && link ? { hardware: demoHardware, link } : null,
    async close() {
      await devices.stop();
      await core.stop();
      journal.close();
    },
  };
}
