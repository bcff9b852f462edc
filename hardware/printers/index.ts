/**
 * hardware/printers: receipt printers for R29 (docs/receipts.md).
 *
 *   const { bytes, svg, lines } = renderReceipt(markup, { commandSet: 'epson', paperWidthMm: 80 });
 *   const client = createPrinterClient({ serial: createSerialportTransport() });
 *   const { state } = await client.status(settings.connection);      // ready, paper_out, …
 *   if (state === 'ready') await client.send(settings.connection, bytes);
 *
 * Tests and the demo use startPrinterSimulator() (a TCP printer that decodes what it gets).
 */
export { renderReceipt, RECEIPTLINE_COMMANDS } from './render';
export type { RenderedReceipt } from './render';
export { createEscPosDecoder, decodeEscPos } from './escpos/decoder';
export type { DecodedPrint, PrinterDecoder, PrinterDecoderHooks } from './escpos/decoder';
export { ensureEpsonKanjiMode } from './escpos/kanji-mode';
export { createStarLineDecoder, decodeStarLine } from './star/decoder';
export {
  DLE_EOT_ERROR_CAUSE,
  DLE_EOT_OFFLINE_CAUSE,
  DLE_EOT_PRINTER,
  DLE_EOT_ROLL_PAPER,
  isStatusReply,
  parseOfflineCause,
  parsePrinterStatus,
  parseRollPaper,
  stateFromReplies,
  statusReplyFor,
  statusRequest,
} from './status';
export type { OfflineCauseBits, PrinterStatusBits, RollPaperBits, StatusReplies, StatusRequestN } from './status';
export { createPrinterClient } from './client';
export type { PrinterClient, PrinterClientOptions, PrinterStatus, SendResult } from './client';
export { openUsbLpLink } from './links/usb-lp-link';
export { openTcpLink } from './links/tcp-link';
export { openSerialLink } from './links/serial-link';
export type { PrinterLink } from './links/link';
export { attachPrinterSimulator, startPrinterSimulator } from './simulator/printer-simulator';
export type { LinkedPrinterSimulator, PrinterSimulator, PrinterSimulatorOptions, SimPrintedJob, SimPrinterState } from './simulator/printer-simulator';
