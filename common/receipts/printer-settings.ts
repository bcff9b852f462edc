/**
 * The receipt printer as a shop configures it (設定 → レシートプリンタ): where it is, which
 * command set it speaks, its paper, when the customer gets a slip, and the shop's own lines.
 * Kept in the terminal's journal; validated on every read and every change.
 */
import { z } from 'zod';
import { LIMITS } from '../limits';

/** Where the bytes go. `none`: no printer; transactions still complete and slips are kept. */
export const printerConnection = z.discriminatedUnion('type', [
  z.object({ type: z.literal('none') }).strict(),
  /** A network printer's raw port (Epson/Star: 9100). */
  z.object({ type: z.literal('tcp'), host: z.string().trim().min(1).max(253), port: z.number().int().min(1).max(65_535).default(9_100) }).strict(),
  /** The USB printer class device (Linux `usblp`): /dev/usb/lp0 … */
  z.object({ type: z.literal('usb'), path: z.string().regex(/^\/dev\/usb\/lp\d{1,2}$/, 'expected /dev/usb/lpN') }).strict(),
  /** A serial (RS-232C or USB-serial) printer: COM3, /dev/ttyUSB0, a pty. */
  z.object({ type: z.literal('serial'), path: z.string().trim().min(1).max(256), baudRate: z.number().int().min(1_200).max(921_600).default(38_400) }).strict(),
]);
export type PrinterConnection = z.infer<typeof printerConnection>;

/** Epson TM (ESC/POS, Shift_JIS kanji) or Star (line mode, Japanese). */
export const PRINTER_COMMAND_SETS = ['epson', 'star'] as const;
export type PrinterCommandSet = (typeof PRINTER_COMMAND_SETS)[number];

export const PAPER_WIDTHS_MM = [58, 80] as const;
export type PaperWidthMm = (typeof PAPER_WIDTHS_MM)[number];

/** Characters per line at the printer's standard font (12×24 dots; kanji take two). */
export const CHARS_PER_LINE: Record<PaperWidthMm, number> = { 58: 32, 80: 48 };

export const printerSettings = z
  .object({
    connection: printerConnection.default({ type: 'none' }),
    commandSet: z.enum(PRINTER_COMMAND_SETS).default('epson'),
    paperWidthMm: z.union([z.literal(58), z.literal(80)]).default(80),
    /** The customer's copy: every time, on the cashier's tap (お客様控えを印刷), or never. */
    customerSlip: z.enum(['always', 'ask', 'never']).default('always'),
    headerLines: z.array(z.string().max(LIMITS.shopLineCharsMax)).max(LIMITS.shopLinesMax).default([]),
    footerLines: z.array(z.string().max(LIMITS.shopLineCharsMax)).max(LIMITS.shopLinesMax).default([]),
  })
  .strict();
export type PrinterSettings = z.infer<typeof printerSettings>;
export type PrinterSettingsInput = z.input<typeof printerSettings>;

export const DEFAULT_PRINTER_SETTINGS: PrinterSettings = printerSettings.parse({});

/** The paper and command set a slip is laid out and encoded for. */
export interface SlipFormat {
  commandSet: PrinterCommandSet;
  paperWidthMm: PaperWidthMm;
}

/**
 * The printer as the last real-time status (DLE EOT) found it. `unreachable`: the connection
 * failed (no answer on TCP, no device file); `offline`: it answered and said it is offline
 * for a reason not listed; `unknown`: not asked yet.
 */
export const PRINTER_STATES = ['ready', 'paper_out', 'cover_open', 'offline', 'unreachable', 'not_configured', 'unknown'] as const;
export type PrinterState = (typeof PRINTER_STATES)[number];

export interface PrinterStatusView {
  state: PrinterState;
  /** The roll's near-end sensor: print, but tell the cashier to have a roll ready. */
  paperNearEnd: boolean;
  checkedAt: string | null;
}

/** Why a print job failed: a printer state, or the bytes could not be delivered. */
export const PRINT_FAILURE_CODES = ['paper_out', 'cover_open', 'offline', 'unreachable', 'not_configured', 'write_failed', 'timeout'] as const;
export type PrintFailureCode = (typeof PRINT_FAILURE_CODES)[number];
