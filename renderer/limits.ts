/**
 * Bounds of the cashier app, each with the reason for its number. Business caps (R11 charge
 * amounts, the payment maximum) live in common/limits.ts; these keep the screen's input, timers
 * and memory in bounds.
 */
export const RENDERER_LIMITS = {
  // Cash typed on the charge's cash step above this is a slip of the finger, not a handful of
  // notes (the charge itself is at most ¥50,000, R11).
  cashReceivedYenMax: 1_000_000,
  // Keyboard-wedge scanners (the burst detector): the longest gap between two keys of one scan.
  // Scanners type at 1–20 ms a key; people at ≥ 80 ms.
  wedgeKeyGapMsMax: 40,
  // Shorter bursts are fast fingers, not a code (card numbers have ≥ 4 characters).
  wedgeBurstLengthMin: 4,
  // A longer burst is a stuck key or a runaway device, never a credential (a CPM token is
  // ≤ 200 characters, R22).
  wedgeBurstLengthMax: 400,
  // Camera scanning: ~8 frames a second, so a QR held up is read within a blink and two cores
  // stay free.
  cameraFrameIntervalMs: 120,
  // Camera frames are scaled down to this width: QR codes on a phone are large, and decoding a
  // smaller frame is cheaper.
  cameraFrameWidthMax: 640,
  // Jobs one receipt panel remembers for its slip: only each copy's newest job is read, so
  // older ones say nothing new; the bound keeps a finger resting on 再印刷 from growing the list.
  slipJobsKeptMax: 16,
  // Demo customer page: refresh the QR this long before it expires, so a code being scanned is
  // never the one that just died (tokens live ≤ 5 minutes, R22).
  demoTokenRefreshBeforeExpiryMs: 30_000,
  // Demo customer page: never refresh faster than this, even for very short-lived tokens or a
  // failing host.
  demoTokenRefreshIntervalMsMin: 5_000,
  // Demo printer panel: one request at a time, then this long before the next; a demo window
  // open all day asks about once in 3 s.
  demoPrinterPollMs: 3_000,
  // R28 入金通知: the banner stays 15 s (long enough to look up from the customer) unless
  // closed; a newer notice replaces it and starts the time again.
  noticeBannerMs: 15_000,
} as const;
