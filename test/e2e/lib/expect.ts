/**
 * Waits that end on a condition, each with a bound: playwright-core has no `expect`, so these
 * poll a locator (or any probe) until it matches, and fail with what was last seen. No fixed
 * sleeps: the poll interval only spaces the checks.
 */
import type { Locator } from 'playwright-core';
import { eventually as eventuallyWithin } from '../../../electron/core/testing/index';

/** A screen change after a local command: the UI answers in milliseconds; 10 s means it is stuck. */
export const UI_TIMEOUT_MS = 10_000;
const POLL_INTERVAL_MS = 50;

export class ExpectationError extends Error {
  override name = 'ExpectationError';
}

/**
 * The shared bounded wait (electron/core/testing/eventually.ts) with the UI's bound. A probe
 * that throws counts as "not yet" (the element may not exist yet); its last error is part of
 * the failure message.
 */
export function eventually<T>(what: string, probe: () => Promise<T>, accept: (value: T) => boolean, timeoutMs: number = UI_TIMEOUT_MS): Promise<T> {
  return eventuallyWithin(what, probe, accept, timeoutMs);
}

/** Visible text with runs of white space collapsed, as a person reads it. */
export async function readableText(locator: Locator): Promise<string> {
  return (await locator.innerText({ timeout: POLL_INTERVAL_MS * 4 })).replace(/\s+/g, ' ').trim();
}

function matches(actual: string, expected: string | RegExp): boolean {
  return typeof expected === 'string' ? actual === expected : expected.test(actual);
}

export async function expectVisible(locator: Locator, timeoutMs: number = UI_TIMEOUT_MS): Promise<void> {
  try {
    await locator.waitFor({ state: 'visible', timeout: timeoutMs });
  } catch (error) {
    throw new ExpectationError(`${String(locator)} not visible within ${timeoutMs} ms: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
  }
}

export async function expectHidden(locator: Locator, timeoutMs: number = UI_TIMEOUT_MS): Promise<void> {
  try {
    await locator.waitFor({ state: 'hidden', timeout: timeoutMs });
  } catch (error) {
    throw new ExpectationError(`${String(locator)} still visible after ${timeoutMs} ms: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
  }
}

/** Exact text (after white-space collapse) or a pattern. */
export async function expectText(locator: Locator, expected: string | RegExp, timeoutMs: number = UI_TIMEOUT_MS): Promise<string> {
  return eventually(`text of ${String(locator)} should be ${String(expected)}`, () => readableText(locator), (text) => matches(text, expected), timeoutMs);
}

export async function expectAttribute(locator: Locator, name: string, expected: string | RegExp, timeoutMs: number = UI_TIMEOUT_MS): Promise<string> {
  const value = await eventually(
    `attribute ${name} of ${String(locator)} should be ${String(expected)}`,
    () => locator.getAttribute(name, { timeout: POLL_INTERVAL_MS * 4 }),
    (actual) => actual !== null && matches(actual, expected),
    timeoutMs,
  );
  return value ?? '';
}

export async function expectCount(locator: Locator, count: number, timeoutMs: number = UI_TIMEOUT_MS): Promise<void> {
  await eventually(`count of ${String(locator)} should be ${count}`, () => locator.count(), (actual) => actual === count, timeoutMs);
}

/** Texts of every match, in order (e.g. breakdown rows). */
export async function expectTexts(locator: Locator, expected: readonly string[], timeoutMs: number = UI_TIMEOUT_MS): Promise<string[]> {
  return eventually(
    `texts of ${String(locator)} should be ${JSON.stringify(expected)}`,
    async () => (await locator.allInnerTexts()).map((text) => text.replace(/\s+/g, ' ').trim()),
    (actual) => actual.length === expected.length && actual.every((text, index) => text === expected[index]),
    timeoutMs,
  );
}

/** Plain value check with a readable message, for values already in hand. */
export function expectEqual<T>(what: string, actual: T, expected: T): void {
  if (JSON.stringify(actual) !== JSON.stringify(expected)) {
    throw new ExpectationError(`${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
  }
}
