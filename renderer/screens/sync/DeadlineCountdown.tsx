import { useTranslation } from 'react-i18next';
import type { QueueView } from '../../../common/terminal-api';
import { useNow } from '../../hooks/use-now';
import { formatDuration } from '../../format/use-format';

/** R20: offline items must reach the backend before the deadline; past it, no offline approvals. */
export function DeadlineCountdown({ queue }: { queue: QueueView }) {
  const { t } = useTranslation();
  const nowMs = useNow(1_000);
  if (!queue.deadlineAt) return <p className="hint" data-testid="sync-deadline" data-state="none">{t('sync.noDeadline')}</p>;
  const remainingMs = Date.parse(queue.deadlineAt) - nowMs;
  if (remainingMs <= 0) {
    return (
      <p className="notice notice--error" role="alert" data-testid="sync-deadline" data-state="passed">
        {t('sync.deadlinePassed')}
      </p>
    );
  }
  return (
    <div className="figure figure--strong" data-testid="sync-deadline" data-state="running">
      <span>{t('sync.deadline')}</span>
      <span className="countdown" role="timer">
        {formatDuration(remainingMs)}
      </span>
    </div>
  );
}
