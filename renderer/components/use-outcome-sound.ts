import { useEffect, useRef } from 'react';
import { usePreferences } from '../hooks/preferences';
import { beep } from '../feedback/beep';

/** Plays the success/failure tone once each time a flow arrives at an outcome state. */
export function useOutcomeSound(stateName: string, successStates: readonly string[], failureStates: readonly string[]): void {
  const { soundEnabled } = usePreferences();
  const previous = useRef(stateName);
  useEffect(() => {
    if (previous.current === stateName) return;
    previous.current = stateName;
    if (!soundEnabled) return;
    if (successStates.includes(stateName)) beep('success');
    else if (failureStates.includes(stateName)) beep('failure');
  }, [stateName, soundEnabled, successStates, failureStates]);
}
