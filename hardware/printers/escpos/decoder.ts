/**
 * ESC/POS stream → the text a TM printer would put on paper, line by line: for the printer
 * simulator and for tests that check what a slip really says. Text is decoded as Shift_JIS
 * while `FS C 1` is selected (JIS X 0208 pairs in JIS mode with kanji on), with `ESC R 8`
 * (Japan) printing 0x5C as ¥. Print positions (ESC $, ESC \, GS L, HT) place text in half-
 * width columns, the way receiptline's plain-text output lays out the same markup. A line is
 * printed at LF (and at a cut, ESC d, ESC J or FF with text pending); an unterminated last
 * line stays in the printer's buffer and is not reported, as on paper.
 *
 * Garbage never throws: unknown bytes are skipped and counted, output is bounded
 * (HARDWARE_LIMITS.printerDecodedLinesMax lines, printerLineColumnsMax columns).
 */
import { HARDWARE_LIMITS } from '../../limits';
import type { LineAlignment } from './line-builder';
import { Paper } from './paper';
import { selectsShiftJis } from './shift-jis';
import { createEscPosTokenizer, LF } from './tokenizer';
import type { EscPosToken, EscPosTokenizer } from './tokenizer';

export interface DecodedPrint {
  lines: string[];
  cuts: number;
  /** bytes of DLE EOT requests seen (n values) */
  statusRequests: number[];
  /** Every Shift_JIS double-byte character arrived with kanji mode on; true if none arrived. */
  kanjiOnAtEveryDoubleByte: boolean;
  /** Shift_JIS was selected (FS C 1), and no double-byte character arrived in JIS mode. */
  shiftJis: boolean;
  /** Bytes or commands the decoder did not know and skipped (additive to the brief's surface). */
  unknownCommands: number;
  /** Output hit a bound (lines, columns or status requests) and the rest was dropped. */
  truncated: boolean;
}

export interface PrinterDecoderHooks {
  /** DLE EOT n arrived (a real printer answers at once, even while not ready). */
  statusRequest?(n: number): void;
  /** GS r n arrived (answered in turn, after what came before it is processed). */
  transmitStatus?(n: number): void;
  /** The paper was cut, after the line before it was printed. */
  cut?(): void;
  /** Bytes other than real-time commands (DLE …) arrived: what a printer that is not ready throws away. */
  printData?(): void;
}

export interface PrinterDecoder {
  feed(bytes: Uint8Array): void;
  /** Lines and cuts printed since the last take, keeping every mode the stream has set. */
  takePrinted(): { lines: string[]; cuts: number };
  /** The end of the stream: everything printed since the last take. */
  finish(): DecodedPrint;
}

/** A two-byte little-endian signed value (relative print positions). */
export function signed16(low: number, high: number): number {
  const value = low + high * 256;
  return value >= 0x8000 ? value - 0x1_0000 : value;
}

/** Justification n of ESC/POS `ESC a` and Star `ESC GS a`: 0/48 left, 1/49 centre, 2/50 right. */
export function alignmentOf(n: number): LineAlignment {
  return n % 48 === 1 ? 'center' : n % 48 === 2 ? 'right' : 'left';
}

/** What a vendor's command handling is given: the paper, and where to note what DecodedPrint reports. */
export interface DecoderParts {
  paper: Paper;
  /** DLE EOT n arrived. */
  statusRequest(n: number): void;
  /** Shift_JIS was selected (ESC/POS `FS C 1`, Star `ESC $ 1`). */
  shiftJisSelected(): void;
}

/** A vendor's command set: how its stream splits into tokens, and what its commands do to the paper. */
export interface DecoderDialect {
  tokenizer: EscPosTokenizer;
  command(name: string, params: Uint8Array): void;
  control(byte: number): void;
}

