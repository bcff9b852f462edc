/**
 * A PC/SC service in memory that implements the PcscTransport seam, for the demo and the
 * driver's tests: readers plug in and out, cards are put on and lifted, and each reader
 * answers GET DATA the way a PC/SC Part 3 reader does (UID/IDm + 90 00, or an error status word),
 * after an optional delay on the injected timers. The real stack (pcscd + vpcd) is
 * hardware/simulators/pcsc/virtual-card.ts.
 */
import type { CardTechnology } from '../../events';
import { HardwareError } from '../../errors';
import { part3Atr } from '../../protocols/pcsc/get-uid';
import { hexToBytes } from '../hex';
import { systemTimers, type Timers } from '../../timers';
import type { PcscConnection, PcscListeners, PcscReaderInfo, PcscTransport } from '../../transports/types';

export interface SimCard {
  /** UID or IDm in hex, as printed by the reader (04A1B2C3D4E5F6, 012E4CD28B11620A). */
  uid: string;
  technology: Exclude<CardTechnology, 'unknown'>;
  /** Answer this status word instead of the UID (e.g. "6A81": function not supported). */
  statusWord?: string;
  /** The card answers only after this long. */
  replyDelayMs?: number;
}

export interface SimulatedPcscReader {
  readonly name: string;
  put(card: SimCard): void;
  lift(): void;
  /** Put, then lift after `holdMs` (a cashier's tap), on the bus's timers. */
  tap(card: SimCard, holdMs?: number): void;
  unplug(): void;
  replug(): void;
}

const TAP_HOLD_MS = 400;

class ReaderState {
  plugged = true;
  card: SimCard | null = null;
  readonly sessions = new Set<PcscListeners>();
  constructor(readonly name: string) {}
}

/** What a PC/SC Part 3 reader answers: GET DATA → UID + 90 00; anything else → 6D 00 (INS not supported). */
export function replyTo(apdu: Uint8Array, card: SimCard): Uint8Array {
  const isGetUid = apdu.length === 5 && apdu[0] === 0xff && apdu[1] === 0xca && apdu[2] === 0x00;
  if (!isGetUid) return Uint8Array.of(0x6d, 0x00);
  const status = hexToBytes(card.statusWord ?? '9000');
  const uid = hexToBytes(card.uid);
  if (!status || status.length !== 2 || !uid) throw new HardwareError('simulator_misuse', `bad simulated card ${JSON.stringify(card)}`);
  return card.statusWord ? status : Uint8Array.from([...uid, ...status]);
}

export class SimulatedPcscService implements PcscTransport {
  readonly label = 'simulator' as const;
  private readonly readers: ReaderState[] = [];

  constructor(private readonly timers: Timers = systemTimers) {}

  attach(name: string): SimulatedPcscReader {
    const state = new ReaderState(name);
    this.readers.push(state);
    const put = (card: SimCard) => {
      state.card = card;
      const atr = part3Atr(card.technology);
      for (const session of state.sessions) session.present(atr);
    };
    const lift = () => {
      if (state.card === null) return;
      state.card = null;
      for (const session of state.sessions) session.absent();
    };
    return {
      name,
      put,
      lift,
      tap: (card, holdMs = TAP_HOLD_MS) => {
        put(card);
        this.timers.setTimeout(lift, holdMs);
      },
      unplug: () => {
        state.plugged = false;
        state.card = null;
        const error = new HardwareError('device_unplugged', `${name} was unplugged`);
        for (const session of state.sessions) session.failed(error);
        state.sessions.clear();
      },
      replug: () => {
        state.plugged = true;
      },
    };
  }

  async list(): Promise<PcscReaderInfo[]> {
    return this.readers.filter((r) => r.plugged).map((r) => ({ name: r.name }));
  }

  async open(readerName: string): Promise<PcscConnection> {
    const state = this.readers.find((r) => r.plugged && r.name === readerName);
    if (!state) throw new HardwareError('device_not_found', `no PC/SC reader named ${readerName}`);
    let listeners: PcscListeners | null = null;
    const timers = this.timers;
    return {
      start(given) {
        listeners = given;
        state.sessions.add(given);
        const card = state.card;
        if (card) queueMicrotask(() => given.present(part3Atr(card.technology)));
      },
      exchange(apdu) {
        const card = state.card;
        if (!card) return Promise.reject(new HardwareError('read_failed', 'no card on the reader'));
        const reply = replyTo(apdu, card);
        if (!card.replyDelayMs) return Promise.resolve(reply);
        const delayMs = card.replyDelayMs;
        return new Promise((resolve) => timers.setTimeout(() => resolve(reply), delayMs));
      },
      async close() {
        if (listeners) state.sessions.delete(listeners);
      },
    };
  }

  async dispose(): Promise<void> {
    // Nothing to release: no service connection, no thread.
  }
}
