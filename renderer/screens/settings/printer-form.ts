/**
 * R29: the printer settings form as the manager types it (text fields) and back to settings,
 * validated by the same zod schema the core applies, so what is sent is what will be kept. A
 * refusal is worded per field: the line that is too long, the port out of range.
 */
import type { z } from 'zod';
import {
  printerSettings,
  type PrinterCommandSet,
  type PrinterConnection,
  type PrinterSettings,
} from '../../../common/receipts/printer-settings';

export type ConnectionType = PrinterConnection['type'];
export const CONNECTION_TYPES: readonly ConnectionType[] = ['none', 'tcp', 'usb', 'serial'];
/** Serial speeds receipt printers ship with; a setting outside the list is kept as an option. */
export const BAUD_RATES: readonly number[] = [9_600, 19_200, 38_400, 57_600, 115_200];
const DEFAULT_PORT = 9_100;
const DEFAULT_BAUD = 38_400;

export interface PrinterForm {
  type: ConnectionType;
  host: string;
  port: string;
  /** USB (/dev/usb/lpN) or serial (COM3, /dev/ttyUSB0): one field, read by the type. */
  path: string;
  baud: string;
  commandSet: PrinterCommandSet;
  paperWidthMm: '58' | '80';
  customerSlip: PrinterSettings['customerSlip'];
  headerLines: string;
  footerLines: string;
}

export type FieldError =
  | { field: 'host' | 'port' | 'usbPath' | 'serialPath' | 'baud' | 'other' }
  | { field: 'headerLines' | 'footerLines'; tooMany: true }
  | { field: 'headerLines' | 'footerLines'; tooMany: false; line: number };
export type FormField = FieldError['field'];

export function formOf(settings: PrinterSettings): PrinterForm {
  const { connection } = settings;
  return {
    type: connection.type,
    host: connection.type === 'tcp' ? connection.host : '',
    port: String(connection.type === 'tcp' ? connection.port : DEFAULT_PORT),
    path: connection.type === 'usb' || connection.type === 'serial' ? connection.path : '',
    baud: String(connection.type === 'serial' ? connection.baudRate : DEFAULT_BAUD),
    commandSet: settings.commandSet,
    paperWidthMm: settings.paperWidthMm === 58 ? '58' : '80',
    customerSlip: settings.customerSlip,
    headerLines: settings.headerLines.join('\n'),
    footerLines: settings.footerLines.join('\n'),
  };
}

/** A textarea's lines; the blank lines a final Enter leaves are not lines of the slip. */
export function linesOf(text: string): string[] {
  const lines = text.split(/\r?\n/).map((line) => line.trimEnd());
  while (lines.length > 0 && lines.at(-1) === '') lines.pop();
  return lines;
}

/** Digits only: `8O80` or `9100 ` is not a port (Number('') would be 0). */
function integerOf(text: string): number {
  const trimmed = text.trim();
  return /^\d{1,7}$/.test(trimmed) ? Number(trimmed) : Number.NaN;
}

function connectionOf(form: PrinterForm): unknown {
  switch (form.type) {
    case 'none':
      return { type: 'none' };
    case 'tcp':
      return { type: 'tcp', host: form.host.trim(), port: integerOf(form.port) };
    case 'usb':
      return { type: 'usb', path: form.path.trim() };
    case 'serial':
      return { type: 'serial', path: form.path.trim(), baudRate: integerOf(form.baud) };
  }
}

function fieldOf(issue: z.core.$ZodIssue, type: ConnectionType): FieldError {
  const [first, second] = issue.path;
  if (first === 'headerLines' || first === 'footerLines') {
    return typeof second === 'number' ? { field: first, tooMany: false, line: second + 1 } : { field: first, tooMany: true };
  }
  if (first === 'connection') {
    if (second === 'host') return { field: 'host' };
    if (second === 'port') return { field: 'port' };
    if (second === 'baudRate') return { field: 'baud' };
    if (second === 'path') return { field: type === 'usb' ? 'usbPath' : 'serialPath' };
  }
  return { field: 'other' };
}

export type FormResult = { ok: true; settings: PrinterSettings } | { ok: false; errors: FieldError[] };

export function settingsOf(form: PrinterForm): FormResult {
  const parsed = printerSettings.safeParse({
    connection: connectionOf(form),
    commandSet: form.commandSet,
    paperWidthMm: Number(form.paperWidthMm),
    customerSlip: form.customerSlip,
    headerLines: linesOf(form.headerLines),
    footerLines: linesOf(form.footerLines),
  });
  if (parsed.success) return { ok: true, settings: parsed.data };
  // One message per field: the first thing wrong with it.
  const errors = new Map<FormField, FieldError>();
  for (const issue of parsed.error.issues) {
    const error = fieldOf(issue, form.type);
    if (!errors.has(error.field)) errors.set(error.field, error);
  }
  return { ok: false, errors: [...errors.values()] };
}

export function sameForm(a: PrinterForm, b: PrinterForm): boolean {
  return (Object.keys(a) as (keyof PrinterForm)[]).every((key) => a[key] === b[key]);
}
