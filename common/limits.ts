/**
 * Every bound in the system, each with the reason for its number. Business caps come from
 * docs/business-rules.md; operational bounds keep a bad day from turning into an outage.
 */
export const LIMITS = {
  // R11: 1,000-yen units, 1,000–50,000 per face-to-face charge, charge balance ≤ 50,000.
  chargeUnitYen: 1_000,
  chargeYenMin: 1_000,
  chargeYenMax: 50_000,
  chargeBalanceYenMax: 50_000,
  // R12: 1% = 100 basis points unless a bonus window says otherwise.
  bonusRateBpDefault: 100,
  // A single payment above this is a typing error at the counter, not a purchase: the
  // wallet can never hold more than the charge cap plus granted money.
  paymentYenMax: 1_000_000,
  // R14: cancel within 8 days.
  cancelWindowMs: 192 * 60 * 60 * 1000,
  // R22: a CPM token lives at most 5 minutes; the app refreshes it well before that.
  cpmTokenTtlMsMax: 5 * 60 * 1000,
  cpmTokenTtlMsDefault: 5 * 60 * 1000,
  // R22: scanners read ≤ 200 characters at a glance.
  cpmTokenLengthMax: 200,
  // A scanned text the terminal passes on (scan events, the demo's simulated scan): longer is
  // not a credential (CPM tokens ≤ 200, card numbers far shorter), and the bound keeps a
  // runaway scanner's stream small.
  scanTextLengthMax: 1_000,
  // A card UID as reported by a reader: NFC UIDs and FeliCa IDms are 4–10 bytes (20 hex
  // digits); 64 characters leaves room for any reader's framing.
  cardUidLengthMax: 64,
  // R20: offline approval limits, defaults the backend hands to terminals. (Named as the
  // settings they are defaults of — `offlinePaymentMaxYen` is a key of the admin settings API.)
  offlinePaymentMaxYen: 5_000,
  offlineTerminalUnsyncedMaxYen: 100_000,
  offlineTokenMaxYen: 5_000,
  offlineDeadlineMs: 24 * 60 * 60 * 1000,
  // R20a: an operator may lengthen the deadline, but not past this: retired signing keys keep
  // verifying offline items for this long, and a week-old "approval" is no longer news to anyone.
  offlineDeadlineMsMax: 72 * 60 * 60 * 1000,
  // R20a: an offline item's scan time must lie inside its token's validity, give or take this
  // (two clocks, the phone's and the terminal's, both set by NTP).
  offlineTokenTimeSkewMs: 2 * 60 * 1000,
  // R20a: an item dated further than this in the future was not scanned on a working clock.
  offlineFutureSkewMs: 5 * 60 * 1000,
  // R22: a token issued more than this in the future (by the verifier's clock) is not valid yet.
  cpmNotBeforeSkewMs: 2 * 60 * 1000,
  // R20a: retired/blocked cards a terminal keeps to refuse offline; the newest win past this
  // (about 6 MB of journal at the bound).
  blockedCardsKeptMax: 100_000,
  // One page of the blocked-cards list: a short answer even on a slow shop link.
  blockedCardsPageMax: 1_000,
  // A page re-asks this much before the newest change it saw: two backend instances' commits
  // may land out of their timestamps' order by up to a transaction's life (bounded at 10 s).
  blockedCardsOverlapMs: 60 * 1000,
  // Sync batches: big enough to drain a day's offline queue in seconds, small enough that
  // one batch is one short transaction.
  syncBatchItemsMax: 200,
  // Staff sessions last a shift; PIN lock-out after repeated failures.
  staffSessionTtlMs: 12 * 60 * 60 * 1000,
  staffPinFailuresMax: 5,
  staffLockoutMs: 15 * 60 * 1000,
  // Terminal tokens expire unless the terminal comes online; each online contact after the
  // rotation age hands out a new one. The old one stays good until the terminal uses the new
  // one, or for the grace period (longer than the offline deadline, so a lost answer never
  // strands a terminal).
  terminalTokenTtlMs: 30 * 24 * 60 * 60 * 1000,
  terminalTokenRotateAfterMs: 24 * 60 * 60 * 1000,
  terminalTokenGraceMs: 96 * 60 * 60 * 1000,
  // A lot seeded by an operator (data migration) and a wallet's value as a whole stay far
  // below 2^53 however many lots are added: the charge cap is ¥50,000, grants a few ¥10,000.
  lotYenMax: 10_000_000,
  walletYenMax: 100_000_000,
  // Request bodies are small JSON; anything bigger is an attack or a bug.
  requestBodyBytesMax: 256 * 1024,
  // Grant codes minted per call: a print run, not a database dump.
  grantCodesPerCallMax: 10_000,
  // History pages.
  historyItemsMax: 500,
  // Operator lists and the audit log (admin API `limit`): one page is a screen an operator
  // reads or a script pages through, never the whole table at once.
  adminPageItemsMax: 1_000,
  // R31: a cancel is searched for over the cancel window (8 days, R14), from any register of
  // the shop; one screen of answers, the newest first: a cashier narrows the query instead.
  transactionSearchDays: 8,
  transactionSearchResultsMax: 50,
  transactionSearchQueryLengthMax: 32,
  // R30: one page of a business day's transactions (`GET /v1/terminal/transactions?limit`):
  // ~750 bytes a row, so ~750 kB, far under the core's 8 MiB answer bound (electron/core/
  // limits.ts responseBodyBytesMax), and few enough pages that a busy day reads in seconds.
  terminalTransactionsPageMax: 1_000,
  // The `after` cursor that page hands back: a business day, an instant, a row id and its
  // kind, base64url; a longer one was not made by us.
  terminalTransactionsCursorLengthMax: 200,
  // Short transaction numbers `NNNN-SSSSSS`: the terminal's number within its shop (4 digits)
  // and the terminal journal's sequence (6 digits, wrapping after 999,999 — years of sales at
  // one register; the time printed beside it tells the wrap apart).
  terminalNoMax: 9_999,
  shortNoSeqModulo: 1_000_000,
  // R33: differences a manager acknowledges at one 精算; more means the journal is broken and
  // support must look, not a manager clicking through.
  dayCloseDifferencesMax: 500,
  // R29 slips: balances (lots) listed on one slip; a wallet holds a handful, and 32 lines
  // still fit one 80 mm slip a customer will read. The slip schema and the core's drafts agree.
  slipLotsMax: 32,
  // A shop's own header/footer lines on a slip: each at most one 80 mm line of half-width
  // characters, and four of them, so the shop's lines never outgrow the receipt.
  shopLineCharsMax: 48,
  shopLinesMax: 4,
  // R23 KumaPo: the per-wallet cap; a spend or transfer above it is a typing error.
  pointsWalletMax: 9_999_999,
  // R23: the whole points balance lapses this long after the last points activity (rolled to
  // the end of that JST day, then one year).
  pointsValidityYears: 1,
  // R23: a receive-QR lives as long as a CPM token: shown, read, sent, within minutes.
  pointsReceiveQrTtlMs: 5 * 60 * 1000,
  // R23: a receive-QR is read by the same phone cameras as a CPM token (≤ 200 characters);
  // its text is about 180.
  pointsReceiveQrLengthMax: 200,
  // R24: points per bus ride whose alighting stop was answered.
  busRidePoints: 10,
  // R24: one export file. 1,000,000 rows is years of the city's buses; 64 MB holds them in
  // either encoding. Larger is refused before it is parsed.
  busImportRowsMax: 1_000_000,
  busImportBytesMax: 64 * 1024 * 1024,
  // R24: malformed lines listed by number in the answer; beyond this only the count grows.
  busImportMalformedListedMax: 1_000,
  // R24: the bus system's ride id (its own key, stored as the idempotency key of a ride); far
  // above any id a ticketing system writes, short enough that a shifted column is noticed.
  busRideIdLengthMax: 128,
  // R28: a dynamic MPM request lives at most 5 minutes (the default), at least 30 s.
  mpmRequestTtlMsMax: 5 * 60 * 1000,
  mpmRequestTtlMsMin: 30 * 1000,
  // R28: one long poll waits at most this long (the contract's bound), so a proxy never cuts it.
  longPollWaitMsMax: 30_000,
  // R28: MPM QR text (a phone camera reads it from a screen; the shop name is inside).
  mpmQrLengthMax: 400,
  // R28: notices answered per poll; a terminal back from a long outage pages through the rest.
  noticesPageMax: 200,
  // R28: long polls one backend instance holds at once; beyond, a poll is answered at once
  // (empty) so a crowd of terminals cannot pin the instance's memory.
  longPollWaitersMax: 5_000,
  // Idle auto-lock at the counter: a cashier stepping away leaves no open session.
  idleLockMsDefault: 5 * 60 * 1000,
  idleLockMsMin: 30 * 1000,
  idleLockMsMax: 60 * 60 * 1000,
} as const;
