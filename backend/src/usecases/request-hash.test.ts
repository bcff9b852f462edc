import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { requestHash } from './idempotency';

/**
 * The hash as every stored idempotency key was made before issue 16's rewrite: sorted copies of
 * the body through JSON.stringify. A retry after an upgrade must find its stored answer, not an
 * idempotency_conflict (docs/api.md "Idempotency": the same clientTxnId and body answer the same).
 */
function hashAsStored(kind: string, body: unknown): string {
  const canonical = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(canonical)
      : v && typeof v === 'object'
        ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, x]) => [k, canonical(x)]))
        : v;
  return createHash('sha256').update(kind).update('\0').update(JSON.stringify(canonical(body))).digest('base64url');
}

describe('requestHash (issue 16: written without sorted copies)', () => {
  it('When any JSON body is hashed, then the hash is the one stored keys were made with', () => {
    fc.assert(
      fc.property(fc.string(), fc.jsonValue(), (kind, body) => {
        expect(requestHash(kind, body)).toBe(hashAsStored(kind, body));
      }),
      { numRuns: 500 },
    );
  });

  it('When a body holds what JSON leaves out or turns to null (undefined, functions, holes, NaN, a Date) or keys that look like numbers, then the hash still matches', () => {
    // eslint-disable-next-line no-sparse-arrays -- a hole, which JSON.stringify writes as null
    const odd = { b: [1, , undefined, () => 1, Number.NaN, -0], a: { z: undefined, y: new Date(0), x: Symbol('s') }, ['__proto__']: { k: 1 }, 熊谷: '¥1,234', '10': 'x', '9': 'y', '4294967295': 'z', '01': 'w', '': 0 };
    expect(requestHash('payment', odd)).toBe(hashAsStored('payment', odd));
  });

  it('When two clients send the same payment with keys in another order, then the hashes are equal; another amount differs', () => {
    const one = { clientTxnId: '0190f0b2-3c4d-7e5f-9a0b-1c2d3e4f5a6b', amountYen: 555, credential: { type: 'card', cardNumber: 'AB000123' } };
    const other = { credential: { cardNumber: 'AB000123', type: 'card' }, amountYen: 555, clientTxnId: '0190f0b2-3c4d-7e5f-9a0b-1c2d3e4f5a6b' };
    expect(requestHash('payment', other)).toBe(requestHash('payment', one));
    expect(requestHash('payment', { ...one, amountYen: 556 })).not.toBe(requestHash('payment', one));
    expect(requestHash('charge', one)).not.toBe(requestHash('payment', one));
  });
});
