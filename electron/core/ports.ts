/**
 * The core's ports: what it needs from the world, as interfaces. Hosts (Electron, the browser
 * host) and tests plug their own adapters; the core never imports an adapter's module.
 */
import type { z } from 'zod';
import type {
  blockedCardsQuery,
  blockedCardsResponse,
  cancelRequest,
  chargeCancelResponse,
  dayCloseRequest,
  chargeRequest,
  chargeResponse,
  enrollResponse,
  keysResponse,
  lookupRequest,
  lookupResponse,
  migrationRequest,
  migrationResponse,
  paymentCancelResponse,
  paymentRequest,
  paymentResponse,
  settlementResponse,
  staffSessionRequest,
  staffSessionResponse,
  syncBatchRequest,
  syncBatchResponse,
  transactionSearchResponse,
  transactionsResponse,
} from '../../common/wire/terminal';
import type { pointSpendCancelRequest, pointSpendCancelResponse, pointSpendRequest, pointSpendResponse } from '../../common/wire/points';
import type { mpmRequestCreate, mpmRequestCreated, mpmRequestView, noticesResponse, staticQrResponse } from '../../common/wire/mpm';
import type { DeviceView } from '../../common/terminal-api';
import type { ScanTextEncoding } from '../../common/scan-encoding';
import type { PrintFailureCode, PrinterConnection, PrinterStatusView, SlipFormat } from '../../common/receipts/printer-settings';

export type { Clock } from '../../common/time';

/**
 * What became of one backend request. The split that matters for money is between
 * `not_sent` (the backend never saw it: safe to treat as not applied) and `ambiguous` (it may
 * have been applied: only a retry with the same clientTxnId may find out).
 */
export type BackendOutcome<T> =
  | { kind: 'ok'; status: number; value: T }
  | { kind: 'refused'; status: number; code: string; message: string; details: Record<string, unknown> }
  | { kind: 'not_sent'; reason: string }
  | { kind: 'ambiguous'; reason: string };

export interface BackendAuth {
  terminalToken: string;
  staffSession: string | null;
}

export type EnrollResponse = z.infer<typeof enrollResponse>;
export type StaffSessionResponse = z.infer<typeof staffSessionResponse>;
export type KeysResponse = z.infer<typeof keysResponse>;
export type LookupResponse = z.infer<typeof lookupResponse>;
export type PaymentRequest = z.infer<typeof paymentRequest>;
export type PaymentResponse = z.infer<typeof paymentResponse>;
export type PaymentCancelResponse = z.infer<typeof paymentCancelResponse>;
export type ChargeRequest = z.infer<typeof chargeRequest>;
export type ChargeResponse = z.infer<typeof chargeResponse>;
export type ChargeCancelResponse = z.infer<typeof chargeCancelResponse>;
export type MigrationRequest = z.infer<typeof migrationRequest>;
export type MigrationResponse = z.infer<typeof migrationResponse>;
export type SyncBatchRequest = z.infer<typeof syncBatchRequest>;
export type SyncBatchResponse = z.infer<typeof syncBatchResponse>;
export type TransactionsResponse = z.infer<typeof transactionsResponse>;
export type SettlementResponse = z.infer<typeof settlementResponse>;
export type CancelRequest = z.infer<typeof cancelRequest>;
export type DayCloseRequest = z.infer<typeof dayCloseRequest>;
export type TransactionSearchResponse = z.infer<typeof transactionSearchResponse>;
export type BlockedCardsQuery = z.infer<typeof blockedCardsQuery>;
export type BlockedCardsResponse = z.infer<typeof blockedCardsResponse>;
export type PointSpendRequest = z.infer<typeof pointSpendRequest>;
export type PointSpendResponse = z.infer<typeof pointSpendResponse>;
export type PointSpendCancelRequest = z.infer<typeof pointSpendCancelRequest>;
export type PointSpendCancelResponse = z.infer<typeof pointSpendCancelResponse>;
export type MpmRequestCreate = z.infer<typeof mpmRequestCreate>;
export type MpmRequestCreated = z.infer<typeof mpmRequestCreated>;
export type MpmRequestStatus = z.infer<typeof mpmRequestView>;
export type NoticesResponse = z.infer<typeof noticesResponse>;
export type StaticQrResponse = z.infer<typeof staticQrResponse>;
/** The contract names no body for a withdraw: whatever of the request's view it carries. */
export type MpmWithdrawAnswer = Partial<MpmRequestStatus>;
export interface NoticesQuery {
  after?: number;
  waitMs?: number;
}

