import { afterEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { goOffline, goOnline, makeHarness, type Harness } from './testing/harness';

let h: Harness;
afterEach(async () => h?.cleanup());

const HOUR_MS = 60 * 60 * 1000;

async function payOffline(amountYen: number, token: string) {
  return h.core.call('pay', { amountYen, credential: { type: 'cpm', token } });
}

describe('offline approval (R20, R22)', () => {
  it('When the backend is down and the token verifies within limits, then the payment is approved offline, on disk, with the next offline seq', async () => {
    h = await makeHarness();
    const walletId = h.backend.addWallet(10_000);
    await goOffline(h);
    const result = await payOffline(1_000, await h.backend.token(walletId));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.payment).toMatchObject({ offline: true, paymentId: null, amountYen: 1_000 });
    expect(h.journal.txns.get(result.payment.clientTxnId)).toMatchObject({ state: 'pending', offlineSeq: 1 });
    expect(h.core.status().queue).toMatchObject({ pendingCount: 1, pendingYen: 1_000 });
    expect(h.backend.calls).not.toContain('pay');
  });

  it('When the first request could not even connect, then the same attempt is approved offline (no second clientTxnId)', async () => {
    h = await makeHarness();
    const walletId = h.backend.addWallet(10_000);
    h.backend.inject('down');
    const result = await payOffline(1_000, await h.backend.token(walletId));
    expect(result).toMatchObject({ ok: true, payment: { offline: true } });
    expect(h.journal.txns.stats().pendingCount).toBe(1);
  });

  it('When the amount is above the per-payment limit, then it is refused with offline_limit "payment"', async () => {
    h = await makeHarness(); // fake backend: paymentMaxYen 5,000
    const walletId = h.backend.addWallet(10_000);
    await goOffline(h);
    const result = await payOffline(5_001, await h.backend.token(walletId, { offlineLimitYen: 10_000 }));
    expect(result).toMatchObject({ ok: false, code: 'offline_limit', details: { limit: 'payment', maxYen: 5_000 } });
    expect(h.journal.txns.stats().pendingCount).toBe(0);
  });

  it("When the amount is above the token's own offline limit, then it is refused with offline_limit \"token\"", async () => {
    h = await makeHarness();
    const walletId = h.backend.addWallet(10_000);
    await goOffline(h);
    const result = await payOffline(1_500, await h.backend.token(walletId, { offlineLimitYen: 1_000 }));
    expect(result).toMatchObject({ ok: false, code: 'offline_limit', details: { limit: 'token', maxYen: 1_000 } });
  });

  it("When the amount is above the backend's per-token maximum, then it is refused even if the token allows more", async () => {
    h = await makeHarness(); // fake backend: tokenMaxYen 3,000
    const walletId = h.backend.addWallet(10_000);
    await goOffline(h);
    const result = await payOffline(3_500, await h.backend.token(walletId, { offlineLimitYen: 5_000 }));
    expect(result).toMatchObject({ ok: false, code: 'offline_limit', details: { limit: 'token', maxYen: 3_000 } });
  });

  it('When a token has offline limit 0, then it never pays offline', async () => {
    h = await makeHarness();
    const walletId = h.backend.addWallet(10_000);
    await goOffline(h);
    const result = await payOffline(1, await h.backend.token(walletId, { offlineLimitYen: 0 }));
    expect(result).toMatchObject({ ok: false, code: 'offline_limit', details: { limit: 'token', maxYen: 0 } });
  });

  it('When unsynced payments would pass the per-terminal limit, then the next one is refused with the room left', async () => {
    h = await makeHarness(); // terminal unsynced max 20,000
    const walletId = h.backend.addWallet(100_000);
    await goOffline(h);
    for (let i = 0; i < 6; i++) {
      expect((await payOffline(3_000, await h.backend.token(walletId))).ok).toBe(true);
    }
    const result = await payOffline(2_500, await h.backend.token(walletId));
    expect(result).toMatchObject({ ok: false, code: 'offline_limit', details: { limit: 'terminal', maxYen: 2_000 } });
    expect((await payOffline(2_000, await h.backend.token(walletId))).ok).toBe(true);
    expect(h.journal.txns.stats().pendingYen).toBe(20_000);
  });

  it('When 24 hours have passed since the first unsynced item, then offline approvals stop and the shop is told (deadline)', async () => {
    h = await makeHarness({ staffSessionTtlMs: 48 * HOUR_MS });
    const walletId = h.backend.addWallet(100_000);
    await goOffline(h);
    expect((await payOffline(100, await h.backend.token(walletId))).ok).toBe(true);
    expect(h.core.status().queue.deadlineAt).toBe(new Date(h.clock.nowMs() + 24 * HOUR_MS).toISOString());
    h.clock.advance(24 * HOUR_MS);
    const result = await payOffline(100, await h.backend.token(walletId));
    expect(result).toMatchObject({ ok: false, code: 'offline_limit', details: { limit: 'deadline' } });
    expect(h.core.status().notifications.map((n) => n.kind)).toContain('deadline_passed');
  });

  it('When 22 hours have passed, then the shop is warned the deadline is near, and still may approve', async () => {
    h = await makeHarness({ staffSessionTtlMs: 48 * HOUR_MS });
    const walletId = h.backend.addWallet(100_000);
    await goOffline(h);
    await payOffline(100, await h.backend.token(walletId));
    h.clock.advance(22 * HOUR_MS + 1);
    const result = await payOffline(100, await h.backend.token(walletId));
    expect(result.ok).toBe(true);
    expect(h.core.status().notifications.map((n) => n.kind)).toEqual(['deadline_near']);
  });

  it('When a token is forged (signature does not verify), then it is refused as token_invalid', async () => {
    h = await makeHarness();
    const walletId = h.backend.addWallet(10_000);
    await goOffline(h);
    const token = await h.backend.token(walletId, { offlineLimitYen: 3_000 });
    // Raise the offline limit in the signed part without re-signing.
    const parts = token.split('.');
    parts[6] = (90_000).toString(36);
    const result = await payOffline(1_000, parts.join('.'));
    expect(result).toMatchObject({ ok: false, code: 'token_invalid' });
    expect(h.journal.txns.stats().pendingCount).toBe(0);
  });

  it('When a token is garbage, then it is refused as token_invalid and the refusal is journaled', async () => {
    h = await makeHarness();
    await goOffline(h);
    const result = await payOffline(100, 'not-a-token');
    expect(result).toMatchObject({ ok: false, code: 'token_invalid' });
    const rows = h.journal.txns.page(0, 100).filter((r) => r.kind === 'payment');
    expect(rows).toMatchObject([{ state: 'declined', errorCode: 'token_invalid', offlineSeq: null }]);
  });

  it('When the token expired before the scan, then it is refused as token_expired', async () => {
    h = await makeHarness();
    const walletId = h.backend.addWallet(10_000);
    await goOffline(h);
    const token = await h.backend.token(walletId, { ttlMs: 60_000 });
    h.clock.advance(60_000);
    expect(await payOffline(100, token)).toMatchObject({ ok: false, code: 'token_expired' });
  });

  it('When the same token is shown twice offline, then the second is refused as token_used', async () => {
    h = await makeHarness();
    const walletId = h.backend.addWallet(10_000);
    await goOffline(h);
    const token = await h.backend.token(walletId);
    expect((await payOffline(100, token)).ok).toBe(true);
    expect(await payOffline(100, token)).toMatchObject({ ok: false, code: 'token_used' });
    expect(h.journal.txns.stats()).toMatchObject({ pendingCount: 1, pendingYen: 100 });
  });

  it('When a token paid online and is shown again offline, then it is refused as token_used', async () => {
    h = await makeHarness();
    const walletId = h.backend.addWallet(10_000);
    const token = await h.backend.token(walletId);
    expect((await payOffline(100, token)).ok).toBe(true); // online now
    await goOffline(h);
    expect(await payOffline(100, token)).toMatchObject({ ok: false, code: 'token_used' });
  });

  it('When the merchant does not allow offline cards, then a card is refused offline', async () => {
    h = await makeHarness();
    await goOffline(h);
    const result = await h.core.call('pay', { amountYen: 100, credential: { type: 'card', cardNumber: 'KP-0001' } });
    expect(result).toMatchObject({ ok: false, code: 'offline_refused', details: { reason: 'offline_card_not_allowed' } });
  });

  it('When the merchant allows offline cards, then a card is approved offline within the limits', async () => {
    h = await makeHarness({ offlineLimits: { offlineCardPayments: true } });
    await goOffline(h);
    const ok = await h.core.call('pay', { amountYen: 100, credential: { type: 'card', cardNumber: 'KP-0001' } });
    expect(ok).toMatchObject({ ok: true, payment: { offline: true } });
    const tooMuch = await h.core.call('pay', { amountYen: 5_001, credential: { type: 'card', cardNumber: 'KP-0001' } });
    expect(tooMuch).toMatchObject({ ok: false, code: 'offline_limit', details: { limit: 'payment' } });
  });

  it('When support staff try an offline payment, then it is forbidden before any limit is used', async () => {
    h = await makeHarness({ staff: { code: 's1', pin: '1234', role: 'support' } });
    const walletId = h.backend.addWallet(10_000);
    await goOffline(h);
    expect(await payOffline(100, await h.backend.token(walletId))).toMatchObject({ ok: false, code: 'forbidden' });
    expect(h.journal.txns.stats().pendingCount).toBe(0);
  });
});

