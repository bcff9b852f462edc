/**
 * Cancelling one transaction (R14–R17, R31, R32):
 *
 *   idle ─START─▶ confirming ─CONFIRM─▶ cancelling ──────────────▶ done
 *                     │                    │  ▲  └─ cash to return ─▶ reminding ─ACK─▶ done
 *                     │ (needs approval)    │  │
 *                     └──────CONFIRM──▶ approving ─SUBMIT─┘
 *
 * A cashier (or a charger) needs a manager's code and PIN at the terminal; a wrong one, or a
 * locked-out manager, keeps the dialog open with the reason so it can be tried again (or
 * another manager called). A backend that asks for approval the UI did not expect (`missing`)
 * opens the dialog too. Any other refusal ends in `failed`.
 */
import { assign, fromPromise, setup } from 'xstate';
import type { CommandOutputs, Failure, TerminalApi } from '../../../common/terminal-api';
import { callOrFailure } from '../../flows/failure-of';

export interface Approval {
  staffCode: string;
  pin: string;
}

export type CancelOutcome = Extract<CommandOutputs['cancel'], { ok: true }>;

export interface CancelContext {
  api: TerminalApi;
  type: CancelType;
  id: string;
  needsApproval: boolean;
  approval: Approval | null;
  /** The last refusal of the approval itself (wrong code/PIN, locked), shown in the dialog. */
  approvalFailure: Failure | null;
  failure: Failure | null;
  outcome: CancelOutcome | null;
}

export type CancelEvent = { type: 'START' } | { type: 'CONFIRM' } | { type: 'BACK' } | { type: 'SUBMIT'; approval: Approval } | { type: 'ACK' };

/** R23: a KumaPo spend cancels like a payment, in points. */
export type CancelType = 'payment' | 'charge' | 'point_spend';

export interface CancelInput {
  api: TerminalApi;
  type: CancelType;
  id: string;
  needsApproval: boolean;
}

type CallOutput = CommandOutputs['cancel'];

/** A refusal that is about the approval: the dialog stays (or opens) for another try. */
function isApprovalRefusal(output: CallOutput): boolean {
  return !output.ok && (output.code === 'approval_required' || output.code === 'staff_locked');
}

export const cancelMachine = setup({
  types: {
    context: {} as CancelContext,
    events: {} as CancelEvent,
    input: {} as CancelInput,
  },
  actors: {
    cancel: fromPromise(async ({ input }: { input: { api: TerminalApi; type: CancelType; id: string; approval: Approval | null } }): Promise<CallOutput> => {
      return callOrFailure(input.api, 'cancel', { type: input.type, id: input.id, ...(input.approval ? { approval: input.approval } : {}) });
    }),
  },
}).createMachine({
  id: 'cancel',
  context: ({ input }) => ({ ...input, approval: null, approvalFailure: null, failure: null, outcome: null }),
  initial: 'idle',
  states: {
    idle: { on: { START: 'confirming' } },
    confirming: {
      on: {
        CONFIRM: [{ guard: ({ context }) => context.needsApproval, target: 'approving' }, { target: 'cancelling' }],
        BACK: 'idle',
      },
    },
    approving: {
      on: {
        SUBMIT: { target: 'cancelling', actions: assign({ approval: ({ event }) => event.approval }) },
        BACK: { target: 'idle', actions: assign({ approval: null, approvalFailure: null }) },
      },
    },
    cancelling: {
      entry: assign({ failure: null }),
      invoke: {
        src: 'cancel',
        input: ({ context }) => ({ api: context.api, type: context.type, id: context.id, approval: context.approval }),
        onDone: [
          {
            guard: ({ event }) => event.output.ok && (event.output.cashToReturnYen ?? 0) > 0,
            target: 'reminding',
            actions: assign({ outcome: ({ event }) => (event.output.ok ? event.output : null), approvalFailure: null }),
          },
          { guard: ({ event }) => event.output.ok, target: 'done', actions: assign({ outcome: ({ event }) => (event.output.ok ? event.output : null), approvalFailure: null }) },
          {
            guard: ({ event }) => isApprovalRefusal(event.output),
            target: 'approving',
            actions: assign({ approvalFailure: ({ event }) => (event.output.ok ? null : event.output), approval: null }),
          },
          { target: 'failed', actions: assign({ failure: ({ event }) => (event.output.ok ? null : event.output) }) },
        ],
      },
    },
    reminding: { on: { ACK: 'done' } },
    done: { type: 'final' },
    failed: { on: { START: 'confirming', BACK: 'idle' } },
  },
});
