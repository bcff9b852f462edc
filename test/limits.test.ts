/**
 * How the bounds relate, across every runtime's limits module: a number changed in one place
 * that breaks a promise made by another fails here, not at a counter.
 */
import { describe, expect, it } from 'vitest';
import { LIMITS } from '../common/limits';
import { CHARS_PER_LINE } from '../common/receipts/printer-settings';
import { BACKEND_LIMITS } from '../backend/src/limits';
import { CORE_LIMITS } from '../electron/core/testing/index';
import { WEB_LIMITS } from '../electron/web/limits';
import { HARDWARE_LIMITS } from '../hardware/limits';
import { RENDERER_LIMITS } from '../renderer/limits';

const DAY_MS = 24 * 60 * 60 * 1000;
const sum = (values: readonly number[]) => values.reduce((total, value) => total + value, 0);

describe('limits: R11 charges', () => {
  it('R11: When the charge bounds are set, then min and max are whole units, min ≤ max ≤ the balance cap', () => {
    expect(LIMITS.chargeYenMin % LIMITS.chargeUnitYen).toBe(0);
    expect(LIMITS.chargeYenMax % LIMITS.chargeUnitYen).toBe(0);
    expect(LIMITS.chargeBalanceYenMax % LIMITS.chargeUnitYen).toBe(0);
    expect(LIMITS.chargeYenMin).toBeLessThanOrEqual(LIMITS.chargeYenMax);
    expect(LIMITS.chargeYenMax).toBeLessThanOrEqual(LIMITS.chargeBalanceYenMax);
  });

  it('When a charge is typed, then the request schema (≤ paymentYenMax) and the cash step take every allowed charge', () => {
    expect(LIMITS.chargeYenMax).toBeLessThanOrEqual(LIMITS.paymentYenMax);
    expect(RENDERER_LIMITS.cashReceivedYenMax).toBeGreaterThanOrEqual(LIMITS.chargeYenMax);
  });
});

describe('limits: R20 offline', () => {
  it('R20: When offline limits default, then one offline payment ≤ a token limit ≤ a payment, and ≤ the terminal total', () => {
    expect(LIMITS.offlinePaymentMaxYen).toBeLessThanOrEqual(LIMITS.paymentYenMax);
    expect(LIMITS.offlineTokenMaxYen).toBeLessThanOrEqual(LIMITS.paymentYenMax);
    expect(LIMITS.offlinePaymentMaxYen).toBeLessThanOrEqual(LIMITS.offlineTerminalUnsyncedMaxYen);
    expect(LIMITS.offlineTerminalUnsyncedMaxYen).toBeLessThanOrEqual(BACKEND_LIMITS.offlineTerminalUnsyncedYenMax);
  });

  it('R20a: When the deadline defaults, then it is within what an operator may set, and the warning comes before it', () => {
    expect(LIMITS.offlineDeadlineMs).toBeLessThanOrEqual(LIMITS.offlineDeadlineMsMax);
    expect(CORE_LIMITS.deadlineWarningMs).toBeLessThan(LIMITS.offlineDeadlineMs);
  });

  it('When a terminal token is rotated, then the old one stays good longer than any offline deadline (a lost answer never strands a terminal)', () => {
    expect(LIMITS.terminalTokenGraceMs).toBeGreaterThan(LIMITS.offlineDeadlineMsMax);
    expect(LIMITS.terminalTokenRotateAfterMs).toBeLessThan(LIMITS.terminalTokenTtlMs);
  });

  it('R22: When used token ids are forgotten, then the token could no longer verify anyway', () => {
    expect(LIMITS.cpmTokenTtlMsDefault).toBeLessThanOrEqual(LIMITS.cpmTokenTtlMsMax);
    expect(CORE_LIMITS.usedTokenRetentionMs).toBeGreaterThan(LIMITS.cpmTokenTtlMsMax);
  });

  it('When the blocked-card list is paged, then a page and a contact fit the list the terminal keeps', () => {
    expect(LIMITS.blockedCardsPageMax * CORE_LIMITS.blockedCardPagesPerContactMax).toBeLessThanOrEqual(LIMITS.blockedCardsKeptMax);
  });
});