describe('online-only steps while offline (R21)', () => {
  it('When offline, then charge, cancel, migration and lookup are refused as offline_refused and nothing is sent', async () => {
    h = await makeHarness({ staff: { code: 'm1', pin: '1234', role: 'manager' } });
    const walletId = h.backend.addWallet(10_000);
    const token = await h.backend.token(walletId);
    await goOffline(h);
    const calls = h.backend.calls.length;
    const credential = { type: 'cpm' as const, token };
    expect(await h.core.call('charge', { amountYen: 1_000, cashReceivedYen: 1_000, credential })).toMatchObject({ ok: false, code: 'offline_refused' });
    expect(await h.core.call('cancel', { type: 'payment', id: 'pay-1' })).toMatchObject({ ok: false, code: 'offline_refused' });
    expect(await h.core.call('migrate', { card: { cardNumber: 'KP-1' }, to: credential })).toMatchObject({ ok: false, code: 'offline_refused' });
    expect(await h.core.call('lookup', { credential })).toMatchObject({ ok: false, code: 'offline_refused' });
    // Only health probes went out (one per refused step), never a money request.
    expect(h.backend.calls.slice(calls).every((c) => c === 'health')).toBe(true);
    expect(h.journal.txns.page(0, 100)).toHaveLength(0);
  });

  it('When the backend came back unnoticed, then an online-only step probes first and goes through', async () => {
    h = await makeHarness({ staff: { code: 'ch', pin: '1234', role: 'charger' } });
    const walletId = h.backend.addWallet(0);
    await goOffline(h);
    h.backend.setDown(false);
    const result = await h.core.call('charge', {
      amountYen: 1_000,
      cashReceivedYen: 1_000,
      credential: { type: 'cpm', token: await h.backend.token(walletId) },
    });
    expect(result.ok).toBe(true);
  });
});

