/** Text → the bytes a serial scanner sends for it. Used by simulators, tests and benches. */
import type { SerialPrefix, SerialSuffix } from './serial-line-parser';
import { SUFFIX_BYTES } from './serial-line-parser';

const STX = 0x02;

export function encodeSerialFrame(text: string, suffix: SerialSuffix, prefix: SerialPrefix = 'none'): Uint8Array {
  const body = new TextEncoder().encode(text);
  const head = prefix === 'stx' ? [STX] : [];
  return new Uint8Array([...head, ...body, ...SUFFIX_BYTES[suffix]]);
}
