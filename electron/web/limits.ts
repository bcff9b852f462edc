/** Bounds of the browser host, each with its reason. */
export const WEB_LIMITS = {
  // Command inputs are a few hundred bytes (a CPM token is ≤ 200 characters).
  requestBodyBytesMax: 64 * 1024,
  // One counter: the cashier page plus the demo's simulator and customer pages, with room for
  // a reload or two. More is a leak or someone else poking at the port.
  eventStreamsMax: 8,
  // A stream whose reader stopped reading is cut at this backlog; EventSource reconnects and
  // the renderer catches up with getStatus.
  eventStreamBufferedBytesMax: 1024 * 1024,
  // Comments keep idle streams from being closed by anything in between.
  eventStreamHeartbeatMs: 15_000,
  // Secret: 32 random bytes.
  secretBytes: 32,
  // Demo: a simulated card lies on the reader this long, long enough for the PN532 driver's
  // polls to see it (it reads it once), short enough that a second tap a moment later is a new tap.
  simCardDwellMs: 1_500,
  // Demo: the simulator's own calls to the backend (a customer's QR token) answer in
  // milliseconds on 127.0.0.1; past this the demo page says the backend is not there.
  simRequestTimeoutMs: 5_000,
} as const;