/** The bookkeeping both decoders share (paper, bounded status requests, counts) around a vendor's dialect. */
export function createDecoder(hooks: PrinterDecoderHooks, dialectOf: (parts: DecoderParts) => DecoderDialect): PrinterDecoder {
  const paper = new Paper(() => hooks.cut?.());
  const statusRequests: number[] = [];
  let statusRequestsDropped = 0;
  let shiftJisSelected = false;
  let unknownCommands = 0;
  const { tokenizer, command, control } = dialectOf({
    paper,
    statusRequest(n) {
      if (statusRequests.length < HARDWARE_LIMITS.printerDecodedStatusRequestsMax) statusRequests.push(n);
      else statusRequestsDropped++;
      hooks.statusRequest?.(n);
    },
    shiftJisSelected() {
      shiftJisSelected = true;
    },
  });
  function token(t: EscPosToken): void {
    if (!(t.kind === 'command' && t.name.startsWith('DLE '))) hooks.printData?.();
    if (t.kind === 'text') return paper.text(t.bytes);
    if (t.kind === 'data') return;
    paper.flushLead();
    if (t.kind === 'command') command(t.name, t.params);
    else if (t.kind === 'unknown') unknownCommands++;
    else control(t.byte);
  }
  return {
    feed(bytes) {
      for (const t of tokenizer.feed(bytes)) token(t);
    },
    takePrinted: () => paper.takePrinted(),
    finish() {
      for (const t of tokenizer.end()) token(t);
      paper.flushLead();
      return {
        ...paper.takePrinted(),
        statusRequests: [...statusRequests],
        kanjiOnAtEveryDoubleByte: paper.kanjiOnAtEveryDoubleByte,
        shiftJis: shiftJisSelected && paper.jisDoubleBytes === 0,
        unknownCommands,
        truncated: paper.truncated || statusRequestsDropped > 0,
      };
    },
  };
}

export function createEscPosDecoder(hooks: PrinterDecoderHooks = {}): PrinterDecoder {
  return createDecoder(hooks, (parts) => escPosDialect(parts, hooks));
}

function escPosDialect({ paper, statusRequest, shiftJisSelected }: DecoderParts, hooks: PrinterDecoderHooks): DecoderDialect {
  function command(name: string, params: Uint8Array): void {
    const p0 = params[0] ?? 0;
    const p1 = params[1] ?? 0;
    const line = paper.line;
    switch (name) {
      case 'ESC @':
        paper.resetModes(0);
        return;
      case 'FS C':
        paper.shiftJis = selectsShiftJis(p0) ?? paper.shiftJis;
        if (paper.shiftJis) shiftJisSelected();
        return;
      case 'FS &':
        paper.kanjiOn = true;
        return;
      case 'FS .':
        paper.kanjiOn = false;
        return;
      case 'ESC t':
        paper.codePage = p0;
        return;
      case 'ESC R':
        paper.country = p0;
        return;
      case 'GS !':
        paper.widthScale = ((p0 >> 4) & 0x07) + 1;
        return;
      case 'ESC !':
        paper.widthScale = p0 & 0x20 ? 2 : 1;
        return;
      case 'ESC $':
        paper.moveToDots(p0 + p1 * 256);
        return;
      case 'ESC \\':
        paper.moveByDots(signed16(p0, p1));
        return;
      case 'GS L':
        line.leftColumns = Math.min(HARDWARE_LIMITS.printerLineColumnsMax, Math.round((p0 + p1 * 256) / 12));
        return;
      case 'GS W':
        line.areaColumns = Math.min(HARDWARE_LIMITS.printerLineColumnsMax, Math.round((p0 + p1 * 256) / 12));
        return;
      case 'ESC a':
        line.alignment = alignmentOf(p0);
        return;
      case 'GS V':
      case 'ESC i':
      case 'ESC m':
        paper.cut();
        return;
      case 'ESC d':
        // Print and feed n lines: the pending line, then n − 1 blank ones.
        if (!line.isEmpty || p0 > 0) paper.printLine();
        for (let i = 1; i < p0; i++) paper.printLine();
        return;
      case 'ESC J':
        if (!line.isEmpty) paper.printLine();
        return;
      case 'DLE EOT':
        statusRequest(p0);
        return;
      case 'GS r':
        hooks.transmitStatus?.(p0);
        return;
      default:
        // Styles, spacing, images, barcodes, drawer kick: they put no text on the paper.
        return;
    }
  }

  function control(byte: number): void {
    if (byte === LF) paper.printLine();
    else if (byte === 0x09) paper.tab();
    else if (byte === 0x0c && !paper.line.isEmpty) paper.printLine();
  }

  return { tokenizer: createEscPosTokenizer(), command, control };
}

export function decodeEscPos(bytes: Uint8Array): DecodedPrint {
  const decoder = createEscPosDecoder();
  decoder.feed(bytes);
  return decoder.finish();
}
