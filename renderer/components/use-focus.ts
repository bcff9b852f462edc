/**
 * Moves focus to a screen's main element when it appears, so keyboard and screen-reader users
 * start in the right place and a scanner's Enter lands on nothing clickable.
 */
import { useEffect, useRef } from 'react';

export function useFocusOnMount<T extends HTMLElement>(key?: unknown, enabled = true) {
  const ref = useRef<T>(null);
  useEffect(() => {
    if (enabled) ref.current?.focus();
  }, [key, enabled]);
  return ref;
}
