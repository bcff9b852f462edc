/**
 * QRを表示 (R28, dynamic MPM) as an explicit state machine. The core makes the request and
 * watches it; its `mpm_request` events move this machine (UPDATE):
 *
 *   creating ──▶ showing ──UPDATE paid──▶ paid
 *      ▲  │        │  └──UPDATE expired──▶ expired ──AGAIN──▶ creating
 *      │  │        └──WITHDRAW──▶ withdrawing ──▶ withdrawn | paid (the customer was first) | expired
 *      │  └──▶ failed ──AGAIN──┘                  (no answer: back to showing, still valid)
 *      └── lost (the core stopped watching before the outcome; the notices will say) ──AGAIN
 *
 * A request left open by an earlier screen (a reload) is withdrawn before a new one is made.
 */
import { assign, fromPromise, setup } from 'xstate';
import type { CommandOutputs, Failure, MpmRequestView, TerminalApi } from '../../common/terminal-api';
import { callOrFailure } from './failure-of';

/** What the QR asks for: yen, or KumaPo points at a KumaPo store (R23). */
export type MpmAsk = { amountYen: number } | { points: number };

export interface MpmContext {
  api: TerminalApi;
  ask: MpmAsk;
  view: MpmRequestView | null;
  failure: Failure | null;
}

export type MpmEvent = { type: 'UPDATE'; request: MpmRequestView } | { type: 'WITHDRAW' } | { type: 'AGAIN' };

type Answer = CommandOutputs['mpmCreate'] | Failure;

async function create(api: TerminalApi, ask: MpmAsk): Promise<Answer> {
  const first = await callOrFailure(api, 'mpmCreate', ask);
  const open = !first.ok && first.details.reason === 'mpm_request_open' ? first.details.requestId : null;
  if (typeof open !== 'string') return first;
  await callOrFailure(api, 'mpmWithdraw', { requestId: open });
  return callOrFailure(api, 'mpmCreate', ask);
}

/** The state a request's view puts the screen in. */
function stateOf(view: MpmRequestView): 'showing' | 'paid' | 'expired' | 'withdrawn' | 'lost' {
  if (view.status === 'pending') return view.watching ? 'showing' : 'lost';
  return view.status;
}

/** An UPDATE about the request on screen that puts it in `state`. */
function updateTo(state: ReturnType<typeof stateOf>) {
  return ({ context, event }: { context: MpmContext; event: MpmEvent }) =>
    event.type === 'UPDATE' && event.request.requestId === context.view?.requestId && stateOf(event.request) === state;
}

export const mpmMachine = setup({
  types: {
    context: {} as MpmContext,
    events: {} as MpmEvent,
    input: {} as { api: TerminalApi; ask: MpmAsk },
  },
  actors: {
    create: fromPromise(async ({ input }: { input: { api: TerminalApi; ask: MpmAsk } }) => create(input.api, input.ask)),
    withdraw: fromPromise(async ({ input }: { input: { api: TerminalApi; requestId: string } }) => callOrFailure(input.api, 'mpmWithdraw', { requestId: input.requestId })),
  },
}).createMachine({
  id: 'mpm',
  context: ({ input }) => ({ api: input.api, ask: input.ask, view: null, failure: null }),
  initial: 'creating',
  states: {
    creating: {
      entry: assign({ view: null, failure: null }),
      invoke: {
        src: 'create',
        input: ({ context }) => ({ api: context.api, ask: context.ask }),
        onDone: [
          { guard: ({ event }) => event.output.ok, target: 'showing', actions: assign({ view: ({ event }) => (event.output.ok ? event.output.request : null) }) },
          { target: 'failed', actions: assign({ failure: ({ event }) => (event.output.ok ? null : event.output) }) },
        ],
      },
    },
    showing: {
      on: {
        UPDATE: [
          { guard: updateTo('paid'), target: 'paid', actions: assign({ view: ({ event }) => event.request }) },
          { guard: updateTo('expired'), target: 'expired', actions: assign({ view: ({ event }) => event.request }) },
          { guard: updateTo('withdrawn'), target: 'withdrawn', actions: assign({ view: ({ event }) => event.request }) },
          { guard: updateTo('lost'), target: 'lost', actions: assign({ view: ({ event }) => event.request }) },
        ],
        WITHDRAW: { target: 'withdrawing' },
      },
    },
    withdrawing: {
      entry: assign({ failure: null }),
      invoke: {
        src: 'withdraw',
        input: ({ context }) => ({ api: context.api, requestId: context.view?.requestId ?? '' }),
        onDone: [
          { guard: ({ event }) => event.output.ok && event.output.request.status === 'paid', target: 'paid', actions: assign({ view: ({ event }) => (event.output.ok ? event.output.request : null) }) },
          { guard: ({ event }) => event.output.ok && event.output.request.status === 'expired', target: 'expired', actions: assign({ view: ({ event }) => (event.output.ok ? event.output.request : null) }) },
          { guard: ({ event }) => event.output.ok, target: 'withdrawn', actions: assign({ view: ({ event }) => (event.output.ok ? event.output.request : null) }) },
          // Not known whether it was withdrawn: it is still shown and watched.
          { target: 'showing', actions: assign({ failure: ({ event }) => (event.output.ok ? null : event.output) }) },
        ],
      },
      on: {
        // The payment's event may come before the withdraw's answer.
        UPDATE: { guard: updateTo('paid'), target: 'paid', actions: assign({ view: ({ event }) => event.request }) },
      },
    },
    paid: {},
    expired: { on: { AGAIN: 'creating' } },
    withdrawn: { on: { AGAIN: 'creating' } },
    lost: { on: { AGAIN: 'creating' } },
    failed: { on: { AGAIN: 'creating' } },
  },
});

/** True while the request may still be paid: leaving then withdraws it. */
export function mpmOpen(state: string): boolean {
  return state === 'showing' || state === 'withdrawing';
}
