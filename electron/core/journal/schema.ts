/**
 * The journal's tables. Versioned with `PRAGMA user_version`: a migration is appended, never
 * edited, so a terminal that slept through releases still opens its journal.
 */
export const JOURNAL_MIGRATIONS: readonly string[] = [
  `
  -- Terminal identity, cached backend keys and offline limits, backend URL, last sync time.
  CREATE TABLE setting (
    key TEXT PRIMARY KEY,
    value_json TEXT NOT NULL
  ) STRICT;

  -- Every money attempt, written before its request leaves, updated with its outcome.
  CREATE TABLE txn (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,          -- per-terminal monotonic, never reused
    client_txn_id TEXT NOT NULL UNIQUE,             -- the idempotency key the backend sees
    kind TEXT NOT NULL CHECK (kind IN ('payment','charge','payment_cancel','charge_cancel','migration')),
    mode TEXT NOT NULL CHECK (mode IN ('online','offline')),
    state TEXT NOT NULL CHECK (state IN ('sending','unknown','approved','declined','pending','synced','rejected')),
    offline_seq INTEGER UNIQUE,                     -- contiguous over offline items: the sync seq
    amount_yen INTEGER NOT NULL CHECK (amount_yen >= 0),
    occurred_at_ms INTEGER NOT NULL,
    business_day TEXT NOT NULL,
    staff_id TEXT,
    request_json TEXT NOT NULL,                     -- the exact body; retries resend it
    target_id TEXT,                                 -- cancels: the payment or charge id
    credential_key TEXT,                            -- wallet or card the money came from
    token_id TEXT,                                  -- CPM token id (one use, R22)
    token_expires_at_ms INTEGER,
    cash_received_yen INTEGER,
    result_id TEXT,                                 -- paymentId, chargeId, cancellationId, migrationId
    result_json TEXT,                               -- the backend's answer or refusal
    error_code TEXT,
    bonus_yen INTEGER,
    shortfall_yen INTEGER,
    attempts INTEGER NOT NULL DEFAULT 0,
    decided_at_ms INTEGER,
    CHECK ((mode = 'offline') = (offline_seq IS NOT NULL) OR state = 'declined')
  ) STRICT;
  CREATE INDEX txn_state ON txn (state, seq);
  CREATE INDEX txn_day ON txn (business_day, seq);
  CREATE INDEX txn_target ON txn (target_id) WHERE target_id IS NOT NULL;
  CREATE INDEX txn_credential ON txn (credential_key, state) WHERE credential_key IS NOT NULL;

  -- R22: a CPM token pays once on this terminal, online or offline.
  CREATE TABLE used_token (
    token_id TEXT PRIMARY KEY,
    client_txn_id TEXT NOT NULL,
    expires_at_ms INTEGER NOT NULL
  ) STRICT;

  -- Shown to the shop until acknowledged (R20: rejected offline items, shortfalls).
  CREATE TABLE notification (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    created_at_ms INTEGER NOT NULL,
    client_txn_id TEXT,
    amount_yen INTEGER,
    message TEXT NOT NULL,
    acknowledged_at_ms INTEGER
  ) STRICT;
  CREATE INDEX notification_open ON notification (acknowledged_at_ms, created_at_ms);

  -- Staff who logged in online recently, for the bounded offline login.
  CREATE TABLE staff_cache (
    staff_code TEXT PRIMARY KEY,
    staff_id TEXT NOT NULL,
    name TEXT NOT NULL,
    role TEXT NOT NULL,
    pin_hash_b64 TEXT NOT NULL,
    pin_salt_b64 TEXT NOT NULL,
    online_login_at_ms INTEGER NOT NULL,
    failed_count INTEGER NOT NULL DEFAULT 0,
    locked_until_ms INTEGER
  ) STRICT;

  -- R26: a business day closed (精算) once, with the report as shown.
  CREATE TABLE day_close (
    business_day TEXT PRIMARY KEY,
    closed_at_ms INTEGER NOT NULL,
    report_json TEXT NOT NULL
  ) STRICT;
  `,
  `
  -- R20a offline window: the terminal's offline items answered applied or duplicate since its
  -- last successful online contact (GET /v1/terminal/keys). The backend caps the same sum.
  CREATE TABLE offline_window (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    synced_yen INTEGER NOT NULL CHECK (synced_yen >= 0)
  ) STRICT;
  INSERT INTO offline_window (id, synced_yen) VALUES (1, 0);

  -- R19/R20a: cards retired by migration or blocked, refused offline. Keys are the core's
  -- credentialKey of the card number and of the normalized chip UID.
  CREATE TABLE blocked_card (
    card_key TEXT PRIMARY KEY,
    nfc_key TEXT,
    status TEXT NOT NULL CHECK (status IN ('retired', 'blocked')),
    changed_at_ms INTEGER NOT NULL
  ) STRICT;
  CREATE INDEX blocked_card_nfc ON blocked_card (nfc_key) WHERE nfc_key IS NOT NULL;
  CREATE INDEX blocked_card_age ON blocked_card (changed_at_ms);

  -- Notices the renderer words itself in the cashier's language: when the payment was made
  -- and the backend's reason code (NULL on notices written before this version).
  ALTER TABLE notification ADD COLUMN occurred_at_ms INTEGER;
  ALTER TABLE notification ADD COLUMN reason_code TEXT;
  `,
  `
  -- Issue 10 (R29–R33). The cash part of a split sale (R32) on payments, and on cancels the
  -- cash handed back; the short number printed and searched (NNNN-SSSSSS, NULL while the
  -- terminal's number is unknown); how the customer paid; who did it, by name, as on the slip.
  ALTER TABLE txn ADD COLUMN cash_yen INTEGER CHECK (cash_yen IS NULL OR cash_yen >= 0);
  ALTER TABLE txn ADD COLUMN short_no TEXT;
  ALTER TABLE txn ADD COLUMN method TEXT CHECK (method IS NULL OR method IN ('qr','card','mpm'));
  ALTER TABLE txn ADD COLUMN staff_name TEXT;
  -- R31: the staff code of the manager who approved a cancel (never the PIN).
  ALTER TABLE txn ADD COLUMN approved_by_code TEXT;
  CREATE INDEX txn_short_no ON txn (short_no) WHERE short_no IS NOT NULL;
  -- R30: a business day is an interval of time; reports and search read by instant.
  CREATE INDEX txn_occurred ON txn (occurred_at_ms);

  -- R30/R33: who closed the day.
  ALTER TABLE day_close ADD COLUMN closed_by_name TEXT;
  `,
  `
  -- Issue 11 (R29). Every slip as first made, so a reprint (any time, offline too) prints the
  -- same words. subject_key: the transaction's client_txn_id (a cancel: the cancelled one's,
  -- so the original's history line lists both), or report:<check|close>:<business day>.
  -- slip_json: common/receipts/slip.ts, validated on every read. <copy>_queued_at_ms: when a
  -- print of that copy was first queued; any later print of it says 再印刷.
  CREATE TABLE slip (
    slip_id TEXT PRIMARY KEY,
    subject_key TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('payment','charge','cancel','migration','report')),
    created_at_ms INTEGER NOT NULL,
    slip_json TEXT NOT NULL,
    customer_queued_at_ms INTEGER,
    shop_queued_at_ms INTEGER
  ) STRICT;
  CREATE INDEX slip_subject ON slip (subject_key, created_at_ms);
  -- One report slip per subject: the day's latest 点検 snapshot, and its 精算 once.
  CREATE UNIQUE INDEX slip_report ON slip (subject_key) WHERE kind = 'report';
  `,
  `
  -- Issue 13 (R23 KumaPo, R28 MPM). SQLite cannot widen a CHECK in place, so txn is rebuilt
  -- with the same rows, seqs and sequence (short numbers are seqs: never reused) and three new
  -- kinds: point_spend (the customer's points at this store; amount_yen 0, points set) and its
  -- cancel, and mpm_request (a dynamic MPM request this register created; the payment that
  -- answers it is its own row, kind payment or point_spend with method 'mpm').
  -- points: a point spend's points (a cancel: the points restored).
  -- mpm_source: MPM payments, 'dynamic' (a request of this register) or 'static' (its store QR).
  CREATE TABLE txn_v5 (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    client_txn_id TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL CHECK (kind IN ('payment','charge','payment_cancel','charge_cancel','migration','point_spend','point_spend_cancel','mpm_request')),
    mode TEXT NOT NULL CHECK (mode IN ('online','offline')),
    state TEXT NOT NULL CHECK (state IN ('sending','unknown','approved','declined','pending','synced','rejected')),
    offline_seq INTEGER UNIQUE,
    amount_yen INTEGER NOT NULL CHECK (amount_yen >= 0),
    occurred_at_ms INTEGER NOT NULL,
    business_day TEXT NOT NULL,
    staff_id TEXT,
    request_json TEXT NOT NULL,
    target_id TEXT,
    credential_key TEXT,
    token_id TEXT,
    token_expires_at_ms INTEGER,
    cash_received_yen INTEGER,
    result_id TEXT,
    result_json TEXT,
    error_code TEXT,
    bonus_yen INTEGER,
    shortfall_yen INTEGER,
    attempts INTEGER NOT NULL DEFAULT 0,
    decided_at_ms INTEGER,
    cash_yen INTEGER CHECK (cash_yen IS NULL OR cash_yen >= 0),
    short_no TEXT,
    method TEXT CHECK (method IS NULL OR method IN ('qr','card','mpm')),
    staff_name TEXT,
    approved_by_code TEXT,
    points INTEGER CHECK (points IS NULL OR points >= 0),
    mpm_source TEXT CHECK (mpm_source IS NULL OR mpm_source IN ('static','dynamic')),
    CHECK ((mode = 'offline') = (offline_seq IS NOT NULL) OR state = 'declined')
  ) STRICT;
  INSERT INTO txn_v5 (seq, client_txn_id, kind, mode, state, offline_seq, amount_yen, occurred_at_ms, business_day, staff_id,
    request_json, target_id, credential_key, token_id, token_expires_at_ms, cash_received_yen, result_id, result_json, error_code,
    bonus_yen, shortfall_yen, attempts, decided_at_ms, cash_yen, short_no, method, staff_name, approved_by_code)
  SELECT seq, client_txn_id, kind, mode, state, offline_seq, amount_yen, occurred_at_ms, business_day, staff_id,
    request_json, target_id, credential_key, token_id, token_expires_at_ms, cash_received_yen, result_id, result_json, error_code,
    bonus_yen, shortfall_yen, attempts, decided_at_ms, cash_yen, short_no, method, staff_name, approved_by_code
  FROM txn;
  UPDATE sqlite_sequence SET seq = MAX(seq, COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'txn'), 0)) WHERE name = 'txn_v5';
  INSERT INTO sqlite_sequence (name, seq)
    SELECT 'txn_v5', seq FROM sqlite_sequence WHERE name = 'txn' AND NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'txn_v5');
  DROP TABLE txn;
  ALTER TABLE txn_v5 RENAME TO txn;
  CREATE INDEX txn_state ON txn (state, seq);
  CREATE INDEX txn_day ON txn (business_day, seq);
  CREATE INDEX txn_target ON txn (target_id) WHERE target_id IS NOT NULL;
  CREATE INDEX txn_credential ON txn (credential_key, state) WHERE credential_key IS NOT NULL;
  CREATE INDEX txn_short_no ON txn (short_no) WHERE short_no IS NOT NULL;
  CREATE INDEX txn_occurred ON txn (occurred_at_ms);
  -- Lookups of a payment, spend or request by the backend's id (cancels, MPM outcomes).
  CREATE INDEX txn_result ON txn (result_id, kind) WHERE result_id IS NOT NULL;
  `,
  `
  -- Issue 13 (R23, R29): KumaPo spend slips (point_spend) and their 取消 (point_spend_cancel).
  -- The slip table is rebuilt to widen its kind CHECK; rowids are kept, so slips of one
  -- subject list in the same order (created_at_ms, rowid) as before.
  CREATE TABLE slip_v6 (
    slip_id TEXT PRIMARY KEY,
    subject_key TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('payment','charge','cancel','migration','report','point_spend','point_spend_cancel')),
    created_at_ms INTEGER NOT NULL,
    slip_json TEXT NOT NULL,
    customer_queued_at_ms INTEGER,
    shop_queued_at_ms INTEGER
  ) STRICT;
  INSERT INTO slip_v6 (rowid, slip_id, subject_key, kind, created_at_ms, slip_json, customer_queued_at_ms, shop_queued_at_ms)
    SELECT rowid, slip_id, subject_key, kind, created_at_ms, slip_json, customer_queued_at_ms, shop_queued_at_ms FROM slip;
  DROP TABLE slip;
  ALTER TABLE slip_v6 RENAME TO slip;
  CREATE INDEX slip_subject ON slip (subject_key, created_at_ms);
  CREATE UNIQUE INDEX slip_report ON slip (subject_key) WHERE kind = 'report';
  `,
];
