/**
 * One PN532 command at a time over HSU: send the frame, wait for the ACK, wait for the
 * response (command code + 1). A response with a bad checksum is asked for again with a NACK;
 * a NACK, an error frame, a missing ACK or response makes the command start over. Both are
 * bounded. A timed-out command is aborted with an ACK first, as the user manual asks, so the
 * module is ready for the next one. A caller for whom an error frame is an answer (a poll:
 * modules answer a poll they cannot serve with one) gets it back at once instead.
 */
import type { Clock } from '../../../common/time';
import { createCloseRace } from '../../close-race';
import { HardwareError } from '../../errors';
import type { DropReason } from '../../events';
import { HARDWARE_LIMITS } from '../../limits';
import type { Timers } from '../../timers';
import { createPn532FrameParser } from '../../protocols/pn532/frame-parser';
import type { Pn532Frame } from '../../protocols/pn532/frame';
import { ACK_FRAME, encodeCommand, HSU_WAKE_UP, NACK_FRAME, TFI_PN532_TO_HOST } from '../../protocols/pn532/frame';

export interface Pn532LinkOptions {
  /** The PN532 acknowledges within a few ms at 115,200 baud. */
  ackTimeoutMs: number;
  /** InListPassiveTarget with finite retries answers within ~100 ms. */
  responseTimeoutMs: number;
  /** Attempts per command, the first included. */
  commandAttemptsMax: number;
}

export const PN532_LINK_DEFAULTS: Pn532LinkOptions = {
  ackTimeoutMs: HARDWARE_LIMITS.pn532AckTimeoutMs,
  responseTimeoutMs: HARDWARE_LIMITS.pn532ResponseTimeoutMs,
  commandAttemptsMax: HARDWARE_LIMITS.pn532CommandAttemptsMax,
};

export interface Pn532Link {
  /** From the serial data callback: parse and enqueue only. */
  onBytes(bytes: Uint8Array, atMs: number): void;
  /** The response's data after the response code; rejects with pn532_no_response. */
  command(code: number, params: Uint8Array, options?: { wake?: boolean }): Promise<Uint8Array>;
  /**
   * As command, but an error frame in reply is returned as 'error_frame' at once: it is the
   * module's answer, so it is neither retried nor counted toward pn532_no_response.
   */
  commandOrErrorFrame(code: number, params: Uint8Array): Promise<Uint8Array | 'error_frame'>;
  /** Fails a pending command at once with `error` (port closed or unplugged). */
  close(error: HardwareError): void;
  /** Writes that a close would fail now: 0 between commands (a growing count is a leak). */
  readonly closeWaiterCount: number;
}

interface LinkDeps {
  write(bytes: Uint8Array): Promise<void>;
  clock: Clock;
  timers: Timers;
  drop(reason: DropReason, byteCount: number): void;
}

/** A frame, or word that a frame arrived with a bad checksum. */
type Arrival = Pn532Frame | 'corrupt';
type Waiter = { resolve(arrival: Arrival | 'timeout'): void; reject(error: HardwareError): void };

