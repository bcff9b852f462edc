/**
 * Demo mode's simulator actions (`POST /api/sim/<action>`): drive hardware/'s simulated
 * devices with real wire bytes, switch the core's network link, mint a CPM token for the
 * demo customer (as the customer's phone would, over its own network, not the counter's) and
 * pass the citizen app's calls on as that customer (sim-customer.ts), and put the receipt
 * printer in trouble or show what it last printed (R29).
 */
import axios from 'axios';
import { z } from 'zod';
import type { DemoHardware } from '../../hardware/simulators/index';
import type { DeviceManager, PrinterSimulator } from '../../hardware/index';
import type { LinkSwitch } from '../host-common/link-switch';
import { WEB_LIMITS } from './limits';
import { LIMITS } from '../../common/limits';
import { createCustomerPassThrough, customerSimInputs, isCustomerSimAction } from './sim-customer';

export const simInputs = {
  scan: z.object({ text: z.string().min(1).max(LIMITS.scanTextLengthMax) }),
  /** `reader`: the PN532 on its serial bridge (the default, as before) or the PC/SC reader (issue 12). */
  tap: z.object({ uid: z.string().regex(/^[0-9A-Fa-f]{8,20}$/), technology: z.enum(['iso14443a', 'felica', 'unknown']), reader: z.enum(['nfc', 'pcsc']).default('nfc') }),
  unplug: z.object({ deviceId: z.string().min(1).max(128) }),
  replug: z.object({ deviceId: z.string().min(1).max(128) }),
  network: z.object({ online: z.boolean() }),
  'customer-token': z.object({}).strict(),
  /** R29: the simulated printer's condition (what DLE EOT answers); omitted fields stay as they are. */
  'printer-state': z.object({ paperOut: z.boolean().optional(), coverOpen: z.boolean().optional(), offline: z.boolean().optional(), paperNearEnd: z.boolean().optional() }).strict(),
  /** R29: what the simulated printer printed last, as text lines and as an image. */
  'printer-last': z.object({}).strict(),
  /** The citizen app's calls to the backend as the demo customer (R23, R25, R28): sim-customer.ts. */
  ...customerSimInputs,
  /** What the demo offers a person trying the citizen app: the seed's event code (R23). */
  'demo-info': z.object({}).strict(),
  /** The QR the counter shows on its customer display right now (R28 dynamic), if any: the demo's "read the shop's QR". */
  'shop-qr': z.object({}).strict(),
} as const;

export type SimAction = keyof typeof simInputs;

/** Refusals: the host's own (404, 502) or the backend's passed on (sim-customer.ts). */
export type SimOutcome = { status: 200; body: unknown } | { status: number; body: { error: { code: string; message: string } } };

export interface SimController {
  run(action: SimAction, input: unknown): Promise<SimOutcome>;
}

export function isSimAction(name: string): name is SimAction {
  return Object.prototype.hasOwnProperty.call(simInputs, name);
}

interface Pluggable {
  unplug(): void;
  replug(): void;
}

