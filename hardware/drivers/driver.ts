/**
 * What a driver gets from the device manager and gives back. A driver turns a transport
 * connection into parsed input; it never stamps, debounces or delivers events itself.
 */
import type { DeviceNotice } from '../../common/terminal-api';
import type { Clock } from '../../common/time';
import type { HardwareError } from '../errors';
import type { DropReason, ParsedInput } from '../events';
import type { HardwareLogger } from '../logger';
import type { Timers } from '../timers';

export interface DriverContext {
  /** The device id, used as the events' `source`. */
  readonly source: string;
  readonly clock: Clock;
  readonly timers: Timers;
  readonly logger: HardwareLogger;
  /** Called from device callbacks: stamps and enqueues, returns at once. */
  input(parsed: ParsedInput): void;
  drop(reason: DropReason, byteCount: number): void;
  /** Something to show on the working device (a layout that does not fit); null clears it. */
  notice(notice: DeviceNotice | null): void;
  /** The device stopped working; the manager closes the session and reconnects later. */
  failed(error: HardwareError): void;
}

export interface DriverSession {
  close(): Promise<void>;
}
