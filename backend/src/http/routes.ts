import { z } from 'zod';
import * as W from '../../../common/wire';
import { LIMITS } from '../../../common/limits';
import * as admin from '../usecases/admin';
import { logout, staffLogin } from '../usecases/staff-login';
import { enroll, terminalContact } from '../usecases/terminal-tokens';
import * as operator from '../usecases/operator';
import { auditTrail } from '../usecases/audit';
import { blockedCards } from '../usecases/blocked-cards';
import { pay, paymentRequestHash } from '../usecases/payments';
import { charge } from '../usecases/charges';
import { cancelCharge, cancelPayment } from '../usecases/cancellations';
import { migrateCard } from '../usecases/migrations';
import { syncBatch } from '../usecases/sync';
import { lookup } from '../usecases/reports';
import { searchTransactions, terminalTransactions } from '../usecases/transactions';
import { closeDay, settlement } from '../usecases/day-close';
import { claimGrant } from '../usecases/grants';
import { historyOf, issueCpmToken, walletOf } from '../usecases/customer';
import { settingsPatch, settingsSchema } from '../usecases/settings';
import { sweepRunAnswer } from '../usecases/expiry-sweep';
import { breakage, merchantSettlement, unusedBalance } from '../usecases/issuer-reports';
import { breakageCsv, pointsCsv, settlementCsv, unusedBalanceCsv } from './report-csv';
import { pointsReport } from '../usecases/point-reports';
import { importBusRides } from '../usecases/bus-import';
import * as mpm from '../usecases/mpm';
import { claimPoints, createPointEvent, listPointEvents } from '../usecases/point-events';
import { cancelPointSpend, spendPoints } from '../usecases/point-spends';
import { issueReceiveQr, transferPoints } from '../usecases/point-transfers';
import { pointsHistoryOf, pointsOf } from '../usecases/customer-points';
import { answered, rawBytes, route, type Route } from './route';

/** Our ids are UUIDs; anything outside this alphabet is not one of ours and never reaches the store. */
const idParam = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'not an id');

/** The CPM token a payment or a charge is made with, for `prepare` to check (issue 16); none for a card. */
const cpmTokenOf = (body: { credential: { type: string; token?: string } }): string | undefined => (body.credential.type === 'cpm' ? body.credential.token : undefined);

/**
 * One table drives the Express routes, the OpenAPI document and the test harness's check of
 * every answer, so none of them can drift from the contract in common/wire. A handler returns
 * a body of its response schema (status `okStatus`), or a full answer (idempotent money
 * routes, which must replay the first status too); both are checked when it is compiled.
 */
