/**
 * Keyboard shortcuts for a screen (digits, Enter, Escape…), heard on the window so they work
 * wherever focus is, but never stealing keys from a text field or a focused button's own
 * Enter/Space, which would act twice.
 */
import { useEffect, useRef } from 'react';
import { useLockedRef } from './lock';

export function isTextField(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  if (target instanceof HTMLInputElement) return !['button', 'checkbox', 'radio', 'submit', 'reset'].includes(target.type);
  return false;
}

function activatesOnEnter(target: EventTarget | null): boolean {
  return target instanceof HTMLButtonElement || target instanceof HTMLAnchorElement || (target instanceof HTMLInputElement && !isTextField(target));
}

/** Return true when the key was used, so the browser's default for it is suppressed. */
export type KeyHandler = (key: string, event: KeyboardEvent) => boolean;

export function useKeys(handler: KeyHandler, enabled = true): void {
  const latest = useRef(handler);
  const locked = useLockedRef();
  useEffect(() => {
    latest.current = handler;
  });
  useEffect(() => {
    if (!enabled) return undefined;
    const onKeyDown = (event: KeyboardEvent) => {
      // Under the lock overlay the screen hears nothing (its sale waits for the next sign-in).
      if (locked.current) return;
      if (event.defaultPrevented || event.isComposing || event.ctrlKey || event.altKey || event.metaKey) return;
      if (isTextField(event.target) && event.key !== 'Escape') return;
      if ((event.key === 'Enter' || event.key === ' ') && activatesOnEnter(event.target)) return;
      if (latest.current(event.key, event)) event.preventDefault();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [enabled, locked]);
}
