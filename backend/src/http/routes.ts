import { z } from 'zod';
import * as W from '../../../common/wire';
import type { Answer, Deps, TerminalActor } from '../usecases/context';
import * as admin from '../usecases/admin';
import { authenticateCustomer, authenticateStaff, authenticateTerminal, enroll, offlineLimitsOf, staffLogin } from '../usecases/auth';
import { pay } from '../usecases/payments';
import { charge } from '../usecases/charges';
import { cancelCharge, cancelPayment } from '../usecases/cancellations';
import { migrateCard } from '../usecases/migrations';
import { syncBatch } from '../usecases/sync';
import { lookup, settlement, terminalTransactions } from '../usecases/reports';
import { claimGrant } from '../usecases/grants';
import { historyOf, issueCpmToken, walletOf } from '../usecases/customer';
import { merchantOf } from '../usecases/merchants';
import { settingsPatch } from '../usecases/settings';

export type AuthKind = 'none' | 'admin' | 'terminal' | 'staff' | 'customer';

export interface RouteContext {
  deps: Deps;
  params: Record<string, string>;
  query: Record<string, unknown>;
  terminal: TerminalActor | null;
  customerWalletId: string | null;
}

/**
 * One table drives both the Express routes and the OpenAPI document, so the document cannot
 * drift from what the server accepts. `handler` returns either a body (status `okStatus`) or a
 * full Answer (idempotent money routes, which must replay the first status too).
 */
export interface Route {
  method: 'get' | 'post';
  path: string;
  auth: AuthKind;
  summary: string;
  body?: z.ZodType;
  query?: z.ZodType;
  response?: z.ZodType;
  okStatus?: number;
  handler: (ctx: RouteContext, body: never) => Promise<unknown>;
}

const route = <B extends z.ZodType | undefined>(r: Omit<Route, 'handler' | 'body'> & { body?: B; handler: (ctx: RouteContext, body: B extends z.ZodType ? z.infer<B> : undefined) => Promise<unknown> }): Route =>
  r as unknown as Route;

const idParam = z.string().min(1).max(64);
export const answered = (a: Answer<unknown>) => ({ __answer: a });

