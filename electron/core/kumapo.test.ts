import { afterEach, describe, expect, it } from 'vitest';
import { goOffline, makeHarness, type Harness } from './testing/harness';
import type { Backend } from './ports';

let h: Harness;
afterEach(async () => h?.cleanup());

describe('クマポ利用 (R23, KumaPo spend at the counter)', () => {
  it('R23: When the customer has enough points, then the spend is on disk (approved) before the answer, and the answer says points used, left and when they lapse', async () => {
    h = await makeHarness();
    const walletId = h.backend.addWallet(0);
    h.backend.setPoints(walletId, 1_500);
    // Look at the journal at the moment the backend answers: the intent must already be there.
    const realSpend = h.backend.spendPoints.bind(h.backend);
    let journalAtSend: string | null = null;
    h.backend.spendPoints = (async (auth, request) => {
      journalAtSend = h.journal.txns.get(request.clientTxnId)?.state ?? null;
      return realSpend(auth, request);
    }) as Backend['spendPoints'];

    const result = await h.core.call('pointSpend', { points: 1_200, credential: { type: 'cpm', token: await h.backend.token(walletId) } });

    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(journalAtSend).toBe('sending');
    expect(result.spend).toMatchObject({ points: 1_200, pointsAfter: 300 });
    expect(result.spend.pointsExpiresAt).not.toBeNull();
    const row = h.journal.txns.get(result.spend.clientTxnId);
    expect(row).toMatchObject({ kind: 'point_spend', state: 'approved', points: 1_200, amountYen: 0, resultId: result.spend.spendId });
    expect(row?.shortNo).toMatch(/^0001-\d{6}$/);
    expect(h.backend.pointsOf(walletId)).toBe(300);
    // Points are never yen: the yen balance is untouched.
    expect(h.backend.wallets.get(walletId)?.balanceYen).toBe(0);
  });

  it('R23: When the points are not enough, then the cashier hears how many the customer has and nothing is spent', async () => {
    h = await makeHarness();
    const walletId = h.backend.addWallet(0);
    h.backend.setPoints(walletId, 800);
    const result = await h.core.call('pointSpend', { points: 1_000, credential: { type: 'cpm', token: await h.backend.token(walletId) } });
    expect(result).toMatchObject({ ok: false, code: 'points_insufficient', details: { pointsAvailable: 800 } });
    expect(h.backend.pointsOf(walletId)).toBe(800);
  });

  it('R23/R22: When the same QR is read twice, then the second spend is refused token_used and the points go out once', async () => {
    h = await makeHarness();
    const walletId = h.backend.addWallet(0);
    h.backend.setPoints(walletId, 1_000);
    const token = await h.backend.token(walletId);
    expect((await h.core.call('pointSpend', { points: 300, credential: { type: 'cpm', token } })).ok).toBe(true);
    const again = await h.core.call('pointSpend', { points: 300, credential: { type: 'cpm', token } });
    expect(again).toMatchObject({ ok: false, code: 'token_used' });
    expect(h.backend.pointsOf(walletId)).toBe(700);
  });

  it('R23: When the answer is lost after the backend spent, then the retry with the same clientTxnId finds the one spend', async () => {
    h = await makeHarness();
    const walletId = h.backend.addWallet(0);
    h.backend.setPoints(walletId, 1_000);
    h.backend.injectFor('spendPoints', 'lose_response');
    const result = await h.core.call('pointSpend', { points: 400, credential: { type: 'cpm', token: await h.backend.token(walletId) } });
    expect(result).toMatchObject({ ok: true, spend: { points: 400, pointsAfter: 600 } });
    expect(h.backend.spends.size).toBe(1);
    expect(h.backend.pointsOf(walletId)).toBe(600);
  });

  it('R23: When a card is read, then it is refused wallet_not_app (cards have no points) and the backend is not asked', async () => {
    h = await makeHarness();
    h.backend.addCard('1234567890123456', 5_000);
    const result = await h.core.call('pointSpend', { points: 100, credential: { type: 'card', cardNumber: '1234567890123456' } });
    expect(result).toMatchObject({ ok: false, code: 'wallet_not_app' });
    expect(h.backend.calls).not.toContain('spendPoints');
  });

  it('R23: When the shop is not a KumaPo store, then the spend is refused not_kumapo_store without asking the backend', async () => {
    h = await makeHarness();
    h.backend.kumapoStore = false;
    await h.core.sync.contact();
    expect(h.core.status().kumapoStore).toBe(false);
    const walletId = h.backend.addWallet(0);
    h.backend.setPoints(walletId, 1_000);
    const result = await h.core.call('pointSpend', { points: 100, credential: { type: 'cpm', token: await h.backend.token(walletId) } });
    expect(result).toMatchObject({ ok: false, code: 'not_kumapo_store' });
    expect(h.backend.calls).not.toContain('spendPoints');
    expect(h.backend.pointsOf(walletId)).toBe(1_000);
  });

  it('R23: When the terminal is offline, then the spend is refused in plain words (online only), nothing is journaled or queued', async () => {
    h = await makeHarness();
    const walletId = h.backend.addWallet(0);
    h.backend.setPoints(walletId, 1_000);
    const token = await h.backend.token(walletId);
    await goOffline(h);
    const result = await h.core.call('pointSpend', { points: 100, credential: { type: 'cpm', token } });
    expect(result).toMatchObject({ ok: false, code: 'offline_refused', details: { reason: 'online_only' } });
    expect(h.journal.txns.page(0, 100).filter((r) => r.kind === 'point_spend')).toHaveLength(0);
    expect(h.core.status().queue.pendingCount).toBe(0);
    expect(h.backend.pointsOf(walletId)).toBe(1_000);
  });

  it('R23/R25: When a spend was made, then history lists it as a point spend with its points, and a cashier cancels it only with a manager approval (points back once)', async () => {
    h = await makeHarness();
    h.backend.addStaff('m1', '9999', 'manager');
    const walletId = h.backend.addWallet(0);
    h.backend.setPoints(walletId, 1_000);
    const spent = await h.core.call('pointSpend', { points: 250, credential: { type: 'cpm', token: await h.backend.token(walletId) } });
    if (!spent.ok) throw new Error(spent.message);
    const history = await h.core.call('history', { businessDay: '2024-06-01' });
    if (!history.ok) throw new Error(history.message);
    expect(history.lines).toEqual([expect.objectContaining({ type: 'point_spend', points: 250, amountYen: 0, id: spent.spend.spendId, cancelled: false })]);

    const withoutApproval = await h.core.call('cancel', { type: 'point_spend', id: spent.spend.spendId });
    expect(withoutApproval).toMatchObject({ ok: false, code: 'approval_required' });
    expect(h.backend.calls).not.toContain('cancelPointSpend');

    const cancelled = await h.core.call('cancel', { type: 'point_spend', id: spent.spend.spendId, approval: { staffCode: 'm1', pin: '9999' } });
    expect(cancelled).toMatchObject({ ok: true, pointsRestored: 250, pointsAfter: 1_000 });
    expect(h.backend.pointsOf(walletId)).toBe(1_000);
    const twice = await h.core.call('cancel', { type: 'point_spend', id: spent.spend.spendId, approval: { staffCode: 'm1', pin: '9999' } });
    expect(twice).toMatchObject({ ok: false, code: 'already_cancelled' });
    expect(h.backend.pointsOf(walletId)).toBe(1_000);

    const after = await h.core.call('history', { businessDay: '2024-06-01' });
    if (!after.ok) throw new Error(after.message);
    expect(after.lines[0]).toMatchObject({ type: 'point_spend', cancelled: true });
  });
});
