/** Simulators for demo mode and end-to-end tests: real wire bytes through the real seams. */
export { createDemoHardware } from './demo';
export type { DemoHardware } from './demo';
export { SimulatedHidBus } from './hid/simulated-hid-bus';
export type { HidOpenFault, SimulatedHidDevice } from './hid/simulated-hid-bus';
export { createHidPosScannerSim } from './hid/hid-pos-scanner-sim';
export type { HidPosScannerSimOptions, ScannerSimulator } from './hid/hid-pos-scanner-sim';
export { createKeyboardCardReaderSim, createKeyboardScannerSim } from './hid/keyboard-devices-sim';
export type { CardReaderSimulator, KeyboardSimOptions } from './hid/keyboard-devices-sim';
export { MockSerialBus } from './serial/mock-serial-bus';
export type { SerialAttachment, SerialDeviceLink } from './serial/device-link';
export { createSerialScannerSim } from './serial/serial-scanner-sim';
export { createPn532Sim } from './serial/pn532-sim';
export type { Pn532Fault, Pn532Simulator } from './serial/pn532-sim';
export { hasSocat, openPtyAttachment } from './serial/pty-pair';
export { SimulatedPcscService } from './pcsc/simulated-pcsc';
export type { SimCard, SimulatedPcscReader } from './pcsc/simulated-pcsc';
export { pcscStackUnavailableReason, startPcscStack, VPCD_READER_NAMES } from './pcsc/pcscd-stack';
export type { PcscStack } from './pcsc/pcscd-stack';
export { putVirtualCard } from './pcsc/virtual-card';
export type { VirtualCard } from './pcsc/virtual-card';
export type { PtyAttachment } from './serial/pty-pair';
// R29: a receipt printer on TCP (a job per connection) or on a cable (a job per cut).
export { attachPrinterSimulator, startPrinterSimulator } from '../printers/simulator/printer-simulator';
export type { LinkedPrinterSimulator, PrinterSimulator, PrinterSimulatorOptions, SimPrintedJob, SimPrinterState } from '../printers/simulator/printer-simulator';
