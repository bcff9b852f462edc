/**
 * The terminal core's typed surface: the commands the renderer may call and the events it
 * hears. Both hosts (Electron preload + IPC, browser host + HTTP/WebSocket) expose exactly
 * this, unchanged. Inputs are zod schemas because they cross a process boundary and are
 * validated on arrival (IPC inputs are untrusted).
 */
import { z } from 'zod';
import type { ErrorCode } from './errors';
import type { BalanceFigureLine } from './balance-figures';
import type { Allocation, BalanceView, Credential, LotView } from './wire/primitives';
import type { Role } from './wire/admin';
import { credential, positiveYen, businessDay, yen } from './wire/primitives';
import { printerSettings, type PrintFailureCode, type PrinterSettings, type PrinterStatusView } from './receipts/printer-settings';
import { slipCopy, type SlipCopy, type SlipKind } from './receipts/slip';
import { SCAN_TEXT_ENCODINGS, type ScanTextEncoding } from './scan-encoding';
import { points as pointsValue, positivePoints } from './wire/points';

const managerApprovalInput = z.object({ staffCode: z.string().min(1).max(32), pin: z.string().min(1).max(16) });
const customerViewInput = z.discriminatedUnion('screen', [
  z.object({ screen: z.literal('welcome') }),
  z.object({ screen: z.literal('amount'), purpose: z.enum(['payment', 'charge']), amountYen: yen }),
  z.object({ screen: z.literal('approved'), amountYen: yen, cashYen: yen, balanceAfterYen: yen.nullable(), usableHereYen: yen.nullable() }),
  z.object({ screen: z.literal('declined'), amountYen: yen, usableHereYen: yen.nullable() }),
  z.object({ screen: z.literal('charged'), amountYen: yen, bonusYen: yen, cashReceivedYen: yen, changeYen: yen, balanceAfterYen: yen }),
  z.object({ screen: z.literal('balance'), totalYen: yen, usableHereYen: yen }),
  // R28: `points` set (and `amountYen` 0) when the request is in KumaPo points (R23). Additive.
  z.object({ screen: z.literal('mpm'), amountYen: yen, qr: z.string().max(512), expiresAt: z.string().max(40), points: pointsValue.optional() }),
  // Issue 13, additive: an MPM request paid (R28), one that lapsed, a points spend (R23).
  z.object({ screen: z.literal('mpm_paid'), amountYen: yen, points: pointsValue.optional(), balanceAfterYen: yen.nullable(), pointsAfter: pointsValue.nullable().optional() }),
  z.object({ screen: z.literal('mpm_expired') }),
  z.object({ screen: z.literal('points_spent'), points: pointsValue, pointsAfter: pointsValue, pointsExpiresAt: z.string().max(40).nullable() }),
]);

export type Connectivity = 'online' | 'degraded' | 'offline';

export interface StaffView {
  staffId: string;
  staffCode: string;
  name: string;
  role: Role;
  /** True when this session was opened offline from a recent online login. */
  offline: boolean;
  expiresAt: string;
}

export interface NotificationView {
  id: string;
  /**
   * `unknown_resolved`: a step the counter was told "could not be confirmed" has been settled
   * by the terminal's retry (approved or not); the message says which. Additive.
   */
  kind: 'offline_rejected' | 'offline_shortfall' | 'deadline_near' | 'deadline_passed' | 'device' | 'unknown_resolved';
  createdAt: string;
  clientTxnId: string | null;
  amountYen: number | null;
  /** English, for logs and support; the renderer words notices from the fields below. */
  message: string;
  acknowledged: boolean;
  /** When the payment the notice is about was made (ISO instant; rejected items, shortfalls). Additive. */
  occurredAt?: string | null;
  /** The backend's reason code for a rejected offline item (e.g. `card_migrated`). Additive. */
  reasonCode?: string | null;
}

export interface QueueView {
  pendingCount: number;
  pendingYen: number;
  oldestPendingAt: string | null;
  /** R20: offline items must reach the backend before this instant. */
  deadlineAt: string | null;
  rejectedCount: number;
  lastSyncAt: string | null;
  /** Online steps whose outcome is not known yet (being re-checked). Optional: additive. */
  unknownCount?: number;
}

