/**
 * The payment flow (お支払い) as an explicit state machine:
 *
 *   entering ──SUBMIT──▶ scanning ──CREDENTIAL──▶ checking ──▶ approved
 *       ▲                    ▲                        │
 *       └──BACK/NEW_SALE─────┴──RETRY── declined ◀────┘
 *                                          │ PAY_ELIGIBLE (R8/R32 split)
 *                                          └────────▶ checking (eligible amount by KumaPAY + `cashYen` the rest, same credential)
 *
 * From scanning the cashier may instead show the shop's QR for the customer's app to read
 * (SHOW_QR → mpm, R28; mpm-machine.ts runs it): BACK returns to scanning, NEW_SALE starts over.
 *
 * A second scan while checking is ignored (the machine has no CREDENTIAL there), so one tap
 * never pays twice. The core makes the clientTxnId and announces it with `payment_checking`.
 */
import { assign, fromPromise, setup } from 'xstate';
import type { Credential, Failure, PaymentApproved, TerminalApi } from '../../common/terminal-api';
import { LIMITS } from '../../common/limits';
import { appendDigits, removeLastDigit } from '../format/amount-entry';
import { eligibleYenOf } from '../format/insufficient';
import { failureOfError } from './failure-of';

export interface PaymentContext {
  api: TerminalApi;
  /** What the customer owes, as typed. */
  amountYen: number;
  /** What this attempt asks KumaPAY for: the amount, or the eligible part after R8. */
  requestedYen: number;
  credential: Credential | null;
  checkingTxnId: string | null;
  approved: PaymentApproved | null;
  failure: Failure | null;
}

export type PaymentEvent =
  | { type: 'DIGITS'; digits: string }
  | { type: 'BACKSPACE' }
  | { type: 'CLEAR' }
  | { type: 'SUBMIT' }
  | { type: 'CREDENTIAL'; credential: Credential }
  | { type: 'CHECKING'; clientTxnId: string }
  | { type: 'PAY_ELIGIBLE' }
  | { type: 'RETRY' }
  | { type: 'BACK' }
  | { type: 'NEW_SALE' }
  | { type: 'SHOW_QR' };

interface PayInput {
  api: TerminalApi;
  amountYen: number;
  credential: Credential;
  /** R32: the cash part of a split sale (absent on an ordinary payment). */
  cashYen?: number;
}

/** R8: the part the wallet can cover here, when it is a real split (0 < eligible < asked). */
export function splitEligibleYen(failure: Failure | null, requestedYen: number): number | null {
  const eligibleYen = failure ? eligibleYenOf(failure) : null;
  return eligibleYen !== null && eligibleYen > 0 && eligibleYen < requestedYen ? eligibleYen : null;
}

/** Cash the cashier still has to collect after a split payment (0 when KumaPAY paid it all). */
export function cashRemainderYen(context: Pick<PaymentContext, 'amountYen' | 'approved'>): number {
  if (!context.approved) return 0;
  return context.approved.cashYen ?? Math.max(0, context.amountYen - context.approved.amountYen);
}

const fresh = { amountYen: 0, requestedYen: 0, credential: null, checkingTxnId: null, approved: null, failure: null } as const;

export const paymentMachine = setup({
  types: {
    context: {} as PaymentContext,
    events: {} as PaymentEvent,
    input: {} as { api: TerminalApi },
  },
  actors: {
    pay: fromPromise(async ({ input }: { input: PayInput }) =>
      input.api.call('pay', input.cashYen ? { amountYen: input.amountYen, credential: input.credential, cashYen: input.cashYen } : { amountYen: input.amountYen, credential: input.credential }),
    ),
  },
  guards: {
    hasAmount: ({ context }) => context.amountYen > 0,
    canSplit: ({ context }) => splitEligibleYen(context.failure, context.requestedYen) !== null,
  },
}).createMachine({
  id: 'payment',
  context: ({ input }) => ({ api: input.api, ...fresh }),
  initial: 'entering',
  states: {
    entering: {
      on: {
        DIGITS: {
          actions: assign({
            amountYen: ({ context, event }) => appendDigits(context.amountYen, event.digits, LIMITS.paymentYenMax) ?? context.amountYen,
          }),
        },
        BACKSPACE: { actions: assign({ amountYen: ({ context }) => removeLastDigit(context.amountYen) }) },
        CLEAR: { actions: assign({ amountYen: 0 }) },
        SUBMIT: { guard: 'hasAmount', target: 'scanning', actions: assign({ requestedYen: ({ context }) => context.amountYen }) },
      },
    },
    scanning: {
      on: {
        CREDENTIAL: { target: 'checking', actions: assign({ credential: ({ event }) => event.credential }) },
        SHOW_QR: { target: 'mpm' },
        BACK: { target: 'entering' },
      },
    },
    mpm: {
      on: {
        BACK: { target: 'scanning' },
        NEW_SALE: { target: 'entering', actions: assign(fresh) },
      },
    },
    checking: {
      entry: assign({ checkingTxnId: null, failure: null }),
      invoke: {
        src: 'pay',
        input: ({ context }) => {
          // Entered only through CREDENTIAL or PAY_ELIGIBLE, both of which leave a credential.
          if (!context.credential) throw new Error('checking without a credential');
          // R32: a split asks KumaPAY for the eligible part and records the rest as cash on the same sale.
          const cashYen = context.amountYen - context.requestedYen;
          return { api: context.api, amountYen: context.requestedYen, credential: context.credential, ...(cashYen > 0 ? { cashYen } : {}) };
        },
        onDone: [
          { guard: ({ event }) => event.output.ok, target: 'approved', actions: assign({ approved: ({ event }) => (event.output.ok ? event.output.payment : null) }) },
          { target: 'declined', actions: assign({ failure: ({ event }) => (event.output.ok ? null : event.output) }) },
        ],
        onError: { target: 'declined', actions: assign({ failure: ({ event }) => failureOfError(event.error) }) },
      },
      on: {
        CHECKING: { actions: assign({ checkingTxnId: ({ event }) => event.clientTxnId }) },
      },
    },
    approved: {
      on: { NEW_SALE: { target: 'entering', actions: assign(fresh) } },
    },
    declined: {
      on: {
        PAY_ELIGIBLE: {
          guard: 'canSplit',
          target: 'checking',
          actions: assign({ requestedYen: ({ context }) => splitEligibleYen(context.failure, context.requestedYen) ?? context.requestedYen }),
        },
        RETRY: { target: 'scanning', actions: assign({ credential: null, failure: null, requestedYen: ({ context }) => context.amountYen }) },
        BACK: { target: 'entering', actions: assign({ credential: null, failure: null }) },
        NEW_SALE: { target: 'entering', actions: assign(fresh) },
      },
    },
  },
});
