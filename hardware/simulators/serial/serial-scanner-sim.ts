/** A USB-COM scanner: `scan(text)` sends the text and its suffix down the cable. */
import { HardwareError } from '../../errors';
import { encodeSerialFrame } from '../../protocols/serial-lines/serial-line-encoder';
import type { SerialPrefix, SerialSuffix } from '../../protocols/serial-lines/serial-line-parser';
import type { ScannerSimulator } from '../hid/hid-pos-scanner-sim';
import type { SerialAttachment } from './device-link';

export interface SerialScannerSimOptions {
  suffix?: SerialSuffix;
  prefix?: SerialPrefix;
}

export function createSerialScannerSim(attachment: SerialAttachment, options: SerialScannerSimOptions = {}): Omit<ScannerSimulator, 'device'> & { readonly path: string } {
  function send(bytes: Uint8Array): void {
    if (!attachment.link.send(bytes)) throw new HardwareError('simulator_misuse', `nobody has ${attachment.path} open`);
  }
  return {
    path: attachment.path,
    scan: (text) => send(encodeSerialFrame(text, options.suffix ?? 'cr', options.prefix ?? 'none')),
    sendRaw: send,
    unplug: () => attachment.unplug(),
    replug: () => attachment.replug(),
  };
}