export const routes: Route[] = [
  route({ method: 'post', path: '/v1/admin/merchants', auth: 'admin', summary: 'Create a merchant', body: W.createMerchantRequest, response: W.createdId, okStatus: 201, handler: (c, b) => admin.createMerchant(c.deps, b) }),
  route({ method: 'post', path: '/v1/admin/terminals', auth: 'admin', summary: 'Create a terminal and its one-time enrollment code', body: W.createTerminalRequest, response: W.createTerminalResponse, okStatus: 201, handler: (c, b) => admin.createTerminal(c.deps, b) }),
  route({ method: 'post', path: '/v1/admin/staff', auth: 'admin', summary: 'Create a staff member', body: W.createStaffRequest, response: W.createdId, okStatus: 201, handler: (c, b) => admin.createStaff(c.deps, b) }),
  route({ method: 'post', path: '/v1/admin/customers', auth: 'admin', summary: 'Create an app customer wallet', body: W.createCustomerRequest, response: W.createCustomerResponse, okStatus: 201, handler: (c, b) => admin.createCustomer(c.deps, b) }),
  route({ method: 'post', path: '/v1/admin/cards', auth: 'admin', summary: 'Register a physical card (R18)', body: W.createCardRequest, response: W.createCardResponse, okStatus: 201, handler: (c, b) => admin.createCard(c.deps, b) }),
  route({ method: 'post', path: '/v1/admin/campaigns', auth: 'admin', summary: 'Create a limited-money campaign (R2)', body: W.createCampaignRequest, response: W.createdId, okStatus: 201, handler: (c, b) => admin.createCampaign(c.deps, b) }),
  route({ method: 'post', path: '/v1/admin/campaigns/:id/codes', auth: 'admin', summary: 'Mint one-time grant codes', body: W.createCodesRequest, response: W.createCodesResponse, okStatus: 201, handler: (c, b) => admin.createCodes(c.deps, idParam.parse(c.params.id), b) }),
  route({ method: 'post', path: '/v1/admin/wallets/:walletId/lots', auth: 'admin', summary: 'Seed a lot directly', body: W.seedLotRequest, response: W.seedLotResponse, okStatus: 201, handler: (c, b) => admin.seedLot(c.deps, idParam.parse(c.params.walletId), b) }),
  route({
    method: 'post', path: '/v1/admin/keys/rotate', auth: 'admin', summary: 'Add a new CPM signing key; older keys verify for one more token lifetime, or not at all with revokePrevious (a leaked key)',
    body: W.rotateKeysRequest, response: W.rotateKeysResponse, okStatus: 201,
    handler: (c, b) => operator.rotateSigningKeys(c.deps, c.actor, b.revokePrevious ?? false),
  }),
  route({ method: 'get', path: '/v1/admin/settings', auth: 'admin', summary: 'Every operator setting with its value in force', response: settingsSchema, handler: (c) => c.deps.settings.current() }),
  route({ method: 'patch', path: '/v1/admin/settings', auth: 'admin', summary: 'Change the named settings only (audited)', body: settingsPatch, response: settingsSchema, handler: (c, b) => operator.patchSettings(c.deps, c.actor, b) }),
  // Kept for clients of the first version: the same partial change as PATCH, never a reset.
  route({ method: 'post', path: '/v1/admin/settings', auth: 'admin', summary: 'Same as PATCH /v1/admin/settings', body: settingsPatch, response: settingsSchema, handler: (c, b) => operator.patchSettings(c.deps, c.actor, b) }),
  route({ method: 'get', path: '/v1/admin/audit', auth: 'admin', summary: 'Operator audit trail, newest first', query: W.auditQuery, response: W.auditResponse, handler: (c) => auditTrail(c.deps, c.query) }),
  route({ method: 'post', path: '/v1/admin/expiry-sweep', auth: 'admin', summary: "R27: run this instance's expiry sweep once, to its end (after a run in progress); answers what it wrote off", body: z.object({}), response: W.sweepRunResponse, handler: async (c) => sweepRunAnswer(await c.deps.sweep.run()) }),
  route({ method: 'get', path: '/v1/admin/expiry-sweep', auth: 'admin', summary: "R27: this instance's expiry sweep: running, last run, totals since start, lapsed lots left in the ledger", response: W.sweepStatusResponse, handler: (c) => c.deps.sweep.status() }),
  route({
    method: 'get', path: '/v1/admin/reports/merchant-settlement', auth: 'admin', summary: 'R27: what the city owes each merchant for a period (JST dates, both included), per channel and value kind; CSV with Accept: text/csv',
    query: W.reportPeriodQuery, response: W.merchantSettlementResponse, handler: (c) => merchantSettlement(c.deps, c.query), csv: settlementCsv,
  }),
  route({
    method: 'get', path: '/v1/admin/reports/unused-balance', auth: 'admin', summary: 'R27: unused balance (基準日未使用残高) per value kind as of an instant; CSV with Accept: text/csv',
    query: W.unusedBalanceQuery, response: W.unusedBalanceResponse, handler: (c) => unusedBalance(c.deps, Date.parse(c.query.at)), csv: unusedBalanceCsv,
  }),
  route({
    method: 'get', path: '/v1/admin/reports/breakage', auth: 'admin', summary: 'R27: expired value written off in a period (JST dates, both included), per value kind; CSV with Accept: text/csv',
    query: W.reportPeriodQuery, response: W.breakageResponse, handler: (c) => breakage(c.deps, c.query), csv: breakageCsv,
  }),
  route({
    method: 'get', path: '/v1/admin/reports/points', auth: 'admin', summary: 'R27/R23: KumaPo points in a period (JST dates, both included): issued per source, transfers, spent per merchant, cancelled, expired, held at start and end; CSV with Accept: text/csv',
    query: W.reportPeriodQuery, response: W.pointsReportResponse, handler: (c) => pointsReport(c.deps, c.query), csv: pointsCsv,
  }),
  route({
    method: 'post', path: '/v1/admin/imports/bus-rides', auth: 'admin',
    summary: "R24: the bus system's ride file (CSV, UTF-8 or Shift_JIS, as sent): 10 points per answered ride, once per rideId; any malformed row and nothing is applied (applied: false); audited",
    body: rawBytes, rawBody: { mediaType: 'text/csv', bytesMax: LIMITS.busImportBytesMax }, response: W.busImportResponse,
    handler: (c, b) => importBusRides(c.deps, b, c.actor),
  }),
  route({ method: 'post', path: '/v1/admin/point-events', auth: 'admin', summary: 'R23: create a KumaPo event; the code (what its QR holds) is answered once and stored only as a hash', body: W.createPointEventRequest, response: W.createPointEventResponse, okStatus: 201, handler: (c, b) => createPointEvent(c.deps, c.actor, b) }),
  route({ method: 'get', path: '/v1/admin/point-events', auth: 'admin', summary: 'R23: KumaPo events, newest first, with their claim counts', response: W.pointEventsResponse, handler: (c) => listPointEvents(c.deps) }),
  route({ method: 'get', path: '/v1/admin/merchants', auth: 'admin', summary: 'List merchants', query: W.listQuery, response: W.merchantsPage, handler: (c) => operator.listMerchants(c.deps, c.query) }),
  route({ method: 'get', path: '/v1/admin/terminals', auth: 'admin', summary: 'List terminals (merchantId to filter)', query: W.listQuery, response: W.terminalsPage, handler: (c) => operator.listTerminals(c.deps, c.query) }),
  route({ method: 'get', path: '/v1/admin/staff', auth: 'admin', summary: 'List staff (merchantId to filter)', query: W.listQuery, response: W.staffPage, handler: (c) => operator.listStaff(c.deps, c.query) }),
  route({ method: 'get', path: '/v1/admin/campaigns', auth: 'admin', summary: 'List campaigns', query: W.listQuery, response: W.campaignsPage, handler: (c) => operator.listCampaigns(c.deps, c.query) }),
  route({ method: 'patch', path: '/v1/admin/merchants/:id', auth: 'admin', summary: 'Change a merchant (audited)', body: W.patchMerchantRequest, response: W.merchantView, handler: (c, b) => operator.patchMerchant(c.deps, c.actor, idParam.parse(c.params.id), b) }),
  route({ method: 'patch', path: '/v1/admin/campaigns/:id', auth: 'admin', summary: 'Rename a campaign or its balance (audited)', body: W.patchCampaignRequest, response: W.campaignView, handler: (c, b) => operator.patchCampaign(c.deps, c.actor, idParam.parse(c.params.id), b) }),
  route({ method: 'post', path: '/v1/admin/terminals/:id/revoke', auth: 'admin', summary: 'Revoke a terminal: its token and sessions stop working on every instance within 10 s', body: z.object({}), response: W.revokeTerminalResponse, handler: (c) => operator.revokeTerminal(c.deps, c.actor, idParam.parse(c.params.id)) }),
  route({ method: 'post', path: '/v1/admin/staff/:id/disable', auth: 'admin', summary: 'Disable a staff member: no login, sessions end on every instance within 10 s', body: z.object({}), response: W.staffStatusResponse, handler: (c) => operator.setStaffDisabled(c.deps, c.actor, idParam.parse(c.params.id), true) }),
  route({ method: 'post', path: '/v1/admin/staff/:id/enable', auth: 'admin', summary: 'Enable a disabled staff member again', body: z.object({}), response: W.staffStatusResponse, handler: (c) => operator.setStaffDisabled(c.deps, c.actor, idParam.parse(c.params.id), false) }),
  route({ method: 'post', path: '/v1/admin/cards/:walletId/block', auth: 'admin', summary: 'Block a lost or stolen card (online at once, offline via the blocked-cards list)', body: z.object({}), response: W.blockCardResponse, handler: (c) => operator.blockCard(c.deps, c.actor, idParam.parse(c.params.walletId)) }),

  route({ method: 'post', path: '/v1/terminals/enroll', auth: 'none', summary: 'Enroll a terminal with its one-time code', body: W.enrollRequest, response: W.enrollResponse, okStatus: 201, handler: (c, b) => enroll(c.deps, b.enrollmentCode) }),
  route({ method: 'post', path: '/v1/staff/sessions', auth: 'terminal', summary: 'Staff login (code + PIN); the 5th wrong PIN in a row locks the code', body: W.staffSessionRequest, response: W.staffSessionResponse, okStatus: 201, handler: (c, b) => staffLogin(c.deps, c.terminal, b.staffCode, b.pin) }),
  route({ method: 'delete', path: '/v1/staff/sessions/current', auth: 'staff', summary: 'Log out: this staff session ends', response: W.logoutResponse, handler: (c) => logout(c.deps, c.terminal) }),
  route({
    method: 'get', path: '/v1/terminal/keys', auth: 'terminal', summary: 'Online contact (R20a): public keys, offline limits, a fresh offline window, and a rotated terminal token when due', response: W.keysResponse,
    handler: (c) => terminalContact(c.deps, c.terminal),
  }),
  route({ method: 'get', path: '/v1/terminal/blocked-cards', auth: 'terminal', summary: 'Cards to refuse offline (retired or blocked), oldest change first', query: W.blockedCardsQuery, response: W.blockedCardsResponse, handler: (c) => blockedCards(c.deps, c.query) }),
  route({ method: 'post', path: '/v1/wallets/lookup', auth: 'staff', summary: 'Look up a wallet by credential', body: W.lookupRequest, response: W.lookupResponse, handler: (c, b) => lookup(c.deps, c.terminal, b.credential) }),
  route({ method: 'post', path: '/v1/payments', auth: 'staff', summary: 'Pay (R5–R8)', body: W.paymentRequest, response: W.paymentResponse, okStatus: 201, cpmToken: cpmTokenOf, requestHash: paymentRequestHash, handler: async (c, b) => answered(await pay(c.deps, c.terminal, b, c.checkedClaims, c.requestHash)) }),
  route({ method: 'post', path: '/v1/payments/:id/cancel', auth: 'staff', summary: 'Cancel a payment (R14, R15, R17)', body: W.cancelRequest, response: W.paymentCancelResponse, handler: async (c, b) => answered(await cancelPayment(c.deps, c.terminal, idParam.parse(c.params.id), b)) }),
  route({ method: 'post', path: '/v1/points/spends', auth: 'staff', summary: 'R23: spend KumaPo points at a KumaPo store by the customer\'s app QR (uses the QR up like a payment)', body: W.pointSpendRequest, response: W.pointSpendResponse, okStatus: 201, handler: async (c, b) => answered(await spendPoints(c.deps, c.terminal, b)) }),
  route({ method: 'post', path: '/v1/points/spends/:id/cancel', auth: 'staff', summary: 'R23: cancel a points spend within 8 days, once (R14, R17, R31 as a payment cancel)', body: W.pointSpendCancelRequest, response: W.pointSpendCancelResponse, handler: async (c, b) => answered(await cancelPointSpend(c.deps, c.terminal, idParam.parse(c.params.id), b)) }),
  route({ method: 'post', path: '/v1/charges', auth: 'staff', summary: 'Cash charge at a charge point (R10–R13)', body: W.chargeRequest, response: W.chargeResponse, okStatus: 201, cpmToken: cpmTokenOf, handler: async (c, b) => answered(await charge(c.deps, c.terminal, b, c.checkedClaims)) }),
  route({ method: 'post', path: '/v1/charges/:id/cancel', auth: 'staff', summary: 'Cancel a charge (R16)', body: W.cancelRequest, response: W.chargeCancelResponse, handler: async (c, b) => answered(await cancelCharge(c.deps, c.terminal, idParam.parse(c.params.id), b)) }),
  route({ method: 'post', path: '/v1/migrations', auth: 'staff', summary: 'Move a card into an app wallet (R19)', body: W.migrationRequest, response: W.migrationResponse, okStatus: 201, handler: async (c, b) => answered(await migrateCard(c.deps, c.terminal, b)) }),
  route({ method: 'post', path: '/v1/sync/batches', auth: 'terminal', summary: 'Upload offline payments (R20)', body: W.syncBatchRequest, response: W.syncBatchResponse, handler: (c, b) => syncBatch(c.deps, c.terminal, b) }),
  route({ method: 'get', path: '/v1/terminal/transactions', auth: 'staff', summary: "The terminal's transactions of a business day (R30: the JST date until its close)", query: W.transactionsPageQuery, response: W.transactionsResponse, handler: (c) => terminalTransactions(c.deps, c.terminal, c.query.businessDay, { limit: c.query.limit, after: c.query.after }) }),
  route({
    method: 'get', path: '/v1/terminal/transactions/search', auth: 'staff', summary: "R31: the merchant's payments, charges and point spends of the last 8 days from any register, by short number, amount (not point spends) or JST time",
    query: W.transactionSearchQuery, response: W.transactionSearchResponse,
    handler: (c) => searchTransactions(c.deps, c.terminal, c.query.q),
  }),
  route({
    method: 'post', path: '/v1/terminal/settlement/close', auth: 'staff', summary: 'R30/R33: close (精算) a business day once; a manager, or anyone with a manager approval',
    body: W.dayCloseRequest, response: W.settlementResponse, okStatus: 201,
    handler: (c, b) => closeDay(c.deps, c.terminal, b),
  }),
  route({
    // The same close where a client POSTs to the settlement it read (R26 "精算"): one rule, two doors.
    method: 'post', path: '/v1/terminal/settlement', auth: 'staff', summary: 'R30: 精算 of a business day, as POST /v1/terminal/settlement/close',
    body: W.dayCloseRequest, response: W.settlementResponse, okStatus: 201,
    handler: (c, b) => closeDay(c.deps, c.terminal, b),
  }),
  route({ method: 'get', path: '/v1/terminal/settlement', auth: 'staff', summary: 'Daily close figures (R26, R33); a closed day answers its stored figures (R30)', query: W.transactionsQuery, response: W.settlementResponse, handler: (c) => settlement(c.deps, c.terminal, c.query.businessDay) }),
  route({ method: 'post', path: '/v1/mpm/requests', auth: 'staff', summary: 'R28: a dynamic MPM payment request (yen or points, at most 5 minutes) and its QR for the customer display', body: W.mpmRequestCreate, response: W.mpmRequestCreated, okStatus: 201, handler: async (c, b) => answered(await mpm.createMpmRequest(c.deps, c.terminal, b)) }),
  route({
    method: 'get', path: '/v1/mpm/requests/:id', auth: 'terminal', summary: 'R28: a request as it stands; with waitMs, answered when it is paid, withdrawn or expires (long poll)',
    query: W.mpmWaitQuery, response: W.mpmRequestView, longPoll: true,
    handler: (c) => mpm.mpmRequestStatus(c.deps, c.terminal, idParam.parse(c.params.id), { waitMs: c.query.waitMs ?? 0, signal: c.signal }),
  }),
  route({ method: 'post', path: '/v1/mpm/requests/:id/withdraw', auth: 'staff', summary: 'R28: withdraw an unpaid request (a paid one is 409 mpm_request_closed: cancel the payment)', body: W.mpmWithdrawRequest, response: W.mpmRequestView, handler: (c) => mpm.withdrawMpmRequest(c.deps, c.terminal, idParam.parse(c.params.id)) }),
  route({ method: 'get', path: '/v1/terminal/mpm/static-qr', auth: 'terminal', summary: "R28: this register's printed store QR; payments by it count in this register's day", response: W.staticQrResponse, handler: (c) => mpm.staticQrOf(c.deps, c.terminal) }),
  route({
    method: 'get', path: '/v1/terminal/notices', auth: 'terminal', summary: "R28 入金通知: the merchant's MPM payments after the cursor, oldest first (no cursor: from now); with waitMs, answered when one arrives (long poll)",
    query: W.noticesQuery, response: W.noticesResponse, longPoll: true,
    handler: (c) => mpm.noticesFor(c.deps, c.terminal, c.query, { waitMs: c.query.waitMs ?? 0, signal: c.signal }),
  }),

  route({ method: 'post', path: '/v1/customer/cpm-tokens', auth: 'customer', summary: 'A fresh CPM token for the QR (R22)', body: W.cpmTokenRequest, response: W.cpmTokenResponse, okStatus: 201, handler: (c) => issueCpmToken(c.deps, c.customerWalletId) }),
  route({ method: 'get', path: '/v1/customer/wallet', auth: 'customer', summary: 'Balances by lot', response: W.walletResponse, handler: (c) => walletOf(c.deps, c.customerWalletId) }),
  route({ method: 'get', path: '/v1/customer/history', auth: 'customer', summary: 'History, newest first (R25)', response: W.historyResponse, handler: (c) => historyOf(c.deps, c.customerWalletId) }),
  route({ method: 'post', path: '/v1/customer/grants/claim', auth: 'customer', summary: 'Claim a campaign code (R2)', body: W.claimRequest, response: W.claimResponse, okStatus: 201, handler: (c, b) => claimGrant(c.deps, c.customerWalletId, b.code) }),
  route({ method: 'get', path: '/v1/customer/points', auth: 'customer', summary: 'R23: KumaPo points and when they lapse (null when none)', response: W.customerPointsResponse, handler: (c) => pointsOf(c.deps, c.customerWalletId) }),
  route({ method: 'get', path: '/v1/customer/points/history', auth: 'customer', summary: 'R23/R25: KumaPo points history, newest first', response: W.pointsHistoryResponse, handler: (c) => pointsHistoryOf(c.deps, c.customerWalletId) }),
  route({ method: 'post', path: '/v1/customer/points/claim', auth: 'customer', summary: 'R23: claim an event QR\'s points (once, or once per JST day, within the event\'s period)', body: W.pointsClaimRequest, response: W.pointsClaimResponse, okStatus: 201, handler: (c, b) => claimPoints(c.deps, c.customerWalletId, b.code) }),
  route({ method: 'post', path: '/v1/customer/points/receive-qr', auth: 'customer', summary: 'R23: a short-lived signed QR another customer reads to send points here', body: W.receiveQrRequest, response: W.receiveQrResponse, okStatus: 201, handler: (c) => issueReceiveQr(c.deps, c.customerWalletId) }),
  route({ method: 'post', path: '/v1/customer/points/transfer', auth: 'customer', summary: 'R23: send points to the wallet of a receive-QR (one transfer per QR; idempotent per clientTxnId)', body: W.pointsTransferRequest, response: W.pointsTransferResponse, okStatus: 201, handler: async (c, b) => answered(await transferPoints(c.deps, c.customerWalletId, b)) }),
  route({ method: 'post', path: '/v1/customer/mpm/preview', auth: 'customer', summary: "R28: a shop's QR as the app shows it before paying: the shop's name, the amount, whether it can still be paid", body: W.mpmPreviewRequest, response: W.mpmPreviewResponse, handler: (c, b) => mpm.previewMpm(c.deps, b.qr) }),
  route({ method: 'post', path: '/v1/customer/mpm/pay', auth: 'customer', summary: "R28: pay a shop's QR from the app (dynamic: the request's amount; static: the amount entered)", body: W.mpmPayRequest, response: W.mpmPayResponse, okStatus: 201, handler: async (c, b) => answered(await mpm.payMpm(c.deps, c.customerWalletId, b)) }),
];

