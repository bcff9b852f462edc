/**
 * An in-memory Printers port for the core's tests: a printer whose state a test sets (paper
 * out, cover open, …), that keeps what it was sent as the slip's text, and whose `render`
 * stands in for receiptline (the markup's text, escapes removed). The real rendering and the
 * wire are hardware/printers', exercised by its own tests and by one core test over TCP.
 */
import type { PrintFailureCode, PrinterConnection, PrinterState, SlipFormat } from '../../../common/receipts/printer-settings';
import type { Printers } from '../ports';

export interface PrintedSlip {
  connection: PrinterConnection;
  format: SlipFormat | null;
  /** The slip's text as printed (markup with receiptline's escapes removed). */
  text: string;
}

/** A receiptline markup's words: `\-` is a `-`, a `|` separates columns. */
export function markupText(markup: string): string {
  return markup.replace(/\\(.)/g, '$1');
}

export class FakePrinters implements Printers {
  state: PrinterState = 'ready';
  paperNearEnd = false;
  /** Set: the next sends fail with this (the bytes did not reach the printer). */
  sendFailure: { code: PrintFailureCode; message: string } | null = null;
  /** Every job the printer took, in order. */
  readonly printed: PrintedSlip[] = [];
  /** Every status request, in order. */
  readonly statusAsked: PrinterConnection[] = [];
  private readonly formats = new Map<string, SlipFormat>();

  render(markup: string, format: SlipFormat): { bytes: Uint8Array; svg: string; lines: string[] } {
    const text = markupText(markup);
    this.formats.set(text, format);
    return { bytes: new TextEncoder().encode(text), svg: `<svg data-paper="${format.paperWidthMm}"><text>${text.length}</text></svg>`, lines: text.split('\n') };
  }

  async status(connection: PrinterConnection): Promise<{ state: PrinterState; paperNearEnd: boolean }> {
    this.statusAsked.push(connection);
    return { state: this.state, paperNearEnd: this.paperNearEnd };
  }

  async send(connection: PrinterConnection, bytes: Uint8Array): Promise<{ ok: true } | { ok: false; code: PrintFailureCode; message: string }> {
    if (this.sendFailure) return { ok: false, ...this.sendFailure };
    const text = new TextDecoder().decode(bytes);
    this.printed.push({ connection, format: this.formats.get(text) ?? null, text });
    return { ok: true };
  }

  /** The printed slips' texts, in order. */
  texts(): string[] {
    return this.printed.map((slip) => slip.text);
  }
}