export function createPn532Link(deps: LinkDeps, options: Pn532LinkOptions = PN532_LINK_DEFAULTS): Pn532Link {
  const inbox: Arrival[] = [];
  let waiter: Waiter | null = null;
  let closedWith: HardwareError | null = null;
  // Not Promise.race against one session-long promise: that kept every write's reaction until close.
  const closing = createCloseRace<HardwareError>();

  function arrive(arrival: Arrival): void {
    if (waiter) {
      const w = waiter;
      waiter = null;
      w.resolve(arrival);
      return;
    }
    if (inbox.length >= HARDWARE_LIMITS.pn532InboxFramesMax) {
      deps.drop('queue_full', 1);
      return;
    }
    inbox.push(arrival);
  }

  const parser = createPn532FrameParser({
    frame: arrive,
    drop(reason, byteCount) {
      deps.drop(reason, byteCount);
      if (reason === 'checksum') arrive('corrupt');
    },
  });

  /** A write that gives up when the link closes: a closed port never finishes a write. */
  function write(bytes: Uint8Array): Promise<void> {
    if (closedWith) return Promise.reject(closedWith);
    return closing.race(deps.write(bytes));
  }

  function nextFrame(deadlineMs: number): Promise<Arrival | 'timeout'> {
    if (closedWith) return Promise.reject(closedWith);
    const queued = inbox.shift();
    if (queued) return Promise.resolve(queued);
    const remainingMs = deadlineMs - deps.clock.nowMs();
    if (remainingMs <= 0) return Promise.resolve('timeout');
    return new Promise((resolve, reject) => {
      const timer = deps.timers.setTimeout(() => {
        waiter = null;
        resolve('timeout');
      }, remainingMs);
      waiter = {
        resolve: (frame) => {
          timer.cancel();
          resolve(frame);
        },
        reject: (error) => {
          timer.cancel();
          reject(error);
        },
      };
    });
  }

  async function awaitAck(): Promise<'ack' | 'nack' | 'error' | 'timeout'> {
    const deadlineMs = deps.clock.nowMs() + options.ackTimeoutMs;
    for (;;) {
      const frame = await nextFrame(deadlineMs);
      if (frame === 'timeout') return 'timeout';
      if (frame === 'corrupt') return 'nack'; // a mangled ACK: send the command again
      if (frame.kind !== 'information') return frame.kind;
      deps.drop('unexpected_frame', frame.data.length + 1);
    }
  }

  async function awaitResponse(code: number): Promise<Uint8Array | 'error' | 'timeout' | 'corrupt'> {
    let deadlineMs = deps.clock.nowMs() + options.responseTimeoutMs;
    let nacksSent = 0;
    for (;;) {
      const frame = await nextFrame(deadlineMs);
      if (frame === 'timeout') return 'timeout';
      if (frame === 'corrupt') {
        if (nacksSent >= options.commandAttemptsMax) return 'corrupt';
        nacksSent++;
        // The PN532 sends its last response again on a NACK.
        await write(NACK_FRAME);
        deadlineMs = deps.clock.nowMs() + options.responseTimeoutMs;
        continue;
      }
      if (frame.kind === 'error') return 'error';
      if (frame.kind === 'information' && frame.tfi === TFI_PN532_TO_HOST && frame.data[0] === code + 1) return frame.data.subarray(1);
      deps.drop('unexpected_frame', frame.kind === 'information' ? frame.data.length + 1 : 1);
    }
  }

  /** `errorFrame` says what an error frame in reply is; null makes it a failed attempt. */
  async function exchange<T>(code: number, params: Uint8Array, wake: boolean, errorFrame: (() => T) | null): Promise<Uint8Array | T> {
    const frame = encodeCommand(code, params);
    const failures: string[] = [];
    for (let attempt = 1; attempt <= options.commandAttemptsMax; attempt++) {
      for (const stale of inbox.splice(0)) if (stale !== 'corrupt') deps.drop('unexpected_frame', stale.kind === 'information' ? stale.data.length + 1 : 1);
      // Wake bytes go before every attempt of a waking command: the first may have been lost.
      const bytes = wake ? new Uint8Array([...HSU_WAKE_UP, ...frame]) : frame;
      await write(bytes);
      const ack = await awaitAck();
      if (ack !== 'ack') {
        failures.push(`ack:${ack}`);
        continue;
      }
      const response = await awaitResponse(code);
      if (response instanceof Uint8Array) return response;
      if (response === 'error' && errorFrame) return errorFrame();
      failures.push(`response:${response}`);
      if (response === 'timeout') await write(ACK_FRAME);
    }
    throw new HardwareError('pn532_no_response', `PN532 did not answer command 0x${code.toString(16)} after ${options.commandAttemptsMax} attempts`, { command: code, failures });
  }

  return {
    onBytes: (bytes, atMs) => parser.feed(bytes, atMs),
    command: (code, params, commandOptions = {}) => exchange<never>(code, params, commandOptions.wake ?? false, null),
    commandOrErrorFrame: (code, params) => exchange(code, params, false, () => 'error_frame' as const),
    close(error) {
      if (closedWith) return;
      closedWith = error;
      closing.close(error);
      const w = waiter;
      waiter = null;
      w?.reject(error);
    },
    get closeWaiterCount() {
      return closing.waiterCount;
    },
  };
}
