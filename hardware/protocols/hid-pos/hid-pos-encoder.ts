/** Text → the HID POS reports a scanner sends for it. Used by simulators, tests and benches. */
import { HardwareError } from '../../errors';
import type { HidPosLayout } from './layouts';

const AIM_QR = [0x5d, 0x51, 0x30]; // "]Q0"
const VENDOR_SYMBOLOGY_QR = 0x73; // Honeywell code id for QR ('s'); informational only

export function encodeHidPosReports(layout: HidPosLayout, payload: Uint8Array): Uint8Array[] {
  if (payload.length === 0) throw new HardwareError('simulator_misuse', 'a scan carries at least one byte');
  const reports: Uint8Array[] = [];
  for (let offset = 0; offset < payload.length; offset += layout.dataCapacityBytes) {
    const chunk = payload.subarray(offset, offset + layout.dataCapacityBytes);
    const report = new Uint8Array(layout.reportLengthBytes);
    report[0] = layout.reportId;
    report[layout.lengthOffset] = chunk.length;
    if (layout.symbologyOffset !== null) report.set(AIM_QR, layout.symbologyOffset);
    report.set(chunk, layout.dataOffset);
    if (layout.name === 'honeywell') report[61] = VENDOR_SYMBOLOGY_QR;
    if (offset + layout.dataCapacityBytes < payload.length) report[layout.moreOffset]! |= layout.moreMask;
    reports.push(report);
  }
  return reports;
}
