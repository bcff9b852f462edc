/**
 * R28 merchant-presented QR, by job: the terminal's requests and their long poll
 * (mpm-requests.ts), the store QR and the 入金通知 notices (mpm-notices.ts), the customer's
 * preview and payment (mpm-pay.ts); QR signing (mpm-codes.ts) and the waiters (mpm-waiters.ts).
 */
export { createMpmRequest, mpmRequestStatus, withdrawMpmRequest } from './mpm-requests';
export { noticesFor, staticQrOf } from './mpm-notices';
export { payMpm, previewMpm } from './mpm-pay';
