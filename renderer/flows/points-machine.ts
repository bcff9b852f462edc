/**
 * クマポ利用 (R23) as an explicit state machine:
 *
 *   entering ──SUBMIT──▶ scanning ──CREDENTIAL──▶ spending ──▶ done
 *       ▲                  │  ▲                      │
 *       └──BACK/NEW────────┤  └──RETRY── declined ◀──┘
 *                          └──SHOW_QR──▶ mpm (the customer's app reads the shop's QR, R28)
 *
 * A second scan while spending is ignored (no CREDENTIAL there), so one read never spends twice.
 */
import { assign, fromPromise, setup } from 'xstate';
import { LIMITS } from '../../common/limits';
import type { Credential, Failure, PointSpendDone, TerminalApi } from '../../common/terminal-api';
import { appendDigits, removeLastDigit } from '../format/amount-entry';
import { callOrFailure } from './failure-of';

export interface PointsContext {
  api: TerminalApi;
  points: number;
  credential: Credential | null;
  spend: PointSpendDone | null;
  failure: Failure | null;
}

export type PointsEvent =
  | { type: 'DIGITS'; digits: string }
  | { type: 'BACKSPACE' }
  | { type: 'CLEAR' }
  | { type: 'SUBMIT' }
  | { type: 'CREDENTIAL'; credential: Credential }
  | { type: 'SHOW_QR' }
  | { type: 'RETRY' }
  | { type: 'BACK' }
  | { type: 'NEW' };

const fresh = { points: 0, credential: null, spend: null, failure: null } as const;

export const pointsMachine = setup({
  types: {
    context: {} as PointsContext,
    events: {} as PointsEvent,
    input: {} as { api: TerminalApi },
  },
  actors: {
    spend: fromPromise(async ({ input }: { input: { api: TerminalApi; points: number; credential: Credential } }) =>
      callOrFailure(input.api, 'pointSpend', { points: input.points, credential: input.credential }),
    ),
  },
  guards: {
    hasPoints: ({ context }) => context.points > 0,
  },
}).createMachine({
  id: 'points',
  context: ({ input }) => ({ api: input.api, ...fresh }),
  initial: 'entering',
  states: {
    entering: {
      on: {
        DIGITS: { actions: assign({ points: ({ context, event }) => appendDigits(context.points, event.digits, LIMITS.pointsWalletMax) ?? context.points }) },
        BACKSPACE: { actions: assign({ points: ({ context }) => removeLastDigit(context.points) }) },
        CLEAR: { actions: assign({ points: 0 }) },
        SUBMIT: { guard: 'hasPoints', target: 'scanning' },
      },
    },
    scanning: {
      on: {
        CREDENTIAL: { target: 'spending', actions: assign({ credential: ({ event }) => event.credential }) },
        SHOW_QR: { target: 'mpm' },
        BACK: { target: 'entering' },
      },
    },
    spending: {
      entry: assign({ failure: null }),
      invoke: {
        src: 'spend',
        input: ({ context }) => {
          if (!context.credential) throw new Error('spending without a credential');
          return { api: context.api, points: context.points, credential: context.credential };
        },
        onDone: [
          { guard: ({ event }) => event.output.ok, target: 'done', actions: assign({ spend: ({ event }) => (event.output.ok ? event.output.spend : null) }) },
          { target: 'declined', actions: assign({ failure: ({ event }) => (event.output.ok ? null : event.output) }) },
        ],
      },
    },
    done: { on: { NEW: { target: 'entering', actions: assign(fresh) } } },
    declined: {
      on: {
        RETRY: { target: 'scanning', actions: assign({ credential: null, failure: null }) },
        BACK: { target: 'entering', actions: assign({ credential: null, failure: null }) },
        NEW: { target: 'entering', actions: assign(fresh) },
      },
    },
    mpm: {
      on: {
        BACK: { target: 'scanning' },
        NEW: { target: 'entering', actions: assign(fresh) },
      },
    },
  },
});
