/**
 * Hardware operating errors: expected, typed, carried as values with a code. The renderer
 * translates the code (ja/en); `message` is the English fallback a person can act on.
 */
export const HARDWARE_ERROR_CODES = [
  // Opening a device.
  'permission_denied',
  'device_busy',
  'device_not_found',
  'open_failed',
  // Windows and macOS keep keyboards (and keyboard-mode scanners) away from hidapi.
  'keyboard_os_owned',
  // A device that was working.
  'device_unplugged',
  'read_failed',
  'write_failed',
  'enumeration_failed',
  // PN532 protocol.
  'pn532_no_response',
  'pn532_not_pn532',
  'pn532_bad_response',
  // PC/SC: the smartcard binding or the smart-card service (pcscd, WinSCard) is not there.
  'pcsc_unavailable',
  // Configuration file.
  'config_invalid',
  'config_unreadable',
  'config_write_failed',
  // Lifecycle.
  'closed',
  'simulator_misuse',
] as const;

export type HardwareErrorCode = (typeof HARDWARE_ERROR_CODES)[number];

export type HardwareErrorDetails = Record<string, unknown>;

export class HardwareError extends Error {
  override name = 'HardwareError';
  constructor(
    readonly code: HardwareErrorCode,
    message: string,
    readonly details: HardwareErrorDetails = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export function isHardwareError(error: unknown): error is HardwareError {
  return error instanceof HardwareError;
}

/** Any thrown value as a HardwareError, keeping the original as the cause. */
export function toHardwareError(error: unknown, fallback: HardwareErrorCode, what: string): HardwareError {
  if (isHardwareError(error)) return error;
  const text = error instanceof Error ? error.message : String(error);
  return new HardwareError(fallback, `${what}: ${text}`, {}, { cause: error });
}
