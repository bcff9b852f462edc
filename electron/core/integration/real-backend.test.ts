/**
 * The core against the real backend process (backend/src/main.ts), through a TCP proxy that
 * can cut the link or lose answers. Money is checked on the backend's side: the wallet's
 * balance and the terminal's transaction list.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { businessDayOf } from '../../../common/time';
import { eventually } from '../testing/eventually';
import { RealBackend, realBackendAvailable } from '../testing/real-backend';
import { TcpProxy } from '../testing/tcp-proxy';
import { openHttpCore, type HttpCore } from '../testing/http-core';

const available = realBackendAvailable();
const dir = mkdtempSync(path.join(tmpdir(), 'kumapay-int-'));
let backend: RealBackend;
let proxy: TcpProxy;
let terminalCounter = 0;

beforeAll(async () => {
  if (!available) return;
  backend = new RealBackend(path.join(dir, 'backend.sqlite'));
  await backend.start();
  const url = new URL(backend.url);
  proxy = new TcpProxy(url.hostname, Number(url.port));
  await proxy.start();
}, 60_000);

afterAll(async () => {
  await proxy?.close();
  await backend?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** A fresh shop, terminal and core (each test its own journal), logged in as `role`. */
async function terminal(role = 'cashier', link: 'proxy' | 'direct' = 'proxy'): Promise<HttpCore> {
  const seeded = await backend.seedShop({ staff: [{ code: 's1', pin: '1234', role }] });
  const terminalDir = path.join(dir, `t${++terminalCounter}`);
  const backendUrl = link === 'proxy' ? proxy.url : backend.url;
  const opened = await openHttpCore({ dir: terminalDir, backendUrl, timeouts: { moneyRequestTimeoutMs: 3_000 } });
  const enrolled = await opened.core.call('enroll', { enrollmentCode: seeded.enrollmentCode });
  if (!enrolled.ok) throw new Error(`enroll: ${enrolled.message}`);
  const login = await opened.core.call('login', { staffCode: 's1', pin: '1234' });
  if (!login.ok) throw new Error(`login: ${login.message}`);
  return opened;
}

/** 点検 of today: the journal compared line by line with the backend's transactions (R26). */
function checkToday(t: HttpCore) {
  return t.core.call('dailyReport', { businessDay: businessDayOf(Date.now()), mode: 'check' });
}

/** Bound on the sync agent noticing the restarted backend and draining: its probe backs off up to seconds, and a busy machine is slower. */
const QUEUE_DRAIN_TIMEOUT_MS = 40_000;

