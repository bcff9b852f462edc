/**
 * The lock overlay: a sign-in form over the whole app. Whoever signs in (the same cashier or
 * another) lands back on the screen exactly as it was; a switch the cashier asked for can be
 * cancelled, an idle lock cannot.
 */
import { useTranslation } from 'react-i18next';
import type { StaffView } from '../../common/terminal-api';
import { LoginForm } from '../components/LoginForm';
import type { LockReason, LockStore } from '../hooks/lock';

export function LockOverlay({ reason, staff, store }: { reason: LockReason; staff: StaffView | null; store: LockStore }) {
  const { t } = useTranslation();
  return (
    <div
      className="lock-overlay"
      role="dialog"
      aria-modal="true"
      aria-labelledby="lock-title"
      data-testid="idle-lock"
      data-reason={reason}
      onKeyDown={(event) => {
        if (event.key === 'Escape' && reason === 'switch') store.unlock();
      }}
    >
      <div className="lock-panel">
        <h1 id="lock-title" className="screen-title">
          {reason === 'idle' ? t('counter.lock.idle') : t('counter.lock.switch')}
        </h1>
        {staff && <p className="hint">{t('counter.lock.current', { name: staff.name })}</p>}
        <p className="hint">{t('counter.lock.help')}</p>
        <LoginForm idPrefix="lock" submitLabel={t('counter.lock.submit')} onSignedIn={() => store.unlock()} />
        {reason === 'switch' && staff && (
          <button type="button" className="button" data-testid="lock-cancel" onClick={() => store.unlock()}>
            {t('counter.lock.cancel', { name: staff.name })}
          </button>
        )}
      </div>
    </div>
  );
}
