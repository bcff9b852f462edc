import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestBackend } from '../../testing/harness';
import { endOfJstDay, pointsApi } from '../../testing/points-harness';
import { STORE_KINDS } from '../../testing/stores';
import { checkLedger } from '../../usecases/ledger-check';

/** R23: points that lapse in wallets nobody touches (the sweep), and ledger:check over points. */

/** Wallets per sweep batch here: the lapsed wallets below need more than one batch. */
const BATCH_WALLETS = 2;

interface SweepRun {
  lotsWrittenOff: number;
  writtenOffYen: number;
  wallets: number;
  pointsWrittenOff?: number;
  walletsWithPointsWrittenOff?: number;
  batches: number;
}

describe.each(STORE_KINDS)('KumaPo points expiry sweep on %s', (kind) => {
  let t: TestBackend;
  let p: ReturnType<typeof pointsApi>;
  beforeAll(async () => {
    t = await TestBackend.start(kind, { config: { sweepBatchWallets: BATCH_WALLETS } });
    p = pointsApi(t);
  });
  afterAll(async () => {
    expect(await t.ledgerDifferences()).toEqual([]);
    await t.stop();
  });

  it('R23/R27: When points lapse in wallets nobody touches, then one sweep writes each balance off once (beside lapsed yen), leaves live points alone, shows in history and /metrics, and a second run finds nothing', async () => {
    await t.setClock('2024-06-01T10:00:00+09:00');
    const lapsing = await Promise.all([1, 2, 3].map((i) => t.customer(`lapse ${i}`)));
    for (const [i, customer] of lapsing.entries()) await p.fund(customer.customerToken, 100 * (i + 1));
    const live = await t.customer('live');
    await p.fund(live.customerToken, 70);
    await t.seedLot(live.walletId, { kind: 'charge', amountYen: 500, expiresAt: '2025-05-31T23:59:59.999+09:00' });
    // An activity a day later rolls this wallet's points past the sweep below.
    await t.setClock('2024-06-02T10:00:00+09:00');
    await p.fund(live.customerToken, 5);

    await t.setClock('2025-06-02T00:00:00+09:00');
    const first = await t.admin<SweepRun>('/v1/admin/expiry-sweep', {});
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ lotsWrittenOff: 1, writtenOffYen: 500, pointsWrittenOff: 600, walletsWithPointsWrittenOff: 3 });
    // One yen batch, then two points batches of at most two wallets.
    expect(first.body.batches).toBe(3);
    for (const customer of lapsing) {
      const history = await p.history(customer.customerToken);
      expect(history[0]).toMatchObject({ type: 'expiry', name: null });
      expect(history.filter((h) => h.type === 'expiry')).toHaveLength(1);
      expect(await p.points(customer.customerToken)).toEqual({ points: 0, expiresAt: null });
    }
    expect(await p.points(live.customerToken)).toEqual({ points: 75, expiresAt: endOfJstDay('2025-06-02') });
    const again = await t.admin<SweepRun>('/v1/admin/expiry-sweep', {});
    expect(again.body).toMatchObject({ lotsWrittenOff: 0, pointsWrittenOff: 0, walletsWithPointsWrittenOff: 0, batches: 0 });
    const status = await t.call<{ pointsWrittenOff?: number }>('GET', '/v1/admin/expiry-sweep', { token: t.adminToken });
    expect(status.body.pointsWrittenOff).toBe(600);
    expect(await t.metric('kumapay_expiry_sweep_points_written_off_total')).toBe(600);
  });

  it('R23: When a wallet\'s points lapsed and it is touched before the sweep, then the lazy write-off and the sweep together write it off once', async () => {
    await t.setClock('2026-01-01T10:00:00+09:00');
    // Whatever lapsed before (the test above's live wallet) is swept first, so the run below is this wallet's alone.
    await t.admin('/v1/admin/expiry-sweep', {});
    const customer = await t.customer();
    await p.fund(customer.customerToken, 40);
    await t.setClock('2027-01-02T00:00:00+09:00');
    expect(await p.points(customer.customerToken)).toEqual({ points: 0, expiresAt: null });
    const run = await t.admin<SweepRun>('/v1/admin/expiry-sweep', {});
    expect(run.body).toMatchObject({ pointsWrittenOff: 0, walletsWithPointsWrittenOff: 0 });
    expect((await p.history(customer.customerToken)).filter((h) => h.type === 'expiry')).toEqual([expect.objectContaining({ points: -40 })]);
  });
});

describe('ledger:check over KumaPo points (R23)', () => {
  it('R23: When a wallet\'s cached points, a posting or the sign of a balance is edited behind the journal\'s back, then ledger:check names each', async () => {
    const t = await TestBackend.start('sqlite');
    try {
      const p = pointsApi(t);
      await t.setClock('2024-06-01T10:00:00+09:00');
      const a = await t.customer('A');
      const b = await t.customer('B');
      await p.fund(a.customerToken, 100);
      await p.fund(b.customerToken, 100);
      const store = t.backend.deps.store;
      expect((await checkLedger(store)).differences).toEqual([]);

      const posting = await store.read.selectFrom('point_postings').select(['entry_id', 'line_no']).where('wallet_id', '=', b.walletId).executeTakeFirstOrThrow();
      await t.writeBehind(async (tx) => {
        await tx.updateTable('wallets').set({ points: 999 }).where('id', '=', a.walletId).execute();
        await tx.updateTable('point_postings').set({ points: 130 }).where('entry_id', '=', posting.entry_id).where('line_no', '=', posting.line_no).execute();
        await tx.updateTable('wallets').set({ points: -5 }).where('id', '=', b.walletId).execute();
      });

      const report = await checkLedger(store);
      expect(report.differences).toEqual(
        expect.arrayContaining([
          { kind: 'wallet_points', id: a.walletId, expectedPoints: 100, actualPoints: 999 },
          { kind: 'point_entry_unbalanced', id: posting.entry_id, expectedPoints: 0, actualPoints: 30 },
          { kind: 'wallet_points', id: b.walletId, expectedPoints: 130, actualPoints: -5 },
          { kind: 'wallet_points_negative', id: b.walletId, expectedPoints: 0, actualPoints: -5 },
        ]),
      );
      expect(report.differences).toHaveLength(4);
      expect(report.pointEntries).toBeGreaterThanOrEqual(2);
    } finally {
      await t.stop();
    }
  });
});
