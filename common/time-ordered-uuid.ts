import { assert } from './assert';

const RANDOM_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/**
 * A UUID version 7 (RFC 9562): the first 48 bits are `nowMs`, the rest come from `randomUuid`
 * (a version 4 UUID, `crypto.randomUUID()`). Ids made later sort later, so the backend's indexes
 * on them (row ids, `clientTxnId`) grow at their right-hand end instead of taking each insert on
 * a random page, which keeps a ledger of millions of payments about as fast to write as an empty
 * one (docs/performance.md "How the cost grows"). Nothing may read meaning from the order: ids from
 * two machines interleave, and the time is the maker's wall clock.
 */
export function timeOrderedUuid(nowMs: number, randomUuid: string): string {
  assert(RANDOM_UUID.test(randomUuid), 'timeOrderedUuid takes its random bits from a lower-case version 4 UUID');
  // The backend makes a few ids a payment, most within the same millisecond (issue 16).
  if (nowMs !== last.nowMs) last = { nowMs, prefix: timePrefix(nowMs) };
  // The v4 UUID's variant bits stay where they are; its version nibble becomes 7.
  return `${last.prefix}${randomUuid.slice(15, 18)}-${randomUuid.slice(19)}`;
}

/** The id's first 15 characters: the 48-bit time, and the version nibble. */
function timePrefix(nowMs: number): string {
  assert(Number.isSafeInteger(nowMs) && nowMs >= 0 && nowMs < 2 ** 48, `a UUID v7 holds a 48-bit millisecond time, not ${nowMs}`);
  const time = nowMs.toString(16).padStart(12, '0');
  return `${time.slice(0, 8)}-${time.slice(8, 12)}-7`;
}

let last = { nowMs: 0, prefix: timePrefix(0) };