describe('offline limits hold under any sequence (property, R20)', () => {
  it('When any sequence of offline payments is tried, then approved totals never pass the terminal limit and no token pays twice', async () => {
    h = await makeHarness();
    const walletId = h.backend.addWallet(1_000_000);
    const tokens = await Promise.all(Array.from({ length: 12 }, () => h.backend.token(walletId)));
    await goOffline(h);
    const limits = h.backend.offlineLimits;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ amountYen: fc.integer({ min: 1, max: 6_000 }), tokenIndex: fc.nat({ max: tokens.length - 1 }) }), { maxLength: 25 }),
        async (attempts) => {
          await h.cleanup();
          h = await makeHarness();
          await goOffline(h);
          const paidByToken = new Map<number, number>();
          let approvedYen = 0;
          for (const attempt of attempts) {
            const result = await payOffline(attempt.amountYen, tokens[attempt.tokenIndex] as string);
            if (!result.ok) continue;
            approvedYen += attempt.amountYen;
            paidByToken.set(attempt.tokenIndex, (paidByToken.get(attempt.tokenIndex) ?? 0) + 1);
            expect(attempt.amountYen).toBeLessThanOrEqual(Math.min(limits.paymentMaxYen, limits.tokenMaxYen));
          }
          expect(approvedYen).toBeLessThanOrEqual(limits.terminalUnsyncedMaxYen);
          expect([...paidByToken.values()].every((n) => n === 1)).toBe(true);
          expect(h.journal.txns.stats().pendingYen).toBe(approvedYen);
        },
      ),
      { numRuns: 25 },
    );
  });
});

describe('back online', () => {
  it('When the link returns, then the pending items are synced exactly once and the queue empties', async () => {
    h = await makeHarness();
    const walletId = h.backend.addWallet(10_000);
    await goOffline(h);
    for (let i = 0; i < 3; i++) await payOffline(500, await h.backend.token(walletId));
    await goOnline(h);
    const result = await h.core.call('syncNow', {});
    expect(result).toEqual({ ok: true, sent: 3, applied: 3, rejected: 0 });
    expect(h.backend.payments.size).toBe(3);
    expect(h.backend.wallets.get(walletId)?.balanceYen).toBe(8_500);
    expect(h.journal.txns.stats().pendingCount).toBe(0);
    expect(await h.core.call('syncNow', {})).toEqual({ ok: true, sent: 0, applied: 0, rejected: 0 });
    expect(h.backend.payments.size).toBe(3);
  });
});
