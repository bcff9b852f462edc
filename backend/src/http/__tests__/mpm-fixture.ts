/**
 * R28 test helpers: a shop's registers and customers driving the MPM endpoints through HTTP
 * (backend/src/http/__tests__/mpm*.test.ts).
 */
import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { eventually } from '../../testing/eventually';
import type { ApiClient, Reply, TestBackend } from '../../testing/harness';
import type { mpmPayResponse, mpmPreviewResponse, mpmRequestCreated, mpmRequestView, noticesResponse, staticQrResponse } from '../../../../common/wire/mpm';

export type Till = Awaited<ReturnType<TestBackend['terminal']>>;
export type Customer = Awaited<ReturnType<TestBackend['customer']>>;
export type Created = z.infer<typeof mpmRequestCreated>;
export type RequestView = z.infer<typeof mpmRequestView>;
export type Notices = z.infer<typeof noticesResponse>;
export type Paid = z.infer<typeof mpmPayResponse>;
export type Preview = z.infer<typeof mpmPreviewResponse>;
export type ErrorReply = { error: { code: string; message: string } & Record<string, unknown> };

export function mpmApi(t: ApiClient) {
  return {
    create: (till: Till, body: Record<string, unknown>, options: { role?: 'cashier' | 'manager' | 'support'; instance?: number } = {}) =>
      t.call<Created & ErrorReply>('POST', '/v1/mpm/requests', { ...till.as(options.role ?? 'cashier'), body: { clientTxnId: randomUUID(), ...body }, ...(options.instance === undefined ? {} : { instance: options.instance }) }),
    status: (till: Till, requestId: string, options: { waitMs?: number; instance?: number } = {}) =>
      t.call<RequestView & ErrorReply>('GET', `/v1/mpm/requests/${requestId}${options.waitMs === undefined ? '' : `?waitMs=${options.waitMs}`}`, { token: till.token, ...(options.instance === undefined ? {} : { instance: options.instance }) }),
    withdraw: (till: Till, requestId: string) => t.call<RequestView & ErrorReply>('POST', `/v1/mpm/requests/${requestId}/withdraw`, { ...till.as('cashier'), body: {} }),
    staticQr: (till: Till) => t.call<z.infer<typeof staticQrResponse>>('GET', '/v1/terminal/mpm/static-qr', { token: till.token }),
    notices: (till: Till, query: { after?: number; waitMs?: number } = {}, instance?: number) => {
      const params = new URLSearchParams();
      if (query.after !== undefined) params.set('after', String(query.after));
      if (query.waitMs !== undefined) params.set('waitMs', String(query.waitMs));
      const qs = params.toString();
      return t.call<Notices & ErrorReply>('GET', `/v1/terminal/notices${qs ? `?${qs}` : ''}`, { token: till.token, ...(instance === undefined ? {} : { instance }) });
    },
    preview: (customer: Customer, qr: string) => t.call<Preview & ErrorReply>('POST', '/v1/customer/mpm/preview', { token: customer.customerToken, body: { qr } }),
    pay: (customer: Customer, qr: string, options: { amountYen?: number; clientTxnId?: string; instance?: number } = {}): Promise<Reply<Paid & ErrorReply>> =>
      t.call<Paid & ErrorReply>('POST', '/v1/customer/mpm/pay', {
        token: customer.customerToken,
        body: { clientTxnId: options.clientTxnId ?? randomUUID(), qr, ...(options.amountYen === undefined ? {} : { amountYen: options.amountYen }) },
        ...(options.instance === undefined ? {} : { instance: options.instance }),
      }),
  };
}

/**
 * R28: how many long polls wait for `waitsFor` in the instance at `url`, read from /metrics,
 * where the thread that runs the handlers (the HTTP thread, or the ledger worker) reports them.
 */
export async function longPollWaiters(url: string, waitsFor: 'request' | 'notice'): Promise<number> {
  const metrics = await (await fetch(`${url}/metrics`)).text();
  const found = new RegExp(`^kumapay_long_poll_waiters\\{waits_for="${waitsFor}"\\} (\\d+)$`, 'm').exec(metrics);
  if (!found) throw new Error(`no kumapay_long_poll_waiters for ${waitsFor} on /metrics`);
  return Number(found[1]);
}

/**
 * R28: a register long-polls a fresh request of its own and hangs up; the instance must count
 * one more waiter while it waits and be back to where it was after.
 */
export async function expectHangUpFreesWaiter(t: ApiClient, till: Till): Promise<void> {
  const created = await mpmApi(t).create(till, { amountYen: 100 });
  const waiting = () => longPollWaiters(t.url, 'request');
  const before = await waiting();
  const hangUp = new AbortController();
  const poll = fetch(`${t.url}/v1/mpm/requests/${created.body.requestId}?waitMs=20000`, { headers: { authorization: `Bearer ${till.token}` }, signal: hangUp.signal }).catch(() => null);
  await eventually(async () => (await waiting()) === before + 1);
  hangUp.abort();
  await poll;
  await eventually(async () => (await waiting()) === before);
}

/** A customer holding ¥`amountYen` of charge money that lasts beyond every test's clock. */
export async function customerWithYen(t: ApiClient, amountYen: number, name = 'Hanako'): Promise<Customer> {
  const customer = await t.customer(name);
  if (amountYen > 0) await t.seedLot(customer.walletId, { kind: 'charge', amountYen, expiresAt: '2030-12-31T23:59:59.999+09:00' });
  return customer;
}

/** A KumaPo store (R23): only there may a request ask for points. */
export async function kumapoShop(t: ApiClient, name: string): Promise<string> {
  const r = await t.admin<{ id: string }>('/v1/admin/merchants', { name, chargePoint: false, kumapoStore: true });
  if (r.status !== 201) throw new Error(`merchant: ${JSON.stringify(r.body)}`);
  return r.body.id;
}

/** Gives the customer `points` through an event QR (R23), claimed at `nowIso`. */
export async function givePoints(t: ApiClient, customer: Customer, points: number, nowIso: string): Promise<void> {
  const at = Date.parse(nowIso);
  const event = await t.admin<{ code: string }>('/v1/admin/point-events', { name: `event ${randomUUID().slice(0, 4)}`, points, from: new Date(at - 3_600_000).toISOString(), to: new Date(at + 86_400_000).toISOString(), rule: 'once' });
  if (event.status !== 201) throw new Error(`event: ${JSON.stringify(event.body)}`);
  const claim = await t.call('POST', '/v1/customer/points/claim', { token: customer.customerToken, body: { code: event.body.code } });
  if (claim.status !== 201) throw new Error(`claim: ${JSON.stringify(claim.body)}`);
}