export interface DeviceView {
  id: string;
  /** `camera` and `printer` are additive (issue 10 header; printers arrive with issue 11). */
  kind: 'scanner' | 'card_reader' | 'camera' | 'printer';
  name: string;
  /** `pcsc` is additive (issue 12): readers the OS's smart-card service owns (PaSoRi, ACR122U). */
  transport: 'hid' | 'serial' | 'keyboard' | 'camera' | 'pcsc' | 'simulator';
  state: 'connected' | 'disconnected' | 'error';
  reason: string | null;
  /** Something to know about a device that works, e.g. a scanner read with the wrong layout. Additive (issue 12). */
  notice?: DeviceNotice | null;
  /** The text encoding of a scanner that has the setting (HID POS, USB-COM, keyboard mode). Additive (issue 12). */
  encoding?: ScanTextEncoding;
  /** What kind of device this is and how it is read, so settings can say "PC/SC card reader" even in the demo. Additive (issue 12). */
  deviceClass?: DeviceClass;
}

/** The hardware drivers, one per device class (docs/hardware.md has the table). */
export type DeviceClass = 'hid_pos_scanner' | 'hid_keyboard_scanner' | 'hid_keyboard_card_reader' | 'serial_scanner' | 'pn532' | 'pcsc_reader';

export interface DeviceNotice {
  code: 'hid_pos_layout_mismatch' | 'hid_pos_layout_undetected' | 'hid_pos_layout_detected';
  level: 'info' | 'warning';
  /** English, for logs; the renderer words the notice from `code` and `params`. */
  message: string;
  /** Values the wording needs, e.g. `layout` for the layout detected. */
  params: Record<string, string>;
}

export interface TerminalStatus {
  enrolled: boolean;
  terminalId: string | null;
  merchantId: string | null;
  merchantName: string | null;
  chargePoint: boolean;
  /** R23: the shop takes KumaPo points (クマポ利用, points MPM). Absent from older cores: false. Additive. */
  kumapoStore?: boolean;
  backendUrl: string;
  connectivity: Connectivity;
  staff: StaffView | null;
  queue: QueueView;
  notifications: NotificationView[];
  devices: DeviceView[];
  /**
   * Set when the backend refused this terminal's token for good: revoked by an operator, or
   * expired for lack of online contact. Nothing works until it is enrolled again. Additive.
   */
  accessLost?: { reason: 'terminal_revoked' | 'terminal_token_expired'; since: string } | null;
  /** The terminal's number within its shop (short numbers `NNNN-SSSSSS`); null until known. Additive. */
  terminalNo?: number | null;
  /** R30: the business day the next transaction belongs to (the JST date until 精算). Additive. */
  businessDay?: string;
  /** R29: the receipt printer's last real-time status (`not_configured` when there is none). Additive. */
  printer?: PrinterStatusView;
}

/** R29: a slip the journal keeps for a transaction or a report; printable again at any time. */
export interface SlipRef {
  slipId: string;
  kind: SlipKind;
  createdAt: string;
}

/**
 * One print of one slip. Printing follows the transaction and never undoes it: a `failed`
 * job leaves the transaction as it is and the slip ready for 再印刷.
 */
export interface PrintJobView {
  jobId: string;
  /** `test-print` for テスト印刷, `store-qr` for the store QR (R28); neither keeps a slip. */
  slipId: string;
  slipKind: SlipKind | 'test' | 'store_qr';
  copy: SlipCopy;
  state: 'queued' | 'printing' | 'printed' | 'failed';
  failure: PrintFailureCode | null;
  /** English, for logs and support; the renderer words the failure from `failure`. */
  message: string | null;
  /** True when a person asked for it again (再印刷), false for the automatic print. */
  reprint: boolean;
  updatedAt: string;
}

export interface PrinterView {
  settings: PrinterSettings;
  status: PrinterStatusView;
}

/** The slip as it prints: receiptline's SVG of the same markup that became the printer's bytes. */
export interface SlipPreview {
  slipId: string;
  kind: SlipKind;
  paperWidthMm: number;
  svg: string;
  /** The slip's text, line by line (for screen readers and tests). */
  lines: string[];
}

export type Failure = { ok: false; code: ErrorCode | 'offline_refused' | 'offline_limit' | 'network'; message: string; details: Record<string, unknown> };
export type Result<T> = ({ ok: true } & T) | Failure;

/**
 * An allocation as the terminal shows it. `label` is the lot's display name (R2: configuration,
 * not code, e.g. 限定マネー①) where the core knows it; a lot spent to zero may be missing from
 * `balanceAfter.lots`, so the renderer cannot always find the name there. Optional: additive.
 */
export type AllocationView = Allocation & { label?: string };

