/**
 * A wait that ends on a condition, never on a guess of how long something takes: tests poll a
 * probe until its value is accepted, and a bound turns a hang into a failure that says what was
 * last seen. It lives beside the core's other test support so that every Node-side suite (the
 * core, the browser host, test/) can import it; plain Node timers, nothing else.
 */

/** Only spaces the checks out; it is not a delay anything waits for. */
const POLL_INTERVAL_MS = 20;

export class EventuallyError extends Error {
  override name = 'EventuallyError';
}

/**
 * Polls `probe` until `accept` holds for its value, and returns that value; after `timeoutMs`
 * it throws with the last value (or error) seen. A probe that throws counts as "not yet".
 * The probe always runs at least once, however small the bound.
 */
export async function eventually<T>(what: string, probe: () => T | Promise<T>, accept: (value: T) => boolean, timeoutMs: number): Promise<T> {
  const deadlineMs = Date.now() + timeoutMs;
  for (;;) {
    let last: Seen;
    try {
      const value = await probe();
      if (accept(value)) return value;
      last = { value };
    } catch (error) {
      last = { error };
    }
    if (Date.now() >= deadlineMs) throw new EventuallyError(`${what}: not true within ${timeoutMs} ms (last seen: ${describe(last)})`);
    await new Promise((resolve) => setTimeout(resolve, POLL_INTERVAL_MS));
  }
}

type Seen = { value: unknown } | { error: unknown };

function describe(last: Seen): string {
  if ('error' in last) return `error: ${last.error instanceof Error ? last.error.message : String(last.error)}`;
  try {
    return JSON.stringify(last.value) ?? String(last.value);
  } catch {
    return String(last.value);
  }
}
