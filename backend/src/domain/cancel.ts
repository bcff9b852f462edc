import { DomainError } from '../../../common/errors';
import { LIMITS } from '../../../common/limits';
import { cancelWindowOpen } from '../../../common/rules/cancel-window';

/** R14, R17: one cancellation per transaction, within 192 hours of it. */
export function checkCancellable(occurredAtMs: number, cancelledAtMs: number | null, nowMs: number): void {
  if (cancelledAtMs !== null) throw new DomainError('already_cancelled', 'this transaction is already cancelled');
  if (!cancelWindowOpen(occurredAtMs, nowMs)) {
    throw new DomainError('cancel_window_closed', 'the 8-day cancel window has closed; settle in cash', {
      cancelWindowHours: LIMITS.cancelWindowMs / 3_600_000,
    });
  }
}
