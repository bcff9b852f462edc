/** Reconnect delay after `failures` failed opens in a row: doubling, within the bounds. */
import { HARDWARE_LIMITS } from '../limits';

export function reconnectDelayMs(failures: number, minMs: number = HARDWARE_LIMITS.reconnectBackoffMsMin, maxMs: number = HARDWARE_LIMITS.reconnectBackoffMsMax): number {
  const exponent = Math.min(Math.max(failures - 1, 0), 16);
  return Math.min(minMs * 2 ** exponent, maxMs);
}
