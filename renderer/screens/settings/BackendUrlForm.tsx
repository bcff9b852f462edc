import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useStatusStore } from '../../hooks/api-context';
import { useCommand } from '../../hooks/use-command';
import { FailureNotice } from '../../components/FailureNotice';
import { drop } from '../../format/drop';

/** The backend's URL, saved through the core (which validates it and keeps it on disk). */
export function BackendUrlForm({ initialUrl, disabled = false }: { initialUrl: string; disabled?: boolean }) {
  const { t } = useTranslation();
  const statusStore = useStatusStore();
  const save = useCommand('setBackendUrl');
  const [url, setUrl] = useState(initialUrl);

  async function submit(): Promise<void> {
    const result = await save.run({ url: url.trim() });
    if (result) await statusStore.refresh();
  }

  function onSubmit(event: FormEvent): void {
    event.preventDefault();
    drop(submit(), 'save backend URL');
  }

  return (
    <form className="form" onSubmit={onSubmit}>
      <label className="field">
        <span className="field-label">{t('settings.backendUrl')}</span>
        <input
          className="field-input"
          data-testid="backend-url"
          type="url"
          inputMode="url"
          value={url}
          disabled={disabled}
          spellCheck={false}
          onChange={(event) => setUrl(event.target.value)}
        />
      </label>
      {save.state.kind === 'failed' && <FailureNotice failure={save.state.failure} testId="backend-url-error" />}
      {save.state.kind === 'done' && <p className="notice notice--ok">{t('settings.saved')}</p>}
      <button type="submit" className="button" data-testid="backend-url-save" disabled={disabled || !url.trim() || save.state.kind === 'running'}>
        {t('settings.save')}
      </button>
    </form>
  );
}
