import type { Clock } from '../../common/time';

/**
 * KUMAPAY_TEST_CLOCK: once set, time is the set instant plus the real time elapsed since, so
 * waits and timeouts still behave while tests jump across days and cancel windows.
 */
export class TestClock implements Clock {
  private offsetMs = 0;
  constructor(private readonly base: Clock) {}
  nowMs(): number {
    return this.base.nowMs() + this.offsetMs;
  }
  set(epochMs: number): void {
    this.offsetMs = epochMs - this.base.nowMs();
  }
  /** How far this clock is from its base: what another thread's clock needs to read the same time. */
  get offset(): number {
    return this.offsetMs;
  }
  setOffset(offsetMs: number): void {
    this.offsetMs = offsetMs;
  }
}
