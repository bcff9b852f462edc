/**
 * Fire-and-forget, said out loud: the promise is not awaited, and if it fails the failure is
 * reported rather than left as an unhandled rejection.
 */
export function drop(promise: Promise<unknown>, what: string): void {
  promise.catch((error: unknown) => console.error(`kumapay: ${what} failed`, error));
}
