import { useTranslation } from 'react-i18next';
import type { NotificationView } from '../../../common/terminal-api';
import { useFormat } from '../../format/use-format';
import { rejectionReason } from './rejection-reasons';

/**
 * What a notice says, in the cashier's language, from its structured fields: when the payment
 * was made (JST), the amount, why, and what to do. Notices written before the core kept those
 * fields show the core's stored message, as before.
 */
function NoticeText({ notification }: { notification: NotificationView }) {
  const { t } = useTranslation();
  const format = useFormat();
  const occurredAt = notification.occurredAt ?? null;
  const amount = notification.amountYen === null ? '' : format.yen(notification.amountYen);
  if (occurredAt !== null && notification.kind === 'offline_rejected') {
    const { reason, action } = rejectionReason(notification.reasonCode);
    return (
      <>
        <p className="notification-text">{t('sync.rejectedText', { time: format.stamp(occurredAt), amount })}</p>
        <p className="notification-text" data-testid="notification-reason">
          {t('sync.reasonLabel', { reason: t(`sync.reason.${reason}`) })}
        </p>
        <p className="notification-text notification-action" data-testid="notification-action">
          {t(`sync.action.${action}`, { amount })}
        </p>
      </>
    );
  }
  if (occurredAt !== null && notification.kind === 'offline_shortfall') {
    return <p className="notification-text">{t('sync.shortfallText', { time: format.stamp(occurredAt), amount })}</p>;
  }
  return (
    <p className="notification-text">
      {format.stamp(notification.createdAt)} {notification.message}
    </p>
  );
}

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
          <NoticeText notification={notification} />
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
