/**
 * Staff code + PIN, shared by the sign-in screen and the lock overlay. The on-screen keypad
 * types into whichever field has focus, so a touch-only terminal needs no keyboard; Enter
 * moves from code to PIN, then signs in.
 */
import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useStatusStore } from '../hooks/api-context';
import { useCommand } from '../hooks/use-command';
import { drop } from '../format/drop';
import { isDigitKey, type KeypadKey } from '../format/amount-entry';
import { FailureNotice } from './FailureNotice';
import { Keypad } from './Keypad';

type Field = 'staffCode' | 'pin';

interface LoginFormProps {
  /** `login` on the sign-in screen, `lock` on the overlay: test ids `<prefix>-staff-code` etc. */
  idPrefix: 'login' | 'lock';
  submitLabel: string;
  onSignedIn?(): void;
}

export function LoginForm({ idPrefix, submitLabel, onSignedIn }: LoginFormProps) {
  const { t } = useTranslation();
  const statusStore = useStatusStore();
  const login = useCommand('login');
  const [staffCode, setStaffCode] = useState('');
  const [pin, setPin] = useState('');
  const [activeField, setActiveField] = useState<Field>('staffCode');
  const codeRef = useRef<HTMLInputElement>(null);
  const pinRef = useRef<HTMLInputElement>(null);

  async function submit(): Promise<void> {
    if (!staffCode) {
      codeRef.current?.focus();
      return;
    }
    if (!pin) {
      pinRef.current?.focus();
      return;
    }
    const result = await login.run({ staffCode: staffCode.trim(), pin });
    setPin('');
    if (result) {
      await statusStore.refresh();
      onSignedIn?.();
    } else pinRef.current?.focus();
  }

  function onSubmit(event: FormEvent): void {
    event.preventDefault();
    drop(submit(), 'login');
  }

  function onKeypad(key: KeypadKey): void {
    const [value, setValue] = activeField === 'staffCode' ? [staffCode, setStaffCode] : [pin, setPin];
    if (isDigitKey(key)) setValue(value + key);
    else if (key === 'backspace') setValue(value.slice(0, -1));
    else if (key === 'clear') setValue('');
    else drop(submit(), 'login');
  }

  const failure = login.state.kind === 'failed' ? login.state.failure : null;
  return (
    <div className="login">
      <form className="form form--login" onSubmit={onSubmit}>
        <label className="field">
          <span className="field-label">{t('login.staffCode')}</span>
          <input
            ref={codeRef}
            autoFocus
            className="field-input"
            data-testid={`${idPrefix}-staff-code`}
            value={staffCode}
            autoComplete="off"
            autoCapitalize="off"
            spellCheck={false}
            onFocus={() => setActiveField('staffCode')}
            onChange={(event) => setStaffCode(event.target.value)}
          />
        </label>
        <label className="field">
          <span className="field-label">{t('login.pin')}</span>
          <input
            ref={pinRef}
            className="field-input"
            data-testid={`${idPrefix}-pin`}
            type="password"
            inputMode="numeric"
            autoComplete="off"
            value={pin}
            onFocus={() => setActiveField('pin')}
            onChange={(event) => setPin(event.target.value)}
          />
        </label>
        {failure &&
          (failure.code === 'unauthorized' ? (
            <p className="notice notice--error" role="alert" data-testid={`${idPrefix}-error`}>
              {t('login.badCredentials')}
            </p>
          ) : (
            <FailureNotice failure={failure} testId={`${idPrefix}-error`} />
          ))}
        <button type="submit" className="button button--primary button--wide" data-testid={`${idPrefix}-submit`} disabled={login.state.kind === 'running'}>
          {login.state.kind === 'running' ? t('app.working') : submitLabel}
        </button>
      </form>
      <Keypad onKey={onKeypad} keyboard={false} showEnter={false} />
    </div>
  );
}
