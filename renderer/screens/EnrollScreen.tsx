/** First start: where the backend is, and the one-time enrollment code from the administrator. */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useStatus, useStatusStore } from '../hooks/api-context';
import { useCommand } from '../hooks/use-command';
import { FailureNotice } from '../components/FailureNotice';
import { Screen } from '../components/Screen';
import { drop } from '../format/drop';
import { BackendUrlForm } from './settings/BackendUrlForm';

export function EnrollScreen() {
  const { t } = useTranslation();
  const status = useStatus();
  const statusStore = useStatusStore();
  const enroll = useCommand('enroll');
  const [code, setCode] = useState('');

  async function submit(): Promise<void> {
    const result = await enroll.run({ enrollmentCode: code.trim() });
    if (result) await statusStore.refresh();
  }

  function onSubmit(event: FormEvent): void {
    event.preventDefault();
    if (code.trim()) drop(submit(), 'enroll');
  }

  return (
    <Screen title={t('enroll.title')} testId="screen-enroll" focusTitle={false} nav={false}>
      <p className="hint">{t('enroll.intro')}</p>
      <BackendUrlForm initialUrl={status.backendUrl} />
      <form className="form" onSubmit={onSubmit}>
        <label className="field">
          <span className="field-label">{t('enroll.code')}</span>
          <input autoFocus className="field-input" data-testid="enroll-code" value={code} autoComplete="off" spellCheck={false} onChange={(event) => setCode(event.target.value)} />
        </label>
        {enroll.state.kind === 'failed' && <FailureNotice failure={enroll.state.failure} testId="enroll-error" />}
        {enroll.state.kind === 'done' && <p className="notice notice--ok">{t('enroll.done', { merchant: enroll.state.value.merchantName })}</p>}
        <button type="submit" className="button button--primary button--wide" data-testid="enroll-submit" disabled={!code.trim() || enroll.state.kind === 'running'}>
          {enroll.state.kind === 'running' ? t('app.working') : t('enroll.submit')}
        </button>
      </form>
    </Screen>
  );
}
