import type { CommandName, CommandOutputs, Failure } from '../../common/terminal-api';

/**
 * getStatus is the one command that is not a Result: when the host cannot answer it, the
 * renderer has nothing to show, so the failure travels as this error to the status store.
 */
export class HostError extends Error {
  override name = 'HostError';
  constructor(
    readonly code: Failure['code'],
    message: string,
  ) {
    super(message);
  }
}

export function failure(code: Failure['code'], message: string, details: Record<string, unknown> = {}): Failure {
  return { ok: false, code, message, details };
}

/**
 * A host-side problem as the command's output: a Failure for every Result command, a thrown
 * HostError for getStatus.
 */
export function failureOutput<C extends CommandName>(command: C, code: Failure['code'], message: string): CommandOutputs[C] {
  if (command === 'getStatus') throw new HostError(code, message);
  // Every command but getStatus answers Result<…>, whose failure arm is exactly Failure; TS cannot
  // narrow the generic C from the comparison above.
  return failure(code, message) as unknown as CommandOutputs[C];
}

export function describeError(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
