import { afterEach, describe, expect, it } from 'vitest';
import { makeHarness, type Harness } from './testing/harness';

let h: Harness;
afterEach(async () => h?.cleanup());

describe('online payment', () => {
  it('When the wallet covers it, then the payment is approved once and on disk before the answer', async () => {
    h = await makeHarness();
    const walletId = h.backend.addWallet(10_000);
    const token = await h.backend.token(walletId);
    const result = await h.core.call('pay', { amountYen: 1_200, credential: { type: 'cpm', token } });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.payment.offline).toBe(false);
    expect(result.payment.amountYen).toBe(1_200);
    expect(result.payment.allocations[0]?.label).toBe('チャージマネー');
    expect(h.journal.txns.get(result.payment.clientTxnId)?.state).toBe('approved');
    expect(h.backend.paymentsFor(result.payment.clientTxnId)).toHaveLength(1);
    expect(h.backend.wallets.get(walletId)?.balanceYen).toBe(8_800);
  });

  it('When the cashier takes two sales a second apart, then each goes to the backend under a time-ordered clientTxnId (UUID v7 from the core clock), the later one sorting after the earlier', async () => {
    h = await makeHarness();
    const walletId = h.backend.addWallet(10_000);
    const first = await h.core.call('pay', { amountYen: 100, credential: { type: 'cpm', token: await h.backend.token(walletId) } });
    const firstAtMs = h.clock.nowMs();
    h.clock.advance(1_000);
    const second = await h.core.call('pay', { amountYen: 100, credential: { type: 'cpm', token: await h.backend.token(walletId) } });
    if (!first.ok || !second.ok) throw new Error('both sales should be approved');
    const ids = [first.payment.clientTxnId, second.payment.clientTxnId];
    for (const id of ids) expect(h.backend.paymentsFor(id)).toHaveLength(1);
    expect(ids.map((id) => id.charAt(14))).toEqual(['7', '7']);
    expect(Number.parseInt(ids[0]!.replace('-', '').slice(0, 12), 16)).toBe(firstAtMs);
    expect(ids[1]! > ids[0]!).toBe(true);
  });

  it('When the backend refuses (insufficient funds, R8), then the cashier sees its code and eligible total, nothing is charged', async () => {
    h = await makeHarness();
    const walletId = h.backend.addWallet(500);
    const token = await h.backend.token(walletId);
    const result = await h.core.call('pay', { amountYen: 1_200, credential: { type: 'cpm', token } });
    expect(result).toMatchObject({ ok: false, code: 'insufficient_funds', details: { eligibleYen: 500 } });
    expect(h.backend.wallets.get(walletId)?.balanceYen).toBe(500);
    expect(h.journal.txns.stats()).toMatchObject({ pendingCount: 0, unknownCount: 0 });
  });

  it('When the response is lost after the backend charged, then "checking…" is shown and the retry with the same clientTxnId finds the one charge', async () => {
    h = await makeHarness();
    const walletId = h.backend.addWallet(10_000);
    const token = await h.backend.token(walletId);
    h.backend.inject('lose_response');
    const result = await h.core.call('pay', { amountYen: 700, credential: { type: 'cpm', token } });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(h.events).toContainEqual({ type: 'payment_checking', clientTxnId: result.payment.clientTxnId });
    expect(h.backend.calls.filter((c) => c === 'pay')).toHaveLength(2);
    expect(h.backend.payments.size).toBe(1);
    expect(h.backend.wallets.get(walletId)?.balanceYen).toBe(9_300);
  });

  it('When the request is lost before it arrived, then the retry charges exactly once', async () => {
    h = await makeHarness();
    const walletId = h.backend.addWallet(10_000);
    const token = await h.backend.token(walletId);
    h.backend.inject('lose_request');
    const result = await h.core.call('pay', { amountYen: 700, credential: { type: 'cpm', token } });
    expect(result.ok).toBe(true);
    expect(h.backend.payments.size).toBe(1);
    expect(h.backend.wallets.get(walletId)?.balanceYen).toBe(9_300);
  });

  it('When every retry is ambiguous, then nothing is shown as approved, the same wallet is held back, and the sync agent settles it with one charge', async () => {
    h = await makeHarness();
    const walletId = h.backend.addWallet(10_000);
    const token = await h.backend.token(walletId);
    h.backend.inject('lose_response', 'lose_response', 'lose_response');
    const result = await h.core.call('pay', { amountYen: 700, credential: { type: 'cpm', token } });
    expect(result).toMatchObject({ ok: false, code: 'network', details: { reason: 'outcome_unknown' } });
    if (result.ok) return;
    const clientTxnId = result.details.clientTxnId as string;
    expect(h.journal.txns.get(clientTxnId)?.state).toBe('unknown');
    expect(h.core.status().queue.unknownCount).toBe(1);

    // The cashier tries again with a fresh QR code of the same wallet: held back, not charged twice.
    const again = await h.core.call('pay', { amountYen: 700, credential: { type: 'cpm', token: await h.backend.token(walletId) } });
    expect(again).toMatchObject({ ok: false, code: 'network', details: { reason: 'unresolved_payment' } });

    const summary = await h.core.sync.runOnce();
    expect(summary.resolved).toBe(1);
    expect(h.journal.txns.get(clientTxnId)?.state).toBe('approved');
    expect(h.backend.paymentsFor(clientTxnId)).toHaveLength(1);
    expect(h.backend.wallets.get(walletId)?.balanceYen).toBe(9_300);
    const notice = h.core.status().notifications.find((n) => n.kind === 'unknown_resolved');
    expect(notice?.message).toContain('DID go through');
  });

  it('When the journal is reopened after a power cut mid-request, then the interrupted payment is unknown and is settled once', async () => {
    h = await makeHarness();
    const walletId = h.backend.addWallet(10_000);
    const token = await h.backend.token(walletId);
    // The intent is on disk and the backend applied it, but the process died before the outcome.
    const clientTxnId = '0b0e4f7e-8a53-4c1c-9d3f-2a1f5d0c9e11';
    const request = { clientTxnId, amountYen: 400, credential: { type: 'cpm' as const, token } };
    h.journal.txns.recordIntent({
      clientTxnId,
      kind: 'payment',
      amountYen: 400,
      occurredAtMs: h.clock.nowMs(),
      staffId: 'staff-c1',
      requestJson: JSON.stringify(request),
      credentialKey: `wallet:${walletId}`,
    });
    expect((await h.backend.payDirect(request)).kind).toBe('ok');
    expect(h.backend.wallets.get(walletId)?.balanceYen).toBe(9_600);
    await h.restart();
    expect(h.journal.recoveredCount).toBe(1);
    expect(h.journal.txns.get(clientTxnId)?.state).toBe('unknown');
    await h.core.call('login', { staffCode: 'c1', pin: '1234' });
    await h.core.sync.runOnce();
    expect(h.journal.txns.get(clientTxnId)?.state).toBe('approved');
    expect(h.backend.paymentsFor(clientTxnId)).toHaveLength(1);
    expect(h.backend.wallets.get(walletId)?.balanceYen).toBe(9_600);
  });
});

