import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestBackend } from '../../testing/harness';
import { STORE_KINDS } from '../../testing/stores';

/** R4, R27: the scheduled expiry sweep, started by hand through the admin API. */

const JUNE_END = '2024-06-30T23:59:59.999+09:00';
const FAR = '2099-12-31T23:59:59.999+09:00';
const JULY_FIRST = '2024-07-01T00:00:00+09:00';
/** Wallets per batch in these backends: the lapsed wallets below need three batches. */
const BATCH_WALLETS = 3;
/** The schedule's shortest interval; the scheduled test waits a few of them at most. */
const SCHEDULE_MS = 1_000;
const POLL_PAUSE_MS = 50;

interface SweepRun {
  lotsWrittenOff: number;
  writtenOffYen: number;
  wallets: number;
  batches: number;
}
interface SweepStatus {
  running: boolean;
  lastStartedAt: string | null;
  lastFinishedAt: string | null;
  lotsWrittenOff: number;
  writtenOffYen: number;
  lapsedLotsPending: number;
  lastError: string | null;
}
interface History {
  items: { type: string; amountYen: number; lots: { lotId: string; amountYen: number }[] }[];
}

const sweep = (t: TestBackend) => t.admin<SweepRun>('/v1/admin/expiry-sweep', {});
const status = async (t: TestBackend) => (await t.call<SweepStatus>('GET', '/v1/admin/expiry-sweep', { token: t.adminToken })).body;

/** Every expiry posting on a lot, as the journal holds it: lot id → amounts. */
async function expiryPostings(t: TestBackend): Promise<Map<string, number[]>> {
  const rows = await t.backend.deps.store.read
    .selectFrom('postings as p')
    .innerJoin('journal_entries as e', 'e.id', 'p.entry_id')
    .select(['p.lot_id', 'p.amount_yen'])
    .where('e.type', '=', 'expiry')
    .where('p.lot_id', 'is not', null)
    .execute();
  const byLot = new Map<string, number[]>();
  for (const r of rows) byLot.set(r.lot_id!, [...(byLot.get(r.lot_id!) ?? []), Number(r.amount_yen)]);
  return byLot;
}

