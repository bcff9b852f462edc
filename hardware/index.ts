/**
 * hardware/: scanners and card readers for the terminal core, with no Electron or DOM.
 *
 *   const manager = createDeviceManager({ configPath, transports: createRealTransports() });
 *   manager.on('event', (e) => core.forward(e));   // TerminalEvent 'scan' | 'card', unchanged
 *   manager.on('status', (s) => core.deviceChanged(s));
 *   await manager.start();
 *
 * Demo mode passes `createDemoHardware().transports` instead (hardware/simulators).
 */
import { createNodeHidTransport } from './transports/node-hid-transport';
import { createSerialportTransport } from './transports/serialport-transport';
import { createPcscTransport } from './transports/pcsc-transport';
import type { Transports } from './manager/open-device';
import type { HardwareLogger } from './logger';

export { createDeviceManager } from './manager/device-manager';
export type { DeviceManager, DeviceManagerListeners, DeviceManagerOptions } from './manager/device-manager';
export { hardwareConfig, deviceConfig, DEFAULT_CONFIG } from './manager/config-schema';
export type { DeviceConfig, DeviceConfigInput, HardwareConfig, HardwareConfigInput } from './manager/config-schema';
export type { Transports } from './manager/open-device';
export type { CardEvent, DeviceStatus, DropReason, FrameDrop, InputEvent, ScanEvent } from './events';
export { HardwareError, HARDWARE_ERROR_CODES, isHardwareError } from './errors';
export type { HardwareErrorCode } from './errors';
export type { HardwareLogger } from './logger';
export type { Timers, TimerHandle } from './timers';
export { systemTimers } from './timers';
export { HARDWARE_LIMITS } from './limits';
export type { HidTransport, PcscTransport, SerialTransport } from './transports/types';

export { createPcscTransport } from './transports/pcsc-transport';

/** node-hid, the native serialport binding and PC/SC (`smartcard`); each loads on first use. */
export function createRealTransports(options: { logger?: HardwareLogger } = {}): Transports {
  return { hid: createNodeHidTransport(), serial: createSerialportTransport(), pcsc: createPcscTransport(options.logger ? { logger: options.logger } : {}) };
}

// R29 receipt printers (issue 11): rendering, status, delivery, decoding, the simulator.
export {
  createPrinterClient,
  decodeEscPos,
  decodeStarLine,
  renderReceipt,
  startPrinterSimulator,
  attachPrinterSimulator,
  isStatusReply,
  stateFromReplies,
  statusRequest,
} from './printers/index';
export type {
  DecodedPrint,
  LinkedPrinterSimulator,
  PrinterClient,
  PrinterClientOptions,
  PrinterSimulator,
  PrinterStatus,
  SendResult,
  SimPrintedJob,
  SimPrinterState,
} from './printers/index';