export function createSimController(options: {
  hardware: DemoHardware;
  devices: DeviceManager;
  link: LinkSwitch;
  customerToken: string | null;
  /** The demo's second customer, whose receive-QR the first can send points to (R23). */
  partnerToken?: string | null;
  /** The seed's point event code (what its event QR holds), offered on the customer page (R23). */
  demoEventCode?: string | null;
  /** The MPM QR on the counter's customer display now, or null (R28). */
  shopQr?: () => Promise<string | null>;
  /** Where the customer's phone talks to: the backend itself, never the counter's link. */
  backendUrl: () => string;
  /** The demo's receipt printer; without it the printer actions answer 404. */
  printer?: PrinterSimulator | null;
  /** Told after the printer's condition changed, so the counter asks it now rather than at its next poll. */
  printerChanged?: () => void;
}): SimController {
  const { hardware, devices, link } = options;
  const http = axios.create({ proxy: false, timeout: WEB_LIMITS.simRequestTimeoutMs });
  const passThrough = createCustomerPassThrough({ http, backendUrl: options.backendUrl, customerToken: options.customerToken, partnerToken: options.partnerToken ?? null });

  function pluggable(deviceId: string): Pluggable | null {
    if (deviceId === 'demo-card-reader') return hardware.cardReader;
    if (deviceId === hardware.deviceIds.pcscReader) return hardware.pcscReader;
    if (deviceId === 'demo-serial-scanner') return hardware.serialScanner;
    // The HID POS scanner is found by discovery, which names it.
    const found = devices.devices().find((d) => d.id === deviceId);
    return found?.transport === 'hid' ? hardware.scanner : null;
  }

  async function customerToken(): Promise<SimOutcome> {
    if (!options.customerToken) {
      return { status: 404, body: { error: { code: 'not_found', message: 'No demo customer: set KUMAPAY_DEMO_CUSTOMER_TOKEN when starting the host.' } } };
    }
    const headers = { Authorization: `Bearer ${options.customerToken}` };
    const base = options.backendUrl();
    try {
      const minted = await http.post<{ token: string; expiresAt: string }>(`${base}/v1/customer/cpm-tokens`, {}, { headers });
      const wallet = await http.get<{ walletId: string; totalYen: number }>(`${base}/v1/customer/wallet`, { headers });
      return { status: 200, body: { token: minted.data.token, expiresAt: minted.data.expiresAt, walletId: wallet.data.walletId, totalYen: wallet.data.totalYen } };
    } catch (error) {
      return { status: 502, body: { error: { code: 'network', message: `The backend did not mint a token: ${error instanceof Error ? error.message : String(error)}` } } };
    }
  }

  function noPrinter(): SimOutcome {
    return { status: 404, body: { error: { code: 'not_found', message: 'No simulated receipt printer in this host.' } } };
  }

  let liftTimer: NodeJS.Timeout | null = null;
  return {
    async run(action, input) {
      if (isCustomerSimAction(action)) return passThrough(action, input);
      switch (action) {
        case 'scan': {
          const { text } = simInputs.scan.parse(input);
          hardware.scanner.scan(text);
          return { status: 200, body: { ok: true } };
        }
        case 'tap': {
          const { uid, technology, reader } = simInputs.tap.parse(input);
          if (reader === 'pcsc') {
            // A PC/SC reader reports the standard in the ATR; an unknown one reads as type A.
            hardware.pcscReader.tap({ uid: uid.toUpperCase(), technology: technology === 'felica' ? 'felica' : 'iso14443a' }, WEB_LIMITS.simCardDwellMs);
            return { status: 200, body: { ok: true } };
          }
          hardware.cardReader.tap(uid, technology);
          // A tap is a card laid down and lifted: left on the reader it would be read once and
          // never again, so the next tap of the same card would do nothing.
          if (liftTimer) clearTimeout(liftTimer);
          liftTimer = setTimeout(() => {
            liftTimer = null;
            hardware.cardReader.remove();
          }, WEB_LIMITS.simCardDwellMs);
          liftTimer.unref();
          return { status: 200, body: { ok: true } };
        }
        case 'unplug':
        case 'replug': {
          const { deviceId } = simInputs[action].parse(input);
          const device = pluggable(deviceId);
          if (!device) return { status: 404, body: { error: { code: 'not_found', message: `No simulated device ${deviceId}.` } } };
          if (action === 'unplug') device.unplug();
          else device.replug();
          return { status: 200, body: { ok: true } };
        }
        case 'network': {
          const { online } = simInputs.network.parse(input);
          link.setOnline(online);
          return { status: 200, body: { ok: true, online } };
        }
        case 'customer-token':
          simInputs['customer-token'].parse(input);
          return customerToken();
        case 'demo-info':
          simInputs['demo-info'].parse(input);
          return { status: 200, body: { eventCode: options.demoEventCode ?? null, partner: Boolean(options.partnerToken) } };
        case 'shop-qr':
          simInputs['shop-qr'].parse(input);
          return { status: 200, body: { qr: options.shopQr ? await options.shopQr() : null } };
        case 'printer-state': {
          const change = simInputs['printer-state'].parse(input);
          const printer = options.printer;
          if (!printer) return noPrinter();
          const state: Parameters<PrinterSimulator['setState']>[0] = {};
          if (change.paperOut !== undefined) state.paperOut = change.paperOut;
          if (change.coverOpen !== undefined) state.coverOpen = change.coverOpen;
          if (change.offline !== undefined) state.offline = change.offline;
          if (change.paperNearEnd !== undefined) state.paperNearEnd = change.paperNearEnd;
          printer.setState(state);
          options.printerChanged?.();
          return { status: 200, body: printer.state() };
        }
        case 'printer-last': {
          simInputs['printer-last'].parse(input);
          const printer = options.printer;
          if (!printer) return noPrinter();
          const last = printer.lastJob();
          // `count`: every job printed since the simulator started (the kept list is bounded).
          return { status: 200, body: { count: printer.printedCount(), receivedAt: last?.receivedAt ?? null, lines: last?.lines ?? null, svg: printer.lastSvg(), state: printer.state() } };
        }
      }
    },
  };
}
