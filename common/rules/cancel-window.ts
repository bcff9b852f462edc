import { LIMITS } from '../limits';

/**
 * R14: a payment or charge may be cancelled for 8 days (192 hours) after it was made; at the
 * 192nd hour itself it still may. One answer for the backend (which refuses
 * `cancel_window_closed`), the terminal core's search and the renderer's cancel button.
 */
export function cancelWindowOpen(occurredAtMs: number, nowMs: number): boolean {
  return nowMs - occurredAtMs <= LIMITS.cancelWindowMs;
}
