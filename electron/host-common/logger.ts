/** Hosts log with pino to stderr (stdout carries the one "listening on" line). */
import pino from 'pino';
import type { HardwareLogger } from '../../hardware/index';
import type { Logger } from '../core/index';

/** What both the core and hardware/ log through; pino satisfies it. */
export type HostLogger = Logger & HardwareLogger;

export function hostLogger(level: string = process.env.KUMAPAY_LOG_LEVEL ?? 'info'): HostLogger {
  return pino({ level, base: { part: 'terminal' } }, pino.destination(2));
}
