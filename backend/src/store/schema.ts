import type { Generated } from 'kysely';
/**
 * Table types for Kysely. Instants are epoch milliseconds (`*Ms`), money is whole yen
 * (`*Yen`); both are 64-bit integers in the store and numbers here. Flags are 0/1 integers so
 * the same migrations run on SQLite and PostgreSQL.
 */

export interface MerchantsTable {
  id: string; name: string; charge_point: number; offline_card_payments: number; fee_rate_bp: number; created_at_ms: number;
  /** R23: spends of KumaPo points are taken here (0/1). */
  kumapo_store: Generated<number>;
  /** R28: the last number given to this merchant's notices (bumped under its row lock). */
  notice_seq: Generated<number>;
}
export interface TerminalsTable {
  id: string; merchant_id: string; name: string; enrollment_code_hash: string; enrolled_at_ms: number | null; token_hash: string | null; created_at_ms: number;
  revoked_at_ms: number | null; token_issued_at_ms: number | null; token_expires_at_ms: number | null;
  previous_token_hash: string | null; previous_token_valid_until_ms: number | null;
  offline_window_yen: Generated<number>; offline_window_opened_at_ms: number | null;
  /** Issue 10: the terminal's number within its merchant (null only for rows older than 003 that the backfill missed). */
  terminal_no: number | null;
  /** R30, migration 006: the instant of its last close (精算), written with its terminal_day_closes row; null before the first. */
  last_closed_at_ms: number | null;
}
export interface StaffTable { id: string; merchant_id: string; staff_code: string; name: string; role: string; pin_hash: string; failed_count: number; locked_until_ms: number; created_at_ms: number; disabled_at_ms: number | null }
export interface StaffSessionsTable { token_hash: string; staff_id: string; terminal_id: string; expires_at_ms: number }
export interface WalletsTable { id: string; kind: string; status: string; display_name: string; card_number: string | null; nfc_uid: string | null; customer_token_hash: string | null; migrated_to: string | null; debt_yen: number; created_at_ms: number; status_changed_at_ms: number | null;
  /** R23: cached KumaPo balance (whole points) and when all of it lapses; moved only with point_postings. */
  points: Generated<number>; points_expires_at_ms: number | null;
}
export interface CampaignsTable { id: string; name: string; label: string; kind: string; validity_years: number; validity_months: number; validity_days: number; eligible_all: number; created_at_ms: number }
export interface CampaignMerchantsTable { campaign_id: string; merchant_id: string }
export interface GrantCodesTable { code_hash: string; campaign_id: string; amount_yen: number; created_at_ms: number; claimed_wallet_id: string | null; claimed_at_ms: number | null; lot_id: string | null }
export interface LotsTable { id: string; wallet_id: string; kind: string; campaign_id: string | null; balance_yen: number; expires_at_ms: number; created_at_ms: number }
export interface JournalEntriesTable { id: string; type: string; occurred_at_ms: number; recorded_at_ms: number; wallet_id: string | null; merchant_id: string | null; terminal_id: string | null; staff_id: string | null; ref_id: string | null }
export interface PostingsTable { entry_id: string; line_no: number; account: string; lot_id: string | null; amount_yen: number }
export interface PaymentsTable { id: string; client_txn_id: string | null; merchant_id: string; terminal_id: string; staff_id: string | null; wallet_id: string; amount_yen: number; fee_yen: number; entry_id: string; occurred_at_ms: number; recorded_at_ms: number; offline: number; shortfall_yen: number; token_id: string | null; cancelled_at_ms: number | null; short_no: string | null; cash_yen: Generated<number>; method: string | null }
export interface PaymentAllocationsTable { payment_id: string; line_no: number; lot_id: string; kind: string; campaign_id: string | null; amount_yen: number; expires_at_ms: number }
export interface ChargesTable { id: string; client_txn_id: string | null; merchant_id: string; terminal_id: string; staff_id: string | null; wallet_id: string; lot_id: string; amount_yen: number; bonus_yen: number; debt_repaid_yen: number; entry_id: string; occurred_at_ms: number; cancelled_at_ms: number | null; short_no: string | null; method: string | null }
export interface CancellationsTable { id: string; kind: string; target_id: string; client_txn_id: string; terminal_id: string; staff_id: string | null; amount_yen: number; written_off_yen: number; entry_id: string; occurred_at_ms: number; short_no: string | null; approved_by_staff_id: string | null }
export interface MigrationsTable { id: string; client_txn_id: string; card_wallet_id: string; to_wallet_id: string; moved_yen: number; entry_id: string; terminal_id: string; staff_id: string | null; occurred_at_ms: number; short_no: string | null }
export interface UsedTokensTable { token_id: string; wallet_id: string; payment_id: string | null; used_at_ms: number }
export interface IdempotencyKeysTable { client_txn_id: string; terminal_id: string; request_hash: string; status_code: number; response_json: string; created_at_ms: number }
export interface SyncItemsTable { terminal_id: string; seq: number; client_txn_id: string; status: string; result_json: string; recorded_at_ms: number }
export interface SigningKeysTable { kid: string; public_key: string; private_key: string; created_at_ms: number; retired_at_ms: number | null; revoked_at_ms: number | null }
export interface SettingsTable { key: string; value_json: string }
export interface MigrationLotsTable { migration_id: string; from_lot_id: string; to_lot_id: string }
export interface AdminAuditTable { id: string; at_ms: number; actor: string; action: string; target_id: string | null; details_json: string }
export interface HealthProbeTable { id: number; at_ms: number }
export interface TerminalDayClosesTable { terminal_id: string; business_day: string; closed_at_ms: number; staff_id: string | null; approved_by_staff_id: string | null; figures_json: string; acknowledgements_json: string }

