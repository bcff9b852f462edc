/**
 * R28 static MPM: the register's store QR as a slip, printed from 設定 → 店頭QR and posted at
 * the counter. Small on purpose: the shop, what it is, the QR, how to pay, and which register
 * it belongs to (a payment by it counts in that register's day, so a shop with two counters
 * must not swap them). Like テスト印刷 it is no kept slip: printing again fetches it again.
 */
import type { PaperWidthMm } from './printer-settings';
import { SLIP_TITLES, WORDS } from './slip-labels';
import { slipDateTime, slipTerminalNo } from './slip-format';
import { layoutMarkup, type SlipRow } from './slip-layout';

export interface StoreQrSlipOptions {
  shopName: string;
  /** The QR's text as the backend signed it. */
  qr: string;
  /** The register's number in its shop; null until known (the terminal id prints instead). */
  terminalNo: number | null;
  terminalId: string;
  /** ISO instant of the print, printed in JST: tells a re-print (after a key was revoked) from an old one. */
  printedAt: string;
  paperWidthMm: PaperWidthMm;
}

export function storeQrSlipMarkup(options: StoreQrSlipOptions): string {
  const rows: SlipRow[] = [
    { type: 'center', text: options.shopName, style: 'large' },
    { type: 'blank' },
    { type: 'center', text: SLIP_TITLES.storeQr, style: 'title' },
    { type: 'blank' },
    { type: 'qr', data: options.qr },
    { type: 'blank' },
    { type: 'center', text: WORDS.storeQrHowTo },
    { type: 'rule' },
    { type: 'field', label: WORDS.terminal, value: options.terminalNo === null ? options.terminalId : slipTerminalNo(options.terminalNo) },
    { type: 'field', label: WORDS.storeQrIssued, value: slipDateTime(options.printedAt) },
  ];
  return layoutMarkup(rows, options.paperWidthMm);
}