describe('roles at the counter', () => {
  it('When support staff try to take a payment, then it is forbidden and the backend is never asked', async () => {
    h = await makeHarness({ staff: { code: 's1', pin: '1234', role: 'support' } });
    const walletId = h.backend.addWallet(10_000);
    const result = await h.core.call('pay', { amountYen: 100, credential: { type: 'cpm', token: await h.backend.token(walletId) } });
    expect(result).toMatchObject({ ok: false, code: 'forbidden' });
    expect(h.backend.calls).not.toContain('pay');
    expect(h.backend.wallets.get(walletId)?.balanceYen).toBe(10_000);
  });

  it('When a cashier tries to charge (R10), then it is forbidden and nothing is charged', async () => {
    h = await makeHarness();
    const walletId = h.backend.addWallet(0);
    const result = await h.core.call('charge', {
      amountYen: 1_000,
      cashReceivedYen: 1_000,
      credential: { type: 'cpm', token: await h.backend.token(walletId) },
    });
    expect(result).toMatchObject({ ok: false, code: 'forbidden' });
    expect(h.backend.wallets.get(walletId)?.balanceYen).toBe(0);
  });

  it('When nobody is logged in, then a payment is refused', async () => {
    h = await makeHarness({ staff: null });
    const walletId = h.backend.addWallet(10_000);
    const result = await h.core.call('pay', { amountYen: 100, credential: { type: 'cpm', token: await h.backend.token(walletId) } });
    expect(result).toMatchObject({ ok: false, code: 'unauthorized' });
  });

  it('When a charger charges with enough cash, then the change is computed and the bonus comes from the backend (R12)', async () => {
    h = await makeHarness({ staff: { code: 'ch', pin: '1234', role: 'charger' } });
    const walletId = h.backend.addWallet(0);
    const result = await h.core.call('charge', {
      amountYen: 3_000,
      cashReceivedYen: 5_000,
      credential: { type: 'cpm', token: await h.backend.token(walletId) },
    });
    expect(result).toMatchObject({ ok: true, charge: { amountYen: 3_000, bonusYen: 30, changeYen: 2_000, cashReceivedYen: 5_000 } });
    expect(h.backend.wallets.get(walletId)?.balanceYen).toBe(3_030);
  });

  it('When the cash received is less than the charge, then nothing is sent', async () => {
    h = await makeHarness({ staff: { code: 'ch', pin: '1234', role: 'charger' } });
    const walletId = h.backend.addWallet(0);
    const result = await h.core.call('charge', {
      amountYen: 3_000,
      cashReceivedYen: 2_000,
      credential: { type: 'cpm', token: await h.backend.token(walletId) },
    });
    expect(result).toMatchObject({ ok: false, code: 'invalid_request' });
    expect(h.backend.calls).not.toContain('charge');
  });
});
