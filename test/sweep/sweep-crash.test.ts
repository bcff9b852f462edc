/**
 * Issue 14 "done when" (R4, R27): the expiry sweep on real backend processes sharing one ledger
 * (a SQLite file in WAL mode; PostgreSQL too when KUMAPAY_TEST_PG_URL is set). A few thousand
 * lots lapse; one instance is SIGKILLed in the middle of its sweep; then both instances sweep
 * at the same moment. Afterwards every lapsed lot has exactly one expiry posting, breakage holds
 * exactly the lapsed value, no live lot was touched, and the ledger check is clean.
 * Bounds here are on hangs only, never on speed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { spawnBackendProcess, type BackendProcess } from '../../scripts/lib/processes';
import { freshDatabase, STORE_KINDS, type TestDatabase } from '../../backend/src/testing/stores';
import { openStore } from '../../backend/src/store/open-store';
import { checkLedger } from '../../backend/src/usecases/ledger-check';
import type { Store } from '../../backend/src/store/store';
import { inParallel } from '../lib/in-parallel';

const ADMIN = 'sweep-crash-admin-token-0123456';
const WALLETS = 600;
const LAPSED_PER_WALLET = 5;
const LAPSED_LOTS = WALLETS * LAPSED_PER_WALLET;
/** Small batches: the run spans a few hundred units of work, so the kill lands inside it. */
const BATCH_WALLETS = '2';
/** Requests in flight while seeding, spread over both instances. */
const SEED_CONCURRENCY = 16;
const SEED_NOW = '2024-06-01T10:00:00+09:00';
const LAPSES_AT = '2024-06-30T23:59:59.999+09:00';
const LIVE_UNTIL = '2099-12-31T23:59:59.999+09:00';
const SWEEP_NOW = '2024-07-01T09:00:00+09:00';
/** The kill comes once A has committed this many write-offs: a fifth of the lapse, far from its end. */
const KILL_AFTER_LOTS = LAPSED_LOTS / 5;
const PROGRESS_POLLS_MAX = 20_000;
/** Between looks at A's progress: each look counts the pending lots, which A's sweep competes with. */
const POLL_PAUSE_MS = 10;
const HANG_BOUND_MS = 300_000;

interface SweepRun {
  lotsWrittenOff: number;
  writtenOffYen: number;
  wallets: number;
  batches: number;
}

const lapsedYen = (wallet: number, lot: number) => 100 + ((wallet * 37 + lot * 101) % 900);