export interface PaymentApproved {
  /** Printed and searchable (R29, R31); null only before the terminal knows its number. Additive. */
  shortNo?: string | null;
  /** R32: the cash part of a split sale. Additive. */
  cashYen?: number;
  clientTxnId: string;
  paymentId: string | null;
  amountYen: number;
  offline: boolean;
  allocations: AllocationView[];
  balanceAfter: BalanceView | null;
  occurredAt: string;
  /** R29: the slip kept for this payment (print and reprint by id). Additive. */
  slipId?: string | null;
}

export interface ChargeDone {
  shortNo?: string | null;
  /** R29. Additive. */
  slipId?: string | null;
  clientTxnId: string;
  chargeId: string;
  amountYen: number;
  bonusYen: number;
  debtRepaidYen: number;
  cashReceivedYen: number;
  changeYen: number;
  balanceAfter: BalanceView;
}

export interface LookupView {
  walletId: string;
  kind: 'app' | 'card';
  status: 'active' | 'retired' | 'blocked';
  totalYen: number;
  eligibleYen: number;
  debtYen: number;
  maxChargeYen: number;
  lots: LotView[];
}

export interface HistoryLine {
  id: string;
  clientTxnId: string | null;
  /** `point_spend` (R23, issue 13) is additive: `amountYen` is 0 and `points` says what was used. */
  type: 'payment' | 'charge' | 'migration' | 'point_spend';
  occurredAt: string;
  /** Payments and charges: the KumaPAY amount; migrations: what moved to the app. */
  amountYen: number;
  bonusYen: number;
  offline: boolean;
  /** 'pending' = approved offline, not yet on the backend. */
  state: 'pending' | 'synced' | 'rejected';
  cancelled: boolean;
  allocations: AllocationView[];
  // Issue 10, additive:
  shortNo?: string | null;
  method?: 'qr' | 'card' | 'mpm' | null;
  staffName?: string | null;
  /** R32: the cash part of a split sale. */
  cashYen?: number;
  businessDay?: string;
  /** R29: slips kept for this transaction (its own, and its cancel's), oldest first. Additive. */
  slips?: SlipRef[];
  /** R23 point spends: the points used. Additive (issue 13). */
  points?: number | null;
  /**
   * R28 MPM payments: `static` came by the register's printed store QR (入金通知), `dynamic`
   * by a QR this register showed. Additive (issue 13).
   */
  mpmSource?: 'static' | 'dynamic' | null;
}

/** R31: a transaction found by search, from this register or another of the shop. */
export interface SearchLine extends HistoryLine {
  terminalNo: number | null;
  terminalName: string | null;
  /** True when this register made it. */
  own: boolean;
  /** Still inside the cancel window and not cancelled. */
  cancellable: boolean;
}

/** What the customer-facing display shows (second window / second page). */
export type CustomerView =
  | { screen: 'welcome' }
  | { screen: 'amount'; purpose: 'payment' | 'charge'; amountYen: number }
  | { screen: 'approved'; amountYen: number; cashYen: number; balanceAfterYen: number | null; usableHereYen: number | null }
  | { screen: 'declined'; amountYen: number; usableHereYen: number | null }
  | { screen: 'charged'; amountYen: number; bonusYen: number; cashReceivedYen: number; changeYen: number; balanceAfterYen: number }
  | { screen: 'balance'; totalYen: number; usableHereYen: number }
  | { screen: 'mpm'; amountYen: number; qr: string; expiresAt: string; points?: number }
  | { screen: 'mpm_paid'; amountYen: number; points?: number; balanceAfterYen: number | null; pointsAfter?: number | null }
  | { screen: 'mpm_expired' }
  | { screen: 'points_spent'; points: number; pointsAfter: number; pointsExpiresAt: string | null };

export interface DailyReportLine {
  clientTxnId: string | null;
  type: string;
  journalYen: number | null;
  backendYen: number | null;
  difference: 'missing_on_backend' | 'missing_in_journal' | 'amount_differs' | 'cancel_differs';
  // Issue 10 (R33), additive: what the manager needs to recognise the line.
  /** Stable identity of the difference, sent back to acknowledge it: `difference:clientTxnId:type`. */
  key?: string;
  occurredAt?: string | null;
  shortNo?: string | null;
  /** Set on a closed day's report: who acknowledged it. */
  acknowledgedByName?: string | null;
  /** R23 point spends (`type` `point_spend`): the points each side has; the yen fields are 0. Additive. */
  journalPoints?: number | null;
  backendPoints?: number | null;
}

