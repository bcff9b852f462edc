import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useCommand } from '../../hooks/use-command';
import { drop } from '../../format/drop';
import { useSvgUrl } from './use-svg-url';

/**
 * R29: the slip as it prints — receiptline's SVG of the same markup that became the printer's
 * bytes — as an <img> (Blob URL, revoked on unmount). Its text lines are the alt text, so a
 * screen reader reads what the paper says.
 */
export function SlipPreviewImage({ slipId }: { slipId: string }) {
  const { t } = useTranslation();
  const preview = useCommand('slipPreview');
  const { run } = preview;
  useEffect(() => {
    drop(run({ slipId }), 'slip preview');
  }, [run, slipId]);
  const value = preview.state.kind === 'done' ? preview.state.value.preview : null;
  const url = useSvgUrl(value?.svg ?? null);

  if (preview.state.kind === 'failed') {
    return (
      <p className="notice notice--warn" data-testid="slip-preview-failed">
        {t('print.previewFailed')}
      </p>
    );
  }
  if (!value) return <p className="hint">{t('print.previewLoading')}</p>;
  if (!url) {
    return (
      <pre className="slip-preview-text" data-testid="slip-preview-text">
        {value.lines.join('\n')}
      </pre>
    );
  }
  return <img className="slip-preview-image" data-testid="slip-preview" data-slip-id={value.slipId} src={url} alt={value.lines.join('\n')} />;
}
