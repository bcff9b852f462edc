/**
 * Every bound in hardware/, each with the reason for its number. Device settings a shop may
 * change (debounce, suffix, baud) live in the config file instead; these are the guard rails.
 */
export const HARDWARE_LIMITS = {
  // A payment QR holds ≤ 200 characters (R22); 4,096 leaves room for any other QR a scanner
  // may read (a full version-40 QR holds ~3 KB of bytes) while keeping a runaway stream small.
  scanTextBytesMax: 4_096,
  // Keyboard-mode readers type one key per report; the same bound in characters.
  keyboardLineCharsMax: 4_096,
  // A multi-report HID POS message arrives in one burst (< 10 ms between reports on USB full
  // speed); a continuation later than this belongs to nothing and is dropped.
  hidPosContinuationGapMsMax: 250,
  // Keyboard-mode scanners type a code in one burst (1–20 ms per key); a half line left this
  // long is a scan cut off by a pulled cable.
  keyboardKeyGapMsMax: 500,
  // Serial scanners send a code in one burst; at 9,600 baud a byte takes ~1 ms, so a 500 ms
  // silence inside a frame means the frame was cut off or the bytes are noise.
  serialByteGapMsMax: 500,
  // Normal PN532 frames carry ≤ 255 bytes, extended ones ≤ 264: two frames fit.
  pn532ParserBytesMax: 600,
  // Frames waiting for the PN532 link: one command is in flight at a time, so more than a few
  // queued frames means the module is chattering.
  pn532InboxFramesMax: 8,
  // Events waiting for listeners: a cashier presents one credential every few seconds.
  eventQueueLengthMax: 64,
  // Debounce memory: entries live one window; more than this many distinct codes in one window
  // is a scanner in a loop, and the oldest entries make room.
  debounceEntriesMax: 256,
  // Debounce window the config may ask for: longer than this would hide a real second tap.
  debounceMsMax: 10_000,
  // Devices a config may list: a counter has a handful.
  configuredDevicesMax: 32,
  // Reconnect backoff after a failed open or a pulled cable: fast at first, then at most
  // every 10 s so a missing device never keeps the USB bus busy.
  reconnectBackoffMsMin: 500,
  reconnectBackoffMsMax: 10_000,
  // Enumeration walks the bus (hardware-notes.md): never more often than this.
  discoveryIntervalMsMin: 1_000,
  // A config file is a few KB; anything bigger is not ours.
  configFileBytesMax: 256 * 1024,
} as const;
