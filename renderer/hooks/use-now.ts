import { useEffect, useState } from 'react';
import { useClock } from './clock';
import { useTimers } from './timers';

/**
 * The current time from the injected clock (hooks/clock.tsx), refreshed every `intervalMs`
 * through the injected timers, for countdowns.
 */
export function useNow(intervalMs: number): number {
  const clock = useClock();
  const timers = useTimers();
  const [nowMs, setNowMs] = useState(() => clock.nowMs());
  useEffect(() => {
    let handle: unknown = null;
    const tick = () => {
      setNowMs(clock.nowMs());
      handle = timers.setTimeout(tick, intervalMs);
    };
    setNowMs(clock.nowMs());
    handle = timers.setTimeout(tick, intervalMs);
    return () => timers.clearTimeout(handle);
  }, [clock, timers, intervalMs]);
  return nowMs;
}
