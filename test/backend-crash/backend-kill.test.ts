/**
 * Issue 16: a SIGKILL of the backend while payments stream in — group commits in flight — loses
 * no payment it acknowledged. The backend runs as its own process (`node --import tsx`, so the
 * signal kills the server itself, not a wrapper), with `KUMAPAY_STORE_WORKER=1` (the store in a
 * worker thread; ignored by a backend without one), on SQLite and, when KUMAPAY_TEST_PG_URL is
 * set, on a throwaway PostgreSQL database.
 *
 * Three rounds on one ledger: 32 keep-alive clients pay by card; once a seeded random number of
 * payments (100–800) has been answered 201 the process is killed while the clients keep sending.
 * A request that ends in a socket error is "unknown": it may or may not have happened. After a
 * restart, every acknowledged payment replays (same request, same clientTxnId) to 201 with the
 * same paymentId; read from the stopped ledger, every acknowledged payment is there as answered,
 * no clientTxnId is there twice, nothing is there that was refused or never sent, each wallet
 * holds its seed less exactly the payments the ledger holds for it, and the ledger check is clean.
 *
 * Lives in test/backend-crash/ because vitest.config.ts excludes test/crash/ (the standalone
 * `npm run test:crash` runner). `KUMAPAY_CRASH_SEED` repeats a run's kill points; which card and
 * amount each payment gets also depends on the order answers arrive in.
 * Bounds here are on hangs only, never on speed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import http from 'node:http';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { spawnBackendProcess, type BackendProcess } from '../../scripts/lib/processes';
import { freshDatabase, STORE_KINDS, type TestDatabase } from '../../backend/src/testing/stores';
import { openStore } from '../../backend/src/store/open-store';
import { checkLedger } from '../../backend/src/usecases/ledger-check';
import { seededRandom } from '../crash/random';
import { inParallel } from '../lib/in-parallel';

const ADMIN_TOKEN = 'backend-kill-admin-token-0123456';
const ADMIN = { authorization: `Bearer ${ADMIN_TOKEN}` };
const ROUNDS = 3;
const CLIENTS = 32;
const WALLETS = 50;
const KILL_AFTER_ACKS_MIN = 100;
const KILL_AFTER_ACKS_MAX = 800;
const PAYMENT_YEN_MAX = 999;
/** Per wallet: a charge lot and two limited lots, far more than three rounds can spend. */
const LOTS_YEN = [100_000, 50_000, 50_000] as const;
/** Requests in flight while seeding wallets and replaying. */
const SETUP_CONCURRENCY = 8;
/** Payments refused (not 201) before a round gives up: the fixture, not the kill, is broken. */
const REFUSALS_MAX = 200;
/** tsx + migrations on a busy two-core machine; a bound on a hang, not on speed. */
const START_TIMEOUT_MS = 60_000;
const HANG_BOUND_MS = 900_000;
const SEED = Number(process.env.KUMAPAY_CRASH_SEED ?? Date.now() % 1_000_000);

interface Card {
  cardNumber: string;
  walletId: string;
}

interface PaymentRequest {
  clientTxnId: string;
  amountYen: number;
  credential: { type: 'card'; cardNumber: string };
}

interface Attempt {
  request: PaymentRequest;
  walletId: string;
}

interface Acknowledged extends Attempt {
  paymentId: string;
}

interface Refused extends Attempt {
  status: number;
  body: unknown;
}

interface RoundLoad {
  acknowledged: Acknowledged[];
  unknown: Attempt[];
  refused: Refused[];
  killSent: boolean;
}

interface Answer {
  status: number;
  body: Record<string, unknown>;
}

/** One keep-alive socket per client, as a till keeps its connection; rejects on any socket error. */
class Client {
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  constructor(private readonly baseUrl: string) {}

  request(method: string, urlPath: string, body: unknown, headers: Record<string, string>): Promise<Answer> {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    return new Promise((resolve, reject) => {
      const req = http.request(
        new URL(urlPath, this.baseUrl),
        { method, agent: this.agent, headers: { 'content-type': 'application/json', ...(payload === undefined ? {} : { 'content-length': String(Buffer.byteLength(payload)) }), ...headers } },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('error', reject);
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            try {
              resolve({ status: res.statusCode ?? 0, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} });
            } catch (error) {
              reject(error instanceof Error ? error : new Error(String(error)));
            }
          });
          // An answer cut off mid-body by the kill never sees 'end'.
          res.on('close', () => {
            if (!res.complete) reject(new Error('answer cut off'));
          });
        },
      );
      req.on('error', reject);
      if (payload !== undefined) req.write(payload);
      req.end();
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

