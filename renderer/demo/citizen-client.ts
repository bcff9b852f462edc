/**
 * What the demo citizen app asks of the backend, as the demo customer: through the browser
 * host's simulator endpoints (electron/web/sim-customer.ts), which hold the customer's token
 * and pass the calls on. Answers are checked against the wire schemas the backend answers in;
 * tests give the page a fake of this interface.
 */
import type { z } from 'zod';
import {
  customerPointsResponse,
  historyResponse,
  mpmPayResponse,
  mpmPreviewResponse,
  pointsClaimResponse,
  pointsHistoryResponse,
  pointsTransferResponse,
  receiveQrResponse,
} from '../../common/wire/index';
import { isRecord } from '../bridge/validate';
import {
  fetchCustomerToken,
  postSim,
  type CustomerToken,
  type SimAction,
  type SimBodies,
  type SimHost,
} from './sim-client';

export type CustomerPoints = z.infer<typeof customerPointsResponse>;
export type YenHistory = z.infer<typeof historyResponse>;
export type PointsHistory = z.infer<typeof pointsHistoryResponse>;
export type PointsClaim = z.infer<typeof pointsClaimResponse>;
export type ReceiveQr = z.infer<typeof receiveQrResponse>;
export type PointsTransfer = z.infer<typeof pointsTransferResponse>;
export type MpmPreview = z.infer<typeof mpmPreviewResponse>;
export type MpmPayment = z.infer<typeof mpmPayResponse>;

export interface DemoInfo {
  /** The seed's point event code (what the demo event QR holds), or null when the host has none. */
  eventCode: string | null;
  /** The host can show the demo's second customer's receive-QR. */
  partner: boolean;
}

/** `code`: the refusal's code (`network` when nothing answered), worded by the page. */
export type CitizenAnswer<T> =
  { ok: true; value: T } | { ok: false; code: string; message: string };

export interface CitizenClient {
  /** A fresh CPM token for the payment QR (R22) and the yen balance. */
  token(): Promise<CitizenAnswer<CustomerToken>>;
  points(): Promise<CitizenAnswer<CustomerPoints>>;
  history(): Promise<CitizenAnswer<YenHistory>>;
  pointsHistory(): Promise<CitizenAnswer<PointsHistory>>;
  claimPoints(code: string): Promise<CitizenAnswer<PointsClaim>>;
  receiveQr(): Promise<CitizenAnswer<ReceiveQr>>;
  transferPoints(input: {
    clientTxnId: string;
    to: string;
    points: number;
  }): Promise<CitizenAnswer<PointsTransfer>>;
  previewMpm(qr: string): Promise<CitizenAnswer<MpmPreview>>;
  payMpm(input: {
    clientTxnId: string;
    qr: string;
    amountYen?: number;
  }): Promise<CitizenAnswer<MpmPayment>>;
  demoInfo(): Promise<CitizenAnswer<DemoInfo>>;
  /** The demo's second customer's receive-QR, to send points to. */
  partnerReceiveQr(): Promise<CitizenAnswer<ReceiveQr>>;
  /** The MPM QR the counter shows its customer now, or null. */
  shopQr(): Promise<CitizenAnswer<string | null>>;
}

const MALFORMED = 'malformed answer from the browser host';

function parseDemoInfo(body: unknown): DemoInfo | null {
  if (!isRecord(body) || typeof body.partner !== 'boolean') return null;
  if (body.eventCode !== null && typeof body.eventCode !== 'string') return null;
  return { eventCode: body.eventCode, partner: body.partner };
}

function parseShopQr(body: unknown): { qr: string | null } | null {
  if (!isRecord(body) || (body.qr !== null && typeof body.qr !== 'string')) return null;
  return { qr: body.qr };
}

export function simCitizenClient(host: SimHost, fetchImpl?: typeof fetch): CitizenClient {
  async function ask<A extends SimAction, T>(
    action: A,
    body: SimBodies[A],
    parse: (value: unknown) => T | null,
  ): Promise<CitizenAnswer<T>> {
    const answer = await postSim(host, action, body, fetchImpl);
    if (!answer.ok) return { ok: false, code: answer.code ?? 'network', message: answer.message };
    const value = parse(answer.body);
    return value === null
      ? { ok: false, code: 'network', message: MALFORMED }
      : { ok: true, value };
  }
  function schema<S extends z.ZodType>(wire: S): (value: unknown) => z.infer<S> | null {
    return (value) => {
      const parsed = wire.safeParse(value);
      return parsed.success ? parsed.data : null;
    };
  }
  return {
    async token() {
      const answer = await fetchCustomerToken(host);
      return answer.ok ? answer : { ok: false, code: 'network', message: answer.message };
    },
    points: () => ask('customer-points', {}, schema(customerPointsResponse)),
    history: () => ask('customer-history', {}, schema(historyResponse)),
    pointsHistory: () => ask('customer-points-history', {}, schema(pointsHistoryResponse)),
    claimPoints: (code) => ask('customer-points-claim', { code }, schema(pointsClaimResponse)),
    receiveQr: () => ask('customer-receive-qr', {}, schema(receiveQrResponse)),
    transferPoints: (input) =>
      ask('customer-points-transfer', input, schema(pointsTransferResponse)),
    previewMpm: (qr) => ask('customer-mpm-preview', { qr }, schema(mpmPreviewResponse)),
    payMpm: (input) => ask('customer-mpm-pay', input, schema(mpmPayResponse)),
    demoInfo: () => ask('demo-info', {}, parseDemoInfo),
    partnerReceiveQr: () => ask('partner-receive-qr', {}, schema(receiveQrResponse)),
    async shopQr() {
      const answer = await ask('shop-qr', {}, parseShopQr);
      return answer.ok ? { ok: true, value: answer.value.qr } : answer;
    },
  };
}
