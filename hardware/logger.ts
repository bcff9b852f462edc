/** The subset of pino the hardware layer uses; pino's Logger satisfies it as is. */
export type LogFields = Record<string, unknown>;

export interface HardwareLogger {
  debug(fields: LogFields, message: string): void;
  info(fields: LogFields, message: string): void;
  warn(fields: LogFields, message: string): void;
  error(fields: LogFields, message: string): void;
}

/** For hosts that collect drops and statuses through subscriptions instead of logs. */
export const silentLogger: HardwareLogger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};
