import type { Failure } from '../../common/terminal-api';
import { describeError, failure } from '../bridge/host-error';

/** A thrown error inside a flow (a bug or a dead host) shown as a failure value, never lost. */
export function failureOfError(error: unknown): Failure {
  console.error('kumapay: command threw instead of answering a Result', error);
  return failure('network', describeError(error));
}