/** The backend contract (docs/api.md, "Terminal API"), one method per endpoint used. */
export interface Backend {
  /** Where requests go; the core persists it and tells the adapter on start and on change. */
  setBaseUrl(url: string): void;
  health(): Promise<BackendOutcome<{ ok: true }>>;
  /**
   * `GET /livez` (no auth, no database): the online heartbeat (connectivity.ts). An older
   * backend answers 404 (`refused`, status 404); the heartbeat then uses `health`.
   */
  livez(): Promise<BackendOutcome<{ ok: true }>>;
  enroll(enrollmentCode: string): Promise<BackendOutcome<EnrollResponse>>;
  openStaffSession(terminalToken: string, request: z.infer<typeof staffSessionRequest>): Promise<BackendOutcome<StaffSessionResponse>>;
  /** The terminal's online contact (R20a): keys, limits, a fresh offline window, maybe a new token. */
  keys(terminalToken: string): Promise<BackendOutcome<KeysResponse>>;
  /** Cards retired or blocked since a point, oldest change first, one page (R20a). */
  blockedCards(terminalToken: string, query: BlockedCardsQuery): Promise<BackendOutcome<BlockedCardsResponse>>;
  lookup(auth: BackendAuth, request: z.infer<typeof lookupRequest>): Promise<BackendOutcome<LookupResponse>>;
  pay(auth: BackendAuth, request: PaymentRequest): Promise<BackendOutcome<PaymentResponse>>;
  /** `request.approval` (R31): a manager's code and PIN when the acting staff may not cancel alone. */
  cancelPayment(auth: BackendAuth, paymentId: string, request: CancelRequest): Promise<BackendOutcome<PaymentCancelResponse>>;
  charge(auth: BackendAuth, request: ChargeRequest): Promise<BackendOutcome<ChargeResponse>>;
  cancelCharge(auth: BackendAuth, chargeId: string, request: CancelRequest): Promise<BackendOutcome<ChargeCancelResponse>>;
  migrate(auth: BackendAuth, request: MigrationRequest): Promise<BackendOutcome<MigrationResponse>>;
  syncBatch(terminalToken: string, request: SyncBatchRequest): Promise<BackendOutcome<SyncBatchResponse>>;
  /** Reports act for a person: the backend wants the staff session too. */
  transactions(auth: BackendAuth, businessDay: string): Promise<BackendOutcome<TransactionsResponse>>;
  settlement(auth: BackendAuth, businessDay: string): Promise<BackendOutcome<SettlementResponse>>;
  /** R31: the shop's payments and charges of the last 8 days matching `q`, any register. */
  searchTransactions(auth: BackendAuth, q: string): Promise<BackendOutcome<TransactionSearchResponse>>;
  /** R30/R33 精算: `POST /v1/terminal/settlement/close`; a second close is 409 `day_closed`. */
  closeDay(auth: BackendAuth, request: DayCloseRequest): Promise<BackendOutcome<SettlementResponse>>;
  // Issue 13 (R23, R28):
  /** `POST /v1/points/spends`: KumaPo points at a KumaPo store, by the customer's CPM QR. */
  spendPoints(auth: BackendAuth, request: PointSpendRequest): Promise<BackendOutcome<PointSpendResponse>>;
  /** `POST /v1/points/spends/:id/cancel`: same roles and approval as a payment cancel (R31). */
  cancelPointSpend(auth: BackendAuth, spendId: string, request: PointSpendCancelRequest): Promise<BackendOutcome<PointSpendCancelResponse>>;
  /** `POST /v1/mpm/requests`: a dynamic MPM request (R28), yen or points. */
  createMpmRequest(auth: BackendAuth, request: MpmRequestCreate): Promise<BackendOutcome<MpmRequestCreated>>;
  /** `GET /v1/mpm/requests/:id?waitMs=`: answers when the status changes or `waitMs` has passed (long poll). */
  mpmRequest(auth: BackendAuth, requestId: string, waitMs: number): Promise<BackendOutcome<MpmRequestStatus>>;
  /** `POST /v1/mpm/requests/:id/withdraw`: only while pending (paid → 409 `mpm_request_closed`). */
  withdrawMpmRequest(auth: BackendAuth, requestId: string): Promise<BackendOutcome<MpmWithdrawAnswer>>;
  /** `GET /v1/terminal/notices?after=&waitMs=`: the merchant's MPM notices after a cursor (long poll). Terminal token only. */
  notices(terminalToken: string, query: NoticesQuery): Promise<BackendOutcome<NoticesResponse>>;
  /** `GET /v1/terminal/mpm/static-qr`: this register's printed store QR (R28 static). Terminal token only. */
  staticQr(terminalToken: string): Promise<BackendOutcome<StaticQrResponse>>;
}

