/**
 * R31: a manager approves at the terminal with their staff code and PIN (a cancel by a cashier
 * or charger). Keyboard only works: the code field has focus, Tab moves code → PIN → approve →
 * back and wraps inside the dialog, Enter approves, Escape goes back. The PIN is masked and
 * cleared after every refusal; the code stays so only the PIN needs typing again.
 */
import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Failure } from '../../common/terminal-api';
import { lockedMinutes, useFailureText } from '../format/use-failure-text';

export interface ManagerApproval {
  staffCode: string;
  pin: string;
}

interface ApprovalDialogProps {
  /** What is being approved, e.g. 「¥1,200のお支払いを取り消します」. */
  message?: string;
  submitLabel?: string;
  busy: boolean;
  /** The last refusal of an approval; `approval_required` with reason `missing` shows nothing. */
  failure: Failure | null;
  onSubmit(approval: ManagerApproval): void;
  onCancel(): void;
}

/** The refusal in words: wrong code/PIN, or a locked-out manager (for how long, whom to call). */
function useApprovalErrorText(): (failure: Failure) => string | null {
  const { t } = useTranslation();
  const failureText = useFailureText();
  return (failure) => {
    if (failure.code === 'approval_required') {
      if (failure.details.reason === 'missing') return null;
      return t('day.approval.invalid');
    }
    if (failure.code === 'staff_locked') {
      const minutes = lockedMinutes(failure);
      return minutes === null ? t('day.approval.lockedNoTime') : t('day.approval.locked', { minutes });
    }
    return failureText(failure);
  };
}

export function ApprovalDialog({ message, submitLabel, busy, failure, onSubmit, onCancel }: ApprovalDialogProps) {
  const { t } = useTranslation();
  const errorText = useApprovalErrorText();
  const [staffCode, setStaffCode] = useState('');
  const [pin, setPin] = useState('');
  const dialogRef = useRef<HTMLDivElement>(null);
  const codeRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    codeRef.current?.focus();
  }, []);

  // Every refusal: the PIN is typed again, from the code field (it may be the wrong code).
  useEffect(() => {
    if (!failure) return;
    setPin('');
    codeRef.current?.focus();
    codeRef.current?.select();
  }, [failure]);

  const error = failure ? errorText(failure) : null;
  const ready = staffCode.trim() !== '' && pin !== '' && !busy;

  function submit(event: FormEvent): void {
    event.preventDefault();
    if (!ready) return;
    onSubmit({ staffCode: staffCode.trim(), pin });
  }

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>): void {
    if (event.key === 'Escape') {
      // Handled here: the screen's own Escape (back to the menu) must not also run.
      event.preventDefault();
      event.stopPropagation();
      onCancel();
      return;
    }
    if (event.key !== 'Tab' || !dialogRef.current) return;
    const focusable = [...dialogRef.current.querySelectorAll<HTMLElement>('input, button')].filter((element) => !(element as HTMLButtonElement).disabled);
    const first = focusable[0];
    const last = focusable[focusable.length - 1];
    if (!first || !last) return;
    if (event.shiftKey && document.activeElement === first) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault();
      first.focus();
    }
  }

  return (
    <div className="dialog-backdrop">
      <div className="dialog" role="dialog" aria-modal="true" aria-labelledby="approval-title" data-testid="approval-dialog" ref={dialogRef} onKeyDown={onKeyDown}>
        <h2 id="approval-title">{t('day.approval.title')}</h2>
        {message && <p className="dialog-message">{message}</p>}
        <p className="hint">{t('day.approval.help')}</p>
        <form className="form" onSubmit={submit} noValidate>
          <label className="field">
            <span className="field-label">{t('day.approval.code')}</span>
            <input
              ref={codeRef}
              className="field-input"
              data-testid="approval-code"
              autoComplete="off"
              inputMode="numeric"
              maxLength={32}
              value={staffCode}
              onChange={(event) => setStaffCode(event.target.value)}
            />
          </label>
          <label className="field">
            <span className="field-label">{t('day.approval.pin')}</span>
            <input
              className="field-input"
              data-testid="approval-pin"
              type="password"
              autoComplete="off"
              inputMode="numeric"
              maxLength={16}
              value={pin}
              onChange={(event) => setPin(event.target.value)}
            />
          </label>
          {error && (
            <p className="notice notice--error" role="alert" data-testid="approval-error" data-code={failure?.code}>
              {error}
            </p>
          )}
          <div className="button-row">
            <button type="submit" className="button button--danger" data-testid="approval-submit" disabled={!ready}>
              {busy ? t('day.approval.working') : (submitLabel ?? t('day.approval.submit'))}
            </button>
            <button type="button" className="button" data-testid="approval-cancel" onClick={onCancel}>
              {t('day.approval.back')}
            </button>
          </div>
        </form>
      </div>
    </div>
  );
}
