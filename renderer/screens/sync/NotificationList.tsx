import { useTranslation } from 'react-i18next';
import type { NotificationView } from '../../../common/terminal-api';
import { useFormat } from '../../format/use-format';

/** Rejected offline items and shortfalls (R20) until someone says they have seen them. */
export function NotificationList({ notifications, onAcknowledge, busyId }: { notifications: readonly NotificationView[]; onAcknowledge(id: string): void; busyId: string | null }) {
  const { t } = useTranslation();
  const format = useFormat();
  if (notifications.length === 0) return <p className="hint">{t('sync.noNotifications')}</p>;
  return (
    <ul className="notifications">
      {notifications.map((notification) => (
        <li key={notification.id} className={`notification notification--${notification.kind}${notification.acknowledged ? ' notification--seen' : ''}`} data-testid="notification" data-kind={notification.kind}>
          <p className="notification-title">
            {t(`sync.kind.${notification.kind}`)}
            {notification.amountYen !== null && ` · ${format.yen(notification.amountYen)}`}
          </p>
          <p className="notification-text">
            {format.dateTime(notification.createdAt)} {notification.message}
          </p>
          {notification.acknowledged ? (
            <span className="badge">{t('sync.acknowledged')}</span>
          ) : (
            <button type="button" className="button" data-testid="notification-acknowledge" disabled={busyId === notification.id} onClick={() => onAcknowledge(notification.id)}>
              {t('sync.acknowledge')}
            </button>
          )}
        </li>
      ))}
    </ul>
  );
}
