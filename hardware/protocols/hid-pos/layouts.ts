/**
 * Where each vendor puts the scanned data in a HID POS (usage page 0x8C) input report. Layouts
 * differ per vendor (docs/device-facts.md), so the layout is part of a device's profile.
 */
export const HID_POS_USAGE_PAGE = 0x8c;

export interface HidPosLayout {
  name: HidPosLayoutName;
  reportId: number;
  /** Report size including the report id byte. */
  reportLengthBytes: number;
  /** Byte holding the count of data bytes in this report. */
  lengthOffset: number;
  /** Three-byte AIM symbology id (`]Q0` for QR), or null when the layout has none. */
  symbologyOffset: number | null;
  dataOffset: number;
  dataCapacityBytes: number;
  /** Byte and bit that say "more reports follow": long codes span several reports. */
  moreOffset: number;
  moreMask: number;
}

export const HID_POS_LAYOUT_NAMES = ['honeywell', 'newland'] as const;
export type HidPosLayoutName = (typeof HID_POS_LAYOUT_NAMES)[number];
/** What a device's config says: a layout, or `auto` to tell it from the first reports. */
export const HID_POS_LAYOUT_SETTINGS = ['auto', ...HID_POS_LAYOUT_NAMES] as const;
export type HidPosLayoutSetting = (typeof HID_POS_LAYOUT_SETTINGS)[number];

/** First byte of an AIM symbology id (`]Q0`): a layout with one has it in every data report. */
export const AIM_ID_MARK = 0x5d;

export const HID_POS_LAYOUTS: Record<HidPosLayoutName, HidPosLayout> = {
  // Honeywell-style engines (docs/device-facts.md): id 0x02, length at 1, AIM id at 2–4,
  // data at 5–60, vendor symbology at 61, byte 63 bit 0 = more follows.
  honeywell: {
    name: 'honeywell',
    reportId: 0x02,
    reportLengthBytes: 64,
    lengthOffset: 1,
    symbologyOffset: 2,
    dataOffset: 5,
    dataCapacityBytes: 56,
    moreOffset: 63,
    moreMask: 0x01,
  },
  // Newland puts data at 2–57 (docs/device-facts.md, unconfirmed); length and continuation
  // assumed at the Honeywell positions until checked against a device's manual.
  newland: {
    name: 'newland',
    reportId: 0x02,
    reportLengthBytes: 64,
    lengthOffset: 1,
    symbologyOffset: null,
    dataOffset: 2,
    dataCapacityBytes: 56,
    moreOffset: 63,
    moreMask: 0x01,
  },
};
