import { randomUUID } from 'node:crypto';
import { TEST_PIN, type ApiClient, type Approval, type Reply, type Role } from './harness';

/** R23 KumaPo through real HTTP: the calls the points suites make, beside the main harness. */

export interface ClaimAnswer {
  points: number;
  pointsAfter: number;
  eventName: string;
  expiresAt: string | null;
}
export interface PointsAnswer {
  points: number;
  expiresAt: string | null;
}
export interface PointsHistoryItem {
  id: string;
  type: string;
  occurredAt: string;
  points: number;
  name: string | null;
  cancelled: boolean;
}
export interface SpendAnswer {
  spendId: string;
  points: number;
  pointsAfter: number;
  pointsExpiresAt: string | null;
  occurredAt: string;
  shortNo?: string | null;
}
export interface TransferAnswer {
  transferId: string;
  points: number;
  pointsAfter: number;
  expiresAt: string | null;
}

/** What a till from `ApiClient.terminal` gives the points calls. */
export interface Till {
  as(role: Role): { token: string; staff: string };
  staffCodes: Record<string, string>;
}

/** An event open from long ago to far ahead, unless told otherwise. */
export interface EventSpec {
  name?: string;
  points: number;
  rule?: 'once' | 'daily';
  from?: string;
  to?: string;
}

export function pointsApi(t: ApiClient) {
  const customer = (token: string) => ({ token });
  return {
    /** A merchant that takes KumaPo points (R23). */
    async kumapoShop(name: string): Promise<string> {
      const r = await t.admin<{ id: string }>('/v1/admin/merchants', { name, chargePoint: false, kumapoStore: true });
      if (r.status !== 201) throw new Error(`kumapo shop: ${JSON.stringify(r.body)}`);
      return r.body.id;
    },
    createEvent(spec: EventSpec): Promise<Reply<{ id: string; code: string }>> {
      return t.admin('/v1/admin/point-events', { name: spec.name ?? 'event', points: spec.points, rule: spec.rule ?? 'once', from: spec.from ?? '2020-01-01T00:00:00+09:00', to: spec.to ?? '2099-12-31T23:59:59+09:00' });
    },
    async event(spec: EventSpec): Promise<{ id: string; code: string }> {
      const r = await this.createEvent(spec);
      if (r.status !== 201) throw new Error(`event: ${JSON.stringify(r.body)}`);
      return r.body;
    },
    events: () => t.call<{ items: { id: string; name: string; points: number; rule: string; claims: number }[] }>('GET', '/v1/admin/point-events', { token: t.adminToken }),
    claim: (customerToken: string, code: string) => t.call<ClaimAnswer>('POST', '/v1/customer/points/claim', { ...customer(customerToken), body: { code } }),
    /** Gives a wallet `points` through an event of its own (the one way in an operator controls). */
    async fund(customerToken: string, points: number): Promise<void> {
      const { code } = await this.event({ name: `fund ${points}`, points });
      const r = await this.claim(customerToken, code);
      if (r.status !== 201) throw new Error(`fund: ${JSON.stringify(r.body)}`);
    },
    async points(customerToken: string): Promise<PointsAnswer> {
      const r = await t.call<PointsAnswer>('GET', '/v1/customer/points', customer(customerToken));
      if (r.status !== 200) throw new Error(`points: ${JSON.stringify(r.body)}`);
      return r.body;
    },
    async history(customerToken: string): Promise<PointsHistoryItem[]> {
      const r = await t.call<{ items: PointsHistoryItem[] }>('GET', '/v1/customer/points/history', customer(customerToken));
      if (r.status !== 200) throw new Error(`history: ${JSON.stringify(r.body)}`);
      return r.body.items;
    },
    async receiveQr(customerToken: string): Promise<{ qr: string; expiresAt: string }> {
      const r = await t.call<{ qr: string; expiresAt: string }>('POST', '/v1/customer/points/receive-qr', { ...customer(customerToken), body: {} });
      if (r.status !== 201) throw new Error(`receive qr: ${JSON.stringify(r.body)}`);
      return r.body;
    },
    transfer: (customerToken: string, to: string, points: number, clientTxnId: string = randomUUID()) =>
      t.call<TransferAnswer>('POST', '/v1/customer/points/transfer', { ...customer(customerToken), body: { clientTxnId, to, points } }),
    spend: (till: Till, role: Role, points: number, credential: unknown, extra: { clientTxnId?: string; shortNo?: string } = {}) =>
      t.call<SpendAnswer>('POST', '/v1/points/spends', { ...till.as(role), body: { clientTxnId: extra.clientTxnId ?? randomUUID(), points, credential, ...(extra.shortNo ? { shortNo: extra.shortNo } : {}) } }),
    /** R31: `approval: 'manager'` sends the till's manager code and the test PIN. */
    cancelSpend: (till: Till, role: Role, spendId: string, options: { approval?: Approval; clientTxnId?: string } = {}) => {
      const approval = options.approval === undefined ? {} : { approval: options.approval === 'manager' ? { staffCode: till.staffCodes.manager!, pin: TEST_PIN } : options.approval };
      return t.call<{ cancellationId: string; points: number; pointsAfter: number }>('POST', `/v1/points/spends/${spendId}/cancel`, { ...till.as(role), body: { clientTxnId: options.clientTxnId ?? randomUUID(), ...approval } });
    },
  };
}

/** The end of the JST day of `jstDate` (YYYY-MM-DD), as the backend answers it (UTC ISO). */
export function endOfJstDay(jstDate: string): string {
  return new Date(Date.parse(`${jstDate}T23:59:59.999+09:00`)).toISOString();
}
