/**
 * Every bound in hardware/, each with the reason for its number. Device settings a shop may
 * change (debounce, suffix, baud) live in the config file instead; these are the guard rails.
 */
export const HARDWARE_LIMITS = {
  // A payment QR holds ≤ 200 characters (R22); 4,096 leaves room for any other QR a scanner
  // may read (a full version-40 QR holds ~3 KB of bytes) while keeping a runaway stream small.
  scanTextBytesMax: 4_096,
  // Keyboard-mode readers type one key per report; the same bound, counted in bytes of the line
  // (an Alt-mode 漢字 is two).
  keyboardLineBytesMax: 4_096,
  // A multi-report HID POS message arrives in one burst (< 10 ms between reports on USB full
  // speed); a continuation later than this belongs to nothing and is dropped.
  hidPosContinuationGapMsMax: 250,
  // HID POS `auto` layout: reports held until one tells the layout. A message of
  // scanTextBytesMax bytes spans ⌈4,096 / 56⌉ = 74 reports, and a few status reports may come
  // between them; more than this is a message too long for any layout.
  hidPosAutoHeldReportsMax: 80,
  // Keyboard-mode scanners type a code in one burst (1–20 ms per key); a half line left this
  // long is a scan cut off by a pulled cable.
  keyboardKeyGapMsMax: 500,
  // Serial scanners send a code in one burst; at 9,600 baud a byte takes ~1 ms, so a 500 ms
  // silence inside a frame means the frame was cut off or the bytes are noise.
  serialByteGapMsMax: 500,
  // A serial code ends at its suffix plus this much silence, because a multi-line QR holds the
  // suffix (CR, LF) in its text. At 9,600 baud a byte takes ~1 ms and USB-CDC delivers a code in
  // one or a few reads milliseconds apart, so 50 ms of silence is the end; a cashier never
  // notices 50 ms. (A scanner set to an inter-character delay above this would split codes.)
  serialSuffixQuietMs: 50,
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
  // Enumeration walks the bus (docs/device-facts.md): never more often than this.
  discoveryIntervalMsMin: 1_000,
  // A config file is a few KB; anything bigger is not ours.
  configFileBytesMax: 256 * 1024,

  // Receipt printers (R29, hardware/printers).
  // A real-time status exchange: a LAN connect takes < 100 ms and a TM answers DLE EOT within a
  // few ms, even mid-job. 3 s is what a cashier waits on テスト印刷 before being told it is
  // unreachable; the print queue asks before every job, so a dead printer costs 3 s per job.
  printerStatusTimeoutMs: 3_000,
  // Delivering one job: a 精算 report is ~20 KB, which takes ~21 s at 9,600 baud serial (TCP and
  // USB take well under a second). Past this the printer is stuck and the job is failed.
  printerSendTimeoutMs: 30_000,
  // Bytes that are not a DLE EOT reply (Automatic Status Back chatter, a GS r answer left over,
  // line noise) skipped while waiting for one: a few are normal, dozens mean it is not a printer.
  printerStatusBytesSkippedMax: 32,
  // Unread bytes a printer link keeps: replies are 1 byte each; the rest is chatter, oldest dropped.
  printerLinkInboxBytesMax: 64,
  // The usblp device has no readiness events in Node, so a reply is polled for; a printer answers
  // DLE EOT within a few ms, and 20 ms keeps the status check quick without spinning.
  printerUsbPollMs: 20,
  // Decoded output of one ESC/POS stream: a slip is < 100 lines and a 精算 report < 400.
  printerDecodedLinesMax: 2_000,
  // Columns one decoded line may hold: 80 mm paper has 48 (576 dots); positions beyond are noise.
  printerLineColumnsMax: 256,
  // DLE EOT requests a decode records: a status check sends 3 per connection.
  printerDecodedStatusRequestsMax: 64,
  // Bytes the printer simulator takes on one connection: a text slip is < 10 KB, one with a logo
  // raster < 100 KB; the rest is dropped as a real printer's full buffer would block it.
  printerSimJobBytesMax: 512 * 1024,
  // Printed jobs the simulator remembers for tests and the demo panel, oldest forgotten first.
  printerSimJobsKept: 50,
  // One read from a usblp device: DLE EOT replies are 1 byte each; a read this size drains a
  // burst of chatter at once.
  printerUsbReadChunkBytes: 64,

  // PN532 NFC module (hardware/drivers/pn532), the defaults a config may override.
  // The PN532 acknowledges a command within a few ms at 115,200 baud.
  pn532AckTimeoutMs: 100,
  // InListPassiveTarget with finite retries answers within ~100 ms.
  pn532ResponseTimeoutMs: 500,
  // Attempts per command, the first included: a frame lost to noise is retried, a dead link
  // is reported after three.
  pn532CommandAttemptsMax: 3,
  // Pause between poll cycles: a tap lasts ≥ 300 ms, so 150 ms sees every tap.
  pn532PollIntervalMs: 150,
  // Empty polls in a row before a present card counts as removed: one miss is a card tilted
  // on the reader, not taken away.
  pn532RemovalMissesMin: 2,

  // PC/SC readers (hardware/drivers/pcsc). A reader answers GET DATA from what it learnt while
  // activating the card (< 100 ms for type A and FeliCa, a little more behind a hub); past 2 s the
  // customer has lifted the card, and this presence is refused rather than paid late.
  pcscUidReplyTimeoutMs: 2_000,
  // The service (pcscd, WinSCard) is asked for its readers at the discovery period; when it is not
  // running, asking again sooner than this only fills the log.
  pcscServiceRetryMsMin: 10_000,
  // One SCardGetStatusChange wait: a tap is seen at once (the wait returns on a change); the bound
  // only sets how soon a newly opened reader is watched and how soon the loop ends when closed.
  pcscWaitMs: 1_000,
  // pcscd in the foreground with one vpcd reader (tests, the e2e scenario) is ready in well under
  // a second; past this it is broken, and the error carries what it printed.
  pcscdStartTimeoutMs: 10_000,
  pcscdOutputBytesMax: 16 * 1024,

  // Serial simulator (socat pty pair, tests and the demo): socat starts in milliseconds;
  // past this it is missing or broken, and the error says so.
  ptyStartTimeoutMs: 5_000,
  // socat's stderr kept for that error: its start-up chatter is a few lines.
  ptyStderrBytesMax: 16 * 1024,
} as const;
