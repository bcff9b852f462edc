/**
 * Assertions are for programmer errors: a state that cannot happen if the code is right.
 * Operating errors (bad input, a refused payment) are typed values, never assertions.
 */
export class AssertionError extends Error {
  override name = 'AssertionError';
}

export function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new AssertionError(message);
}

export function assertNever(value: never, what: string): never {
  throw new AssertionError(`unexpected ${what}: ${JSON.stringify(value)}`);
}

/** Fire-and-forget made explicit: a dropped promise's failure is still reported, never lost. */
export function drop(promise: Promise<unknown>, onError: (error: unknown) => void): void {
  promise.catch(onError);
}