export interface DailyReport {
  businessDay: string;
  mode: 'check' | 'close';
  closed: boolean;
  paymentsCount: number;
  paymentsYen: number;
  chargesCount: number;
  chargesYen: number;
  bonusYen: number;
  cancelledCount: number;
  cancelledYen: number;
  cashCollectedYen: number;
  limitedYen: number;
  chargeMoneyYen: number;
  offlinePendingCount: number;
  differences: DailyReportLine[];
  /** False when the backend could not be asked (点検 offline): `differences` is then empty. Optional: additive. */
  backendCompared?: boolean;
  // Issue 10 (R30, R33), additive. `paymentsYen`/`chargesYen` above are gross.
  cancelledPaymentsCount?: number;
  cancelledPaymentsYen?: number;
  netPaymentsYen?: number;
  cancelledChargesCount?: number;
  cancelledChargesYen?: number;
  netChargesYen?: number;
  /** R32: cash parts of split sales. */
  cashSalesCount?: number;
  cashSalesYen?: number;
  /** Charge refunds plus split-sale cash handed back on cancels. */
  cashReturnedYen?: number;
  /** R33: charge cash + split-sale cash − cash returned. */
  expectedDrawerYen?: number;
  migrationsCount?: number;
  migrationsYen?: number;
  closedAt?: string | null;
  closedByName?: string | null;
  /** R30: where the next transaction goes (after 精算, the next day). */
  currentBusinessDay?: string;
  /** R29: the report's slip (点検: the latest snapshot of the day; 精算: the closed figures). Additive. */
  slipId?: string | null;
  /**
   * R26 with R2 (issue 14, additive): the day's payments per balance — charge money first
   * (always, ¥0 too), then one line per campaign that paid something, each named as the
   * backend names it now (`label` absent when the terminal never learnt a name). Sums to
   * `chargeMoneyYen` + `limitedYen`. Absent on reports stored before it.
   */
  balances?: BalanceFigureLine[];
  /**
   * R23 (issue 13, additive): KumaPo points spent at this register this business day — spends
   * (CPM and points MPM), their cancels made here, and the net. Counted in points, never yen.
   */
  points?: { spendCount: number; spendPoints: number; cancelCount: number; cancelPoints: number; netPoints: number };
  /** R28 (issue 13, additive): the MPM part of the payments above (dynamic QR and store QR). */
  mpm?: { count: number; yen: number; staticCount: number; staticYen: number };
}

/** R23: a KumaPo spend as the counter shows it (クマポ利用). */
export interface PointSpendDone {
  clientTxnId: string;
  spendId: string;
  shortNo: string | null;
  points: number;
  /** What the wallet holds now; null only when a points MPM answer did not say. */
  pointsAfter: number | null;
  /** When the points left lapse (R23), null when none are left (or not said). */
  pointsExpiresAt: string | null;
  occurredAt: string;
  /** R29: the spend's ご利用明細 (印刷 / 再印刷); null when it could not be kept, absent when none was made. */
  slipId?: string | null;
}

/**
 * R28: a dynamic MPM request as this register shows it. `status` follows the backend's long
 * poll (`mpm_request` events); once paid, `payment` (yen) or `spend` (points) says what came in.
 */
export interface MpmRequestView {
  requestId: string;
  clientTxnId: string;
  shortNo: string | null;
  qr: string;
  expiresAt: string;
  /** Exactly one of `amountYen` and `points` is set. */
  amountYen: number | null;
  points: number | null;
  status: 'pending' | 'paid' | 'expired' | 'withdrawn';
  payment: PaymentApproved | null;
  spend: PointSpendDone | null;
  /** False when the terminal stopped watching before the outcome was known (link lost, bound reached). */
  watching: boolean;
}

/** R28 入金通知: a payment by MPM the shop should hear about (the store QR, or a QR no screen is showing). */
export interface MpmNoticeView {
  seq: number;
  source: 'static' | 'dynamic';
  amountYen: number | null;
  points: number | null;
  occurredAt: string;
  /** True when it counts in this register's day (its store QR or its request). */
  ownRegister: boolean;
}

/** R28: this register's printed store QR (static MPM), as the backend signs it now. */
export interface StoreQrView {
  /** The QR's text (`KPM1.….s.<terminalId>.…`): what the customer's app reads. */
  qr: string;
  /** The shop's name as the backend has it now. */
  merchantName: string;
  terminalId: string;
  /** The register's number in its shop (printed `0001`); null until known. */
  terminalNo: number | null;
}

