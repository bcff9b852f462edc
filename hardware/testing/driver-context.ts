/** A DriverContext that records what a driver reports, for driver tests. */
import type { DeviceNotice } from '../../common/terminal-api';
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
  /** Every notice the driver set, null for a cleared one, in order. */
  notices: Array<DeviceNotice | null>;
}

export function recordingContext(time: Clock & Timers, source = 'test-device'): RecordingContext {
  const inputs: ParsedInput[] = [];
  const drops: Array<{ reason: DropReason; byteCount: number }> = [];
  const failures: HardwareError[] = [];
  const notices: Array<DeviceNotice | null> = [];
  return {
    inputs,
    drops,
    failures,
    notices,
    ctx: {
      source,
      clock: time,
      timers: time,
      logger: silentLogger,
      input: (parsed) => inputs.push(parsed),
      drop: (reason, byteCount) => drops.push({ reason, byteCount }),
      failed: (error) => failures.push(error),
      notice: (notice) => notices.push(notice),
    },
  };
}
