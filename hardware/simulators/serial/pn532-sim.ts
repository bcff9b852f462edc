/**
 * A PN532 on HSU that answers real frames: asleep until woken by 0x55, ACK then response
 * for SAMConfiguration, GetFirmwareVersion, RFConfiguration and InListPassiveTarget (type A
 * and FeliCa 212 kbps), the syntax-error frame for anything else, and injectable faults
 * (lost ACKs, corrupted responses, silence, an error frame in place of the response) for the
 * retry paths.
 */
import type { CardTechnology } from '../../events';
import { HardwareError } from '../../errors';
import { createPn532FrameParser } from '../../protocols/pn532/frame-parser';
import { ACK_FRAME, encodeResponse, ERROR_FRAME, TFI_HOST_TO_PN532 } from '../../protocols/pn532/frame';
import {
  CMD_GET_FIRMWARE_VERSION,
  CMD_IN_LIST_PASSIVE_TARGET,
  CMD_RF_CONFIGURATION,
  CMD_SAM_CONFIGURATION,
  encodeFelicaTarget,
  encodeIso14443aTarget,
  PN532_IC,
} from '../../protocols/pn532/commands';
import { hexToBytes } from '../hex';
import type { CardReaderSimulator } from '../hid/keyboard-devices-sim';
import type { SerialAttachment } from './device-link';

export type Pn532Fault = 'no_ack' | 'corrupt_response' | 'silent' | 'error_frame';

export interface Pn532SimOptions {
  /** GetFirmwareVersion's IC byte; anything but 0x32 plays a device that is not a PN532. */
  firmwareIc?: number;
}

export interface Pn532Simulator extends CardReaderSimulator {
  readonly path: string;
  /** The next `count` commands suffer `fault`. */
  injectFault(fault: Pn532Fault, count: number): void;
  /** Commands received, as command codes, for assertions on what the driver sent. */
  readonly commandsReceived: number[];
}

const FELICA_PMM = new Uint8Array([0x01, 0x20, 0x22, 0x04, 0x27, 0x67, 0x4e, 0xff]);

export function createPn532Sim(attachment: SerialAttachment, options: Pn532SimOptions = {}): Pn532Simulator {
  let awake = false;
  let card: { uid: Uint8Array; technology: Exclude<CardTechnology, 'unknown'> } | null = null;
  const faults: Pn532Fault[] = [];
  // What a NACK from the host asks to hear again.
  let lastResponse: Uint8Array | null = null;
  const commandsReceived: number[] = [];

  function reply(bytes: Uint8Array): void {
    setImmediate(() => attachment.link.send(bytes));
  }

  function answer(code: number, params: Uint8Array): Uint8Array {
    switch (code) {
      case CMD_SAM_CONFIGURATION:
      case CMD_RF_CONFIGURATION:
        return encodeResponse(code);
      case CMD_GET_FIRMWARE_VERSION:
        return encodeResponse(code, new Uint8Array([options.firmwareIc ?? PN532_IC, 0x01, 0x06, 0x07]));
      case CMD_IN_LIST_PASSIVE_TARGET: {
        const brTy = params[1];
        if (card && brTy === 0x00 && card.technology === 'iso14443a') return encodeResponse(code, encodeIso14443aTarget(card.uid));
        if (card && brTy === 0x01 && card.technology === 'felica') return encodeResponse(code, encodeFelicaTarget(card.uid, FELICA_PMM));
        return encodeResponse(code, new Uint8Array([0x00]));
      }
      default:
        return ERROR_FRAME;
    }
  }

  const parser = createPn532FrameParser({
    frame(frame) {
      if (frame.kind === 'nack') {
        if (lastResponse) reply(lastResponse);
        return;
      }
      // The host's ACK aborts a command in progress; every reply here is already sent.
      if (frame.kind !== 'information' || frame.tfi !== TFI_HOST_TO_PN532) return;
      const code = frame.data[0];
      if (code === undefined) return;
      commandsReceived.push(code);
      const fault = faults.shift();
      if (fault === 'silent') return;
      if (fault === 'no_ack') return;
      reply(ACK_FRAME);
      const response = fault === 'error_frame' ? ERROR_FRAME : answer(code, frame.data.subarray(1));
      lastResponse = response;
      if (fault !== 'corrupt_response') {
        reply(response);
        return;
      }
      const corrupted = response.slice();
      corrupted[corrupted.length - 2]! ^= 0x5a; // the data checksum
      reply(corrupted);
    },
    // A real PN532 ignores what it cannot parse.
    drop: () => undefined,
  });

  attachment.link.onReceive((bytes) => {
    let start = 0;
    if (!awake) {
      const wake = bytes.indexOf(0x55);
      if (wake < 0) return; // asleep: the UART is not listening
      awake = true;
      start = wake;
    }
    parser.feed(bytes.subarray(start), 0);
  });

  return {
    path: attachment.path,
    commandsReceived,
    tap(uid, technology = 'iso14443a') {
      const bytes = hexToBytes(uid);
      const tech = technology === 'unknown' ? 'iso14443a' : technology;
      const lengths = tech === 'felica' ? [8] : [4, 7, 10];
      if (!bytes || !lengths.includes(bytes.length)) throw new HardwareError('simulator_misuse', `not a ${tech} UID: ${uid}`);
      card = { uid: bytes, technology: tech };
    },
    remove() {
      card = null;
    },
    unplug() {
      attachment.unplug();
      // Power is gone: the module comes back asleep and must be woken again.
      awake = false;
      parser.reset();
    },
    replug: () => attachment.replug(),
    injectFault(fault, count) {
      for (let i = 0; i < count; i++) faults.push(fault);
    },
  };
}
