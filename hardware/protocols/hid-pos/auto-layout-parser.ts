/**
 * HID POS reports from a scanner whose layout is not configured (`auto`) → scan texts, once the
 * reports have said which layout they use. Until then a message's reports are held with their
 * times; as soon as exactly one candidate layout fits every report of it so far (layout-fit.ts)
 * that layout is chosen, and the held reports go through its parser as if it had been
 * configured from the start, so a long code that comes first is joined as usual. A short report
 * decides at once (its zero padding sits where only one layout expects it); the full first
 * reports of a long code fit both layouts and wait for its last one.
 *
 * When a message ends undecided (every report fitted both layouts, as a Honeywell message of
 * exactly 56 or 112 bytes does, or none did) the scan is refused (`layout_mismatch`), reported
 * as undecided, and the next message is weighed afresh. A guess would now and then emit a
 * shifted code, the failure auto-detection exists to prevent; a refusal costs one more scan.
 */
import { assert } from '../../../common/assert';
import type { ParserSink } from '../../events';
import { HARDWARE_LIMITS } from '../../limits';
import { createHidPosParser } from './hid-pos-parser';
import type { HidPosParser, HidPosParserOptions } from './hid-pos-parser';
import type { HidPosLayout } from './layouts';
import { HID_POS_LAYOUTS } from './layouts';
import { normaliseHidPosReport, reportFitsLayout } from './layout-fit';

export type LayoutDetection = { outcome: 'detected'; layout: HidPosLayout } | { outcome: 'undecided'; fitting: readonly HidPosLayout[] };

export interface AutoHidPosParserOptions extends Omit<HidPosParserOptions, 'layout'> {
  /** Layouts to choose from; they must frame reports alike and differ only in where data sits. */
  candidates?: readonly HidPosLayout[];
  heldReportsMax?: number;
}

function sameFraming(a: HidPosLayout, b: HidPosLayout): boolean {
  return a.reportId === b.reportId && a.reportLengthBytes === b.reportLengthBytes && a.lengthOffset === b.lengthOffset && a.moreOffset === b.moreOffset && a.moreMask === b.moreMask;
}

export function createAutoHidPosParser(options: AutoHidPosParserOptions, sink: ParserSink<string>, onDetection: (detection: LayoutDetection) => void): HidPosParser {
  const candidates = options.candidates ?? Object.values(HID_POS_LAYOUTS);
  const first = candidates[0];
  assert(first !== undefined && candidates.every((c) => sameFraming(first, c)), 'auto layout candidates must frame reports alike');
  const framing: HidPosLayout = first;
  const gapMsMax = options.continuationGapMsMax ?? HARDWARE_LIMITS.hidPosContinuationGapMsMax;
  const heldReportsMax = options.heldReportsMax ?? HARDWARE_LIMITS.hidPosAutoHeldReportsMax;
  const messageBytesMax = options.messageBytesMax ?? HARDWARE_LIMITS.scanTextBytesMax;
  const capacityMax = Math.max(...candidates.map((c) => c.dataCapacityBytes));
  let held: Array<{ report: Uint8Array; atMs: number }> = [];
  let heldBytes = 0;
  // The candidates that fit every data report of the held message: one left decides.
  let fittingAll: readonly HidPosLayout[] = candidates;
  // After a message overflowed the hold, its remaining reports are skipped up to the last one.
  let discarding = false;
  let lastReportAtMs = 0;
  let chosen: HidPosParser | null = null;

  function release(): void {
    held = [];
    heldBytes = 0;
    fittingAll = candidates;
  }

  function decide(layout: HidPosLayout, report: Uint8Array, atMs: number): void {
    const parser = createHidPosParser({ layout, continuationGapMsMax: gapMsMax, messageBytesMax, ...(options.encoding ? { encoding: options.encoding } : {}) }, sink);
    chosen = parser;
    onDetection({ outcome: 'detected', layout });
    for (const h of held) parser.feed(h.report, h.atMs);
    release();
    parser.feed(report, atMs);
  }

  function feed(raw: Uint8Array, atMs: number): void {
    if (chosen) {
      chosen.feed(raw, atMs);
      return;
    }
    if ((held.length > 0 || discarding) && atMs - lastReportAtMs > gapMsMax) {
      // A message that lost its tail, as the fixed parser sees it too.
      if (held.length > 0) sink.drop('stale_partial', heldBytes);
      release();
      discarding = false;
    }
    lastReportAtMs = atMs;
    // Reports no layout can read are dropped as the fixed parser drops them, not held.
    const report = normaliseHidPosReport(framing, raw);
    if (report === null || report[framing.lengthOffset]! > capacityMax) {
      sink.drop('malformed_report', raw.length);
      if (held.length > 0) sink.drop('malformed_report', heldBytes);
      release();
      discarding = false;
      return;
    }
    if (report[0] !== framing.reportId) {
      sink.drop('foreign_report', report.length);
      return;
    }
    const ends = (report[framing.moreOffset]! & framing.moreMask) === 0;
    if (discarding) {
      if (ends) discarding = false;
      return;
    }
    if (report[framing.lengthOffset]! > 0) {
      fittingAll = fittingAll.filter((layout) => reportFitsLayout(layout, report));
      if (fittingAll.length === 1) {
        decide(fittingAll[0]!, raw, atMs);
        return;
      }
    } else if (ends && held.length === 0) {
      return; // an empty report between scans says nothing and ends nothing
    }
    if (ends) {
      const fitting = fittingAll;
      sink.drop('layout_mismatch', heldBytes + raw.length);
      release();
      onDetection({ outcome: 'undecided', fitting });
      return;
    }
    if (held.length >= heldReportsMax) {
      sink.drop('frame_too_long', heldBytes + raw.length);
      release();
      discarding = true;
      return;
    }
    held.push({ report: raw, atMs });
    heldBytes += raw.length;
  }

  return {
    feed,
    reset() {
      chosen?.reset();
      release();
      discarding = false;
    },
  };
}
