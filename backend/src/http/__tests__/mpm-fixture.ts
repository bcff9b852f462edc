/**
 * R28 test helpers: a shop's registers and customers driving the MPM endpoints through HTTP
 * (backend/src/http/__tests__/mpm*.test.ts).
 */
import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
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
