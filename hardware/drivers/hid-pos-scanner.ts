/**
 * HID POS scanner: scanned-data reports → scan events. A report that does not fit the layout
 * is refused by the parser; here it also becomes a notice on the device, so the settings
 * screen tells a person to change the layout instead of scans vanishing. With `auto`, the
 * layout the first scan showed is logged and shown.
 */
import type { ScanTextEncoding } from '../../common/scan-encoding';
import type { DeviceNotice } from '../../common/terminal-api';
import type { ParserSink } from '../events';
import { createAutoHidPosParser } from '../protocols/hid-pos/auto-layout-parser';
import type { LayoutDetection } from '../protocols/hid-pos/auto-layout-parser';
import { createHidPosParser } from '../protocols/hid-pos/hid-pos-parser';
import { HID_POS_LAYOUTS } from '../protocols/hid-pos/layouts';
import type { HidPosLayoutName, HidPosLayoutSetting } from '../protocols/hid-pos/layouts';
import type { HidTransport } from '../transports/types';
import type { DriverContext, DriverSession } from './driver';

function mismatchNotice(layout: HidPosLayoutName): DeviceNotice {
  return {
    code: 'hid_pos_layout_mismatch',
    level: 'warning',
    message: `Reports do not fit the ${layout} layout (no AIM id where it has one), so scans are refused. Set this scanner's layout to its maker's, or to auto.`,
    params: { layout },
  };
}

const UNDECIDED_NOTICE: DeviceNotice = {
  code: 'hid_pos_layout_undetected',
  level: 'warning',
  message: 'The layout could not be told from the last scan, which was refused. Scan another code, or set the layout in the device settings.',
  params: {},
};

function detectedNotice(layout: HidPosLayoutName): DeviceNotice {
  return { code: 'hid_pos_layout_detected', level: 'info', message: `Layout detected from the first scan: ${layout}.`, params: { layout } };
}

export interface HidPosScannerOptions {
  layout: HidPosLayoutSetting;
  /** Of the codes' bytes; absent: UTF-8. */
  encoding?: ScanTextEncoding;
}

export async function openHidPosScanner(ctx: DriverContext, transport: HidTransport, path: string, options: HidPosScannerOptions): Promise<DriverSession> {
  const setting = options.layout;
  const encoding = options.encoding ? { encoding: options.encoding } : {};
  const connection = await transport.open(path);
  // The layout being read with (null while auto has not decided), and the notice shown once
  // scans come through: none, or the layout auto chose.
  let layout: HidPosLayoutName | null = setting === 'auto' ? null : setting;
  let settled: DeviceNotice | null = null;
  let shown: DeviceNotice | null = null;
  const show = (notice: DeviceNotice | null): void => {
    if (notice === shown) return;
    shown = notice;
    ctx.notice(notice);
  };

  const sink: ParserSink<string> = {
    frame(text) {
      show(settled);
      ctx.input({ type: 'scan', text });
    },
    drop(reason, byteCount) {
      ctx.drop(reason, byteCount);
      if (reason !== 'layout_mismatch' || layout === null || shown?.code === 'hid_pos_layout_mismatch') return;
      ctx.logger.warn({ source: ctx.source, layout }, 'HID POS report does not fit its layout; refused');
      show(mismatchNotice(layout));
    },
  };

  function detected(detection: LayoutDetection): void {
    if (detection.outcome === 'detected') {
      layout = detection.layout.name;
      settled = detectedNotice(layout);
      ctx.logger.info({ source: ctx.source, layout }, 'HID POS layout detected');
      show(settled);
      return;
    }
    ctx.logger.warn({ source: ctx.source, fitting: detection.fitting.map((l) => l.name) }, 'HID POS layout not detected; scan refused');
    show(UNDECIDED_NOTICE);
  }

  const parser = setting === 'auto' ? createAutoHidPosParser(encoding, sink, detected) : createHidPosParser({ layout: HID_POS_LAYOUTS[setting], ...encoding }, sink);
  connection.start({ report: (bytes) => parser.feed(bytes, ctx.clock.nowMs()), failed: ctx.failed });
  return { close: () => connection.close() };
}
