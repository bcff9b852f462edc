import { afterEach, describe, expect, it } from 'vitest';
import { LIMITS } from '../../common/limits';
import { goOffline, goOnline, makeHarness, type Harness } from './testing/harness';

let h: Harness;
afterEach(async () => h?.cleanup());

async function queueOffline(count: number, amountYen: number, walletId: string): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const result = await h.core.call('pay', { amountYen, credential: { type: 'cpm', token: await h.backend.token(walletId) } });
    if (!result.ok) throw new Error(`offline payment ${i} refused: ${result.message}`);
    ids.push(result.payment.clientTxnId);
  }
  return ids;
}

describe('sync agent (R20)', () => {
  it('When more items are queued than one batch holds, then they go in bounded batches, in offline-seq order, each applied once', async () => {
    h = await makeHarness({ offlineLimits: { terminalUnsyncedMaxYen: 1_000_000 } });
    const walletId = h.backend.addWallet(1_000_000);
    await goOffline(h);
    const count = LIMITS.syncBatchItemsMax * 2 + 50;
    const ids = await queueOffline(count, 10, walletId);
    await goOnline(h);
    const batchSizes: number[] = [];
    const seqs: number[] = [];
    const original = h.backend.syncBatch.bind(h.backend);
    h.backend.syncBatch = async (token, request) => {
      batchSizes.push(request.items.length);
      seqs.push(...request.items.map((i) => i.seq));
      return original(token, request);
    };
    const result = await h.core.call('syncNow', {});
    expect(result).toEqual({ ok: true, sent: count, applied: count, rejected: 0 });
    expect(batchSizes).toEqual([LIMITS.syncBatchItemsMax, LIMITS.syncBatchItemsMax, 50]);
    expect(seqs).toEqual(Array.from({ length: count }, (_, i) => i + 1));
    expect(ids.every((id) => h.backend.paymentsFor(id).length === 1)).toBe(true);
    expect(h.backend.wallets.get(walletId)?.balanceYen).toBe(1_000_000 - count * 10);
  });

  it('When the batch answer is lost after the backend applied it, then the re-sent batch is answered as duplicates and nothing is applied twice', async () => {
    h = await makeHarness();
    const walletId = h.backend.addWallet(10_000);
    await goOffline(h);
    const ids = await queueOffline(4, 250, walletId);
    await goOnline(h);
    h.backend.injectFor('syncBatch', 'lose_response');
    const first = await h.core.sync.runOnce();
    expect(first).toMatchObject({ sent: 0, stoppedBy: 'ECONNABORTED' });
    expect(h.journal.txns.stats().pendingCount).toBe(4);
    const second = await h.core.sync.runOnce();
    expect(second).toMatchObject({ sent: 4, applied: 4, rejected: 0, stoppedBy: null });
    expect(ids.map((id) => h.journal.txns.get(id)?.state)).toEqual(['synced', 'synced', 'synced', 'synced']);
    expect(h.backend.payments.size).toBe(4);
    expect(h.backend.wallets.get(walletId)?.balanceYen).toBe(9_000);
  });

  it('When the terminal restarts with items queued, then they survive in order and sync once', async () => {
    h = await makeHarness();
    const walletId = h.backend.addWallet(10_000);
    await goOffline(h);
    const ids = await queueOffline(3, 100, walletId);
    await h.restart();
    expect(h.journal.txns.pendingOffline(10).map((r) => r.clientTxnId)).toEqual(ids);
    await goOnline(h);
    expect(await h.core.call('syncNow', {})).toEqual({ ok: true, sent: 3, applied: 3, rejected: 0 });
    expect(h.backend.payments.size).toBe(3);
  });

  it('When the wallet can no longer cover an offline payment, then it is still recorded and the shortfall is a notice that stays until acknowledged', async () => {
    h = await makeHarness();
    const walletId = h.backend.addWallet(1_000);
    await goOffline(h);
    const [id] = await queueOffline(1, 1_600, walletId);
    await goOnline(h);
    await h.core.call('syncNow', {});
    expect(h.journal.txns.get(id as string)).toMatchObject({ state: 'synced', shortfallYen: 600 });
    const notice = h.core.status().notifications.find((n) => n.kind === 'offline_shortfall');
    expect(notice).toMatchObject({ clientTxnId: id, amountYen: 600, acknowledged: false });
    await h.restart();
    await h.core.call('login', { staffCode: 'c1', pin: '1234' });
    expect(h.core.status().notifications.map((n) => n.id)).toEqual([notice?.id]);
    expect(await h.core.call('acknowledge', { notificationId: notice?.id as string })).toEqual({ ok: true });
    expect(h.core.status().notifications).toEqual([]);
    expect(await h.core.call('acknowledge', { notificationId: notice?.id as string })).toMatchObject({ ok: false, code: 'not_found' });
  });

  it('When the backend rejects an offline item (token used elsewhere), then it is shown as rejected, counted, and the items after it still apply', async () => {
    h = await makeHarness();
    const walletId = h.backend.addWallet(10_000);
    await goOffline(h);
    const token = await h.backend.token(walletId);
    const first = await h.core.call('pay', { amountYen: 300, credential: { type: 'cpm', token } });
    expect(first.ok).toBe(true);
    const [later] = await queueOffline(1, 200, walletId);
    // The same QR code was used at another terminal before this one synced (R22).
    await h.backend.payDirect({
      clientTxnId: '6f1f7a3c-2b6d-4d8e-9a3f-1c2b3d4e5f60',
      amountYen: 50,
      credential: { type: 'cpm', token },
    });
    await goOnline(h);
    expect(await h.core.call('syncNow', {})).toEqual({ ok: true, sent: 2, applied: 1, rejected: 1 });
    if (!first.ok) throw new Error('first offline payment refused');
    expect(h.journal.txns.get(first.payment.clientTxnId)).toMatchObject({ state: 'rejected', errorCode: 'token_used' });
    expect(h.journal.txns.get(later as string)?.state).toBe('synced');
    expect(h.core.status().queue.rejectedCount).toBe(1);
    expect(h.core.status().notifications).toMatchObject([{ kind: 'offline_rejected', clientTxnId: first.payment.clientTxnId, amountYen: 300 }]);
  });

  it('When an offline item is rejected, then the notice carries when it was paid, how much and the reason code, for the renderer to tell in the cashier\'s language', async () => {
    h = await makeHarness({ offlineLimits: { offlineCardPayments: true } });
    await goOffline(h);
    const paidAtMs = h.clock.nowMs();
    const paid = await h.core.call('pay', { amountYen: 1_234, credential: { type: 'card', cardNumber: 'KC-unknown' } });
    if (!paid.ok) throw new Error(paid.message);
    h.clock.advance(60 * 60 * 1000);
    await goOnline(h);
    expect(await h.core.call('syncNow', {})).toMatchObject({ ok: true, rejected: 1 });
    const [notice] = h.core.status().notifications;
    expect(notice).toMatchObject({
      kind: 'offline_rejected',
      clientTxnId: paid.payment.clientTxnId,
      amountYen: 1_234,
      occurredAt: new Date(paidAtMs).toISOString(),
      reasonCode: 'card_unknown',
    });
    await h.restart();
    expect(h.core.status().notifications[0]).toMatchObject({ occurredAt: new Date(paidAtMs).toISOString(), reasonCode: 'card_unknown' });
  });

  it('When the backend is still down, then syncNow says so and the items stay queued', async () => {
    h = await makeHarness();
    const walletId = h.backend.addWallet(10_000);
    await goOffline(h);
    await queueOffline(2, 100, walletId);
    expect(await h.core.call('syncNow', {})).toMatchObject({ ok: false, code: 'network' });
    expect(h.journal.txns.stats().pendingCount).toBe(2);
  });
});
