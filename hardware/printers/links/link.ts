/**
 * One open connection to a printer, whatever carries it (TCP 9100, /dev/usb/lpN, serial).
 * Printers are used job by job: a link is opened for one status check or one job and closed.
 * Operations reject with a HardwareError; the client turns those into PrintFailureCodes.
 * None of them bounds its own wait: the client races every step against its deadline and
 * destroys the link when time is up.
 */
import { HardwareError } from '../../errors';
import { HARDWARE_LIMITS } from '../../limits';

export interface PrinterLink {
  /**
   * The transport's write completes before the printer has the bytes (usblp cancels a write in
   * flight on close; a serial port may still be sending): a job is delivered only once a DLE
   * EOT reply written behind it has come back.
   */
  readonly confirmsDeliveryByReply?: boolean;
  write(bytes: Uint8Array): Promise<void>;
  /** The next byte the printer sends. */
  nextByte(): Promise<number>;
  /** Forgets bytes that arrived unasked (so a reply is matched to its request). */
  discardPending(): void;
  /** Ends the job cleanly: the printer has taken every byte once this resolves. */
  finish(): Promise<void>;
  /** Drops the link at once (timeout, failure); never throws. */
  destroy(): void;
}

/**
 * Bytes received and not yet read, bounded (HARDWARE_LIMITS.printerLinkInboxBytesMax): chatter
 * beyond the bound pushes out the oldest bytes. One reader at a time.
 */
export class ByteInbox {
  private bytes: number[] = [];
  private waiter: { resolve(byte: number): void; reject(error: HardwareError): void } | null = null;
  private failure: HardwareError | null = null;

  push(chunk: Uint8Array): void {
    for (const b of chunk) {
      if (this.waiter) {
        const waiter = this.waiter;
        this.waiter = null;
        waiter.resolve(b);
        continue;
      }
      this.bytes.push(b);
      if (this.bytes.length > HARDWARE_LIMITS.printerLinkInboxBytesMax) this.bytes.shift();
    }
  }

  /** The link failed or closed: a waiting and every later read rejects with this. */
  fail(error: HardwareError): void {
    this.failure ??= error;
    const waiter = this.waiter;
    this.waiter = null;
    waiter?.reject(this.failure);
  }

  clear(): void {
    this.bytes = [];
  }

  next(): Promise<number> {
    const b = this.bytes.shift();
    if (b !== undefined) return Promise.resolve(b);
    if (this.failure) return Promise.reject(this.failure);
    if (this.waiter) return Promise.reject(new HardwareError('read_failed', 'a printer link has one reader at a time'));
    return new Promise((resolve, reject) => {
      this.waiter = { resolve, reject };
    });
  }

  /** Takes bytes already received without waiting (polling transports). */
  takeBuffered(): number | undefined {
    return this.bytes.shift();
  }
}
