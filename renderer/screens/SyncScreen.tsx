/** 送信状況: the offline queue (R20), its deadline, rejected items and shortfalls, send now. */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useStatus, useStatusStore } from '../hooks/api-context';
import { navigate } from '../hooks/routes';
import { useCommand } from '../hooks/use-command';
import { useKeys } from '../hooks/use-keys';
import { FailureNotice } from '../components/FailureNotice';
import { Screen } from '../components/Screen';
import { drop } from '../format/drop';
import { useFormat } from '../format/use-format';
import { DeadlineCountdown } from './sync/DeadlineCountdown';
import { NotificationList } from './sync/NotificationList';

export function SyncScreen() {
  const { t } = useTranslation();
  const format = useFormat();
  const status = useStatus();
  const statusStore = useStatusStore();
  const syncNow = useCommand('syncNow');
  const acknowledge = useCommand('acknowledge');
  const { queue } = status;
  const [acknowledgingId, setAcknowledgingId] = useState<string | null>(null);

  useKeys((key) => {
    if (key !== 'Escape') return false;
    navigate('home');
    return true;
  });

  async function sync(): Promise<void> {
    await syncNow.run({});
    await statusStore.refresh();
  }

  async function ack(notificationId: string): Promise<void> {
    setAcknowledgingId(notificationId);
    await acknowledge.run({ notificationId });
    setAcknowledgingId(null);
    await statusStore.refresh();
  }

  return (
    <Screen title={t('sync.title')} testId="screen-sync">
      <dl className="figures">
        <div className="figure figure--strong">
          <dt>{t('sync.pending')}</dt>
          <dd data-testid="sync-pending" data-count={queue.pendingCount}>
            {t('sync.pendingValue', { count: queue.pendingCount, amount: format.yen(queue.pendingYen) })}
          </dd>
        </div>
        <div className="figure">
          <dt>{t('sync.lastSync')}</dt>
          <dd>{queue.lastSyncAt ? format.stamp(queue.lastSyncAt) : t('sync.never')}</dd>
        </div>
        <div className="figure">
          <dt>{t('sync.rejected')}</dt>
          <dd data-testid="sync-rejected">{queue.rejectedCount}</dd>
        </div>
        {(queue.unknownCount ?? 0) > 0 && (
          <div className="figure figure--warn">
            <dt>{t('sync.unknown')}</dt>
            <dd data-testid="sync-unknown">{queue.unknownCount}</dd>
          </div>
        )}
      </dl>
      <DeadlineCountdown queue={queue} />
      <button type="button" className="button button--primary sync-now" data-testid="sync-now" disabled={syncNow.state.kind === 'running'} onClick={() => drop(sync(), 'sync now')}>
        {syncNow.state.kind === 'running' ? t('app.working') : t('sync.syncNow')}
      </button>
      {syncNow.state.kind === 'done' && (
        <p className="notice notice--ok" data-testid="sync-result">
          {t('sync.syncResult', syncNow.state.value)}
        </p>
      )}
      {syncNow.state.kind === 'failed' && <FailureNotice failure={syncNow.state.failure} testId="sync-error" />}
      {/* The notices scroll inside their own box: the figures and 今すぐ送信 stay on screen at 1024×768. */}
      <section className="sync-notices" aria-labelledby="sync-notices-title">
        <h2 id="sync-notices-title" className="sync-notices-title">
          {t('sync.notifications')}
        </h2>
        {acknowledge.state.kind === 'failed' && <FailureNotice failure={acknowledge.state.failure} />}
        <div className="sync-notices-scroll">
          <NotificationList notifications={status.notifications} busyId={acknowledgingId} onAcknowledge={(id) => drop(ack(id), 'acknowledge')} />
        </div>
      </section>
    </Screen>
  );
}
