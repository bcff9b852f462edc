/** Keypad arithmetic on a yen amount: digits append on the right, ← removes the last one. */
export type KeypadKey = '0' | '1' | '2' | '3' | '4' | '5' | '6' | '7' | '8' | '9' | '00' | 'backspace' | 'clear' | 'enter';

export const DIGIT_KEYS: readonly KeypadKey[] = ['7', '8', '9', '4', '5', '6', '1', '2', '3', '0', '00'];

export function isDigitKey(key: string): key is Exclude<KeypadKey, 'backspace' | 'clear' | 'enter'> {
  return /^(?:[0-9]|00)$/.test(key);
}

/** The amount after typing `digits`, or null when it would pass `maxYen` (the key is refused). */
export function appendDigits(amountYen: number, digits: string, maxYen: number): number | null {
  const next = Number(`${amountYen}${digits}`);
  return next <= maxYen ? next : null;
}

export function removeLastDigit(amountYen: number): number {
  return Math.floor(amountYen / 10);
}

/** Keyboard → keypad: digits (top row and numpad), Backspace, Delete clears, Enter confirms. */
export function keypadKeyOf(key: string): KeypadKey | null {
  if (/^[0-9]$/.test(key)) return key as KeypadKey;
  if (key === 'Backspace') return 'backspace';
  if (key === 'Delete') return 'clear';
  if (key === 'Enter') return 'enter';
  return null;
}

/** The events an amount-entry state machine takes from the keypad. */
export type KeypadEvent = { type: 'DIGITS'; digits: string } | { type: 'BACKSPACE' } | { type: 'CLEAR' } | { type: 'SUBMIT' };

/** One keypad key as a flow event: the payment and charge machines share this vocabulary. */
export function keypadEventOf(key: KeypadKey): KeypadEvent {
  if (isDigitKey(key)) return { type: 'DIGITS', digits: key };
  if (key === 'backspace') return { type: 'BACKSPACE' };
  if (key === 'clear') return { type: 'CLEAR' };
  return { type: 'SUBMIT' };
}