export type DeviceEvent =
  | { type: 'scan'; text: string; source: string; at: string }
  | { type: 'card'; uid: string; technology: 'iso14443a' | 'felica' | 'unknown'; source: string; at: string }
  | { type: 'devices_changed' };

/** Scanners and card readers, whatever their transport. */
export interface Devices {
  list(): DeviceView[];
  subscribe(listener: (event: DeviceEvent) => void): () => void;
  /**
   * Issue 12: a scanner's text encoding, saved with the device and applied at once. Optional:
   * a host without device settings (tests, older hosts) leaves it out and the command is refused.
   */
  setEncoding?(deviceId: string, encoding: ScanTextEncoding): Promise<DeviceSettingOutcome>;
}

export type DeviceSettingOutcome = { ok: true } | { ok: false; reason: 'unknown_device' | 'not_saved'; message: string };

/**
 * R29 receipt printers (hardware/printers behind the host): receiptline rendering and the
 * printer's wire. Every method answers with a value; none throws for a printer's trouble.
 */
export interface Printers {
  /**
   * One receiptline markup, two outputs from the same source: the printer's bytes for the
   * command set and paper (Shift_JIS kanji, cut at the end), and the SVG the screen shows.
   */
  render(markup: string, format: SlipFormat): { bytes: Uint8Array; svg: string; lines: string[] };
  /** Real-time status (DLE EOT) of the printer at `connection`, bounded by a timeout. */
  status(connection: PrinterConnection): Promise<Omit<PrinterStatusView, 'checkedAt'>>;
  /** Delivers one job's bytes, bounded by a timeout; `ok` once the printer took them all. */
  send(connection: PrinterConnection, bytes: Uint8Array): Promise<{ ok: true } | { ok: false; code: PrintFailureCode; message: string }>;
}

/**
 * Small secrets (the terminal token) kept encrypted at rest: Electron's safeStorage in the
 * Electron host, an AES-GCM file with 0600 permissions in plain Node.
 */
export interface SecretStore {
  save(name: string, secret: string): Promise<void>;
  load(name: string): Promise<string | null>;
  remove(name: string): Promise<void>;
}

/** Timers behind a port so tests decide when background work runs. */
export interface Timers {
  setTimeout(callback: () => void, delayMs: number): unknown;
  clearTimeout(handle: unknown): void;
}

/**
 * Ordinary (ref'd) timers: a payment waiting 2 s before its retry must keep the process alive.
 * Background loops end with `TerminalCore.stop()`.
 */
export const realTimers: Timers = {
  setTimeout: (callback, delayMs) => setTimeout(callback, delayMs),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/** Where the core logs: pino in hosts, a silent or collecting logger in tests. */
export interface Logger {
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
  error(fields: Record<string, unknown>, message: string): void;
}
