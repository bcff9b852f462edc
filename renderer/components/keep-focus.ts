import type { MouseEvent } from 'react';

/**
 * For buttons tapped in the middle of keypad entry (keys, quick amounts, banknotes): a tap must
 * not move focus onto the button, or the keyboard's next Enter would press it again instead of
 * confirming. Keyboard users still reach the button with Tab.
 */
export const keepFocus = {
  onMouseDown: (event: MouseEvent) => event.preventDefault(),
} as const;
