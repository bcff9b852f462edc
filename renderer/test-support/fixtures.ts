/**
 * Wallet fixtures from the business rules' seed examples (R6/R7): A charge money 5,000 (exp
 * 2024-12-31), B limited ① 3,000 (exp 2024-08-31), C limited ② 2,000 (exp 2024-06-30).
 */
import type { LookupView, PaymentApproved } from '../../common/terminal-api';
import type { LotView } from '../../common/wire/primitives';
import { CPM_PREFIX } from '../../common/cpm-token';
import { encodeBase64Url } from '../../common/base64url';

export const LOT_A: LotView = { lotId: 'lot-a', kind: 'charge', campaignId: null, label: 'チャージマネー', amountYen: 5_000, expiresAt: '2024-12-31T14:59:59.999Z', expired: false, eligible: true };
export const LOT_B: LotView = { lotId: 'lot-b', kind: 'limited', campaignId: 'camp-1', label: '限定マネー①', amountYen: 3_000, expiresAt: '2024-08-31T14:59:59.999Z', expired: false, eligible: true };
export const LOT_C: LotView = { lotId: 'lot-c', kind: 'limited', campaignId: 'camp-2', label: '限定マネー②', amountYen: 2_000, expiresAt: '2024-06-30T14:59:59.999Z', expired: false, eligible: true };

/** R6: pay 7,000 → C 2,000, B 3,000, A 2,000; after: A 3,000, B 0, C 0. */
export function r6Approved(offline = false): PaymentApproved {
  return {
    clientTxnId: '0b0c7d1e-1111-4a4a-8b8b-000000000001',
    paymentId: offline ? null : 'pay-1',
    amountYen: 7_000,
    offline,
    allocations: [
      { lotId: 'lot-c', kind: 'limited', campaignId: 'camp-2', amountYen: 2_000, expiresAt: LOT_C.expiresAt },
      { lotId: 'lot-b', kind: 'limited', campaignId: 'camp-1', amountYen: 3_000, expiresAt: LOT_B.expiresAt },
      { lotId: 'lot-a', kind: 'charge', campaignId: null, amountYen: 2_000, expiresAt: LOT_A.expiresAt },
    ],
    balanceAfter: offline
      ? null
      : {
          totalYen: 3_000,
          lots: [
            { ...LOT_A, amountYen: 3_000 },
            { ...LOT_B, amountYen: 0 },
            { ...LOT_C, amountYen: 0 },
          ],
        },
    occurredAt: '2024-06-01T01:00:00.000Z',
  };
}

export function wallet(overrides: Partial<LookupView> = {}): LookupView {
  return {
    walletId: 'wallet-1',
    kind: 'app',
    status: 'active',
    totalYen: 10_000,
    eligibleYen: 10_000,
    debtYen: 0,
    maxChargeYen: 45_000,
    lots: [LOT_A, LOT_B, LOT_C],
    ...overrides,
  };
}

/** A token with a valid structure (parseCpmToken accepts it); its signature is zeros. */
export function cpmTokenText(tokenId = 'AbC_def-GhI_jkL-mn'): string {
  const signature = encodeBase64Url(new Uint8Array(64));
  return [CPM_PREFIX, 'k1', 'wallet-1', tokenId, (1_717_200_000).toString(36), (300).toString(36), (5_000).toString(36), signature].join('.');
}
