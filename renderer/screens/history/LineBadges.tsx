import { useTranslation } from 'react-i18next';
import type { HistoryLine } from '../../../common/terminal-api';

/** 取消済 (R17), 未送信 / 送信拒否 for offline items (R20). */
export function LineBadges({ line }: { line: HistoryLine }) {
  const { t } = useTranslation();
  return (
    <span className="badges">
      {line.cancelled && <span className="badge badge--cancelled" data-testid="badge-cancelled">{t('history.cancelled')}</span>}
      {line.state === 'pending' && <span className="badge badge--pending" data-testid="badge-pending">{t('history.pending')}</span>}
      {line.state === 'rejected' && <span className="badge badge--rejected" data-testid="badge-rejected">{t('history.rejected')}</span>}
      {line.offline && line.state === 'synced' && <span className="badge">{t('history.offline')}</span>}
    </span>
  );
}
