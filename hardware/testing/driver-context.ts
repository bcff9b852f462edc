/** A DriverContext that records what a driver reports, for driver tests. */
import type { Clock } from '../../common/time';
import type { DriverContext } from '../drivers/driver';
import type { HardwareError } from '../errors';
import type { DropReason, ParsedInput } from '../events';
import { silentLogger } from '../logger';
import type { Timers } from '../timers';

export interface RecordingContext {
  ctx: DriverContext;
  inputs: ParsedInput[];
  drops: Array<{ reason: DropReason; byteCount: number }>;
  failures: HardwareError[];
}

export function recordingContext(time: Clock & Timers, source = 'test-device'): RecordingContext {
  const inputs: ParsedInput[] = [];
  const drops: Array<{ reason: DropReason; byteCount: number }> = [];
  const failures: HardwareError[] = [];
  return {
    inputs,
    drops,
    failures,
    ctx: {
      source,
      clock: time,
      timers: time,
      logger: silentLogger,
      input: (parsed) => inputs.push(parsed),
      drop: (reason, byteCount) => drops.push({ reason, byteCount }),
      failed: (error) => failures.push(error),
    },
  };
}
