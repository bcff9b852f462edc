/**
 * Demo mode: a counter's worth of simulated devices behind the same transport seams the real
 * ones use. The host creates the device manager with `transports` and `initialConfig`, and
 * drives the devices with `scanner.scan(text)`, `cardReader.tap(uid)` and `pcscReader.tap(card)`.
 */
import type { HardwareConfigInput } from '../manager/config-schema';
import { discoveredHidPosId, discoveredPcscId } from '../manager/discovery';
import type { Transports } from '../manager/open-device';
import { createHidPosScannerSim } from './hid/hid-pos-scanner-sim';
import type { ScannerSimulator } from './hid/hid-pos-scanner-sim';
import { SimulatedHidBus } from './hid/simulated-hid-bus';
import { MockSerialBus } from './serial/mock-serial-bus';
import { createPn532Sim } from './serial/pn532-sim';
import type { Pn532Simulator } from './serial/pn532-sim';
import { createSerialScannerSim } from './serial/serial-scanner-sim';
import { SimulatedPcscService } from './pcsc/simulated-pcsc';
import type { SimulatedPcscReader } from './pcsc/simulated-pcsc';

export interface DemoHardware {
  transports: Transports;
  /** Devices that discovery does not find by itself (a PN532, a serial scanner). */
  initialConfig: HardwareConfigInput;
  /** A HID POS scanner, found by discovery (usage page 0x8C). */
  scanner: ScannerSimulator;
  /** A USB-COM scanner with a CR suffix. */
  serialScanner: ReturnType<typeof createSerialScannerSim>;
  /** A PN532 module on a USB-serial bridge. */
  cardReader: Pn532Simulator;
  /** A PC/SC reader as the smart-card service lists a PaSoRi, found by discovery. */
  pcscReader: SimulatedPcscReader;
  /** The device ids the manager will show for each simulator (every transport is 'simulator'). */
  deviceIds: { scanner: string; serialScanner: string; cardReader: string; pcscReader: string };
}

export function createDemoHardware(): DemoHardware {
  const hidBus = new SimulatedHidBus();
  const serialBus = new MockSerialBus();
  const scannerIds = { vendorId: 0x0c2e, productId: 0x0b87, serialNumber: 'DEMO-2D-1' };
  const scanner = createHidPosScannerSim(hidBus, { ...scannerIds, product: 'Demo 2D scanner' });
  const serialScanner = createSerialScannerSim(serialBus.attach('usb-com-scanner'), { suffix: 'cr' });
  const cardReader = createPn532Sim(serialBus.attach('pn532', { vendorId: 0x1a86, productId: 0x7523 }));
  const pcsc = new SimulatedPcscService();
  const pcscReader = pcsc.attach('Demo PaSoRi (PC/SC) 00 00');
  return {
    transports: { hid: hidBus, serial: serialBus.transport, pcsc },
    initialConfig: {
      version: 1,
      autoDiscovery: true,
      devices: [
        { id: 'demo-serial-scanner', name: 'Demo USB-COM scanner', driver: 'serial_scanner', port: { path: serialScanner.path }, suffix: 'cr' },
        { id: 'demo-card-reader', name: 'Demo NFC reader (PN532)', driver: 'pn532', port: { path: cardReader.path } },
      ],
    },
    scanner,
    serialScanner,
    cardReader,
    pcscReader,
    deviceIds: {
      scanner: discoveredHidPosId({ ...scannerIds, interfaceNumber: 0 }),
      serialScanner: 'demo-serial-scanner',
      cardReader: 'demo-card-reader',
      pcscReader: discoveredPcscId(pcscReader.name),
    },
  };
}