export const routes: Route[] = [
  route({ method: 'post', path: '/v1/admin/merchants', auth: 'admin', summary: 'Create a merchant', body: W.createMerchantRequest, response: W.createdId, okStatus: 201, handler: (c, b) => admin.createMerchant(c.deps, b) }),
  route({ method: 'post', path: '/v1/admin/terminals', auth: 'admin', summary: 'Create a terminal and its one-time enrollment code', body: W.createTerminalRequest, response: W.createTerminalResponse, okStatus: 201, handler: (c, b) => admin.createTerminal(c.deps, b) }),
  route({ method: 'post', path: '/v1/admin/staff', auth: 'admin', summary: 'Create a staff member', body: W.createStaffRequest, response: W.createdId, okStatus: 201, handler: (c, b) => admin.createStaff(c.deps, b) }),
  route({ method: 'post', path: '/v1/admin/customers', auth: 'admin', summary: 'Create an app customer wallet', body: W.createCustomerRequest, response: W.createCustomerResponse, okStatus: 201, handler: (c, b) => admin.createCustomer(c.deps, b) }),
  route({ method: 'post', path: '/v1/admin/cards', auth: 'admin', summary: 'Register a physical card (R18)', body: W.createCardRequest, response: W.createCardResponse, okStatus: 201, handler: (c, b) => admin.createCard(c.deps, b) }),
  route({ method: 'post', path: '/v1/admin/campaigns', auth: 'admin', summary: 'Create a limited-money campaign (R2)', body: W.createCampaignRequest, response: W.createdId, okStatus: 201, handler: (c, b) => admin.createCampaign(c.deps, b) }),
  route({ method: 'post', path: '/v1/admin/campaigns/:id/codes', auth: 'admin', summary: 'Mint one-time grant codes', body: W.createCodesRequest, response: W.createCodesResponse, okStatus: 201, handler: (c, b) => admin.createCodes(c.deps, idParam.parse(c.params.id), b) }),
  route({ method: 'post', path: '/v1/admin/wallets/:walletId/lots', auth: 'admin', summary: 'Seed a lot directly', body: W.seedLotRequest, response: W.seedLotResponse, okStatus: 201, handler: (c, b) => admin.seedLot(c.deps, idParam.parse(c.params.walletId), b) }),
  route({ method: 'post', path: '/v1/admin/keys/rotate', auth: 'admin', summary: 'Add a new CPM signing key; older keys verify for one more token lifetime', body: z.object({}), okStatus: 201, handler: async (c) => ({ kid: await c.deps.keys.rotate(c.deps.clock.nowMs()) }) }),
  route({ method: 'post', path: '/v1/admin/settings', auth: 'admin', summary: 'Change labels, bonus windows and offline limits', body: settingsPatch, handler: (c, b) => c.deps.settings.update(b) }),

  route({ method: 'post', path: '/v1/terminals/enroll', auth: 'none', summary: 'Enroll a terminal with its one-time code', body: W.enrollRequest, response: W.enrollResponse, okStatus: 201, handler: (c, b) => enroll(c.deps, b.enrollmentCode) }),
  route({ method: 'post', path: '/v1/staff/sessions', auth: 'terminal', summary: 'Staff login (code + PIN)', body: W.staffSessionRequest, response: W.staffSessionResponse, okStatus: 201, handler: (c, b) => staffLogin(c.deps, c.terminal!, b.staffCode, b.pin) }),
  route({
    method: 'get', path: '/v1/terminal/keys', auth: 'terminal', summary: 'Public keys for offline CPM verification, and offline limits', response: W.keysResponse,
    handler: async (c) => {
      const nowMs = c.deps.clock.nowMs();
      const merchant = await merchantOf(c.deps, c.terminal!.merchantId);
      return { keys: await c.deps.keys.publicKeys(nowMs), offlineLimits: offlineLimitsOf(await c.deps.settings.current(nowMs), merchant.offlineCardPayments) };
    },
  }),
  route({ method: 'post', path: '/v1/wallets/lookup', auth: 'staff', summary: 'Look up a wallet by credential', body: W.lookupRequest, response: W.lookupResponse, handler: (c, b) => lookup(c.deps, c.terminal!, b.credential) }),
  route({ method: 'post', path: '/v1/payments', auth: 'staff', summary: 'Pay (R5–R8)', body: W.paymentRequest, response: W.paymentResponse, okStatus: 201, handler: async (c, b) => answered(await pay(c.deps, c.terminal!, b)) }),
  route({ method: 'post', path: '/v1/payments/:id/cancel', auth: 'staff', summary: 'Cancel a payment (R14, R15, R17)', body: W.cancelRequest, response: W.paymentCancelResponse, handler: async (c, b) => answered(await cancelPayment(c.deps, c.terminal!, idParam.parse(c.params.id), b.clientTxnId)) }),
  route({ method: 'post', path: '/v1/charges', auth: 'staff', summary: 'Cash charge at a charge point (R10–R13)', body: W.chargeRequest, response: W.chargeResponse, okStatus: 201, handler: async (c, b) => answered(await charge(c.deps, c.terminal!, b)) }),
  route({ method: 'post', path: '/v1/charges/:id/cancel', auth: 'staff', summary: 'Cancel a charge (R16)', body: W.cancelRequest, response: W.chargeCancelResponse, handler: async (c, b) => answered(await cancelCharge(c.deps, c.terminal!, idParam.parse(c.params.id), b.clientTxnId)) }),
  route({ method: 'post', path: '/v1/migrations', auth: 'staff', summary: 'Move a card into an app wallet (R19)', body: W.migrationRequest, response: W.migrationResponse, okStatus: 201, handler: async (c, b) => answered(await migrateCard(c.deps, c.terminal!, b)) }),
  route({ method: 'post', path: '/v1/sync/batches', auth: 'terminal', summary: 'Upload offline payments (R20)', body: W.syncBatchRequest, response: W.syncBatchResponse, handler: (c, b) => syncBatch(c.deps, c.terminal!, b) }),
  route({ method: 'get', path: '/v1/terminal/transactions', auth: 'staff', summary: "The terminal's transactions of a JST business day", query: W.transactionsQuery, response: W.transactionsResponse, handler: (c) => terminalTransactions(c.deps, c.terminal!, W.transactionsQuery.parse(c.query).businessDay) }),
  route({ method: 'get', path: '/v1/terminal/settlement', auth: 'staff', summary: 'Daily close figures (R26)', query: W.transactionsQuery, response: W.settlementResponse, handler: (c) => settlement(c.deps, c.terminal!, W.transactionsQuery.parse(c.query).businessDay) }),

  route({ method: 'post', path: '/v1/customer/cpm-tokens', auth: 'customer', summary: 'A fresh CPM token for the QR (R22)', body: W.cpmTokenRequest, response: W.cpmTokenResponse, okStatus: 201, handler: (c) => issueCpmToken(c.deps, c.customerWalletId!) }),
  route({ method: 'get', path: '/v1/customer/wallet', auth: 'customer', summary: 'Balances by lot', response: W.walletResponse, handler: (c) => walletOf(c.deps, c.customerWalletId!) }),
  route({ method: 'get', path: '/v1/customer/history', auth: 'customer', summary: 'History, newest first (R25)', response: W.historyResponse, handler: (c) => historyOf(c.deps, c.customerWalletId!) }),
  route({ method: 'post', path: '/v1/customer/grants/claim', auth: 'customer', summary: 'Claim a campaign code (R2)', body: W.claimRequest, response: W.claimResponse, okStatus: 201, handler: (c, b) => claimGrant(c.deps, c.customerWalletId!, b.code) }),
];

export { authenticateCustomer, authenticateStaff, authenticateTerminal };