export interface PointEventsTable { id: string; name: string; points: number; from_ms: number; to_ms: number; rule: string; code_hash: string; created_at_ms: number }
export interface PointClaimsTable { event_id: string; wallet_id: string; period_key: string; entry_id: string; claimed_at_ms: number }
export interface PointEntriesTable { id: string; type: string; occurred_at_ms: number; recorded_at_ms: number; wallet_id: string | null; merchant_id: string | null; terminal_id: string | null; staff_id: string | null; ref_id: string | null }
export interface PointPostingsTable { entry_id: string; line_no: number; account: string; wallet_id: string | null; points: number }
export interface PointSpendsTable { id: string; client_txn_id: string | null; merchant_id: string; terminal_id: string; staff_id: string | null; wallet_id: string; points: number; entry_id: string; occurred_at_ms: number; recorded_at_ms: number; cancelled_at_ms: number | null; channel: string; token_id: string | null; short_no: string | null }
export interface PointTransfersTable { id: string; client_txn_id: string; from_wallet_id: string; to_wallet_id: string; receive_qr_id: string; points: number; entry_id: string; occurred_at_ms: number }
export interface BusRidesTable { ride_id: string; wallet_id: string; points: number; used_at_ms: number; import_id: string; entry_id: string }
export interface BusImportsTable { id: string; file_sha256: string; imported_at_ms: number; counts_json: string }
export interface MpmRequestsTable { id: string; client_txn_id: string; merchant_id: string; terminal_id: string; staff_id: string | null; amount_yen: number | null; points: number | null; created_at_ms: number; expires_at_ms: number; status: string; closed_at_ms: number | null; payment_id: string | null; spend_id: string | null;
  /** The sale's short number, and the paying unit of work's answer (JSON) for the request's terminal. */
  short_no: Generated<string | null>; result_json: Generated<string | null>;
}
export interface MerchantNoticesTable { merchant_id: string; seq: number; kind: string; terminal_id: string | null; ref_id: string; amount_yen: number | null; points: number | null; created_at_ms: number; body_json: string }

export interface DB {
  merchants: MerchantsTable;
  terminals: TerminalsTable;
  staff: StaffTable;
  staff_sessions: StaffSessionsTable;
  wallets: WalletsTable;
  campaigns: CampaignsTable;
  campaign_merchants: CampaignMerchantsTable;
  grant_codes: GrantCodesTable;
  lots: LotsTable;
  journal_entries: JournalEntriesTable;
  postings: PostingsTable;
  payments: PaymentsTable;
  payment_allocations: PaymentAllocationsTable;
  charges: ChargesTable;
  cancellations: CancellationsTable;
  migrations: MigrationsTable;
  used_tokens: UsedTokensTable;
  idempotency_keys: IdempotencyKeysTable;
  sync_items: SyncItemsTable;
  signing_keys: SigningKeysTable;
  settings: SettingsTable;
  migration_lots: MigrationLotsTable;
  admin_audit: AdminAuditTable;
  health_probe: HealthProbeTable;
  terminal_day_closes: TerminalDayClosesTable;
  point_events: PointEventsTable;
  point_claims: PointClaimsTable;
  point_entries: PointEntriesTable;
  point_postings: PointPostingsTable;
  point_spends: PointSpendsTable;
  point_transfers: PointTransfersTable;
  bus_rides: BusRidesTable;
  bus_imports: BusImportsTable;
  mpm_requests: MpmRequestsTable;
  merchant_notices: MerchantNoticesTable;
}
