/**
 * PN532 frames (UM0701-02 §6.2): `00 00 FF LEN LCS TFI PD0..PDn DCS 00`; LEN counts TFI and
 * data, (LEN+LCS)&0xFF = 0, (TFI+ΣPD+DCS)&0xFF = 0. Extended frames (`00 00 FF FF FF LENM
 * LENL LCS …`) carry up to 264 bytes. ACK `00 00 FF 00 FF 00`, NACK `00 00 FF FF 00 00`,
 * error frame TFI 0x7F.
 */
import { assert } from '../../../common/assert';

export const TFI_HOST_TO_PN532 = 0xd4;
export const TFI_PN532_TO_HOST = 0xd5;
export const TFI_ERROR = 0x7f;

export const ACK_FRAME = new Uint8Array([0x00, 0x00, 0xff, 0x00, 0xff, 0x00]);
export const NACK_FRAME = new Uint8Array([0x00, 0x00, 0xff, 0xff, 0x00, 0x00]);
/** Wakes a PN532 in HSU power-down: a run of 0x55 then zeros before the first command. */
export const HSU_WAKE_UP = new Uint8Array([0x55, 0x55, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00]);

export const NORMAL_FRAME_DATA_MAX = 254; // LEN ≤ 255 counts TFI too
export const EXTENDED_FRAME_DATA_MAX = 264;

export type Pn532Frame =
  | { kind: 'ack' }
  | { kind: 'nack' }
  | { kind: 'error' }
  | { kind: 'information'; tfi: number; data: Uint8Array };

function checksum(bytes: Iterable<number>): number {
  let sum = 0;
  for (const b of bytes) sum += b;
  return (0x100 - (sum & 0xff)) & 0xff;
}

/** An information frame with TFI and data; extended form when it does not fit a normal one. */
export function encodeInformationFrame(tfi: number, data: Uint8Array): Uint8Array {
  assert(data.length <= EXTENDED_FRAME_DATA_MAX, `PN532 frames carry at most ${EXTENDED_FRAME_DATA_MAX} data bytes`);
  const body = new Uint8Array(1 + data.length);
  body[0] = tfi;
  body.set(data, 1);
  const dcs = checksum(body);
  if (body.length <= NORMAL_FRAME_DATA_MAX + 1) {
    const len = body.length;
    return new Uint8Array([0x00, 0x00, 0xff, len, checksum([len]), ...body, dcs, 0x00]);
  }
  const lenM = (body.length >> 8) & 0xff;
  const lenL = body.length & 0xff;
  return new Uint8Array([0x00, 0x00, 0xff, 0xff, 0xff, lenM, lenL, checksum([lenM, lenL]), ...body, dcs, 0x00]);
}

export function encodeCommand(command: number, params: Uint8Array = new Uint8Array()): Uint8Array {
  return encodeInformationFrame(TFI_HOST_TO_PN532, new Uint8Array([command, ...params]));
}

export function encodeResponse(command: number, params: Uint8Array = new Uint8Array()): Uint8Array {
  return encodeInformationFrame(TFI_PN532_TO_HOST, new Uint8Array([command + 1, ...params]));
}

/** The application-level error frame the PN532 sends for a command it cannot parse. */
export const ERROR_FRAME = new Uint8Array([0x00, 0x00, 0xff, 0x01, 0xff, TFI_ERROR, 0x81, 0x00]);

export function encodeFrame(frame: Pn532Frame): Uint8Array {
  switch (frame.kind) {
    case 'ack':
      return ACK_FRAME;
    case 'nack':
      return NACK_FRAME;
    case 'error':
      return ERROR_FRAME;
    case 'information':
      return encodeInformationFrame(frame.tfi, frame.data);
  }
}