async function ok(client: Client, method: string, urlPath: string, body: unknown, headers: Record<string, string> = ADMIN): Promise<Record<string, unknown>> {
  const answer = await client.request(method, urlPath, body, headers);
  if (answer.status >= 300) throw new Error(`${method} ${urlPath} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
  return answer.body;
}

/** A shop, a till with a logged-in cashier, and card wallets holding three lots each. */
async function buildShop(url: string): Promise<{ terminalId: string; terminalHeaders: Record<string, string>; cards: Card[] }> {
  const client = new Client(url);
  try {
    const merchant = await ok(client, 'POST', '/v1/admin/merchants', { name: 'Kill test shop', chargePoint: false });
    const terminal = await ok(client, 'POST', '/v1/admin/terminals', { merchantId: merchant.id, name: 'kill test till' });
    await ok(client, 'POST', '/v1/admin/staff', { merchantId: merchant.id, staffCode: 'k1', name: 'Kill', role: 'cashier', pin: '1234' });
    const enrolled = await ok(client, 'POST', '/v1/terminals/enroll', { enrollmentCode: terminal.enrollmentCode }, {});
    const terminalToken = String(enrolled.terminalToken);
    const session = await ok(client, 'POST', '/v1/staff/sessions', { staffCode: 'k1', pin: '1234' }, { authorization: `Bearer ${terminalToken}` });
    const campaignIds: string[] = [];
    for (const name of ['限定A', '限定B']) {
      campaignIds.push(String((await ok(client, 'POST', '/v1/admin/campaigns', { name, kind: 'limited', validity: { years: 2 }, eligibleMerchantIds: 'all' })).id));
    }
    const expiresAt = new Date(Date.now() + 300 * 86_400_000).toISOString();
    const cards: Card[] = new Array<Card>(WALLETS);
    await inParallel(
      Array.from({ length: WALLETS }, (_, i) => async () => {
        const cardNumber = `KILL${String(i).padStart(6, '0')}`;
        const walletId = String((await ok(client, 'POST', '/v1/admin/cards', { cardNumber })).walletId);
        for (const [l, amountYen] of LOTS_YEN.entries()) {
          const lot = l === 0 ? { kind: 'charge' } : { kind: 'limited', campaignId: campaignIds[l - 1] };
          await ok(client, 'POST', `/v1/admin/wallets/${walletId}/lots`, { ...lot, amountYen, expiresAt });
        }
        cards[i] = { cardNumber, walletId };
      }),
      SETUP_CONCURRENCY,
    );
    return {
      terminalId: String(enrolled.terminalId),
      terminalHeaders: { authorization: `Bearer ${terminalToken}`, 'x-staff-session': String(session.staffSession) },
      cards,
    };
  } finally {
    client.close();
  }
}

/**
 * Pays until `killAfterAcks` payments were answered 201, then SIGKILLs the backend while the
 * other clients' requests are still out. No client starts a request after the kill; the answers
 * already on their way still count, as they were given.
 */
async function payUntilKilled(backend: BackendProcess, terminalHeaders: Record<string, string>, cards: readonly Card[], rand: () => number, killAfterAcks: number): Promise<RoundLoad> {
  const load: RoundLoad = { acknowledged: [], unknown: [], refused: [], killSent: false };
  const url = backend.url;
  const clients = Array.from({ length: CLIENTS }, () => new Client(url));
  try {
    await Promise.all(
      clients.map(async (client) => {
        while (!load.killSent && load.refused.length < REFUSALS_MAX) {
          const card = cards[Math.floor(rand() * cards.length)]!;
          const request: PaymentRequest = { clientTxnId: randomUUID(), amountYen: 1 + Math.floor(rand() * PAYMENT_YEN_MAX), credential: { type: 'card', cardNumber: card.cardNumber } };
          let answer: Answer;
          try {
            answer = await client.request('POST', '/v1/payments', request, terminalHeaders);
          } catch {
            load.unknown.push({ request, walletId: card.walletId });
            return;
          }
          if (answer.status !== 201) {
            load.refused.push({ request, walletId: card.walletId, status: answer.status, body: answer.body });
            continue;
          }
          load.acknowledged.push({ request, walletId: card.walletId, paymentId: String(answer.body.paymentId) });
          if (!load.killSent && load.acknowledged.length >= killAfterAcks) {
            load.killSent = true;
            backend.child.kill('SIGKILL');
          }
        }
      }),
    );
  } finally {
    for (const client of clients) client.close();
  }
  return load;
}

/** Every acknowledged payment asked again: the first answer comes back and nothing moves. */
async function replay(url: string, terminalHeaders: Record<string, string>, acknowledged: readonly Acknowledged[]): Promise<string[]> {
  const client = new Client(url);
  const problems: string[] = [];
  try {
    await inParallel(
      acknowledged.map((a) => async () => {
        const again = await client.request('POST', '/v1/payments', a.request, terminalHeaders);
        if (again.status !== 201 || again.body.paymentId !== a.paymentId || again.body.amountYen !== a.request.amountYen) {
          problems.push(`replay of ${a.request.clientTxnId} (acknowledged as ${a.paymentId}, ${a.request.amountYen} yen) answered ${again.status} ${JSON.stringify(again.body).slice(0, 200)}`);
        }
      }),
      SETUP_CONCURRENCY,
    );
  } finally {
    client.close();
  }
  return problems;
}

async function connectionRefused(url: string): Promise<boolean> {
  const client = new Client(url);
  try {
    await client.request('GET', '/v1/health', undefined, {});
    return false;
  } catch {
    return true;
  } finally {
    client.close();
  }
}

interface LedgerPayment {
  paymentId: string;
  walletId: string;
  amountYen: number;
}

interface LedgerView {
  /** This terminal's payments by clientTxnId; more than one entry is a double payment. */
  byClientTxnId: Map<string, LedgerPayment[]>;
  payments: number;
  /** Per wallet: what its lots hold now, less any debt. */
  heldYen: Map<string, number>;
  differences: unknown[];
}

/** The ledger as the stopped backend left it. */
async function readLedger(dbUrl: string, terminalId: string): Promise<LedgerView> {
  const store = await openStore(dbUrl);
  try {
    const rows = await store.read.selectFrom('payments').select(['id', 'client_txn_id', 'wallet_id', 'amount_yen']).where('terminal_id', '=', terminalId).execute();
    const byClientTxnId = new Map<string, LedgerPayment[]>();
    for (const r of rows) {
      const key = r.client_txn_id ?? `(no clientTxnId) ${r.id}`;
      byClientTxnId.set(key, [...(byClientTxnId.get(key) ?? []), { paymentId: r.id, walletId: r.wallet_id, amountYen: Number(r.amount_yen) }]);
    }
    const heldYen = new Map<string, number>();
    for (const lot of await store.read.selectFrom('lots').select(['wallet_id', 'balance_yen']).execute()) {
      heldYen.set(lot.wallet_id, (heldYen.get(lot.wallet_id) ?? 0) + Number(lot.balance_yen));
    }
    for (const w of await store.read.selectFrom('wallets').select(['id', 'debt_yen']).execute()) {
      heldYen.set(w.id, (heldYen.get(w.id) ?? 0) - Number(w.debt_yen));
    }
    return { byClientTxnId, payments: rows.length, heldYen, differences: (await checkLedger(store)).differences };
  } finally {
    await store.close();
  }
}

describe.each(STORE_KINDS)('a SIGKILL of the backend in the middle of group commits on %s (issue 16)', (kind) => {
  let database: TestDatabase;
  let dataDir: string;
  let backend: BackendProcess | null = null;

  const start = async (): Promise<BackendProcess> => {
    backend = await spawnBackendProcess(
      {
        KUMAPAY_DB: database.url,
        KUMAPAY_DATA_DIR: dataDir,
        KUMAPAY_ADMIN_TOKEN: ADMIN_TOKEN,
        KUMAPAY_LOG_LEVEL: 'warn',
        KUMAPAY_STORE_WORKER: '1',
        // Nothing but the payments writes while the kill lands.
        KUMAPAY_SWEEP_INTERVAL_MS: '0',
      },
      { startTimeoutMs: START_TIMEOUT_MS },
    );
    return backend;
  };

  beforeAll(async () => {
    database = await freshDatabase(kind);
    dataDir = mkdtempSync(path.join(tmpdir(), 'kumapay-kill-data-'));
  });
  afterAll(async () => {
    await backend?.stop();
    await database.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it(
    'When the backend is SIGKILLed with payments in flight, three times on one ledger, then every acknowledged payment is there exactly once as answered, every wallet holds its seed less exactly its payments, and the ledger checks',
    async () => {
      const rand = seededRandom(SEED + (kind === 'postgres' ? 1 : 0));
      const killPoints = Array.from({ length: ROUNDS }, () => KILL_AFTER_ACKS_MIN + Math.floor(rand() * (KILL_AFTER_ACKS_MAX - KILL_AFTER_ACKS_MIN + 1)));
      console.log(`backend kill test on ${kind}: seed ${SEED} (KUMAPAY_CRASH_SEED), kills after ${killPoints.join(', ')} acknowledged payments`);

      let running = await start();
      const shop = await buildShop(running.url);
      const seedYen = LOTS_YEN.reduce((sum, y) => sum + y, 0);
      const acknowledged: Acknowledged[] = [];
      const sent = new Set<string>();
      const refused = new Set<string>();

      for (const [round, killAfterAcks] of killPoints.entries()) {
        const load = await payUntilKilled(running, shop.terminalHeaders, shop.cards, rand, killAfterAcks);
        await running.exited;
        const killedUrl = running.url;
        expect({ killSent: load.killSent, signal: running.child.signalCode, refused: load.refused.length < REFUSALS_MAX }, `round ${round + 1}: ${JSON.stringify(load.refused.slice(0, 3))}\n${running.output().slice(-2_000)}`).toEqual({
          killSent: true,
          signal: 'SIGKILL',
          refused: true,
        });
        // The server itself is gone, not just a wrapper around it.
        expect(await connectionRefused(killedUrl)).toBe(true);
        acknowledged.push(...load.acknowledged);
        for (const a of [...load.acknowledged, ...load.unknown, ...load.refused]) sent.add(a.request.clientTxnId);
        for (const r of load.refused) refused.add(r.request.clientTxnId);

        running = await start();
        expect(await replay(running.url, shop.terminalHeaders, load.acknowledged)).toEqual([]);
        await running.stop();

        const ledger = await readLedger(database.url, shop.terminalId);
        const lost = acknowledged.filter((a) => {
          const found = ledger.byClientTxnId.get(a.request.clientTxnId) ?? [];
          return found.length !== 1 || found[0]!.paymentId !== a.paymentId || found[0]!.amountYen !== a.request.amountYen || found[0]!.walletId !== a.walletId;
        });
        expect(lost.map((a) => `${a.request.clientTxnId} → ${a.paymentId} (${a.request.amountYen} yen): ${JSON.stringify(ledger.byClientTxnId.get(a.request.clientTxnId) ?? 'missing')}`)).toEqual([]);
        expect([...ledger.byClientTxnId].filter(([, found]) => found.length > 1).map(([id, found]) => `${id} paid ${found.length} times`)).toEqual([]);
        expect([...ledger.byClientTxnId.keys()].filter((id) => !sent.has(id) || refused.has(id)).map((id) => `${id}: in the ledger but ${refused.has(id) ? 'refused' : 'never sent'}`)).toEqual([]);
        const paidYen = new Map<string, number>();
        for (const found of ledger.byClientTxnId.values()) for (const p of found) paidYen.set(p.walletId, (paidYen.get(p.walletId) ?? 0) + p.amountYen);
        expect(shop.cards.filter((c) => ledger.heldYen.get(c.walletId) !== seedYen - (paidYen.get(c.walletId) ?? 0)).map((c) => `${c.cardNumber}: holds ${ledger.heldYen.get(c.walletId)}, seed ${seedYen} less ${paidYen.get(c.walletId) ?? 0} paid`)).toEqual([]);
        expect(ledger.differences).toEqual([]);

        const unknownFound = load.unknown.filter((u) => ledger.byClientTxnId.has(u.request.clientTxnId)).length;
        console.log(
          `${kind} round ${round + 1}: killed after ${killAfterAcks}; ${load.acknowledged.length} acknowledged (all found), ${load.unknown.length} unknown (${unknownFound} found, ${load.unknown.length - unknownFound} not), ${load.refused.length} refused; ledger holds ${ledger.payments} payments`,
        );

        if (round < ROUNDS - 1) running = await start();
      }
    },
    HANG_BOUND_MS,
  );
});