export const commandInputs = {
  getStatus: z.object({}),
  setBackendUrl: z.object({ url: z.url() }),
  enroll: z.object({ enrollmentCode: z.string().min(1).max(64) }),
  login: z.object({ staffCode: z.string().min(1).max(32), pin: z.string().min(1).max(16) }),
  logout: z.object({}),
  lookup: z.object({ credential }),
  /** `cashYen`: R32 split sale, the part taken in cash beside `amountYen` by KumaPAY. */
  pay: z.object({ amountYen: positiveYen, credential, cashYen: positiveYen.optional() }),
  charge: z.object({ amountYen: positiveYen, credential, cashReceivedYen: z.number().int().min(0) }),
  migrate: z.object({
    card: z.union([z.object({ cardNumber: z.string().min(1) }), z.object({ nfcUid: z.string().min(1) })]),
    to: credential,
  }),
  /** `id`: the backend's payment/charge id (any register of the shop, R31). `approval`: a manager's code and PIN. */
  cancel: z.object({ type: z.enum(['payment', 'charge', 'point_spend']), id: z.string().min(1).max(64), approval: managerApprovalInput.optional() }),
  history: z.object({ businessDay }),
  /** R31: the shop's last 8 days by short number, amount or time (`14:05`). */
  searchTransactions: z.object({ q: z.string().trim().min(1).max(32) }),
  /**
   * 精算 (`close`) completes only when every difference's `key` is in `acknowledged` (R33);
   * otherwise it answers `approval_required` with `details.reason = 'differences_unacknowledged'`.
   */
  dailyReport: z.object({ businessDay, mode: z.enum(['check', 'close']), acknowledged: z.array(z.string().max(200)).max(500).optional() }),
  customerDisplay: z.object({ view: customerViewInput }),
  getCustomerDisplay: z.object({}),
  syncNow: z.object({}),
  acknowledge: z.object({ notificationId: z.string().min(1) }),
  // R29 receipts (issue 11), additive:
  getPrinter: z.object({}),
  /** A manager's step (設定). */
  setPrinter: z.object({ settings: printerSettings }),
  /** Prints a test slip and answers with its job. A manager's step. */
  testPrint: z.object({}),
  /** Prints (again) a kept slip: 再印刷, or お客様控え when the shop asks each time. */
  printSlip: z.object({ slipId: z.string().min(1).max(64), copy: slipCopy.default('customer') }),
  slipPreview: z.object({ slipId: z.string().min(1).max(64) }),
  /** The most recent print jobs, newest first (bounded), e.g. after the screen reloads. */
  printJobs: z.object({}),
  /** Issue 12, additive: a scanner's text encoding (設定 → 機器), saved with the device. A manager's step. */
  setDeviceEncoding: z.object({ deviceId: z.string().min(1).max(80), encoding: z.enum(SCAN_TEXT_ENCODINGS) }),
  // Issue 13 (R23, R28), additive. Online only: offline they are refused, never queued.
  /** クマポ利用: points chosen by the cashier, the customer's app QR (a card has no points). */
  pointSpend: z.object({ points: positivePoints, credential }),
  /** QRを表示: a dynamic MPM request in yen or (at a KumaPo store) in points; watched until it ends. */
  mpmCreate: z.union([z.object({ amountYen: positiveYen }).strict(), z.object({ points: positivePoints }).strict()]),
  /** 取り下げ: withdraws the request while unpaid (a payment that got there first is answered instead). */
  mpmWithdraw: z.object({ requestId: z.string().min(1).max(64) }),
  /** The request this register is showing, if any (after a reload of the screen). */
  mpmCurrent: z.object({}),
  /** 店頭QRコード (R28 static): this register's store QR, fetched online. A manager's step (設定). */
  storeQr: z.object({}),
  /** Prints the store QR on the receipt printer (fetched again online, so the print is what the backend signs now). */
  printStoreQr: z.object({}),
} as const;

export type CommandName = keyof typeof commandInputs;
export type CommandInput<C extends CommandName> = z.infer<(typeof commandInputs)[C]>;

export type ParsedCommand<C extends CommandName> = { ok: true; input: CommandInput<C> } | { ok: false; message: string };

/**
 * Schema check of a command's input. Both hosts call it to answer 400 before calling the core,
 * and the core calls it again on arrival; it lives here because it needs nothing but the schemas.
 */
