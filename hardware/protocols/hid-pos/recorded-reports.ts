/** HID POS reports recorded from a real engine, shared by the parsers' tests. */
import { hex } from '../../testing/bytes';

// Two reports of a Honeywell-style engine reading a 64-character QR with a CR suffix: the first
// is full and has the "more" bit (byte 63) set, the second holds the last 9 bytes.
export const RECORDED_LONG_QR = [
  hex(
    '02 38 5d 51 30 4b 50 31 2e 6b 32 30 32 36 61 2e 37 62 31 63 39 61 36 32 2d 31 66 30 65 2d 34 63 ' +
      '35 35 2d 39 62 30 65 2d 33 66 31 64 32 61 36 63 38 65 39 30 2e 41 62 43 64 45 66 47 68 73 00 01',
  ),
  hex(
    '02 09 5d 51 30 49 6a 4b 6c 4d 6e 4f 70 0d 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 ' +
      '00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 73 00 00',
  ),
] as const;
export const LONG_QR_TEXT = 'KP1.k2026a.7b1c9a62-1f0e-4c55-9b0e-3f1d2a6c8e90.AbCdEfGhIjKlMnOp';
