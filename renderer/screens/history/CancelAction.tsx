/** Cancel one transaction (R14–R17): offered only when allowed, confirmed once, result shown. */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { HistoryLine } from '../../../common/terminal-api';
import { useCommand } from '../../app/use-command';
import { FailureNotice } from '../../components/FailureNotice';
import type { CancelBlock } from '../../flows/cancel-rules';
import { drop } from '../../format/drop';
import { useFormat } from '../../format/use-format';

const BLOCK_KEYS = {
  type: 'history.cannotCancelType',
  cancelled: 'history.cancelled',
  role: 'history.cannotCancelRole',
  pending: 'history.cannotCancelPending',
  offline: 'history.cannotCancelOffline',
  window: 'history.cannotCancelWindow',
} as const satisfies Record<CancelBlock, string>;

export function CancelAction({ line, block, onCancelled }: { line: HistoryLine; block: CancelBlock | null; onCancelled(): void }) {
  const { t } = useTranslation();
  const format = useFormat();
  const cancel = useCommand('cancel');
  const [confirming, setConfirming] = useState(false);

  if (cancel.state.kind === 'done') {
    const { refundYen, writtenOffYen } = cancel.state.value;
    return (
      <div className="notice notice--ok" data-testid="cancel-done" role="status">
        <p>{t('history.cancelDone')}</p>
        <p>{line.type === 'charge' ? t('history.refundCash', { amount: format.yen(refundYen) }) : `${t('history.refund')}: ${format.yen(refundYen)}`}</p>
        {writtenOffYen > 0 && <p data-testid="cancel-written-off">{t('history.writtenOff', { amount: format.yen(writtenOffYen) })}</p>}
      </div>
    );
  }
  if (block === 'cancelled') return null;
  if (block) {
    return (
      <p className="notice notice--warn" data-testid="cancel-blocked" data-reason={block}>
        {t(BLOCK_KEYS[block])}
      </p>
    );
  }
  async function run(): Promise<void> {
    if (line.type === 'migration') return;
    const result = await cancel.run({ type: line.type, id: line.id });
    setConfirming(false);
    if (result) onCancelled();
  }
  return (
    <div className="cancel-action">
      {cancel.state.kind === 'failed' && <FailureNotice failure={cancel.state.failure} testId="cancel-error" />}
      {confirming ? (
        <div className="confirm" data-testid="cancel-confirm-panel">
          <p>{t('history.cancelConfirm', { amount: format.yen(line.amountYen), type: t(`history.type.${line.type}`) })}</p>
          <div className="button-row">
            <button type="button" className="button button--danger" data-testid="cancel-confirm" disabled={cancel.state.kind === 'running'} onClick={() => drop(run(), 'cancel')}>
              {cancel.state.kind === 'running' ? t('app.working') : t('history.cancelYes')}
            </button>
            <button type="button" className="button" onClick={() => setConfirming(false)}>
              {t('app.back')}
            </button>
          </div>
        </div>
      ) : (
        <button type="button" className="button button--danger" data-testid="cancel-transaction" onClick={() => setConfirming(true)}>
          {t('history.cancel')}
        </button>
      )}
    </div>
  );
}
