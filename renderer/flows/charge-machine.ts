/**
 * The charge flow (チャージ, R10–R13), online only (R21):
 *
 *   scanning ─CREDENTIAL─▶ lookingUp ─▶ amount ─SUBMIT─▶ cash ─SUBMIT─▶ confirm ─CONFIRM─▶ charging ─▶ done
 *                              └────────────────────────▶ failed ◀─────────────────────────────┘
 *
 * Amount and cash are checked before the core is asked (R11 steps and headroom, cash ≥ amount);
 * the core still has the last word (`balance_cap_exceeded` with `maxChargeYen`).
 */
import { assign, fromPromise, setup } from 'xstate';
import type { Credential, ChargeDone, Failure, LookupView, TerminalApi } from '../../common/terminal-api';
import { LIMITS } from '../../common/limits';
import { appendDigits, removeLastDigit } from '../format/amount-entry';
import { chargeAmountProblem, chargeLimitYen } from './charge-rules';
import { RENDERER_LIMITS } from '../limits';
import { failureOfError } from './failure-of';

export interface ChargeContext {
  api: TerminalApi;
  credential: Credential | null;
  wallet: LookupView | null;
  amountYen: number;
  cashReceivedYen: number;
  done: ChargeDone | null;
  failure: Failure | null;
}

export type ChargeEvent =
  | { type: 'CREDENTIAL'; credential: Credential }
  | { type: 'DIGITS'; digits: string }
  | { type: 'BACKSPACE' }
  | { type: 'CLEAR' }
  | { type: 'QUICK'; amountYen: number }
  | { type: 'EXACT' }
  | { type: 'ADD_CASH'; amountYen: number }
  | { type: 'SUBMIT' }
  | { type: 'CONFIRM' }
  | { type: 'BACK' }
  | { type: 'RETRY' }
  | { type: 'NEW' };

const fresh = { credential: null, wallet: null, amountYen: 0, cashReceivedYen: 0, done: null, failure: null } as const;

/** R11: a refusal carries the real headroom; the next attempt should start from it. */
function walletAfterRefusal(wallet: LookupView | null, failure: Failure | null): LookupView | null {
  const maxChargeYen = failure?.details.maxChargeYen;
  if (!wallet || typeof maxChargeYen !== 'number' || !Number.isSafeInteger(maxChargeYen)) return wallet;
  return { ...wallet, maxChargeYen };
}

function limitOf(context: ChargeContext): number {
  return context.wallet ? chargeLimitYen(context.wallet) : 0;
}

export const chargeMachine = setup({
  types: {
    context: {} as ChargeContext,
    events: {} as ChargeEvent,
    input: {} as { api: TerminalApi },
  },
  actors: {
    lookup: fromPromise(async ({ input }: { input: { api: TerminalApi; credential: Credential } }) => input.api.call('lookup', { credential: input.credential })),
    charge: fromPromise(async ({ input }: { input: { api: TerminalApi; credential: Credential; amountYen: number; cashReceivedYen: number } }) =>
      input.api.call('charge', { credential: input.credential, amountYen: input.amountYen, cashReceivedYen: input.cashReceivedYen }),
    ),
  },
  guards: {
    amountValid: ({ context }) => chargeAmountProblem(context.amountYen, limitOf(context)) === null,
    cashEnough: ({ context }) => context.cashReceivedYen >= context.amountYen,
    walletKnown: ({ context }) => context.wallet !== null,
  },
}).createMachine({
  id: 'charge',
  context: ({ input }) => ({ api: input.api, ...fresh }),
  initial: 'scanning',
  states: {
    scanning: {
      on: { CREDENTIAL: { target: 'lookingUp', actions: assign({ credential: ({ event }) => event.credential }) } },
    },
    lookingUp: {
      invoke: {
        src: 'lookup',
        input: ({ context }) => {
          if (!context.credential) throw new Error('lookup without a credential');
          return { api: context.api, credential: context.credential };
        },
        onDone: [
          { guard: ({ event }) => event.output.ok, target: 'amount', actions: assign({ wallet: ({ event }) => (event.output.ok ? event.output.wallet : null) }) },
          { target: 'failed', actions: assign({ failure: ({ event }) => (event.output.ok ? null : event.output) }) },
        ],
        onError: { target: 'failed', actions: assign({ failure: ({ event }) => failureOfError(event.error) }) },
      },
    },
    amount: {
      on: {
        DIGITS: { actions: assign({ amountYen: ({ context, event }) => appendDigits(context.amountYen, event.digits, LIMITS.chargeYenMax) ?? context.amountYen }) },
        BACKSPACE: { actions: assign({ amountYen: ({ context }) => removeLastDigit(context.amountYen) }) },
        CLEAR: { actions: assign({ amountYen: 0 }) },
        QUICK: { actions: assign({ amountYen: ({ event }) => event.amountYen }) },
        SUBMIT: { guard: 'amountValid', target: 'cash', actions: assign({ cashReceivedYen: 0 }) },
        BACK: { target: 'scanning', actions: assign(fresh) },
      },
    },
    cash: {
      on: {
        DIGITS: { actions: assign({ cashReceivedYen: ({ context, event }) => appendDigits(context.cashReceivedYen, event.digits, RENDERER_LIMITS.cashReceivedYenMax) ?? context.cashReceivedYen }) },
        BACKSPACE: { actions: assign({ cashReceivedYen: ({ context }) => removeLastDigit(context.cashReceivedYen) }) },
        CLEAR: { actions: assign({ cashReceivedYen: 0 }) },
        EXACT: { actions: assign({ cashReceivedYen: ({ context }) => context.amountYen }) },
        ADD_CASH: { actions: assign({ cashReceivedYen: ({ context, event }) => Math.min(RENDERER_LIMITS.cashReceivedYenMax, context.cashReceivedYen + event.amountYen) }) },
        SUBMIT: { guard: 'cashEnough', target: 'confirm' },
        BACK: { target: 'amount' },
      },
    },
    confirm: {
      on: {
        CONFIRM: { target: 'charging' },
        BACK: { target: 'cash' },
      },
    },
    charging: {
      invoke: {
        src: 'charge',
        input: ({ context }) => {
          if (!context.credential) throw new Error('charge without a credential');
          return { api: context.api, credential: context.credential, amountYen: context.amountYen, cashReceivedYen: context.cashReceivedYen };
        },
        onDone: [
          { guard: ({ event }) => event.output.ok, target: 'done', actions: assign({ done: ({ event }) => (event.output.ok ? event.output.charge : null) }) },
          { target: 'failed', actions: assign({ failure: ({ event }) => (event.output.ok ? null : event.output) }) },
        ],
        onError: { target: 'failed', actions: assign({ failure: ({ event }) => failureOfError(event.error) }) },
      },
    },
    done: {
      on: { NEW: { target: 'scanning', actions: assign(fresh) } },
    },
    failed: {
      on: {
        RETRY: [
          {
            guard: 'walletKnown',
            target: 'amount',
            actions: assign({ wallet: ({ context }) => walletAfterRefusal(context.wallet, context.failure), failure: null }),
          },
          { target: 'scanning', actions: assign(fresh) },
        ],
        NEW: { target: 'scanning', actions: assign(fresh) },
        BACK: { target: 'scanning', actions: assign(fresh) },
      },
    },
  },
});