describe.skipIf(!available /* skipped only when backend/src/main.ts is not in this checkout */)('core against the real backend', () => {
  it('When online, then a payment is approved and the wallet is debited exactly once', async () => {
    const t = await terminal();
    try {
      const customer = await backend.customer(10_000);
      const result = await t.core.call('pay', { amountYen: 1_234, credential: { type: 'cpm', token: await backend.cpmToken(customer.customerToken) } });
      expect(result).toMatchObject({ ok: true, payment: { offline: false, amountYen: 1_234 } });
      expect(await backend.wallet(customer.customerToken)).toMatchObject({ totalYen: 8_766, debtYen: 0 });
    } finally {
      await t.close();
    }
  });

  it('When the answer to a payment is lost after the backend charged, then the retry with the same clientTxnId returns that one charge', async () => {
    const t = await terminal();
    try {
      const customer = await backend.customer(10_000);
      const checking: string[] = [];
      t.core.subscribe((e) => {
        if (e.type === 'payment_checking') checking.push(e.clientTxnId);
      });
      proxy.dropResponses(1);
      const result = await t.core.call('pay', { amountYen: 2_000, credential: { type: 'cpm', token: await backend.cpmToken(customer.customerToken) } });
      expect(result.ok).toBe(true);
      if (!result.ok) return;
      expect(checking).toEqual([result.payment.clientTxnId]);
      expect(await backend.wallet(customer.customerToken)).toMatchObject({ totalYen: 8_000 });
      expect(await checkToday(t)).toMatchObject({ ok: true, report: { paymentsCount: 1, paymentsYen: 2_000, differences: [], backendCompared: true } });
    } finally {
      await t.close();
    }
  });

  it('When the backend answers too slowly (timeout after sending), then "checking…" and the same clientTxnId gets the one charge', async () => {
    const t = await terminal();
    try {
      const customer = await backend.customer(10_000);
      const checking: string[] = [];
      t.core.subscribe((e) => {
        if (e.type === 'payment_checking') checking.push(e.clientTxnId);
      });
      proxy.holdResponses(1);
      const result = await t.core.call('pay', { amountYen: 1_500, credential: { type: 'cpm', token: await backend.cpmToken(customer.customerToken) } });
      expect(result).toMatchObject({ ok: true, payment: { offline: false, amountYen: 1_500 } });
      expect(checking).toHaveLength(1);
      expect(await backend.wallet(customer.customerToken)).toMatchObject({ totalYen: 8_500 });
      expect(await checkToday(t)).toMatchObject({ ok: true, report: { paymentsCount: 1, differences: [] } });
    } finally {
      await t.close();
    }
  });

  it('When every answer is lost while the cashier waits, then the payment is "unknown", and the sync agent later finds the one charge', async () => {
    const t = await terminal();
    try {
      const customer = await backend.customer(10_000);
      proxy.dropResponses(3);
      const result = await t.core.call('pay', { amountYen: 900, credential: { type: 'cpm', token: await backend.cpmToken(customer.customerToken) } });
      expect(result).toMatchObject({ ok: false, code: 'network', details: { reason: 'outcome_unknown' } });
      expect(t.core.status().queue.unknownCount).toBe(1);
      const summary = await t.core.sync.runOnce();
      expect(summary.resolved).toBe(1);
      expect(t.core.status().queue.unknownCount).toBe(0);
      expect(t.core.status().notifications).toMatchObject([{ kind: 'unknown_resolved', amountYen: 900 }]);
      expect(await backend.wallet(customer.customerToken)).toMatchObject({ totalYen: 9_100 });
      expect(await checkToday(t)).toMatchObject({ ok: true, report: { paymentsCount: 1, paymentsYen: 900, differences: [] } });
    } finally {
      await t.close();
    }
  });

  it('When the backend is stopped, then payments are approved offline; when it is started again, then every one is reconciled exactly once', async () => {
    // Straight to the backend: a stopped process refuses connections, as it would at a shop.
    const t = await terminal('cashier', 'direct');
    try {
      t.core.start();
      const customer = await backend.customer(10_000);
      const tokens = await Promise.all(Array.from({ length: 5 }, () => backend.cpmToken(customer.customerToken)));
      await backend.stop();
      const approved: string[] = [];
      for (const token of tokens) {
        const result = await t.core.call('pay', { amountYen: 1_000, credential: { type: 'cpm', token } });
        expect(result).toMatchObject({ ok: true, payment: { offline: true } });
        if (result.ok) approved.push(result.payment.clientTxnId);
      }
      expect(t.core.status()).toMatchObject({ connectivity: 'offline', queue: { pendingCount: 5, pendingYen: 5_000 } });
      await backend.start();
      await eventually('the offline queue to drain', () => t.core.status().queue, (queue) => queue.pendingCount === 0, QUEUE_DRAIN_TIMEOUT_MS);
      expect(await backend.wallet(customer.customerToken)).toMatchObject({ totalYen: 5_000, debtYen: 0 });
      expect(await checkToday(t)).toMatchObject({ ok: true, report: { paymentsCount: 5, paymentsYen: 5_000, differences: [], backendCompared: true } });
      // A second sync changes nothing (a re-sent batch is answered, not re-applied).
      expect(await t.core.call('syncNow', {})).toEqual({ ok: true, sent: 0, applied: 0, rejected: 0 });
      expect(await backend.wallet(customer.customerToken)).toMatchObject({ totalYen: 5_000 });
      expect(approved.every((id) => t.journal.txns.get(id)?.state === 'synced')).toBe(true);
    } finally {
      await t.close();
    }
  });

  it('When the link is cut, then offline refusals hold for each limit and for forged, expired and reused tokens (R20, R22)', async () => {
    const t = await terminal();
    try {
      const customer = await backend.customer(200_000);
      const token = () => backend.cpmToken(customer.customerToken);
      const reused = await token();
      const forged = (await token()).replace(/\.[^.]+$/, `.${'A'.repeat(86)}`);
      const expiring = await token();
      await proxy.cut();
      try {
        const pay = (amountYen: number, text: string) => t.core.call('pay', { amountYen, credential: { type: 'cpm', token: text } });
        expect(await pay(5_001, reused)).toMatchObject({ ok: false, code: 'offline_limit', details: { limit: 'payment' } });
        expect(await pay(100, forged)).toMatchObject({ ok: false, code: 'token_invalid' });
        expect(await pay(100, reused)).toMatchObject({ ok: true, payment: { offline: true } });
        expect(await pay(100, reused)).toMatchObject({ ok: false, code: 'token_used' });
        expect(await pay(100, 'KP1.garbage')).toMatchObject({ ok: false, code: 'token_invalid' });
        expect(await t.core.call('pay', { amountYen: 100, credential: { type: 'card', cardNumber: 'KP-00000001' } })).toMatchObject({
          ok: false,
          code: 'offline_refused',
        });
        // The terminal's unsynced limit (100,000 by default): 19 × 5,000 + 100 already queued.
        await proxy.restore();
        const fresh = await Promise.all(Array.from({ length: 20 }, token));
        await proxy.cut();
        for (let i = 0; i < 19; i++) expect(await pay(5_000, fresh[i] as string)).toMatchObject({ ok: true });
        expect(await pay(5_000, fresh[19] as string)).toMatchObject({ ok: false, code: 'offline_limit', details: { limit: 'terminal', maxYen: 4_900 } });
        // Expiry is checked at the scan with the terminal's clock: a later core sees it expired.
        await t.close();
        const later = await openHttpCore({ dir: path.join(dir, `t${terminalCounter}`), backendUrl: proxy.url, clock: { nowMs: () => Date.now() + 6 * 60 * 1000 } });
        try {
          await later.core.call('login', { staffCode: 's1', pin: '1234' });
          expect(await later.core.call('pay', { amountYen: 100, credential: { type: 'cpm', token: expiring } })).toMatchObject({ ok: false, code: 'token_expired' });
        } finally {
          await later.close();
        }
      } finally {
        await proxy.restore();
      }
    } finally {
      // Closed above before the later core opened the same journal; closing again is a no-op.
      await t.close();
    }
  });

  it("When the backend's per-token maximum is below the per-payment one, then a token above it is refused offline (R20 per-token limit)", async () => {
    await backend.setSettings({ offlineTokenMaxYen: 2_000 });
    const t = await terminal();
    try {
      const customer = await backend.customer(10_000);
      const tokens = await Promise.all([backend.cpmToken(customer.customerToken), backend.cpmToken(customer.customerToken)]);
      await proxy.cut();
      try {
        const pay = (amountYen: number, token: string) => t.core.call('pay', { amountYen, credential: { type: 'cpm', token } });
        expect(await pay(2_001, tokens[0] as string)).toMatchObject({ ok: false, code: 'offline_limit', details: { limit: 'token', maxYen: 2_000 } });
        expect(await pay(2_000, tokens[1] as string)).toMatchObject({ ok: true, payment: { offline: true } });
      } finally {
        await proxy.restore();
      }
      expect(await t.core.call('syncNow', {})).toEqual({ ok: true, sent: 1, applied: 1, rejected: 0 });
      expect(await backend.wallet(customer.customerToken)).toMatchObject({ totalYen: 8_000 });
    } finally {
      await backend.setSettings({ offlineTokenMaxYen: 5_000 });
      await t.close();
    }
  });

  it('When charges, cancellations and migrations are asked for while offline, then they are refused (R21); online a manager cancels once', async () => {
    const t = await terminal('manager');
    try {
      const customer = await backend.customer(10_000);
      const paid = await t.core.call('pay', { amountYen: 3_000, credential: { type: 'cpm', token: await backend.cpmToken(customer.customerToken) } });
      if (!paid.ok) throw new Error(paid.message);
      const credential = { type: 'cpm' as const, token: await backend.cpmToken(customer.customerToken) };
      await proxy.cut();
      try {
        await t.core.connectivity.probeNow();
        expect(await t.core.call('charge', { amountYen: 1_000, cashReceivedYen: 1_000, credential })).toMatchObject({ ok: false, code: 'offline_refused' });
        expect(await t.core.call('cancel', { type: 'payment', id: paid.payment.paymentId as string })).toMatchObject({ ok: false, code: 'offline_refused' });
        expect(await t.core.call('migrate', { card: { cardNumber: 'KP-1' }, to: credential })).toMatchObject({ ok: false, code: 'offline_refused' });
      } finally {
        await proxy.restore();
      }
      expect(await t.core.call('cancel', { type: 'payment', id: paid.payment.paymentId as string })).toMatchObject({ ok: true, refundYen: 3_000 });
      expect(await t.core.call('cancel', { type: 'payment', id: paid.payment.paymentId as string })).toMatchObject({ ok: false, code: 'already_cancelled' });
      expect(await backend.wallet(customer.customerToken)).toMatchObject({ totalYen: 10_000 });
      const close = await t.core.call('dailyReport', { businessDay: businessDayOf(Date.now()), mode: 'close' });
      expect(close).toMatchObject({ ok: true, report: { closed: true, paymentsCount: 1, cancelledCount: 1, differences: [] } });
    } finally {
      await t.close();
    }
  });
});