async function call<T = Record<string, unknown>>(base: string, method: string, p: string, body?: unknown): Promise<{ status: number; body: T }> {
  const res = await fetch(`${base}${p}`, {
    method,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN}` },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as T };
}

async function ok<T = Record<string, unknown>>(base: string, method: string, p: string, body?: unknown): Promise<T> {
  const r = await call<T>(base, method, p, body);
  if (r.status >= 300) throw new Error(`${method} ${p} answered ${r.status}: ${JSON.stringify(r.body)}`);
  return r.body;
}

describe.each(STORE_KINDS)('the expiry sweep with two instances and a kill on %s (issue 14)', (kind) => {
  let database: TestDatabase;
  let dataDir: string;
  const running: BackendProcess[] = [];

  const start = async (): Promise<BackendProcess> => {
    const p = await spawnBackendProcess({
      KUMAPAY_DB: database.url,
      KUMAPAY_DATA_DIR: dataDir,
      KUMAPAY_ADMIN_TOKEN: ADMIN,
      KUMAPAY_TEST_CLOCK: '1',
      KUMAPAY_LOG_LEVEL: 'warn',
      // Sweeps here start only by hand, so the test knows which instance runs what.
      KUMAPAY_SWEEP_INTERVAL_MS: '0',
      KUMAPAY_SWEEP_BATCH_WALLETS: BATCH_WALLETS,
    });
    running.push(p);
    return p;
  };

  beforeAll(async () => {
    database = await freshDatabase(kind);
    dataDir = mkdtempSync(path.join(tmpdir(), 'kumapay-sweep-data-'));
  });
  afterAll(async () => {
    await Promise.all(running.map((p) => p.stop()));
    await database.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it(
    'R4, R27: When an instance is killed mid-sweep and then two instances sweep at once, then every lapsed lot is written off exactly once, breakage equals the lapsed value, live lots are untouched and the ledger checks',
    async () => {
      let a = await start();
      const b = await start();
      for (const instance of [a, b]) await ok(instance.url, 'POST', '/v1/test/clock', { now: SEED_NOW });

      // ---- seed: WALLETS wallets, each with LAPSED_PER_WALLET lots lapsing in June and one live lot
      const lapsed = new Map<string, number>();
      const live = new Map<string, number>();
      const walletIds: string[] = new Array<string>(WALLETS);
      await inParallel(
        Array.from({ length: WALLETS }, (_, w) => async () => {
          walletIds[w] = (await ok<{ walletId: string }>(w % 2 ? a.url : b.url, 'POST', '/v1/admin/customers', { displayName: `w${w}` })).walletId;
        }),
        SEED_CONCURRENCY,
      );
      const seeds: (() => Promise<void>)[] = [];
      walletIds.forEach((walletId, w) => {
        for (let l = 0; l < LAPSED_PER_WALLET; l++) {
          seeds.push(async () => {
            const amountYen = lapsedYen(w, l);
            const { lotId } = await ok<{ lotId: string }>(seeds.length % 2 ? a.url : b.url, 'POST', `/v1/admin/wallets/${walletId}/lots`, { kind: 'charge', amountYen, expiresAt: LAPSES_AT });
            lapsed.set(lotId, amountYen);
          });
        }
        seeds.push(async () => {
          const amountYen = 1000 + w;
          const { lotId } = await ok<{ lotId: string }>(a.url, 'POST', `/v1/admin/wallets/${walletId}/lots`, { kind: 'charge', amountYen, expiresAt: LIVE_UNTIL });
          live.set(lotId, amountYen);
        });
      });
      await inParallel(seeds, SEED_CONCURRENCY);
      expect(lapsed.size).toBe(LAPSED_LOTS);
      const lapsedTotalYen = [...lapsed.values()].reduce((s, y) => s + y, 0);

      for (const instance of [a, b]) await ok(instance.url, 'POST', '/v1/test/clock', { now: SWEEP_NOW });
      expect((await ok<{ lapsedLotsPending: number }>(b.url, 'GET', '/v1/admin/expiry-sweep')).lapsedLotsPending).toBe(LAPSED_LOTS);

      // ---- a sweep on A, killed once it has committed some batches
      const killedRun = call(a.url, 'POST', '/v1/admin/expiry-sweep', {}).then(
        (r) => ({ answered: r.status }),
        () => ({ answered: null }),
      );
      let progressed = false;
      for (let poll = 0; poll < PROGRESS_POLLS_MAX && !progressed; poll++) {
        progressed = (await ok<{ lotsWrittenOff: number }>(a.url, 'GET', '/v1/admin/expiry-sweep')).lotsWrittenOff >= KILL_AFTER_LOTS;
        if (!progressed) await new Promise((r) => setTimeout(r, POLL_PAUSE_MS));
      }
      expect(progressed).toBe(true);
      await a.kill();
      // The kill cut the sweep: no answer came back, and part of the lapse is still pending.
      expect(await killedRun).toEqual({ answered: null });
      const store = await openStore(database.url);
      try {
        const beforeKill = await expiryPostings(store);
        const pendingAfterKill = (await ok<{ lapsedLotsPending: number }>(b.url, 'GET', '/v1/admin/expiry-sweep')).lapsedLotsPending;
        expect(beforeKill.byLot.size).toBeGreaterThanOrEqual(KILL_AFTER_LOTS);
        expect(pendingAfterKill).toBe(LAPSED_LOTS - beforeKill.byLot.size);

        // ---- A again, and both sweep at the same moment
        a = await start();
        await ok(a.url, 'POST', '/v1/test/clock', { now: SWEEP_NOW });
        const [fromA, fromB] = await Promise.all([ok<SweepRun>(a.url, 'POST', '/v1/admin/expiry-sweep', {}), ok<SweepRun>(b.url, 'POST', '/v1/admin/expiry-sweep', {})]);
        expect(fromA.lotsWrittenOff + fromB.lotsWrittenOff).toBe(pendingAfterKill);
        expect(fromA.writtenOffYen + fromB.writtenOffYen).toBe(lapsedTotalYen - beforeKill.breakageYen);
        for (const instance of [a, b]) expect((await ok<{ lapsedLotsPending: number }>(instance.url, 'GET', '/v1/admin/expiry-sweep')).lapsedLotsPending).toBe(0);
        await Promise.all([a.stop(), b.stop()]);

        // ---- the ledger, read directly
        const after = await expiryPostings(store);
        expect(after.breakageYen).toBe(lapsedTotalYen);
        expect(after.byLot.size).toBe(LAPSED_LOTS);
        expect([...lapsed].filter(([lotId, yen]) => JSON.stringify(after.byLot.get(lotId)) !== JSON.stringify([-yen]))).toEqual([]);
        expect([...live.keys()].filter((lotId) => after.byLot.has(lotId))).toEqual([]);
        const balances = await store.read.selectFrom('lots').select(['id', 'balance_yen']).execute();
        const balanceOf = new Map(balances.map((r) => [r.id, Number(r.balance_yen)]));
        expect([...lapsed.keys()].filter((lotId) => balanceOf.get(lotId) !== 0)).toEqual([]);
        expect([...live].filter(([lotId, yen]) => balanceOf.get(lotId) !== yen)).toEqual([]);
        expect((await checkLedger(store)).differences).toEqual([]);
      } finally {
        await store.close();
      }
    },
    HANG_BOUND_MS,
  );
});

/** Every expiry posting in the ledger: per lot, and the total moved to breakage. */
async function expiryPostings(store: Store): Promise<{ byLot: Map<string, number[]>; breakageYen: number }> {
  const rows = await store.read
    .selectFrom('postings as p')
    .innerJoin('journal_entries as e', 'e.id', 'p.entry_id')
    .select(['p.lot_id', 'p.account', 'p.amount_yen'])
    .where('e.type', '=', 'expiry')
    .execute();
  const byLot = new Map<string, number[]>();
  let breakageYen = 0;
  for (const r of rows) {
    if (r.lot_id) byLot.set(r.lot_id, [...(byLot.get(r.lot_id) ?? []), Number(r.amount_yen)]);
    else if (r.account === 'breakage') breakageYen += Number(r.amount_yen);
  }
  return { byLot, breakageYen };
}
