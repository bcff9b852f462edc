/**
 * Whether a HID POS report fits a layout: what the fixed-layout parser checks on every report
 * and what auto-detection weighs the layouts by. Read with the wrong layout, a report does not
 * fail loudly on its own: its data comes out shifted (a stray first character, the last bytes
 * lost), so the checks look at the bytes a layout says are fixed.
 */
import type { HidPosLayout } from './layouts';
import { AIM_ID_MARK } from './layouts';

/** The report at full size, or null when its size fits no reading of the layout. */
export function normaliseHidPosReport(layout: HidPosLayout, report: Uint8Array): Uint8Array | null {
  if (report.length === layout.reportLengthBytes) return report;
  // Some hosts strip the report id of a device's only input report.
  if (report.length === layout.reportLengthBytes - 1) {
    const withId = new Uint8Array(layout.reportLengthBytes);
    withId[0] = layout.reportId;
    withId.set(report, 1);
    return withId;
  }
  return null;
}

/** A layout with an AIM symbology id has its `]` in every report that carries data. */
export function hasAimMark(layout: HidPosLayout, report: Uint8Array): boolean {
  return layout.symbologyOffset === null || report[layout.symbologyOffset] === AIM_ID_MARK;
}

/**
 * A full-size data report (see normaliseHidPosReport) that this layout explains: the length
 * byte fits, the AIM id is where the layout puts one, the data holds no zero byte (scan text
 * never does) and the data area past the length is zero padding. The padding rule is what
 * tells a Newland report (data from byte 2) read as Honeywell from the real thing, and the
 * other way round; a full report (56 data bytes) has no padding, so both layouts may fit it.
 */
export function reportFitsLayout(layout: HidPosLayout, report: Uint8Array): boolean {
  if (report.length !== layout.reportLengthBytes || report[0] !== layout.reportId) return false;
  const dataLength = report[layout.lengthOffset]!;
  if (dataLength > layout.dataCapacityBytes) return false;
  if (dataLength > 0 && !hasAimMark(layout, report)) return false;
  const dataEnd = layout.dataOffset + dataLength;
  if (report.subarray(layout.dataOffset, dataEnd).includes(0)) return false;
  return report.subarray(dataEnd, layout.dataOffset + layout.dataCapacityBytes).every((b) => b === 0);
}
