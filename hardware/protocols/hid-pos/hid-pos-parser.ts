/**
 * HID POS scanned-data reports → scan texts. Long codes span several reports joined while the
 * "more" bit is set; a continuation that comes too late, a report with an impossible length
 * or an over-long message drops the whole message, never a part of it.
 *
 * Reports carry no "first report" mark, so a lone continuation would look like a short code.
 * USB delivers a device's reports whole and in order; what can go missing is a message's tail
 * (a pulled cable), and the gap bound drops that tail-less message.
 *
 * A report without the AIM id its layout has is refused with the rest of its message
 * (`layout_mismatch`): it comes from a device that uses another layout, and reading on would
 * emit the scan shifted.
 */
import type { ScanTextEncoding } from '../../../common/scan-encoding';
import type { ParserSink } from '../../events';
import { HARDWARE_LIMITS } from '../../limits';
import { decodeCleanText } from '../text/clean-text';
import type { HidPosLayout } from './layouts';
import { hasAimMark, normaliseHidPosReport } from './layout-fit';

export interface HidPosParserOptions {
  layout: HidPosLayout;
  /** Of the code's bytes (Shift_JIS for many Japanese scanners); absent: UTF-8. */
  encoding?: ScanTextEncoding;
  continuationGapMsMax?: number;
  messageBytesMax?: number;
}

export interface HidPosParser {
  feed(report: Uint8Array, atMs: number): void;
  reset(): void;
}

const CR = 0x0d;
const LF = 0x0a;

export function createHidPosParser(options: HidPosParserOptions, sink: ParserSink<string>): HidPosParser {
  const { layout } = options;
  const gapMsMax = options.continuationGapMsMax ?? HARDWARE_LIMITS.hidPosContinuationGapMsMax;
  const messageBytesMax = options.messageBytesMax ?? HARDWARE_LIMITS.scanTextBytesMax;
  const message = new Uint8Array(messageBytesMax);
  let messageLength = 0;
  let partial = false;
  // After an over-long message, its remaining reports are skipped up to the last one.
  let discarding = false;
  let lastReportAtMs = 0;

  function reset(): void {
    messageLength = 0;
    partial = false;
    discarding = false;
  }

  function dropPartial(reason: 'stale_partial' | 'malformed_report'): void {
    if (partial || discarding) sink.drop(reason, messageLength);
    reset();
  }

  function finish(): void {
    let end = messageLength;
    // Scanners set to add a suffix add it in HID POS mode too; it is not part of the code.
    if (end > 0 && message[end - 1] === LF) end--;
    if (end > 0 && message[end - 1] === CR) end--;
    const text = decodeCleanText(message.subarray(0, end), { encoding: options.encoding ?? 'utf8' });
    if (text === null) sink.drop('garbled_text', messageLength);
    else sink.frame(text);
    reset();
  }

  function feed(raw: Uint8Array, atMs: number): void {
    if ((partial || discarding) && atMs - lastReportAtMs > gapMsMax) dropPartial('stale_partial');
    lastReportAtMs = atMs;
    const report = normaliseHidPosReport(layout, raw);
    if (report === null) {
      sink.drop('malformed_report', raw.length);
      dropPartial('malformed_report');
      return;
    }
    if (report[0] !== layout.reportId) {
      // Status and vendor reports share the interface; they do not break a message.
      sink.drop('foreign_report', report.length);
      return;
    }
    const dataLength = report[layout.lengthOffset]!;
    const more = (report[layout.moreOffset]! & layout.moreMask) !== 0;
    if (dataLength > layout.dataCapacityBytes) {
      sink.drop('malformed_report', report.length);
      dropPartial('malformed_report');
      return;
    }
    if (discarding) {
      if (!more) reset();
      return;
    }
    if (dataLength > 0 && !hasAimMark(layout, report)) {
      sink.drop('layout_mismatch', messageLength + dataLength);
      reset();
      discarding = more;
      return;
    }
    if (messageLength + dataLength > messageBytesMax) {
      sink.drop('frame_too_long', messageLength + dataLength);
      reset();
      discarding = more;
      return;
    }
    message.set(report.subarray(layout.dataOffset, layout.dataOffset + dataLength), messageLength);
    messageLength += dataLength;
    if (more) {
      partial = true;
      return;
    }
    // Some engines send an empty report after each scan: it carries nothing to report.
    if (messageLength === 0) {
      reset();
      return;
    }
    finish();
  }

  return { feed, reset };
}
