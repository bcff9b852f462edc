/**
 * The on-screen numeric keypad. Keys keep focus where it was on a tap (mousedown is not
 * allowed to move it), so a cashier who mixes taps with the keyboard's Enter never presses
 * the last-tapped digit again. Keyboard users can still Tab to each key.
 */
import { useTranslation } from 'react-i18next';
import { DIGIT_KEYS, keypadKeyOf, type KeypadKey } from '../format/amount-entry';
import { useKeys } from '../hooks/use-keys';
import { keepFocus } from './keep-focus';

interface KeypadProps {
  onKey(key: KeypadKey): void;
  enterLabel?: string;
  enterDisabled?: boolean;
  /** Listen to the physical keyboard too (off when a text field on the screen owns the digits). */
  keyboard?: boolean;
  /** Hide the Enter key when the screen has its own confirm button. */
  showEnter?: boolean;
}

export function Keypad({ onKey, enterLabel, enterDisabled = false, keyboard = true, showEnter = true }: KeypadProps) {
  const { t } = useTranslation();
  useKeys((key) => {
    const keypadKey = keypadKeyOf(key);
    if (!keypadKey) return false;
    if (keypadKey === 'enter' && (enterDisabled || !showEnter)) return false;
    onKey(keypadKey);
    return true;
  }, keyboard);

  const keyButton = (key: KeypadKey, label: string, className = '', ariaLabel?: string, disabled = false) => (
    <button
      key={key}
      type="button"
      className={`keypad-key ${className}`}
      data-testid={`keypad-${key}`}
      aria-label={ariaLabel}
      disabled={disabled}
      {...keepFocus}
      onClick={() => onKey(key)}
    >
      {label}
    </button>
  );

  return (
    <div className="keypad" role="group" aria-label="keypad">
      {DIGIT_KEYS.map((key) => keyButton(key, key, key === '00' ? 'keypad-key--double' : ''))}
      {keyButton('backspace', t('keypad.backspace'), 'keypad-key--action', t('keypad.backspaceLabel'))}
      {keyButton('clear', t('keypad.clear'), 'keypad-key--action', t('keypad.clearLabel'))}
      {showEnter && keyButton('enter', enterLabel ?? t('app.confirm'), 'keypad-key--enter', undefined, enterDisabled)}
    </div>
  );
}
