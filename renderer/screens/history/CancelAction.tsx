/**
 * Cancel one transaction (R14–R17, R31, R32): offered only when allowed, confirmed once, a
 * manager's approval asked for when the signed-in staff is not a manager, the result shown —
 * with a large reminder to hand back the cash part of a split sale, which must be acknowledged.
 */
import { useMachine } from '@xstate/react';
import { useEffect, useRef, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { HistoryLine } from '../../../common/terminal-api';
import { useApi } from '../../hooks/api-context';
import { ApprovalDialog } from '../../components/ApprovalDialog';
import { FailureNotice } from '../../components/FailureNotice';
import type { CancelBlock } from '../../flows/cancel-rules';
import { useFormat } from '../../format/use-format';
import { SlipPanel } from '../receipt/SlipPanel';
import { cancelMachine } from './cancel-machine';

interface CancelActionProps {
  line: HistoryLine;
  block: CancelBlock | null;
  needsApproval: boolean;
  onCancelled(): void;
}

export function CancelAction({ line, block, needsApproval, onCancelled }: CancelActionProps) {
  const { t } = useTranslation();
  const format = useFormat();
  const api = useApi();
  const type = line.type === 'charge' ? 'charge' : line.type === 'point_spend' ? 'point_spend' : 'payment';
  const [snapshot, send] = useMachine(cancelMachine, { input: { api, type, id: line.id, needsApproval } });
  const ackRef = useRef<HTMLButtonElement>(null);
  const reported = useRef(false);
  const state = snapshot.value;
  const { outcome, failure, approvalFailure } = snapshot.context;

  useEffect(() => {
    if ((state === 'reminding' || state === 'done') && !reported.current) {
      reported.current = true;
      onCancelled();
    }
    if (state === 'reminding') ackRef.current?.focus();
  }, [state, onCancelled]);

  // The reminder leaves only by its button: Escape (back) and Tab (away) are kept here.
  function holdReminder(event: KeyboardEvent<HTMLDivElement>): void {
    if (event.key !== 'Escape' && event.key !== 'Tab') return;
    event.preventDefault();
    event.stopPropagation();
  }

  const typeWord = t(`day.type.${line.type}`);
  // R23: a point spend is named by its points, never as yen.
  const confirmText = t('day.cancel.confirm', { amount: line.type === 'point_spend' ? format.points(line.points ?? 0) : format.yen(line.amountYen), type: typeWord });

  if (state === 'reminding' && outcome) {
    return (
      <div className="dialog-backdrop">
        <div className="dialog dialog--reminder" role="alertdialog" aria-modal="true" aria-labelledby="cash-return-title" data-testid="cash-return-reminder" onKeyDown={holdReminder}>
          <p className="reminder-amount" id="cash-return-title">
            {t('day.cancel.cashReturn', { amount: format.yen(outcome.cashToReturnYen ?? 0) })}
          </p>
          <p className="hint">{t('day.cancel.cashReturnHelp')}</p>
          <button type="button" className="button button--primary button--wide" data-testid="cash-return-ack" ref={ackRef} onClick={() => send({ type: 'ACK' })}>
            {t('day.cancel.cashReturnAck')}
          </button>
        </div>
      </div>
    );
  }
  if (state === 'done' && outcome) {
    const { refundYen, writtenOffYen } = outcome;
    const cashBack = outcome.cashToReturnYen ?? 0;
    return (
      <div className="notice notice--ok" data-testid="cancel-done" role="status">
        <p>{t('day.cancel.done')}</p>
        {line.type === 'point_spend' ? (
          <>
            <p data-testid="cancel-points-restored">{t('kumapo.history.restored', { points: format.points(outcome.pointsRestored ?? line.points ?? 0) })}</p>
            {outcome.pointsAfter !== undefined && <p data-testid="cancel-points-after">{t('kumapo.history.pointsNow', { points: format.points(outcome.pointsAfter) })}</p>}
          </>
        ) : line.type === 'charge' ? (
          <p className="reminder-amount" data-testid="cancel-refund-cash">
            {t('day.cancel.refundCash', { amount: format.yen(refundYen) })}
          </p>
        ) : (
          <p data-testid="cancel-refund">{t('day.cancel.refundBalance', { amount: format.yen(refundYen) })}</p>
        )}
        {cashBack > 0 && <p data-testid="cancel-cash-returned">{t('day.cancel.cashReturn', { amount: format.yen(cashBack) })}</p>}
        {writtenOffYen > 0 && <p data-testid="cancel-written-off">{t('day.cancel.writtenOff', { amount: format.yen(writtenOffYen) })}</p>}
        {/* The detail is the screen's right column: the preview opens over the list on the left. */}
        {outcome.slipId && <SlipPanel slipId={outcome.slipId} kind="cancel" previewSide="left" />}
      </div>
    );
  }
  if (block === 'cancelled') return null;
  if (block) {
    return (
      <p className="notice notice--warn" data-testid="cancel-blocked" data-reason={block}>
        {t(`day.cancel.blocked.${block}`)}
      </p>
    );
  }
  const running = state === 'cancelling';
  return (
    <div className="cancel-action">
      {state === 'failed' && failure && <FailureNotice failure={failure} testId="cancel-error" />}
      {(state === 'approving' || (running && snapshot.context.approval)) && (
        <ApprovalDialog
          message={confirmText}
          busy={running}
          failure={approvalFailure}
          onSubmit={(approval) => send({ type: 'SUBMIT', approval })}
          onCancel={() => send({ type: 'BACK' })}
        />
      )}
      {state === 'confirming' || (running && !snapshot.context.approval) ? (
        <div className="confirm" data-testid="cancel-confirm-panel">
          <p>{confirmText}</p>
          {needsApproval && <p className="hint">{t('day.cancel.needsApproval')}</p>}
          <div className="button-row">
            <button type="button" className="button button--danger" data-testid="cancel-confirm" disabled={running} onClick={() => send({ type: 'CONFIRM' })}>
              {running ? t('app.working') : t('day.cancel.yes')}
            </button>
            <button type="button" className="button" data-testid="cancel-back" disabled={running} onClick={() => send({ type: 'BACK' })}>
              {t('app.back')}
            </button>
          </div>
        </div>
      ) : (
        state !== 'approving' &&
        !running && (
          <button type="button" className="button button--danger" data-testid="cancel-button" onClick={() => send({ type: 'START' })}>
            {t('day.cancel.start')}
          </button>
        )
      )}
    </div>
  );
}
