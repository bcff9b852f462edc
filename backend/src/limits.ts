/**
 * Operational bounds of the backend, each with the reason for its number. Business caps and
 * bounds the terminal shares live in common/limits.ts; these keep one instance's memory, queues
 * and waits bounded.
 */
export const BACKEND_LIMITS = {
  // Authentication results (terminal token, staff session) are cached per instance: every
  // payment carries both, and reading them from the store each time would cost more than the
  // payment. The age is the longest a revoked credential can still be honoured on an instance
  // that did not process the revocation: 5 s by default (KUMAPAY_AUTH_CACHE_MS), never above
  // the contract's "within 10 s".
  authCacheMsDefault: 5_000,
  authCacheMsMax: 10_000,
  // Tokens and sessions cached at once: far above the terminals and staff of a city; past it
  // the oldest entries make room.
  authCacheEntriesMax: 50_000,
  // Merchants (charge point, fee, offline card flag) cached at once, with the auth cache's age.
  merchantCacheEntriesMax: 10_000,
  // Operator settings (R2 names, R12 bonus windows, R20 offline limits) are re-read at most
  // this often: a change reaches every instance within 10 s, and no payment pays for a read.
  settingsRefreshMs: 10_000,
  // Signing keys are re-read at most this often: a rotation reaches every instance in 30 s,
  // well inside a CPM token's 5-minute life, and a revocation is applied at once where it is made.
  keyringRefreshMs: 30_000,
  // Settings an operator may set: a terminal's unsynced offline total above ¥10,000,000 is not
  // a shop's day, it is a typing error (R20a: the cap is how much debt a lost terminal can make).
  // The bound on the setting; its default is common/limits.ts `offlineTerminalUnsyncedMaxYen`.
  offlineTerminalUnsyncedYenMax: 10_000_000,
  // Bonus windows (R12) kept in the settings: a campaign calendar of a few years.
  bonusWindowsMax: 100,
  // Campaign names handed to a terminal at its online contact (R2), newest first: a city runs
  // a few campaigns a year, so 200 cover decades of lots still in wallets, in a few kB.
  balanceLabelsMax: 200,
  // Ledger check: differences listed at most, so a badly broken ledger still produces a
  // readable report.
  ledgerCheckDifferencesMax: 1_000,
  // Admin lists and the audit log answer this many rows when the query names no limit.
  adminPageItemsDefault: 100,
  // R23: point events listed to the operator, newest first: a city runs a few events a week,
  // so 1,000 is years of them in one answer of a few hundred kB.
  pointEventsListMax: 1_000,
  // JSON values the input guard walks per body looking for NUL or broken surrogates: a real
  // request has a few dozen; a body with more is refused (it is a flood, not a payment), and the
  // walk is a loop, so even one nested this deep costs time, never the stack.
  requestJsonNodesMax: 100_000,
  // SQLite: prepared statements reused by SQL text; query shapes are finite but IN-lists vary.
  sqliteStatementCacheMax: 512,
  // SQLite: a second connection (a backup, a read) waits this long for the write lock before
  // SQLITE_BUSY; longer than any unit of work, short enough that a stuck lock is reported.
  sqliteBusyTimeoutMs: 5_000,
  // SQLite page cache in KiB, per connection. Smaller than it was (64 MiB): after a b-tree page
  // split SQLite parks a page under a temporary number past the file's end (balance_nonroot
  // renumbers siblings through the pending-byte page), so the next COMMIT scans the whole
  // cache's hash table to drop it, and most commits follow a split. At 64 MiB that scan was
  // 5–7 % of the ledger worker's CPU (docs/performance.md "The page cache and the map"); a
  // page missed here is read from the map below at the cost of a copy.
  sqlitePageCacheKib: 16 * 1024,
  // SQLite memory-mapped I/O: reads of the ledger file are copies from memory, not system
  // calls. SQLite's largest map (its build caps it just under 2 GiB) holds a ledger of about
  // 0.8 million payments (~2.6 GB per million); past that it holds the file's first 2 GiB and
  // reads beyond are system calls again (a 4 MiB cache on a file ten times its 256 MiB map kept
  // its rate with time-ordered clientTxnIds, and lost 26 % with random ones). The mapped pages
  // are the kernel's file cache, shared and reclaimable, but they count in the process's RSS.
  sqliteMmapBytesMax: 0x7fff0000,
  /**
   * WAL pages between automatic checkpoints (40 MiB at SQLite's 4 KiB pages; SQLite's default
   * is 1,000). A checkpoint copies each page once however often it changed since the last, so
   * a longer interval copies the hot pages (wallets, lots, the right edges of indexes) fewer
   * times: +12 % at 32 clients over HTTP (docs/performance.md "Checkpoints").
   */
  sqliteWalCheckpointPages: 10_000,
  /**
   * The WAL checkpointer's thread (store/wal-checkpointer.ts) copies the WAL back into the
   * database file once this many pages wait: a little under a third of sqliteWalCheckpointPages,
   * so it copies at ~3,000, ~6,000 and ~9,000 pages and the writer's own checkpoint at 10,000
   * finds ~1,000 left to copy, instead of all 10,000 while every payment waits
   * (docs/performance.md "Checkpoints off the writer's path"). Smaller copies the hot pages
   * more often.
   */
  sqliteWalCheckpointChunkPages: 3_000,
  // How often that thread looks at the WAL's size (a look copies nothing and costs microseconds).
  sqliteWalCheckpointPollMs: 10,
  // How long closing a store waits for the checkpointer's thread to close its connection
  // before ending the thread.
  sqliteWalCheckpointerStopTimeoutMs: 5_000,
  // Group commit (SQLite): units of work per shared COMMIT; one batch stays a few ms long.
  groupCommitBatchWritesMax: 128,
  /**
   * Group commit (SQLite): after a batch had to be rolled back and run again because a unit of
   * work wrote and then failed (store/group-commit.ts), this many batches run with a savepoint
   * per unit, as every batch once did. A steady run of such failures then costs at most one
   * batch run twice in 65 (under 2 %) instead of one each time; 64 batches are a fraction of a
   * second at the bench's rates.
   */
  groupCommitSavepointBatchesAfterUndo: 64,
  // Group commit queue: past this the backend sheds load (503 overloaded) instead of growing
  // latency without bound.
  groupCommitQueuedWritesMax: 20_000,
  /**
   * Calls waiting for the ledger worker's answer (docs/performance.md "Two threads"): above the
   * group commit's queue and the long polls' waiters together, so those bounds refuse first.
   */
  ledgerWorkerCallsInFlightMax: 30_000,
  /**
   * Messages in one post between the HTTP thread and the ledger worker (worker/outbox.ts): a
   * group commit's answers or a turn's calls are tens; a burst past this leaves in several posts.
   */
  ledgerWorkerMessagesPerPostMax: 256,
  /** How long a stopping backend waits for the ledger worker to close its store. */
  ledgerWorkerStopTimeoutMs: 30_000,
  // PostgreSQL pool (KUMAPAY_PG_POOL_MAX): a few instances × 10 stays under PostgreSQL's
  // default 100 connections.
  pgPoolSizeMaxDefault: 10,
  // With the ledger worker (the default), the HTTP thread keeps a pool of its own for
  // authentication's cache misses, which are coalesced per credential (usecases/auth-cache.ts):
  // an instance holds at most KUMAPAY_PG_POOL_MAX + this many connections. Two connections at
  // ~1 ms a read serve ~2,000 reads/s: with the 5 s cache (two reads per till, token and
  // session) that is ~5,000 busy tills on one instance, more than one instance serves anyway.
  pgHttpThreadPoolSizeMax: 2,
  // A statement running longer than this is stuck (KUMAPAY_PG_STATEMENT_TIMEOUT_MS): a unit of
  // work is a few ms.
  pgStatementTimeoutMsDefault: 5_000,
  // What KUMAPAY_PG_POOL_MAX and KUMAPAY_PG_STATEMENT_TIMEOUT_MS may say (config.ts): one
  // instance holding more than 200 connections, or a statement bound below 100 ms (a fsync can
  // take that) or above a minute (a stuck statement holding a wallet lock), is a typo.
  pgPoolSizeMax: 200,
  pgStatementTimeoutMsMin: 100,
  pgStatementTimeoutMsMax: 60_000,
  // A transaction idle this long holds row locks for nothing: the instance died mid-work.
  pgIdleInTransactionTimeoutMs: 10_000,
  // Connecting to PostgreSQL: past this the database is down, and the caller is told so.
  pgConnectionTimeoutMs: 5_000,
  // Serialization failures, deadlocks and unique races retried per unit of work: the retry
  // sees the winner's row, so a second conflict is rare and a fifth means something is wrong.
  pgRetryCountMax: 5,
  // Keep-alive longer than typical proxies' idle timeout (60 s), so a load balancer never
  // reuses a socket we just closed.
  httpKeepAliveTimeoutMs: 65_000,
  // Expiry sweep (R4, R27): wallets written off per unit of work. One batch holds the SQLite
  // writer (and on PostgreSQL the batch's wallet rows) for a few ms, so payments queued behind
  // it barely notice; KUMAPAY_SWEEP_BATCH_WALLETS tunes it up to the max.
  expirySweepWalletsPerBatchDefault: 100,
  expirySweepWalletsPerBatchMax: 1_000,
  // Lapsed lots read per batch to pick its wallets (× wallets per batch): a wallet rarely has
  // more than a few lapsed lots, and on PostgreSQL the spare candidates let a second instance
  // lock wallets the first is not holding instead of finding them all busy.
  expirySweepCandidateLotsPerWallet: 8,
  // PostgreSQL: when every candidate wallet is locked (another instance's batch, payments), the
  // sweep waits this long and looks again, this many times in a row, then leaves the rest for
  // the next run rather than spin behind a busy instance.
  expirySweepBusyPauseMs: 25,
  expirySweepBusyRoundsMax: 20,
  // Batches per run: 1,000 × 100 wallets covers a whole city's lapse in one run; a backlog
  // beyond it is left for the next run (the state is the ledger, so nothing is lost).
  expirySweepBatchesPerRunMax: 1_000,
  // The schedule (KUMAPAY_SWEEP_INTERVAL_MS, 0 = off): every 15 minutes keeps breakage at most
  // a quarter of an hour behind the expiry; below 1 s the sweep would only chase its own tail;
  // above a day a report could miss a whole day's lapse.
  expirySweepIntervalMsDefault: 15 * 60_000,
  expirySweepIntervalMsMin: 1_000,
  expirySweepIntervalMsMax: 24 * 60 * 60_000,
  // Lapsed lots counted at most for the status and /metrics: a scrape must stay cheap even with
  // a huge backlog; past it the figure reads "at least this many".
  expirySweepPendingCountMax: 100_000,
  // Rows per INSERT when copying a store (SQLite → PostgreSQL): well under both databases'
  // bound on bound parameters (SQLite 32,766) at ~15 columns.
  copyStoreRowsPerInsertMax: 500,
  // R24 bus import: ride ids per IN list and rows per multi-row INSERT. 6 columns × 1,000 =
  // 6,000 bound parameters, far under SQLite's 32,766 and PostgreSQL's 65,535, and few enough
  // statements that 100,000 rows import in seconds.
  busImportRowsPerStatementMax: 1_000,
  // R24 bus import: bytes decoded and parsed between two yields to the event loop. A slice is
  // ~600 rows, ~10 ms of CPU, so even a 64 MB file never holds the instance's other requests
  // (payments, the terminals' 1 s liveness poll) for long at a time.
  busImportSliceBytes: 64 * 1024,
  // R28 long polls: a payment taken by another instance is seen by re-reading the store this
  // often (one query per instance for all its waiters, not one per waiter), so the terminal
  // shows it well within the rule's second; ids per IN list of that query, under both stores'
  // bound on parameters.
  longPollRecheckMs: 250,
  longPollRecheckIdsPerQueryMax: 500,
} as const;