describe('limits: the terminal core waits and retries', () => {
  it('When an outcome is unknown, then there is one delay per retry, each shorter than a request’s own timeout', () => {
    expect(CORE_LIMITS.ambiguousRetryDelaysMs).toHaveLength(CORE_LIMITS.ambiguousRetriesMax);
    for (const delayMs of CORE_LIMITS.ambiguousRetryDelaysMs) {
      expect(delayMs).toBeGreaterThan(0);
      expect(delayMs).toBeLessThan(CORE_LIMITS.moneyRequestTimeoutMs);
    }
  });

  it('When every try of a payment times out, then the cashier waits at most half a minute before "unknown"', () => {
    const worstMs = (CORE_LIMITS.ambiguousRetriesMax + 1) * CORE_LIMITS.moneyRequestTimeoutMs + sum(CORE_LIMITS.ambiguousRetryDelaysMs);
    expect(worstMs).toBeLessThanOrEqual(30_000);
  });

  it('When the backend is probed, then backoff min ≤ max, and a probe and a read give up before a money request does', () => {
    expect(CORE_LIMITS.probeBackoffMsMin).toBeLessThanOrEqual(CORE_LIMITS.probeBackoffMsMax);
    expect(CORE_LIMITS.heartbeatTimeoutMs).toBeLessThanOrEqual(CORE_LIMITS.heartbeatIntervalMs);
    expect(CORE_LIMITS.probeTimeoutMs).toBeLessThanOrEqual(CORE_LIMITS.readRequestTimeoutMs);
    expect(CORE_LIMITS.readRequestTimeoutMs).toBeLessThanOrEqual(CORE_LIMITS.moneyRequestTimeoutMs);
    expect(CORE_LIMITS.syncIntervalMs).toBeLessThanOrEqual(CORE_LIMITS.syncBackoffMsMax);
  });

  it('When staff log in offline, then only within a shift of their last online login', () => {
    expect(CORE_LIMITS.offlineLoginWindowMs).toBeLessThanOrEqual(LIMITS.staffSessionTtlMs);
  });
});

describe('limits: the counter', () => {
  it('R31/R14: When a cancel is searched for, then the search reaches back over the whole cancel window', () => {
    expect(LIMITS.transactionSearchDays * DAY_MS).toBeGreaterThanOrEqual(LIMITS.cancelWindowMs);
  });

  it('When the idle lock is chosen, then the default lies within the choices allowed', () => {
    expect(LIMITS.idleLockMsMin).toBeLessThanOrEqual(LIMITS.idleLockMsDefault);
    expect(LIMITS.idleLockMsDefault).toBeLessThanOrEqual(LIMITS.idleLockMsMax);
  });

  it('R22: When a CPM token is scanned, then every scanner path takes the longest token', () => {
    expect(LIMITS.scanTextLengthMax).toBeGreaterThanOrEqual(LIMITS.cpmTokenLengthMax);
    expect(RENDERER_LIMITS.wedgeBurstLengthMax).toBeGreaterThanOrEqual(LIMITS.cpmTokenLengthMax);
    expect(RENDERER_LIMITS.wedgeBurstLengthMin).toBeLessThanOrEqual(RENDERER_LIMITS.wedgeBurstLengthMax);
    expect(HARDWARE_LIMITS.scanTextBytesMax).toBeGreaterThanOrEqual(LIMITS.scanTextLengthMax);
  });

  it('R29: When a shop writes its header lines, then each fits one line of the widest paper', () => {
    expect(LIMITS.shopLineCharsMax).toBeLessThanOrEqual(Math.max(...Object.values(CHARS_PER_LINE)));
  });

  it('When the demo refreshes a customer QR, then it does so before the token dies, and not faster than its floor', () => {
    expect(RENDERER_LIMITS.demoTokenRefreshIntervalMsMin).toBeLessThan(RENDERER_LIMITS.demoTokenRefreshBeforeExpiryMs);
    expect(RENDERER_LIMITS.demoTokenRefreshBeforeExpiryMs).toBeLessThan(LIMITS.cpmTokenTtlMsMax);
  });

  it('When the browser host takes a command, then its body bound leaves room for the longest scan, every character escaped', () => {
    // JSON writes any character in at most 6 bytes (\uXXXX).
    expect(WEB_LIMITS.requestBodyBytesMax).toBeGreaterThan(LIMITS.scanTextLengthMax * 6);
  });
});

describe('limits: the backend', () => {
  it('When credentials are cached, then the default age is within the contract’s 10 s', () => {
    expect(BACKEND_LIMITS.authCacheMsDefault).toBeLessThanOrEqual(BACKEND_LIMITS.authCacheMsMax);
    expect(BACKEND_LIMITS.authCacheMsMax).toBeLessThanOrEqual(10_000);
  });

  it('R22: When signing keys rotate, then every instance sees the new key well within a token’s life', () => {
    expect(BACKEND_LIMITS.keyringRefreshMs).toBeLessThan(LIMITS.cpmTokenTtlMsMax);
  });

  it('When an admin list names no limit, then its default page is one it could have asked for', () => {
    expect(BACKEND_LIMITS.adminPageItemsDefault).toBeLessThanOrEqual(LIMITS.adminPageItemsMax);
  });

  it('When writes are grouped, then one batch is smaller than the queue it drains', () => {
    expect(BACKEND_LIMITS.groupCommitBatchWritesMax).toBeLessThanOrEqual(BACKEND_LIMITS.groupCommitQueuedWritesMax);
  });
});

describe('limits: hardware', () => {
  it('When a device reconnects or a PN532 answers, then min ≤ max and an ack comes before the answer', () => {
    expect(HARDWARE_LIMITS.reconnectBackoffMsMin).toBeLessThanOrEqual(HARDWARE_LIMITS.reconnectBackoffMsMax);
    expect(HARDWARE_LIMITS.pn532AckTimeoutMs).toBeLessThanOrEqual(HARDWARE_LIMITS.pn532ResponseTimeoutMs);
  });
});