describe.each(STORE_KINDS)('expiry sweep through HTTP on %s', (kind) => {
  let t: TestBackend;
  let shop: string;
  beforeAll(async () => {
    t = await TestBackend.start(kind, { config: { sweepBatchWallets: BATCH_WALLETS } });
    await t.setClock('2024-06-01T10:00:00+09:00');
    shop = await t.merchant('熊谷うどん');
  });
  afterAll(async () => {
    expect(await t.ledgerDifferences()).toEqual([]);
    await t.stop();
  });

  it('R4, R27: When lots lapse in wallets nobody touches, then one sweep writes each off once to breakage, leaves live lots alone, shows in history and /metrics, and a second run finds nothing', async () => {
    const campaign = await t.campaign('限定マネー②', 'all', { months: 1 });
    const wallets: { customer: Awaited<ReturnType<TestBackend['customer']>>; lapsed: Map<string, number>; liveYen: number; live: string }[] = [];
    // Eight wallets: more than two batches hold, so the run must go round three times.
    for (let i = 0; i < 8; i++) {
      const customer = await t.customer(`lapse ${i}`);
      const lapsed = new Map<string, number>();
      lapsed.set(await t.seedLot(customer.walletId, { kind: 'charge', amountYen: 1000 + i, expiresAt: JUNE_END }), 1000 + i);
      lapsed.set(await t.seedLot(customer.walletId, { kind: 'limited', campaignId: campaign, amountYen: 300 + i, expiresAt: JUNE_END }), 300 + i);
      const live = await t.seedLot(customer.walletId, { kind: 'limited', campaignId: campaign, amountYen: 500, expiresAt: FAR });
      wallets.push({ customer, lapsed, liveYen: 500, live });
    }
    const lapsedYen = wallets.reduce((s, w) => s + [...w.lapsed.values()].reduce((a, b) => a + b, 0), 0);

    // Nothing has lapsed yet: the sweep writes nothing.
    expect((await status(t)).lapsedLotsPending).toBe(0);
    expect((await sweep(t)).body).toEqual({ lotsWrittenOff: 0, writtenOffYen: 0, wallets: 0, pointsWrittenOff: 0, walletsWithPointsWrittenOff: 0, batches: 0 });

    await t.setClock(JULY_FIRST);
    expect((await status(t)).lapsedLotsPending).toBe(16);
    expect(await t.metric('kumapay_expiry_sweep_lapsed_lots_pending')).toBe(16);

    const first = await sweep(t);
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ lotsWrittenOff: 16, writtenOffYen: lapsedYen, wallets: 8, pointsWrittenOff: 0, walletsWithPointsWrittenOff: 0, batches: 3 });

    const postings = await expiryPostings(t);
    for (const w of wallets) {
      for (const [lotId, amountYen] of w.lapsed) expect(postings.get(lotId)).toEqual([-amountYen]);
      expect(postings.has(w.live)).toBe(false);
      const balance = await w.customer.wallet();
      expect(balance.totalYen).toBe(w.liveYen);
      expect(balance.lots.map((l) => [l.lotId, l.amountYen])).toEqual([[w.live, 500]]);
      // R25: the customer sees the expiry as its own history line, per lot.
      const history = (await t.call<History>('GET', '/v1/customer/history', { token: w.customer.customerToken })).body;
      const expiry = history.items.filter((item) => item.type === 'expiry');
      expect(expiry).toHaveLength(1);
      expect(expiry[0]!.amountYen).toBe(-[...w.lapsed.values()].reduce((a, b) => a + b, 0));
      expect(expiry[0]!.lots.map((l) => l.lotId).sort()).toEqual([...w.lapsed.keys()].sort());
    }

    const again = await sweep(t);
    expect(again.body).toEqual({ lotsWrittenOff: 0, writtenOffYen: 0, wallets: 0, pointsWrittenOff: 0, walletsWithPointsWrittenOff: 0, batches: 0 });
    expect(await expiryPostings(t)).toEqual(postings);

    const after = await status(t);
    expect(after).toMatchObject({ running: false, lotsWrittenOff: 16, writtenOffYen: lapsedYen, lapsedLotsPending: 0, lastError: null });
    expect(after.lastStartedAt).not.toBeNull();
    expect(after.lastFinishedAt).not.toBeNull();
    expect(await t.metric('kumapay_expiry_sweep_lots_written_off_total')).toBe(16);
    expect(await t.metric('kumapay_expiry_sweep_yen_written_off_total')).toBe(lapsedYen);
    expect(await t.metric('kumapay_expiry_sweep_runs_total{outcome="ok"}')).toBe(3);
    expect(await t.metric('kumapay_expiry_sweep_runs_total{outcome="failed"}')).toBe(0);
    expect(await t.metric('kumapay_expiry_sweep_running')).toBe(0);
    expect(await t.metric('kumapay_expiry_sweep_lapsed_lots_pending')).toBe(0);
    // The test clock is the sweep's clock: its last success is in July 2024, not today.
    const lastSuccessS = await t.metric('kumapay_expiry_sweep_last_success_timestamp_seconds');
    expect(lastSuccessS).toBeGreaterThanOrEqual(Date.parse(JULY_FIRST) / 1000);
    expect(lastSuccessS).toBeLessThan(Date.parse('2024-07-02T00:00:00+09:00') / 1000);
  });

  it('R4: When a payment touches a wallet first, then the payment writes its lapsed lot off and the sweep does not write it off again; a lot spent to ¥0 before it lapsed gets no expiry entry', async () => {
    await t.setClock('2024-08-01T10:00:00+09:00');
    const till = await t.terminal(shop);
    const touched = await t.customer('touched');
    const lapsedLot = await t.seedLot(touched.walletId, { kind: 'charge', amountYen: 700, expiresAt: '2024-08-10T23:59:59.999+09:00' });
    await t.seedLot(touched.walletId, { kind: 'charge', amountYen: 2000, expiresAt: FAR });
    const spent = await t.customer('spent');
    const spentLot = await t.seedLot(spent.walletId, { kind: 'charge', amountYen: 400, expiresAt: '2024-08-10T23:59:59.999+09:00' });
    expect((await till.pay('cashier', 400, await spent.cpm())).status).toBe(201);

    await t.setClock('2024-08-11T10:00:00+09:00');
    // A new day's till: staff sessions do not outlive the clock's jump.
    const nextTill = await t.terminal(shop);
    expect((await nextTill.pay('cashier', 100, await touched.cpm())).status).toBe(201);
    expect((await sweep(t)).body).toEqual({ lotsWrittenOff: 0, writtenOffYen: 0, wallets: 0, pointsWrittenOff: 0, walletsWithPointsWrittenOff: 0, batches: 0 });
    const postings = await expiryPostings(t);
    expect(postings.get(lapsedLot)).toEqual([-700]);
    expect(postings.has(spentLot)).toBe(false);
    expect((await touched.wallet()).totalYen).toBe(1900);
  });

  it('When the sweep is asked without the admin token, then it is refused and nothing runs', async () => {
    const before = await status(t);
    expect((await t.call('POST', '/v1/admin/expiry-sweep', { body: {} })).status).toBe(401);
    expect((await t.call('GET', '/v1/admin/expiry-sweep', {})).status).toBe(401);
    expect((await status(t)).lastStartedAt).toBe(before.lastStartedAt);
  });
});

describe.each(STORE_KINDS)('the expiry sweep schedule on %s', (kind) => {
  let t: TestBackend;
  beforeAll(async () => {
    t = await TestBackend.start(kind, { config: { sweepIntervalMs: SCHEDULE_MS } });
    await t.setClock('2024-06-01T10:00:00+09:00');
  });
  afterAll(async () => {
    expect(await t.ledgerDifferences()).toEqual([]);
    await t.stop();
  });

  it('R27: When KUMAPAY_SWEEP_INTERVAL_MS is set and a lot lapses, then the instance writes it off by itself, with nobody touching the wallet or asking', async () => {
    const customer = await t.customer();
    const lot = await t.seedLot(customer.walletId, { kind: 'charge', amountYen: 1234, expiresAt: JUNE_END });
    await t.setClock(JULY_FIRST);
    // Hang bound only: the test's own timeout ends a schedule that never runs.
    let seen = await status(t);
    while (seen.lotsWrittenOff === 0) {
      await new Promise((r) => setTimeout(r, POLL_PAUSE_MS));
      seen = await status(t);
    }
    expect(seen).toMatchObject({ lotsWrittenOff: 1, writtenOffYen: 1234, lapsedLotsPending: 0, lastError: null });
    expect((await expiryPostings(t)).get(lot)).toEqual([-1234]);
  });
});
