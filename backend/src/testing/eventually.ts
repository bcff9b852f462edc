import { expect } from 'vitest';

/**
 * Waits for something another connection, thread or instance does in its own time (a lock
 * waiter, a long-poll waiter): polls `condition` a bounded number of times (1,000 × 5 ms),
 * then asserts it, so a test that never sees it fails with a clear expectation, not a timeout.
 * No time is asserted: the bound only stops a hang.
 */
export async function eventually(condition: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 1_000 && !(await condition()); i++) await new Promise((r) => setTimeout(r, 5));
  expect(await condition()).toBe(true);
}
