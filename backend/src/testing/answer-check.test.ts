/**
 * The harness checks every answer against the contract; these tests show it finds the right
 * schema for a request and that a drift a terminal would choke on is caught.
 */
import { describe, expect, it } from 'vitest';
import { routes } from '../http/routes';
import { backendAnswers } from './answer-check';

const allocation = { lotId: 'l1', kind: 'charge', campaignId: null, amountYen: 1000, expiresAt: '2024-12-31T23:59:59.999+09:00' };
const approvedPayment = {
  paymentId: 'p1',
  status: 'approved',
  amountYen: 1000,
  allocations: [allocation],
  balanceAfter: { totalYen: 4000, lots: [] },
  occurredAt: '2024-06-01T10:00:00.000+09:00',
};

describe('the harness’s check of answers', () => {
  it('When a request names any route of the table, then that route’s schema is the one used (no route hides another)', () => {
    for (const r of routes) {
      const path = r.path.replace(/:\w+/g, '0f6c1a7e-2b8d-4c1e-9a3f-5d7e8b9c0a1b');
      expect(backendAnswers.endpointOf(r.method.toUpperCase(), `${path}?x=1`), `${r.method} ${r.path}`).toMatchObject({ method: r.method, path: r.path });
    }
  });

  it('When a payment answer is whole, then it passes, extra fields included (schemas are open to additions)', () => {
    expect(backendAnswers.drift('POST', '/v1/payments', 201, approvedPayment)).toBeNull();
    expect(backendAnswers.drift('POST', '/v1/payments', 201, { ...approvedPayment, receiptNote: 'new, additive' })).toBeNull();
  });

  it('When a payment answer misses a field or mistypes one, then the check names the field', () => {
    const { balanceAfter: _dropped, ...withoutBalance } = approvedPayment;
    expect(backendAnswers.drift('POST', '/v1/payments', 201, withoutBalance)).toContain('balanceAfter');
    expect(backendAnswers.drift('POST', '/v1/payments', 201, { ...approvedPayment, amountYen: '1000' })).toContain('amountYen');
    expect(backendAnswers.drift('POST', '/v1/payments', 201, { ...approvedPayment, occurredAt: '2024-06-01 10:00' })).toContain('occurredAt');
    expect(backendAnswers.drift('POST', '/v1/payments', 201, { ...approvedPayment, allocations: [{ ...allocation, kind: 'bonus' }] })).toContain('allocations.0.kind');
  });

  it('When a refusal is not the contract’s error body, then it drifts; the readiness probe keeps its own refusal', () => {
    expect(backendAnswers.drift('POST', '/v1/payments', 402, { error: { code: 'insufficient_funds', message: 'short', eligibleYen: 0 } })).toBeNull();
    expect(backendAnswers.drift('POST', '/v1/payments', 402, { code: 'insufficient_funds' })).toContain('error');
    expect(backendAnswers.drift('GET', '/healthz', 503, { ok: false, reason: 'the ledger store cannot be written' })).toBeNull();
  });

  it('When a success comes from a path no route serves, then there is no schema to trust it by and it drifts', () => {
    expect(backendAnswers.drift('GET', '/v1/payments', 200, {})).toContain('no route');
  });
});
