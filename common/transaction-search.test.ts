import { describe, expect, it } from 'vitest';
import { matchesTransactionQuery, parseTransactionQuery } from './transaction-search';

// 2026-12-01 14:05:30 JST
const AT_MS = Date.parse('2026-12-01T14:05:30+09:00');
const sale = { shortNo: '0002-000123', amountYen: 1_000, occurredAtMs: AT_MS };

describe('R31 search text, read the same by the backend and the terminal', () => {
  it.each([
    ['0002-000123', true],
    ['0002-000124', false],
    ['1000', true],
    ['¥1,000', true],
    ['1,000', true],
    ['1000円', true],
    ['１０００', true],
    ['123', true],
    ['14:05', true],
    ['１４：０５', true],
    ['14:06', false],
    ['2500', false],
  ])('When the cashier types %s, then the ¥1,000 sale 0002-000123 of 14:05 matches: %s', (q, matches) => {
    expect(matchesTransactionQuery(parseTransactionQuery(q), sale)).toBe(matches);
  });

  it('When the text cannot be a short number, an amount or a time, then it is invalid (the backend answers 400)', () => {
    for (const q of ['abc', '25:00', '¥0', '12:3', '0001-12']) expect(parseTransactionQuery(q)).toEqual({ kind: 'invalid' });
  });

  it('When the text is an amount no payment can have, then it is well formed but matches nothing', () => {
    expect(parseTransactionQuery('99999999')).toEqual({ kind: 'nothing' });
    expect(parseTransactionQuery('¥99,999,999')).toEqual({ kind: 'nothing' });
  });
});
