/**
 * The printer as the terminal core's Printers port sees it: ask its real-time status, send one
 * job. One connection per call (printers are used job by job). Nothing here throws for a
 * printer's trouble, and every wait is bounded by one deadline per call
 * (HARDWARE_LIMITS.printerStatusTimeoutMs, printerSendTimeoutMs, or `timeoutMs`).
 */
import type { PrintFailureCode, PrinterConnection, PrinterStatusView } from '../../common/receipts/printer-settings';
import { HARDWARE_LIMITS } from '../limits';
import type { TimerHandle, Timers } from '../timers';
import type { SerialTransport } from '../transports/types';
import type { PrinterLink } from './links/link';
import { openSerialLink } from './links/serial-link';
import { openTcpLink } from './links/tcp-link';
import { openUsbLpLink } from './links/usb-lp-link';
import { DLE_EOT_OFFLINE_CAUSE, DLE_EOT_PRINTER, DLE_EOT_ROLL_PAPER, isStatusReply, stateFromReplies, statusRequest } from './status';
import type { StatusRequestN } from './status';

export type PrinterStatus = Omit<PrinterStatusView, 'checkedAt'>;
export type SendResult = { ok: true } | { ok: false; code: PrintFailureCode; message: string };

export interface PrinterClient {
  status(connection: PrinterConnection): Promise<PrinterStatus>;
  send(connection: PrinterConnection, bytes: Uint8Array): Promise<SendResult>;
}

export interface PrinterClientOptions {
  serial: SerialTransport;
  timers?: Timers;
  /** Bounds every status check and every job (defaults: printerStatusTimeoutMs, printerSendTimeoutMs). */
  timeoutMs?: number;
}

/**
 * Ordinary (ref'd) timers: a status check or a job in progress keeps the process alive until it
 * ends (systemTimers are unref'd for background polls). Every one is cancelled when its call ends.
 */
const callTimers: Timers = {
  setTimeout(callback, delayMs) {
    const handle = setTimeout(callback, delayMs);
    return { cancel: () => clearTimeout(handle) };
  },
};

const EXPIRED = Symbol('expired');
type Expired = typeof EXPIRED;

/** One call's time budget: each step races it, and the open in progress is aborted with it. */
class Deadline {
  private readonly controller = new AbortController();
  private readonly handle: TimerHandle;
  private readonly reached: Promise<Expired>;

  constructor(timers: Timers, readonly ms: number) {
    let reach: (value: Expired) => void = () => undefined;
    this.reached = new Promise((resolve) => {
      reach = resolve;
    });
    this.handle = timers.setTimeout(() => {
      this.controller.abort();
      reach(EXPIRED);
    }, ms);
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  race<T>(work: Promise<T>): Promise<T | Expired> {
    return Promise.race([work, this.reached]);
  }

  cancel(): void {
    this.handle.cancel();
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

type Ask = { reply: number } | { failure: 'expired' | 'not_a_printer' };

/** Writes DLE EOT n and waits for a reply byte, skipping bytes that cannot be one. */
async function ask(link: PrinterLink, n: StatusRequestN, deadline: Deadline): Promise<Ask> {
  link.discardPending();
  if ((await deadline.race(link.write(statusRequest(n)))) === EXPIRED) return { failure: 'expired' };
  for (let skipped = 0; skipped <= HARDWARE_LIMITS.printerStatusBytesSkippedMax; skipped++) {
    const byte = await deadline.race(link.nextByte());
    if (byte === EXPIRED) return { failure: 'expired' };
    if (isStatusReply(byte)) return { reply: byte };
  }
  return { failure: 'not_a_printer' };
}

export function createPrinterClient(options: PrinterClientOptions): PrinterClient {
  const timers = options.timers ?? callTimers;

  function openLink(connection: Exclude<PrinterConnection, { type: 'none' }>, deadline: Deadline): Promise<PrinterLink> {
    switch (connection.type) {
      case 'tcp':
        return openTcpLink(connection.host, connection.port, deadline.signal);
      case 'usb':
        return openUsbLpLink(connection.path, timers);
      case 'serial':
        return openSerialLink(options.serial, connection.path, connection.baudRate);
    }
  }

  /** Opens within the deadline; a link that opens too late is closed at once. */
  async function openWithin(connection: Exclude<PrinterConnection, { type: 'none' }>, deadline: Deadline): Promise<PrinterLink | Expired> {
    const opening = openLink(connection, deadline);
    const opened = await deadline.race(opening);
    if (opened === EXPIRED) opening.then((late) => late.destroy(), () => undefined);
    return opened;
  }

  async function status(connection: PrinterConnection): Promise<PrinterStatus> {
    if (connection.type === 'none') return { state: 'not_configured', paperNearEnd: false };
    const unreachable: PrinterStatus = { state: 'unreachable', paperNearEnd: false };
    const deadline = new Deadline(timers, options.timeoutMs ?? HARDWARE_LIMITS.printerStatusTimeoutMs);
    let link: PrinterLink | null = null;
    try {
      const opened = await openWithin(connection, deadline);
      if (opened === EXPIRED) return unreachable;
      link = opened;
      const replies: number[] = [];
      for (const n of [DLE_EOT_PRINTER, DLE_EOT_OFFLINE_CAUSE, DLE_EOT_ROLL_PAPER] as const) {
        const answer = await ask(link, n, deadline);
        if ('failure' in answer) return unreachable;
        replies.push(answer.reply);
      }
      const [printer = 0, offlineCause = 0, rollPaper = 0] = replies;
      return stateFromReplies({ printer, offlineCause, rollPaper }) ?? unreachable;
    } catch {
      // Refused, reset, no device file, no permission: the printer cannot be asked.
      return unreachable;
    } finally {
      deadline.cancel();
      link?.destroy();
    }
  }

  async function send(connection: PrinterConnection, bytes: Uint8Array): Promise<SendResult> {
    if (connection.type === 'none') return { ok: false, code: 'not_configured', message: 'No receipt printer is set up.' };
    const deadline = new Deadline(timers, options.timeoutMs ?? HARDWARE_LIMITS.printerSendTimeoutMs);
    const timedOut = (what: string): SendResult => ({ ok: false, code: 'timeout', message: `The printer ${what} within ${deadline.ms} ms.` });
    let link: PrinterLink | null = null;
    try {
      let opened: PrinterLink | Expired;
      try {
        opened = await openWithin(connection, deadline);
      } catch (error) {
        return { ok: false, code: 'unreachable', message: messageOf(error) };
      }
      if (opened === EXPIRED) return { ok: false, code: 'unreachable', message: `The printer did not accept a connection within ${deadline.ms} ms.` };
      link = opened;
      if ((await deadline.race(link.write(bytes))) === EXPIRED) return timedOut(`did not take the ${bytes.length}-byte job`);
      if (link.confirmsDeliveryByReply) {
        const answer = await ask(link, DLE_EOT_PRINTER, deadline);
        if ('failure' in answer) {
          return answer.failure === 'expired'
            ? timedOut('did not confirm the job')
            : { ok: false, code: 'write_failed', message: 'The printer answered with bytes that are not a status reply.' };
        }
      }
      if ((await deadline.race(link.finish())) === EXPIRED) return timedOut('did not finish taking the job');
      link = null;
      return { ok: true };
    } catch (error) {
      return { ok: false, code: 'write_failed', message: messageOf(error) };
    } finally {
      deadline.cancel();
      link?.destroy();
    }
  }

  return { status, send };
}
