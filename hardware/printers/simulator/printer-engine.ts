/**
 * The inside of a simulated receipt printer, whatever cable it is on: a settable condition
 * (paper out, cover open, offline, near end), DLE EOT answered at once from it, print data
 * decoded back into lines, and the jobs printed (bounded: HARDWARE_LIMITS.printerSimJobsKept).
 * Like a real printer that is out of paper or open, it discards print data while not ready.
 */
import { HARDWARE_LIMITS } from '../../limits';
import { createEscPosDecoder } from '../escpos/decoder';
import type { PrinterDecoder } from '../escpos/decoder';
import { statusReplyFor } from '../status';
import { slipSvg } from './slip-svg';

export interface SimPrinterState {
  paperOut: boolean;
  coverOpen: boolean;
  offline: boolean;
  paperNearEnd: boolean;
}

export interface SimPrintedJob {
  receivedAt: string;
  byteCount: number;
  lines: string[];
  cuts: number;
}

export interface PrinterEngine {
  setState(state: Partial<SimPrinterState>): void;
  state(): SimPrinterState;
  jobs(): SimPrintedJob[];
  /** Every job printed since start, including those no longer kept in `jobs()`. */
  printedCount(): number;
  lastJob(): SimPrintedJob | null;
  lastSvg(): string | null;
  /** A new stream of bytes from the host; `reply` carries the printer's answers back. */
  session(reply: (bytes: Uint8Array) => void, jobs: 'per_session' | 'per_cut'): PrinterSession;
}

export interface PrinterSession {
  data(chunk: Uint8Array): void;
  /** The host is done (connection closed): a per-session job is recorded now. */
  end(): void;
}

export function createPrinterEngine(clock: () => Date = () => new Date()): PrinterEngine {
  let condition: SimPrinterState = { paperOut: false, coverOpen: false, offline: false, paperNearEnd: false };
  const printed: SimPrintedJob[] = [];
  let lastSvg: string | null = null;
  let printedCount = 0;

  const ready = (): boolean => !condition.paperOut && !condition.coverOpen && !condition.offline;

  function record(job: SimPrintedJob): void {
    printed.push(job);
    printedCount += 1;
    if (printed.length > HARDWARE_LIMITS.printerSimJobsKept) printed.shift();
    lastSvg = slipSvg(job.lines);
  }

  function session(reply: (bytes: Uint8Array) => void, jobs: 'per_session' | 'per_cut'): PrinterSession {
    // Bytes of the job being received (on a cable, counted by chunk around a cut).
    let jobBytes = 0;
    let discarded = false;
    let ended = false;
    let decoder: PrinterDecoder | null = null;

    function takeJob(lines: string[], cuts: number): void {
      // On a cable without connections, a piece with no text is a feed between slips.
      const hasText = lines.some((l) => l.trim().length > 0);
      if (!discarded && (hasText || (jobs === 'per_session' && cuts > 0))) record({ receivedAt: clock().toISOString(), byteCount: jobBytes, lines, cuts });
      jobBytes = 0;
      discarded = false;
    }

    decoder = createEscPosDecoder({
      statusRequest(n) {
        const answer = statusReplyFor(n, condition);
        if (answer !== null) reply(Uint8Array.of(answer));
      },
      transmitStatus(n) {
        // GS r 1: paper sensor status (bits 0–1 near end, 2–3 paper end; bit 4 fixed off),
        // answered in turn. Its fixed bits differ from DLE EOT's, which is how a host tells them apart.
        if (n === 1 || n === 0x31) reply(Uint8Array.of((condition.paperNearEnd || condition.paperOut ? 0x03 : 0) | (condition.paperOut ? 0x0c : 0)));
      },
      printData() {
        if (!ready()) discarded = true;
      },
      cut() {
        if (jobs !== 'per_cut' || !decoder) return;
        const piece = decoder.takePrinted();
        takeJob(piece.lines, piece.cuts);
      },
    });

    return {
      data(chunk) {
        if (ended) return;
        const room = HARDWARE_LIMITS.printerSimJobBytesMax - jobBytes;
        if (room <= 0) return;
        const taken = chunk.length > room ? chunk.subarray(0, room) : chunk;
        jobBytes += taken.length;
        decoder?.feed(taken);
      },
      end() {
        if (ended || !decoder) return;
        ended = true;
        const result = decoder.finish();
        if (jobs === 'per_session') takeJob(result.lines, result.cuts);
      },
    };
  }

  return {
    setState(state) {
      condition = { ...condition, ...state };
    },
    state: () => ({ ...condition }),
    jobs: () => printed.map((j) => ({ ...j, lines: [...j.lines] })),
    lastJob: () => {
      const job = printed.at(-1);
      return job ? { ...job, lines: [...job.lines] } : null;
    },
    lastSvg: () => lastSvg,
    printedCount: () => printedCount,
    session,
  };
}
