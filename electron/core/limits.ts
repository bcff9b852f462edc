/**
 * Operational bounds of the terminal core, each with the reason for its number. Business caps
 * (offline limits, R20) come from the backend's `offlineLimits`; common/limits.ts holds the
 * defaults used until the backend has said otherwise.
 */
export const CORE_LIMITS = {
  // A money request that has not answered in 8 s is stuck: the cashier is told "checking…"
  // and the same clientTxnId is retried. Generous because SQLite fsyncs on the backend too.
  moneyRequestTimeoutMs: 8_000,
  // Reads (keys, reports, lookups) are not money: a shorter wait keeps the counter moving.
  readRequestTimeoutMs: 5_000,
  // A health probe answers in milliseconds when the backend is there at all.
  probeTimeoutMs: 2_000,
  // Ambiguous outcome (timeout after sending, reset): retried with the same clientTxnId at
  // most twice while the cashier waits ("checking…"), then the item stays "unknown" and the
  // sync agent resolves it. Worst case 3 × 8 s + 2.5 s ≈ 27 s at the counter; a dropped
  // connection answers on the first retry in milliseconds. One delay per retry: the runner
  // waits each delay in turn, so the list is the retry schedule.
  ambiguousRetriesMax: 2,
  ambiguousRetryDelaysMs: [500, 2_000] as readonly number[],
  // Connectivity: consecutive network failures before "offline" (one failure is "degraded":
  // a single lost packet must not flip the counter into offline mode).
  networkFailuresForOffline: 2,
  // Health probes back off from 0.5 s to 15 s (probeBackoffMsMax below): quick to notice the
  // backend is back, and a dead network costs one tiny request every 15 s.
  probeBackoffMsMin: 500,
  // While online, `GET /livez` every second with a one-second timeout: the offline badge must
  // show within 2 s of the link dropping (a cashier about to take a payment needs to know),
  // and a tiny no-auth, no-database answer once a second costs the backend nothing. A real
  // request answered within the last second stands in for the heartbeat (busy tills add none).
  heartbeatIntervalMs: 1_000,
  heartbeatTimeoutMs: 1_000,
  probeBackoffMsMax: 15_000,
  // While online, keys and offline limits are refreshed this often (key rotation, R22).
  keysRefreshMs: 10 * 60 * 1000,
  // Blocked-card pages per online contact: 20 × 1,000 cards; a first fill of the whole list
  // (LIMITS.blockedCardsKeptMax) takes five contacts, and no contact holds the link for long.
  blockedCardPagesPerContactMax: 20,
  // Sync agent: while items are pending it tries this often; failures back off to the max.
  syncIntervalMs: 5_000,
  syncBackoffMsMax: 60_000,
  // Batches per sync run: 50 × 200 items drains 10,000 offline payments in one run.
  syncBatchesPerRunMax: 50,
  // Unknown online items retried per sync run: each is one request, keep a run short.
  unknownResolvesPerRunMax: 50,
  // Money commands wait for one another (one counter, one cashier). More than this many
  // waiting means the UI is stuck in a loop: refuse with `overloaded` instead of queueing.
  commandQueueMax: 4,
  // Offline login (bounded): only for staff who logged in online within the last 12 hours
  // (a shift), with a slow local PIN hash.
  offlineLoginWindowMs: 12 * 60 * 60 * 1000,
  // scrypt N=2^14, r=8, p=1: ~50 ms per guess on this class of machine, 16 MiB of memory.
  pinHashCost: 16_384,
  pinHashBlockSize: 8,
  pinHashParallelization: 1,
  pinHashBytes: 32,
  pinSaltBytes: 16,
  // R20: warn the shop when the offline deadline is this close.
  deadlineWarningMs: 2 * 60 * 60 * 1000,
  // Used CPM token ids are kept until their token could no longer verify anyway (≤ 5 min
  // TTL), plus a day of margin for clock skew between terminal and backend.
  usedTokenRetentionMs: 24 * 60 * 60 * 1000,
  // Notifications listed in the status (the oldest unacknowledged first); more stay on disk.
  notificationsShownMax: 50,
  // One counter makes one request at a time; sync and probes add two. More sockets than this
  // to one backend would be a leak.
  backendSocketsMax: 4,
  // Response bodies: a page of a day's transactions is ~750 kB; a busy day's whole list in one
  // answer outgrew this at ~11,000 sales, hence the pages below.
  responseBodyBytesMax: 8 * 1024 * 1024,
  // R30: a business day's transactions are read in pages of LIMITS.terminalTransactionsPageMax
  // (1,000); 200 pages is 200,000 transactions, a sale every 0.43 s for 24 hours at one
  // register. A backend still saying "more" after that is broken: the read fails rather than
  // loop, and never hands back a partial day (精算 would call the rest missing).
  transactionPagesMax: 200,
  // R31: what searches said of other registers' transactions (figures for their cancels and
  // their 取消 slips), memory only: a few screens of results; beyond it the memory starts over.
  searchedKeptMax: 500,
  // R2: balance names learnt from the backend (charge money and one per campaign), kept for
  // lines the terminal shows from its journal. A city runs a few campaigns a year; past 500
  // the names learnt longest ago make room (the backend hands out its newest 200 at contact).
  balanceLabelsKeptMax: 500,
  // R29 print jobs waiting for the printer. A transaction queues at most two copies and a job
  // in trouble fails within the printer client's timeouts (status first), so 16 waiting means
  // a loop or a wedged printer: the 17th is failed at once instead of growing the queue.
  printQueueJobsMax: 16,
  // Finished jobs listed by `printJobs` (the result screen and header after a reload): a busy
  // few minutes at the counter. Older outcomes are forgotten; their slips stay reprintable.
  printJobsKept: 20,
  // The printer's real-time status (DLE EOT) between jobs: paper out or the cover left open
  // shows in the header within 15 s, before the next slip fails; one tiny exchange per poll.
  printerStatusPollMs: 15_000,
  // The journal (SQLite): a core restarting right after the previous one died waits this long
  // for its lock; a live second core still holds it and fails at open.
  journalBusyTimeoutMs: 5_000,
  // R28 MPM, dynamic request: each long poll waits 25 s on the backend (under the contract's
  // 30 s and any proxy's idle cut), so a request of at most 5 min is about 12 polls; 40 leaves
  // room for early answers and a few failures and still ends the watch.
  mpmLongPollWaitMs: 25_000,
  mpmPollsMax: 40,
  // Between two polls while pending: a backend that answers at once (its waiters full, an old
  // version) costs 4 requests a second at most. A payment in the gap answers the next poll at
  // once, so the counter still shows it within a second.
  mpmPollGapMs: 250,
  // A failed poll (link, 5xx) waits 1 s; after 10 failures in a row the watch stops and the
  // notices (which name this register) bring the outcome instead.
  mpmPollFailureDelayMs: 1_000,
  mpmPollFailuresMax: 10,
  // The backend decides expiry by its clock; ours may run ahead. Past expiresAt the watch asks
  // without waiting for at most this long before it stops on its own.
  mpmExpiryGraceMs: 10_000,
  // Requests whose outcome this register's screen showed (no 入金通知 banner for them): the
  // last hour of a busy counter; older ones are forgotten (memory only).
  mpmShownKeptMax: 100,
  // R28 notices: one long poll waits 25 s; between answers at least 1 s (a `more` page is asked
  // at once); failures back off from 1 s to 60 s; a catch-up reads at most 50 pages (10,000
  // notices at the backend's page size) before giving the link a breath.
  noticesWaitMs: 25_000,
  noticesPollGapMs: 1_000,
  noticesBackoffMsMin: 1_000,
  noticesBackoffMsMax: 60_000,
  noticesPagesPerRunMax: 50,
  // A 入金通知 banner (and its sound) only for payments of the last 15 minutes: after an outage
  // or at first start the older ones go quietly into the journal and history.
  noticeBannerFreshMs: 15 * 60 * 1000,
} as const;
