import { afterEach, describe, expect, it } from 'vitest';
import { goOffline, goOnline, makeHarness, type Harness } from './testing/harness';

let h: Harness;
afterEach(async () => h?.cleanup());

// The fake backend's limits: per payment 5,000, per token 3,000, terminal cap 20,000.
const CAP_YEN = 20_000;

async function payOffline(walletId: string, amountYen: number) {
  return h.core.call('pay', {
    amountYen,
    credential: { type: 'cpm', token: await h.backend.token(walletId) },
  });
}

/** Fills the terminal cap offline: 6 × 3,000 + 2,000. */
async function fillCapOffline(walletId: string): Promise<void> {
  for (let i = 0; i < 6; i++) expect((await payOffline(walletId, 3_000)).ok).toBe(true);
  expect((await payOffline(walletId, 2_000)).ok).toBe(true);
  expect(h.journal.txns.stats().pendingYen).toBe(CAP_YEN);
}

describe('offline window (R20a): the terminal never approves what the backend will refuse', () => {
  it('When items were applied through sync and no online contact followed, then they still count against the terminal cap, as on the backend', async () => {
    h = await makeHarness();
    const walletId = h.backend.addWallet(100_000);
    await goOffline(h);
    await fillCapOffline(walletId);
    await goOnline(h);
    // Every contact of this run is lost before the backend sees it: its window stays full.
    h.backend.injectFor('keys', 'lose_request', 'lose_request');
    expect(await h.core.call('syncNow', {})).toEqual({
      ok: true,
      sent: 7,
      applied: 7,
      rejected: 0,
    });
    expect(h.backend.offlineWindowYen).toBe(CAP_YEN);
    await goOffline(h);
    const refused = await payOffline(walletId, 1_000);
    expect(refused).toMatchObject({
      ok: false,
      code: 'offline_limit',
      details: { limit: 'terminal', maxYen: 0, windowSyncedYen: CAP_YEN },
    });
    expect(h.journal.txns.stats().pendingCount).toBe(0);
  });

  it('When the terminal reconnects, then the sync run contacts the backend (GET keys) before its first batch, and a second full offline period is applied too', async () => {
    h = await makeHarness();
    const walletId = h.backend.addWallet(100_000);
    for (let period = 0; period < 2; period++) {
      await goOffline(h);
      await fillCapOffline(walletId);
      await goOnline(h);
      const before = h.backend.calls.length;
      expect(await h.core.call('syncNow', {})).toEqual({
        ok: true,
        sent: 7,
        applied: 7,
        rejected: 0,
      });
      const run = h.backend.calls.slice(before).filter((c) => c !== 'health');
      expect(run.indexOf('keys')).toBeGreaterThanOrEqual(0);
      expect(run.indexOf('keys')).toBeLessThan(run.indexOf('syncBatch'));
    }
    expect([...h.backend.payments.values()].filter((p) => p.offline)).toHaveLength(14);
    expect(h.core.status().queue.rejectedCount).toBe(0);
  });

  it('When a sync run applied items and contacted the backend after them, then the next offline period has the whole cap again', async () => {
    h = await makeHarness();
    const walletId = h.backend.addWallet(100_000);
    await goOffline(h);
    await fillCapOffline(walletId);
    await goOnline(h);
    await h.core.call('syncNow', {});
    await goOffline(h);
    expect((await payOffline(walletId, 3_000)).ok).toBe(true);
  });

  it('When a successful contact follows, then the window starts again at ¥0; enrollment starts it at ¥0 too', async () => {
    h = await makeHarness();
    expect(h.journal.txns.windowSyncedYen()).toBe(0);
    const walletId = h.backend.addWallet(100_000);
    await goOffline(h);
    await fillCapOffline(walletId);
    await goOnline(h);
    h.backend.injectFor('keys', 'lose_request', 'lose_request');
    await h.core.call('syncNow', {});
    expect(h.journal.txns.windowSyncedYen()).toBe(CAP_YEN);
    await h.restart(); // the window is on disk
    expect(h.journal.txns.windowSyncedYen()).toBe(CAP_YEN);
    await goOnline(h);
    expect(await h.core.sync.contact()).toBe(true);
    expect(h.journal.txns.windowSyncedYen()).toBe(0);
  });

  it('When sync answers are recorded while a contact is in flight, then only what was counted before the contact left is forgotten (stricter, never looser)', async () => {
    h = await makeHarness();
    const walletId = h.backend.addWallet(100_000);
    await goOffline(h);
    expect((await payOffline(walletId, 3_000)).ok).toBe(true);
    await goOnline(h);
    h.backend.injectFor('keys', 'lose_request', 'lose_request');
    await h.core.call('syncNow', {});
    expect(h.journal.txns.windowSyncedYen()).toBe(3_000);
    await goOffline(h);
    const paid = await payOffline(walletId, 2_000);
    if (!paid.ok) throw new Error(paid.message);
    await goOnline(h);
    // The contact leaves with 3,000 counted; before its answer comes back, the 2,000 is answered
    // `applied` and recorded (the backend may have applied it before or after the contact).
    const keys = h.backend.keys.bind(h.backend);
    h.backend.keys = async (token) => {
      const answer = await keys(token);
      h.journal.txns.recordSyncResults(
        [
          {
            clientTxnId: paid.payment.clientTxnId,
            status: 'applied',
            paymentId: 'pay-x',
            shortfallYen: 0,
            errorCode: null,
            resultJson: '{}',
          },
        ],
        h.clock.nowMs(),
        () => null,
      );
      return answer;
    };
    expect(await h.core.sync.contact()).toBe(true);
    expect(h.journal.txns.windowSyncedYen()).toBe(2_000);
  });

  it('When an item is answered duplicate, then it counts in the window (the backend may have applied it in this window: stricter is safe)', async () => {
    h = await makeHarness();
    const walletId = h.backend.addWallet(100_000);
    await goOffline(h);
    expect((await payOffline(walletId, 3_000)).ok).toBe(true);
    await goOnline(h);
    h.backend.injectFor('keys', 'lose_request', 'lose_request', 'lose_request', 'lose_request');
    h.backend.injectFor('syncBatch', 'lose_response'); // applied, answer lost
    await h.core.sync.runOnce();
    expect(h.journal.txns.stats().pendingCount).toBe(1);
    await h.core.sync.runOnce(); // answered `duplicate`
    expect(h.journal.txns.stats().pendingCount).toBe(0);
    expect(h.journal.txns.windowSyncedYen()).toBe(3_000);
  });
});
