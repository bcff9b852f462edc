/**
 * Demo: the citizen app's calls (R23 KumaPo points, R28 MPM, R25 history), passed to the
 * backend with the demo customer's token, as the customer's phone would call it over its own
 * network (never the counter's link). The page never holds the token: it asks the browser host,
 * which is already the only place the demo customer's token lives (`customer-token`).
 *
 * Inputs are the wire schemas themselves, so the host refuses what the backend would; answers
 * are checked against the wire schemas too, so the page only ever sees the shapes it codes
 * against. A backend refusal is passed on as it came (status, code, message — no details), so
 * the page can say it in words.
 */
import type { AxiosInstance } from 'axios';
import { z } from 'zod';
import * as W from '../../common/wire/index';

const empty = z.object({}).strict();

export const customerSimInputs = {
  'customer-points': empty,
  'customer-history': empty,
  'customer-points-history': empty,
  'customer-points-claim': W.pointsClaimRequest.strict(),
  'customer-receive-qr': W.receiveQrRequest,
  'customer-points-transfer': W.pointsTransferRequest.strict(),
  'customer-mpm-preview': W.mpmPreviewRequest.strict(),
  'customer-mpm-pay': W.mpmPayRequest.strict(),
  /** The demo's second customer shows a receive-QR, so the first has someone to send points to. */
  'partner-receive-qr': empty,
} as const;

export type CustomerSimAction = keyof typeof customerSimInputs;

interface Call {
  method: 'get' | 'post';
  path: string;
  response: z.ZodType;
  /** Whose token: the demo customer's, or the partner's (the demo's second customer). */
  as: 'customer' | 'partner';
}

const CALLS: Record<CustomerSimAction, Call> = {
  'customer-points': {
    method: 'get',
    path: '/v1/customer/points',
    response: W.customerPointsResponse,
    as: 'customer',
  },
  'customer-history': {
    method: 'get',
    path: '/v1/customer/history',
    response: W.historyResponse,
    as: 'customer',
  },
  'customer-points-history': {
    method: 'get',
    path: '/v1/customer/points/history',
    response: W.pointsHistoryResponse,
    as: 'customer',
  },
  'customer-points-claim': {
    method: 'post',
    path: '/v1/customer/points/claim',
    response: W.pointsClaimResponse,
    as: 'customer',
  },
  'customer-receive-qr': {
    method: 'post',
    path: '/v1/customer/points/receive-qr',
    response: W.receiveQrResponse,
    as: 'customer',
  },
  'customer-points-transfer': {
    method: 'post',
    path: '/v1/customer/points/transfer',
    response: W.pointsTransferResponse,
    as: 'customer',
  },
  'customer-mpm-preview': {
    method: 'post',
    path: '/v1/customer/mpm/preview',
    response: W.mpmPreviewResponse,
    as: 'customer',
  },
  'customer-mpm-pay': {
    method: 'post',
    path: '/v1/customer/mpm/pay',
    response: W.mpmPayResponse,
    as: 'customer',
  },
  'partner-receive-qr': {
    method: 'post',
    path: '/v1/customer/points/receive-qr',
    response: W.receiveQrResponse,
    as: 'partner',
  },
};

/** The contract's refusal shape; `details` are not passed on (the page words the code). */
const backendRefusal = z.object({
  error: z.object({ code: z.string().min(1).max(64), message: z.string().max(1_000) }),
});

export type PassThroughOutcome =
  | { status: 200; body: unknown }
  | { status: number; body: { error: { code: string; message: string } } };

export function isCustomerSimAction(name: string): name is CustomerSimAction {
  return Object.prototype.hasOwnProperty.call(customerSimInputs, name);
}

export function createCustomerPassThrough(options: {
  http: AxiosInstance;
  backendUrl: () => string;
  customerToken: string | null;
  partnerToken: string | null;
}) {
  return async function passThrough(
    action: CustomerSimAction,
    input: unknown,
  ): Promise<PassThroughOutcome> {
    const body: unknown = customerSimInputs[action].parse(input);
    const call = CALLS[action];
    const token = call.as === 'customer' ? options.customerToken : options.partnerToken;
    if (!token) {
      const variable =
        call.as === 'customer' ? 'KUMAPAY_DEMO_CUSTOMER_TOKEN' : 'KUMAPAY_DEMO_PARTNER_TOKEN';
      return {
        status: 404,
        body: {
          error: {
            code: 'not_found',
            message: `No demo ${call.as}: set ${variable} when starting the host.`,
          },
        },
      };
    }
    let response;
    try {
      response = await options.http.request<unknown>({
        method: call.method,
        url: `${options.backendUrl()}${call.path}`,
        headers: { Authorization: `Bearer ${token}` },
        ...(call.method === 'post' ? { data: body } : {}),
        // Refusals are answers here, passed on to the page.
        validateStatus: () => true,
      });
    } catch (error) {
      return {
        status: 502,
        body: {
          error: {
            code: 'network',
            message: `The backend did not answer: ${error instanceof Error ? error.message : String(error)}`,
          },
        },
      };
    }
    if (response.status >= 200 && response.status < 300) {
      const parsed = call.response.safeParse(response.data);
      if (parsed.success) return { status: 200, body: parsed.data };
      return {
        status: 502,
        body: {
          error: {
            code: 'network',
            message: `The backend's answer to ${call.path} is not in the contract's shape.`,
          },
        },
      };
    }
    const refusal = backendRefusal.safeParse(response.data);
    if (response.status >= 400 && response.status <= 599 && refusal.success)
      return { status: response.status, body: { error: refusal.data.error } };
    return {
      status: 502,
      body: {
        error: {
          code: 'network',
          message: `The backend answered HTTP ${response.status} to ${call.path}.`,
        },
      },
    };
  };
}
