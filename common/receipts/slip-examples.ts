/**
 * One slip of every kind, with every optional part present (split sale, debt, written-off
 * value, approval, 精算, the report's MPM and KumaPo lines), for tests and previews. Balance labels are deliberately not the
 * defaults: a campaign renamed 補助金等マネー must print as such (R2).
 */
import { slip, type Slip, type SlipBody, type SlipHeader } from './slip';

export const EXAMPLE_HEADER: SlipHeader = {
  shopName: '熊谷ベーカリー',
  terminalNo: 3,
  staffName: '山田花子',
  // 13:30 JST on 1 December 2026.
  occurredAt: '2026-12-01T04:30:00.000Z',
  shortNo: '0003-000042',
  businessDay: '2026-12-01',
};

/** End of JST day 2027/12/01 and 2027/03/31. */
const CHARGE_EXPIRES_AT = '2027-12-01T14:59:59.999Z';
const LIMITED_EXPIRES_AT = '2027-03-31T14:59:59.999Z';

export const EXAMPLE_BODIES = {
  payment: {
    kind: 'payment',
    amountYen: 1_234_567,
    cashYen: 300,
    method: 'qr',
    offline: false,
    allocations: [
      { label: '補助金等マネー', kind: 'limited', amountYen: 4_567, expiresAt: LIMITED_EXPIRES_AT },
      { label: 'チャージマネー', kind: 'charge', amountYen: 1_230_000, expiresAt: CHARGE_EXPIRES_AT },
    ],
    balanceAfter: {
      totalYen: 8_800,
      lots: [
        { label: '補助金等マネー', kind: 'limited', amountYen: 1_800, expiresAt: LIMITED_EXPIRES_AT },
        { label: 'チャージマネー', kind: 'charge', amountYen: 7_000, expiresAt: CHARGE_EXPIRES_AT },
      ],
    },
  },
  charge: {
    kind: 'charge',
    amountYen: 5_000,
    cashReceivedYen: 10_000,
    changeYen: 5_000,
    bonusYen: 50,
    debtRepaidYen: 700,
    balanceAfter: { totalYen: 4_350, lots: [{ label: 'チャージマネー', kind: 'charge', amountYen: 4_350, expiresAt: CHARGE_EXPIRES_AT }] },
  },
  cancel: {
    kind: 'cancel',
    of: 'payment',
    originalShortNo: '0003-000041',
    // 12:05 JST.
    originalOccurredAt: '2026-12-01T03:05:00.000Z',
    amountYen: 1_200,
    writtenOffYen: 200,
    refundYen: 0,
    cashToReturnYen: 300,
    approvedByName: '佐藤店長',
  },
  migration: {
    kind: 'migration',
    cardNumberLast4: '1234',
    movedYen: 6_500,
    debtMovedYen: 400,
    lots: [
      { label: 'チャージマネー', kind: 'charge', amountYen: 5_000, expiresAt: CHARGE_EXPIRES_AT },
      { label: '補助金等マネー', kind: 'limited', amountYen: 1_500, expiresAt: LIMITED_EXPIRES_AT },
    ],
  },
  report: {
    kind: 'report',
    mode: 'close',
    businessDay: '2026-12-01',
    // 21:10 JST.
    closedAt: '2026-12-01T12:10:00.000Z',
    closedByName: '佐藤店長',
    paymentsCount: 12,
    paymentsYen: 48_200,
    cancelledPaymentsCount: 1,
    cancelledPaymentsYen: 1_200,
    netPaymentsYen: 47_000,
    chargesCount: 4,
    chargesYen: 20_000,
    bonusYen: 200,
    cancelledChargesCount: 1,
    cancelledChargesYen: 5_000,
    netChargesYen: 15_000,
    cashSalesCount: 2,
    cashSalesYen: 600,
    cashCollectedYen: 20_600,
    cashReturnedYen: 5_300,
    expectedDrawerYen: 15_300,
    migrationsCount: 1,
    migrationsYen: 6_500,
    offlinePendingCount: 3,
    differencesCount: 2,
    backendCompared: true,
    balances: [
      { kind: 'charge', label: 'チャージマネー', amountYen: 30_000 },
      { kind: 'limited', label: 'プレミアム付商品券', amountYen: 10_200 },
      { kind: 'limited', label: '補助金等マネー', amountYen: 8_000 },
    ],
    mpm: { count: 3, yen: 4_300, staticCount: 1, staticYen: 800 },
    points: { spendCount: 5, spendPoints: 12_345, cancelCount: 1, cancelPoints: 300, netPoints: 12_045 },
  },
  point_spend: {
    kind: 'point_spend',
    points: 1_234,
    method: 'qr',
    pointsAfter: 8_766,
    pointsExpiresAt: CHARGE_EXPIRES_AT,
  },
  point_spend_cancel: {
    kind: 'point_spend_cancel',
    originalShortNo: '0003-000041',
    // 12:05 JST.
    originalOccurredAt: '2026-12-01T03:05:00.000Z',
    points: 1_234,
    pointsAfter: 10_000,
    approvedByName: '佐藤店長',
  },
} as const satisfies { [K in SlipBody['kind']]: Extract<SlipBody, { kind: K }> };

export function exampleSlip<K extends SlipBody['kind']>(kind: K, body: Partial<Extract<SlipBody, { kind: K }>> = {}, header: Partial<SlipHeader> = {}): Slip {
  // Parsed, so an example that drifts from the schema fails where it is made.
  return slip.parse({
    slipId: `example-${kind}`,
    subjectKey: kind === 'report' ? 'report:close:2026-12-01' : '7f1c2a9e-4d3b-4c59-9a51-2f6d3e8b1c00',
    header: { ...EXAMPLE_HEADER, ...header },
    body: { ...EXAMPLE_BODIES[kind], ...body },
  });
}
