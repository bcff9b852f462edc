/**
 * Real-time status, `DLE EOT n` (10 04 n): the request bytes, the printer's one-byte replies,
 * and what they mean for a print job.
 *
 * Bit layout from Epson's ESC/POS command reference, DLE EOT "Transmit real-time status"
 * (TM-U220 and TM-L60II specifications, TM-T88III programming guide p. 304, as published at
 * easymanua.ls/epson/tm-u220a/manual?p=54 and office.manualsonline.com … epson_tm_t88iii …
 * ?p=304); Star printers answer the same bytes in DLE EOT compatibility mode:
 *   every reply: bits 1 and 4 on, bits 0 and 7 off (fixed) — 0x12 under mask 0x93;
 *   n = 1 printer status:  bit 2 drawer pin 3 high, bit 3 offline, bit 5 waiting for online
 *                          recovery, bit 6 paper being fed by the FEED button;
 *   n = 2 offline cause:   bit 2 cover open, bit 3 FEED button, bit 5 printing stopped by
 *                          paper end, bit 6 error;
 *   n = 4 roll paper:      bits 2–3 near end (0x0C), bits 5–6 paper end (0x60).
 * A byte outside the fixed pattern is not a DLE EOT reply (an Automatic Status Back block, a
 * GS r answer, noise): it is rejected, never read as a state.
 */
import type { PrinterState } from '../../common/receipts/printer-settings';

export const DLE_EOT_PRINTER = 1;
export const DLE_EOT_OFFLINE_CAUSE = 2;
export const DLE_EOT_ERROR_CAUSE = 3;
export const DLE_EOT_ROLL_PAPER = 4;

export type StatusRequestN = typeof DLE_EOT_PRINTER | typeof DLE_EOT_OFFLINE_CAUSE | typeof DLE_EOT_ERROR_CAUSE | typeof DLE_EOT_ROLL_PAPER;

const FIXED_MASK = 0x93;
const FIXED_BITS = 0x12;

export function statusRequest(n: StatusRequestN): Uint8Array {
  return Uint8Array.of(0x10, 0x04, n);
}

export function isStatusReply(byte: number): boolean {
  return Number.isInteger(byte) && byte >= 0 && byte <= 0xff && (byte & FIXED_MASK) === FIXED_BITS;
}

export interface PrinterStatusBits {
  offline: boolean;
  drawerPin3High: boolean;
  waitingForRecovery: boolean;
  feeding: boolean;
}
export interface OfflineCauseBits {
  coverOpen: boolean;
  feedButton: boolean;
  paperEndStop: boolean;
  error: boolean;
}
export interface RollPaperBits {
  nearEnd: boolean;
  paperEnd: boolean;
}

export function parsePrinterStatus(byte: number): PrinterStatusBits | null {
  if (!isStatusReply(byte)) return null;
  return { drawerPin3High: (byte & 0x04) !== 0, offline: (byte & 0x08) !== 0, waitingForRecovery: (byte & 0x20) !== 0, feeding: (byte & 0x40) !== 0 };
}

export function parseOfflineCause(byte: number): OfflineCauseBits | null {
  if (!isStatusReply(byte)) return null;
  return { coverOpen: (byte & 0x04) !== 0, feedButton: (byte & 0x08) !== 0, paperEndStop: (byte & 0x20) !== 0, error: (byte & 0x40) !== 0 };
}

export function parseRollPaper(byte: number): RollPaperBits | null {
  if (!isStatusReply(byte)) return null;
  // Either bit of a pair counts: some models set only one of the two sensor bits.
  return { nearEnd: (byte & 0x0c) !== 0, paperEnd: (byte & 0x60) !== 0 };
}

export interface StatusReplies {
  printer: number;
  offlineCause: number;
  rollPaper: number;
}

export type ReportedState = Extract<PrinterState, 'ready' | 'paper_out' | 'cover_open' | 'offline'>;

/**
 * The printer's state from its three replies, or null if any reply is not a status byte.
 * An open cover comes first (it is what the cashier must fix, and it stops the paper sensor
 * from being trusted), then paper end (from either the offline cause or the roll sensor), then
 * offline for any other reason.
 */
export function stateFromReplies(replies: StatusReplies): { state: ReportedState; paperNearEnd: boolean } | null {
  const printer = parsePrinterStatus(replies.printer);
  const cause = parseOfflineCause(replies.offlineCause);
  const paper = parseRollPaper(replies.rollPaper);
  if (!printer || !cause || !paper) return null;
  const paperNearEnd = paper.nearEnd && !paper.paperEnd;
  if (cause.coverOpen) return { state: 'cover_open', paperNearEnd };
  if (cause.paperEndStop || paper.paperEnd) return { state: 'paper_out', paperNearEnd: false };
  if (printer.offline || cause.error) return { state: 'offline', paperNearEnd };
  return { state: 'ready', paperNearEnd };
}

/** The reply a printer in these conditions gives to DLE EOT n (null: n it does not answer). */
export function statusReplyFor(n: number, condition: { paperOut: boolean; coverOpen: boolean; offline: boolean; paperNearEnd: boolean }): number | null {
  const stopped = condition.paperOut || condition.coverOpen || condition.offline;
  switch (n) {
    case DLE_EOT_PRINTER:
      return FIXED_BITS | (stopped ? 0x08 : 0);
    case DLE_EOT_OFFLINE_CAUSE:
      return FIXED_BITS | (condition.coverOpen ? 0x04 : 0) | (condition.paperOut ? 0x20 : 0);
    case DLE_EOT_ERROR_CAUSE:
      return FIXED_BITS;
    case DLE_EOT_ROLL_PAPER:
      // An empty roll also reads as near its end on the near-end sensor.
      return FIXED_BITS | (condition.paperNearEnd || condition.paperOut ? 0x0c : 0) | (condition.paperOut ? 0x60 : 0);
    default:
      return null;
  }
}
