/**
 * Issue 16: the store and the handlers in the ledger worker thread, the HTTP thread in front
 * (docs/performance.md "Two threads"). The whole HTTP suite runs this way with
 * KUMAPAY_TEST_STORE_WORKER=1; these are the paths that only exist because of the thread.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestBackend } from '../testing/harness';
import { STORE_KINDS } from '../testing/stores';
import { expectHangUpFreesWaiter } from '../http/__tests__/mpm-fixture';
import { eventually } from '../testing/eventually';

describe.each(STORE_KINDS)('the ledger worker on %s', (kind) => {
  let t: TestBackend;
  let shop: string;
  beforeAll(async () => {
    t = await TestBackend.start(kind, { config: { storeWorker: true } });
    await t.setClock('2026-06-01T10:00:00+09:00');
    shop = await t.merchant('Worker shop');
  }, 120_000);
  afterAll(async () => {
    expect(await t.ledgerDifferences()).toEqual([]);
    await t.stop();
  });

  it('When the backend starts with the worker, then the worker writes the ledger: its commits and the sweep are on /metrics, and readiness writes through it', async () => {
    const till = await t.terminal(shop);
    const card = await t.card();
    await t.seedLot(card.walletId, { kind: 'charge', amountYen: 5_000, expiresAt: '2027-12-31T23:59:59.999+09:00' });
    const writes = async () => Number(/^kumapay_store_writes_total (\d+)$/m.exec(await (await fetch(`${t.url}/metrics`)).text())?.[1]);
    const before = await writes();
    // The HTTP thread's store is read-only (the next test): the worker's store committed it.
    expect((await till.pay('cashier', 100, card.credential)).status).toBe(201);
    expect(await writes()).toBe(before + 1);
    const metrics = await (await fetch(`${t.url}/metrics`)).text();
    expect(metrics).toMatch(/^kumapay_expiry_sweep_running 0$/m);
    expect(metrics).toMatch(/^kumapay_http_requests_total\{/m);
    expect((await fetch(`${t.url}/healthz`)).status).toBe(200);
  });

  it('Issue 16: When the worker writes a SQLite ledger, then its WAL checkpointer thread copies the WAL back, as /metrics shows (PostgreSQL has none)', async () => {
    const copied = async () => Number(/^kumapay_store_wal_frames_copied_total (\d+)$/m.exec(await (await fetch(`${t.url}/metrics`)).text())?.[1]);
    // The merchant written in beforeAll is enough: the thread copies whatever is committed.
    if (kind === 'sqlite') await eventually(async () => (await copied()) > 0);
    else expect(await copied()).toBe(0);
  });

  it('Issue 16: When 20 payments arrive at once, then each is answered once, and on SQLite a group commit\'s answers cross back to the HTTP thread together (fewer posts than answers, on /metrics)', async () => {
    const till = await t.terminal(shop);
    const card = await t.card();
    await t.seedLot(card.walletId, { kind: 'charge', amountYen: 10_000, expiresAt: '2027-12-31T23:59:59.999+09:00' });
    const crossings = async () => {
      const text = await (await fetch(`${t.url}/metrics`)).text();
      const read = (name: string, direction: string) => Number(new RegExp(`^kumapay_ledger_worker_${name}_total\\{direction="${direction}"\\} (\\d+)$`, 'm').exec(text)?.[1]);
      return { toMessages: read('messages', 'to_worker'), toPosts: read('posts', 'to_worker'), fromMessages: read('messages', 'from_worker'), fromPosts: read('posts', 'from_worker') };
    };
    const before = await crossings();
    const answers = await Promise.all(Array.from({ length: 20 }, () => till.pay('cashier', 100, card.credential)));
    expect(answers.map((a) => a.status)).toEqual(Array(20).fill(201));
    expect(new Set(answers.map((a) => (a.body as { paymentId: string }).paymentId)).size).toBe(20);
    const after = await crossings();
    // Every call and every answer counted (the first scrape's own call to the worker is one more).
    expect(after.toMessages - before.toMessages).toBeGreaterThanOrEqual(20);
    expect(after.fromMessages - before.fromMessages).toBeGreaterThanOrEqual(20);
    expect(after.toPosts - before.toPosts).toBeLessThanOrEqual(after.toMessages - before.toMessages);
    if (kind === 'sqlite') expect(after.fromPosts - before.fromPosts).toBeLessThan(after.fromMessages - before.fromMessages);
  });

  it('R5/R8, idempotency: When 20 payments race against one wallet through the worker, and one is replayed, then exactly the balance is spent, the replay moves nothing, and a refusal keeps its code and details', async () => {
    const till = await t.terminal(shop);
    const card = await t.card();
    await t.seedLot(card.walletId, { kind: 'charge', amountYen: 1_000, expiresAt: '2027-12-31T23:59:59.999+09:00' });
    const ids = Array.from({ length: 20 }, () => randomUUID());
    const answers = await Promise.all(ids.map((id) => till.pay('cashier', 100, card.credential, id)));
    expect(answers.filter((a) => a.status === 201)).toHaveLength(10);
    const refused = answers.find((a) => a.status !== 201)!;
    expect(refused).toMatchObject({ status: 402, body: { error: { code: 'insufficient_funds', eligibleYen: 0, totalYen: 0 } } });
    const firstOk = ids[answers.findIndex((a) => a.status === 201)]!;
    const replay = await till.pay('cashier', 100, card.credential, firstOk);
    expect(replay).toEqual(answers[ids.indexOf(firstOk)]);
    const wallet = await t.call<{ totalYen: number }>('POST', '/v1/wallets/lookup', { ...till.as('cashier'), body: { credential: card.credential } });
    expect(wallet.body).toMatchObject({ totalYen: 0 });
  });

  it('Idempotency, issue 16: When a payment is approved through the worker, then the bytes sent are the answer as the ledger stored it, JSON in UTF-8, and a replay sends the very same bytes', async () => {
    const till = await t.terminal(shop);
    const card = await t.card();
    await t.seedLot(card.walletId, { kind: 'charge', amountYen: 1_000, expiresAt: '2027-12-31T23:59:59.999+09:00' });
    const clientTxnId = randomUUID();
    const { token, staff } = till.as('cashier');
    const send = () =>
      fetch(`${t.url}/v1/payments`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'x-staff-session': staff! },
        body: JSON.stringify({ clientTxnId, amountYen: 300, credential: card.credential }),
      });
    const first = await send();
    const firstText = await first.text();
    expect(first.status).toBe(201);
    expect(first.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(JSON.parse(firstText)).toMatchObject({ amountYen: 300 });
    const stored = await t.backend.deps.store.read.selectFrom('idempotency_keys').select('response_json').where('client_txn_id', '=', clientTxnId).executeTakeFirstOrThrow();
    expect(firstText).toBe(stored.response_json);
    const replay = await send();
    expect([replay.status, await replay.text()]).toEqual([201, firstText]);
  });

  it('When anything on the HTTP thread tries to write, then its store refuses: it was opened read-only, and the database itself refuses a raw write through its reads', async () => {
    const store = t.backend.deps.store;
    await expect(store.write(async () => undefined)).rejects.toThrow(/opened for reads only/);
    const raw = await sql`insert into settings (key, value_json) values ('http-thread', '1')`.execute(store.read).then(
      () => 'written',
      (error: unknown) => (error as { code?: string }).code,
    );
    expect(raw).toBe(kind === 'postgres' ? '25006' : 'SQLITE_READONLY');
  });

  it('Roles: When support tries to pay, then the worker refuses as the contract says (403), and a bad id checked inside a handler is 400, never 500', async () => {
    const till = await t.terminal(shop);
    const card = await t.card();
    await t.seedLot(card.walletId, { kind: 'charge', amountYen: 1_000, expiresAt: '2027-12-31T23:59:59.999+09:00' });
    expect(await till.pay('support', 100, card.credential)).toMatchObject({ status: 403, body: { error: { code: 'forbidden' } } });
    expect((await t.call('GET', '/v1/admin/audit?limit=x', { token: t.adminToken })).status).toBe(400);
    // The id is checked inside the handler, so in the worker: its schema error must still be the contract's 400.
    const badId = await t.admin('/v1/admin/campaigns/not.an.id/codes', { amountYen: 500, count: 1 });
    expect(badId).toMatchObject({ status: 400, body: { error: { code: 'invalid_request', message: 'the request does not match the contract' } } });
  });

  it('When the operator revokes a terminal through the worker, then the HTTP thread, which authenticates, refuses the terminal at once (not after its cache ages out)', async () => {
    const till = await t.terminal(shop);
    const card = await t.card();
    await t.seedLot(card.walletId, { kind: 'charge', amountYen: 1_000, expiresAt: '2027-12-31T23:59:59.999+09:00' });
    expect((await till.pay('cashier', 100, card.credential)).status).toBe(201);
    expect((await t.admin(`/v1/admin/terminals/${till.terminalId}/revoke`, {})).status).toBe(200);
    expect(await till.pay('cashier', 100, card.credential)).toMatchObject({ status: 401, body: { error: { reason: 'terminal_revoked' } } });
    const out = await t.terminal(shop);
    expect((await t.call('DELETE', '/v1/staff/sessions/current', out.as('cashier'))).status).toBe(200);
    expect((await out.pay('cashier', 100, card.credential)).status).toBe(401);
  });

  it('When a terminal first uses its new token, then its old one is refused from then on, and the HTTP thread wrote nothing: the worker retired it (no wait for the writer’s lock on SQLite)', async () => {
    await t.setClock('2026-06-10T10:00:00+09:00');
    const till = await t.terminal(shop);
    const keys = (token: string) => t.call<{ terminalToken?: string }>('GET', '/v1/terminal/keys', { token });
    await t.setClock('2026-06-11T10:00:30+09:00');
    const next = (await keys(till.token)).body.terminalToken!;
    expect(next).toEqual(expect.any(String));
    // Retired on the HTTP thread's store, which is read-only, this would be a 500.
    expect((await keys(next)).status).toBe(200);
    expect(await keys(till.token)).toMatchObject({ status: 401, body: { error: { code: 'unauthorized' } } });
  });

  it('R28: When a register waiting on a request hangs up, then the worker, where the long poll waits, frees its waiter', async () => {
    await expectHangUpFreesWaiter(t, await t.terminal(shop));
  });

  it('KUMAPAY_TEST_CLOCK: When the clock is set, then the worker records movements at that time too', async () => {
    await t.setClock('2026-09-15T12:00:00+09:00');
    const till = await t.terminal(shop);
    const card = await t.card();
    await t.seedLot(card.walletId, { kind: 'charge', amountYen: 1_000, expiresAt: '2027-12-31T23:59:59.999+09:00' });
    const paid = await till.pay('cashier', 100, card.credential);
    expect(Date.parse(paid.body.occurredAt as string) - Date.parse('2026-09-15T12:00:00+09:00')).toBeLessThan(60_000);
    expect(Date.parse(paid.body.occurredAt as string)).toBeGreaterThanOrEqual(Date.parse('2026-09-15T12:00:00+09:00'));
  });
});

describe.each(STORE_KINDS)('stopping a backend with the ledger worker on %s', (kind) => {
  it('When two signals stop the backend at once (Ctrl-C reaches the whole process group while the demo or a supervisor sends SIGTERM), then both stops succeed and the worker is not reported lost', async () => {
    const t = await TestBackend.start(kind, { config: { storeWorker: true } });
    const stops = await Promise.allSettled([t.backend.stop(), t.backend.stop()]);
    expect(stops.map((s) => (s.status === 'rejected' ? String(s.reason) : s.status))).toEqual(['fulfilled', 'fulfilled']);
    // The harness's own stop after them: a third call, after the first two finished.
    await t.stop();
  }, 120_000);
});
