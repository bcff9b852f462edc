import type { CommandInput, CommandName, CommandOutputs, Failure, TerminalApi } from '../../common/terminal-api';
import { describeError, failure } from '../bridge/host-error';

/** A thrown error inside a flow (a bug or a dead host) shown as a failure value, never lost. */
export function failureOfError(error: unknown): Failure {
  console.error('kumapay: command threw instead of answering a Result', error);
  return failure('network', describeError(error));
}

/** A command's answer, or what its throw means as a failure value: a caller always has an answer to show. */
export async function callOrFailure<C extends CommandName>(api: TerminalApi, command: C, input: CommandInput<C>): Promise<CommandOutputs[C] | Failure> {
  try {
    return await api.call(command, input);
  } catch (error) {
    return failureOfError(error);
  }
}