export function parseCommandInput<C extends CommandName>(command: C, raw: unknown): ParsedCommand<C> {
  const parsed = commandInputs[command].safeParse(raw);
  if (parsed.success) return { ok: true, input: parsed.data as CommandInput<C> };
  const issue = parsed.error.issues[0];
  return { ok: false, message: issue ? `${issue.path.join('.') || 'input'}: ${issue.message}` : 'invalid input' };
}

/** Own keys only, so `toString` or `__proto__` from an untrusted caller is no command. */
export function isCommandName(name: string): name is CommandName {
  return Object.prototype.hasOwnProperty.call(commandInputs, name);
}

export interface CommandOutputs {
  getStatus: TerminalStatus;
  setBackendUrl: Result<{ backendUrl: string }>;
  enroll: Result<{ terminalId: string; merchantName: string }>;
  login: Result<{ staff: StaffView }>;
  logout: Result<object>;
  lookup: Result<{ wallet: LookupView }>;
  pay: Result<{ payment: PaymentApproved }>;
  charge: Result<{ charge: ChargeDone }>;
  migrate: Result<{ migrationId: string; movedYen: number; lots: LotView[]; slipId?: string | null }>;
  /** `cashToReturnYen`: R32, the split sale's cash part to hand back. `slipId`: R29 取消 slip. Additive. */
  cancel: Result<{
    cancellationId: string;
    writtenOffYen: number;
    refundYen: number;
    cashToReturnYen?: number;
    slipId?: string | null;
    /** R23 point spends: the points back in the customer's wallet and what it holds now. Additive. */
    pointsRestored?: number;
    pointsAfter?: number;
  }>;
  /** Newest first. */
  history: Result<{ lines: HistoryLine[] }>;
  /** `source`: `backend` (the whole shop) or `journal` (offline: this register only). */
  searchTransactions: Result<{ lines: SearchLine[]; source: 'backend' | 'journal' }>;
  customerDisplay: Result<object>;
  getCustomerDisplay: Result<{ view: CustomerView }>;
  dailyReport: Result<{ report: DailyReport }>;
  syncNow: Result<{ sent: number; applied: number; rejected: number }>;
  acknowledge: Result<object>;
  getPrinter: Result<{ printer: PrinterView }>;
  setPrinter: Result<{ printer: PrinterView }>;
  testPrint: Result<{ job: PrintJobView }>;
  /** The job as queued; its outcome follows as `print_job` events. */
  printSlip: Result<{ job: PrintJobView }>;
  slipPreview: Result<{ preview: SlipPreview }>;
  printJobs: Result<{ jobs: PrintJobView[] }>;
  /** The device reopens with the setting; its new state follows as a `status` event. */
  setDeviceEncoding: Result<object>;
  pointSpend: Result<{ spend: PointSpendDone }>;
  /** The request as created (`pending`); its outcome follows as `mpm_request` events. */
  mpmCreate: Result<{ request: MpmRequestView }>;
  mpmWithdraw: Result<{ request: MpmRequestView }>;
  mpmCurrent: Result<{ request: MpmRequestView | null }>;
  storeQr: Result<{ storeQr: StoreQrView }>;
  /** The job as queued (no slip is kept: `slipId` `store-qr`); its outcome follows as `print_job` events. */
  printStoreQr: Result<{ job: PrintJobView }>;
}

export type TerminalEvent =
  | { type: 'scan'; text: string; source: string; at: string }
  | { type: 'card'; uid: string; technology: 'iso14443a' | 'felica' | 'unknown'; source: string; at: string }
  | { type: 'status'; status: TerminalStatus }
  | { type: 'payment_checking'; clientTxnId: string }
  | { type: 'customer_display'; view: CustomerView }
  /** R29: a print job changed state (queued → printing → printed | failed). */
  | { type: 'print_job'; job: PrintJobView }
  /** R28: the request this register shows changed (paid, expired, withdrawn, no longer watched). */
  | { type: 'mpm_request'; request: MpmRequestView }
  /** R28 入金通知: MPM payments the shop should hear about, newest last (one answer of the notice poll). */
  | { type: 'mpm_notices'; notices: MpmNoticeView[] };

/** What a host hands the renderer: one call per command, one subscription for events. */
export interface TerminalApi {
  call<C extends CommandName>(command: C, input: CommandInput<C>): Promise<CommandOutputs[C]>;
  subscribe(listener: (event: TerminalEvent) => void): () => void;
}

export type { Credential };
