import { randomUUID } from 'node:crypto';

/**
 * New row ids: UUIDs whose first 48 bits are the creation time in ms (the UUID version 7
 * layout, RFC 9562), the rest random. Primary-key and foreign-key indexes then grow at their
 * right-hand end instead of taking inserts on random pages, which keeps a ledger of millions of
 * payments as fast to write as an empty one (docs/performance.md). Nothing may read meaning
 * from the order: ids made by two instances interleave, and the time is the wall clock's.
 */
export function newRowId(nowMs: number = Date.now()): string {
  const time = nowMs.toString(16).padStart(12, '0').slice(-12);
  const random = randomUUID();
  // randomUUID gives xxxxxxxx-xxxx-4xxx-Vxxx-xxxxxxxxxxxx with the variant already set at V.
  return `${time.slice(0, 8)}-${time.slice(8, 12)}-7${random.slice(15, 18)}-${random.slice(19)}`;
}
