/**
 * Every bound in the system, each with the reason for its number. Business caps come from
 * business-rules.md; operational bounds keep a bad day from turning into an outage.
 */
export const LIMITS = {
  // R11: 1,000-yen units, 1,000–50,000 per face-to-face charge, charge balance ≤ 50,000.
  chargeUnitYen: 1_000,
  chargeMinYen: 1_000,
  chargeMaxYen: 50_000,
  chargeBalanceCapYen: 50_000,
  // R12: 1% = 100 basis points unless a bonus window says otherwise.
  defaultBonusRateBp: 100,
  // A single payment above this is a typing error at the counter, not a purchase: the
  // wallet can never hold more than the charge cap plus granted money.
  paymentMaxYen: 1_000_000,
  // R14: cancel within 8 days.
  cancelWindowMs: 192 * 60 * 60 * 1000,
  // R22: a CPM token lives at most 5 minutes; the app refreshes it well before that.
  cpmTokenTtlMsMax: 5 * 60 * 1000,
  cpmTokenTtlMsDefault: 5 * 60 * 1000,
  // R22: scanners read ≤ 200 characters at a glance.
  cpmTokenLengthMax: 200,
  // R20: offline approval limits, defaults the backend hands to terminals.
  offlinePaymentMaxYen: 5_000,
  offlineTerminalUnsyncedMaxYen: 100_000,
  offlineTokenMaxYen: 5_000,
  offlineDeadlineMs: 24 * 60 * 60 * 1000,
  // Sync batches: big enough to drain a day's offline queue in seconds, small enough that
  // one batch is one short transaction.
  syncBatchItemsMax: 200,
  // Staff sessions last a shift; PIN lock-out after repeated failures.
  staffSessionTtlMs: 12 * 60 * 60 * 1000,
  staffPinFailuresMax: 5,
  staffLockoutMs: 15 * 60 * 1000,
  // Request bodies are small JSON; anything bigger is an attack or a bug.
  requestBodyBytesMax: 256 * 1024,
  // Grant codes minted per call: a print run, not a database dump.
  grantCodesPerCallMax: 10_000,
  // History pages.
  historyItemsMax: 500,
} as const;
