import { timeOrderedUuid } from '../../../common/time-ordered-uuid';
/**
 * A client transaction id per money step the citizen means (R28 pay, R23 transfer): the same
 * id while the same step is retried after no answer (so the backend answers the first attempt
 * instead of paying twice), a fresh one once it was answered or the step changed.
 */
export interface TxnIds {
  /** The id for this step; `key` names the step (what is paid or sent, and to whom). */
  idFor(key: string): string;
  /** The step was answered (done or refused): the next step gets a fresh id. */
  settle(): void;
}

export function createTxnIds(newId: () => string = () => timeOrderedUuid(Date.now(), crypto.randomUUID())): TxnIds {
  let pending: { key: string; id: string } | null = null;
  return {
    idFor(key) {
      if (pending?.key !== key) pending = { key, id: newId() };
      return pending.id;
    },
    settle() {
      pending = null;
    },
  };
}

/** A failure with no answer (the host or backend did not reply): the step may have happened. */
export function unanswered(code: string): boolean {
  return code === 'network';
}
