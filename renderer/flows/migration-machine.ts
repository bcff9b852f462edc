/**
 * Card → app migration (残高移行, R19), online only (R21):
 *
 *   readingCard ─CARD─▶ lookingUpCard ─▶ cardShown ─NEXT─▶ readingApp ─CREDENTIAL─▶ lookingUpApp ─▶ confirm ─CONFIRM─▶ migrating ─▶ done
 *                              └───────────────────────────────▶ failed ◀──────────────────────────────────────────────────┘
 *
 * Both wallets are looked up first so the supporter confirms both sides. A retired card is
 * stopped at the first lookup with `card_migrated`, before the customer's QR is asked for.
 */
import { assign, fromPromise, setup } from 'xstate';
import type { Credential, Failure, LookupView, TerminalApi } from '../../common/terminal-api';
import type { LotView } from '../../common/wire/primitives';
import { failure } from '../bridge/host-error';
import { cardRefOf, type CardRef } from '../scan/credential';
import { failureOfError } from './failure-of';

export interface MigrationResult {
  migrationId: string;
  movedYen: number;
  lots: LotView[];
  /**
   * The app wallet's balance after the move: the core's `balanceAfter.totalYen` when it sends
   * one (additive), else the app balance looked up before plus what moved (R19 moves it all).
   */
  appBalanceAfterYen: number | null;
  /** R29: the migration's slip, printed after the move and printable again. */
  slipId: string | null;
}

function appBalanceAfterYen(output: { movedYen: number }, appWallet: LookupView | null): number | null {
  const balanceAfter = (output as { balanceAfter?: { totalYen?: unknown } }).balanceAfter;
  if (balanceAfter && typeof balanceAfter.totalYen === 'number') return balanceAfter.totalYen;
  return appWallet ? appWallet.totalYen + output.movedYen : null;
}

export interface MigrationContext {
  api: TerminalApi;
  card: CardRef | null;
  cardWallet: LookupView | null;
  appCredential: Credential | null;
  appWallet: LookupView | null;
  result: MigrationResult | null;
  failure: Failure | null;
}

export type MigrationEvent =
  | { type: 'CARD'; credential: Credential }
  | { type: 'NEXT' }
  | { type: 'CREDENTIAL'; credential: Credential }
  | { type: 'CONFIRM' }
  | { type: 'BACK' }
  | { type: 'RESTART' };

const fresh = { card: null, cardWallet: null, appCredential: null, appWallet: null, result: null, failure: null } as const;

function cardCredential(card: CardRef): Credential {
  return 'nfcUid' in card ? { type: 'card', nfcUid: card.nfcUid } : { type: 'card', cardNumber: card.cardNumber };
}

/** A successful lookup of the wrong kind of wallet is a refusal here, in the contract's codes. */
function checkedLookup(output: Awaited<ReturnType<typeof lookupCall>>, want: 'card' | 'app'): { wallet: LookupView } | { failure: Failure } {
  if (!output.ok) return { failure: output };
  const wallet = output.wallet;
  if (want === 'card' && wallet.kind !== 'card') return { failure: failure('card_unknown', 'not a card wallet') };
  if (want === 'card' && wallet.status === 'retired') return { failure: failure('card_migrated', 'card already migrated') };
  if (want === 'app' && wallet.kind !== 'app') return { failure: failure('wallet_not_app', 'not an app wallet') };
  return { wallet };
}

function lookupCall(api: TerminalApi, credential: Credential) {
  return api.call('lookup', { credential });
}

export const migrationMachine = setup({
  types: {
    context: {} as MigrationContext,
    events: {} as MigrationEvent,
    input: {} as { api: TerminalApi },
  },
  actors: {
    lookupCard: fromPromise(async ({ input }: { input: { api: TerminalApi; credential: Credential } }) => checkedLookup(await lookupCall(input.api, input.credential), 'card')),
    lookupApp: fromPromise(async ({ input }: { input: { api: TerminalApi; credential: Credential } }) => checkedLookup(await lookupCall(input.api, input.credential), 'app')),
    migrate: fromPromise(async ({ input }: { input: { api: TerminalApi; card: CardRef; to: Credential } }) => input.api.call('migrate', { card: input.card, to: input.to })),
  },
}).createMachine({
  id: 'migration',
  context: ({ input }) => ({ api: input.api, ...fresh }),
  initial: 'readingCard',
  states: {
    readingCard: {
      on: {
        CARD: { guard: ({ event }) => cardRefOf(event.credential) !== null, target: 'lookingUpCard', actions: assign({ card: ({ event }) => cardRefOf(event.credential) }) },
      },
    },
    lookingUpCard: {
      invoke: {
        src: 'lookupCard',
        input: ({ context }) => {
          if (!context.card) throw new Error('card lookup without a card');
          return { api: context.api, credential: cardCredential(context.card) };
        },
        onDone: [
          { guard: ({ event }) => 'wallet' in event.output, target: 'cardShown', actions: assign({ cardWallet: ({ event }) => ('wallet' in event.output ? event.output.wallet : null) }) },
          { target: 'failed', actions: assign({ failure: ({ event }) => ('failure' in event.output ? event.output.failure : null) }) },
        ],
        onError: { target: 'failed', actions: assign({ failure: ({ event }) => failureOfError(event.error) }) },
      },
    },
    cardShown: {
      on: {
        NEXT: { target: 'readingApp' },
        BACK: { target: 'readingCard', actions: assign(fresh) },
      },
    },
    readingApp: {
      on: {
        CREDENTIAL: { guard: ({ event }) => event.credential.type === 'cpm', target: 'lookingUpApp', actions: assign({ appCredential: ({ event }) => event.credential }) },
        BACK: { target: 'cardShown' },
      },
    },
    lookingUpApp: {
      invoke: {
        src: 'lookupApp',
        input: ({ context }) => {
          if (!context.appCredential) throw new Error('app lookup without a credential');
          return { api: context.api, credential: context.appCredential };
        },
        onDone: [
          { guard: ({ event }) => 'wallet' in event.output, target: 'confirm', actions: assign({ appWallet: ({ event }) => ('wallet' in event.output ? event.output.wallet : null) }) },
          { target: 'failed', actions: assign({ failure: ({ event }) => ('failure' in event.output ? event.output.failure : null) }) },
        ],
        onError: { target: 'failed', actions: assign({ failure: ({ event }) => failureOfError(event.error) }) },
      },
    },
    confirm: {
      on: {
        CONFIRM: { target: 'migrating' },
        BACK: { target: 'readingApp', actions: assign({ appCredential: null, appWallet: null }) },
      },
    },
    migrating: {
      invoke: {
        src: 'migrate',
        input: ({ context }) => {
          if (!context.card || !context.appCredential) throw new Error('migration without both sides');
          return { api: context.api, card: context.card, to: context.appCredential };
        },
        onDone: [
          {
            guard: ({ event }) => event.output.ok,
            target: 'done',
            actions: assign({
              result: ({ context, event }) =>
                event.output.ok
                  ? {
                      migrationId: event.output.migrationId,
                      movedYen: event.output.movedYen,
                      lots: event.output.lots,
                      appBalanceAfterYen: appBalanceAfterYen(event.output, context.appWallet),
                      slipId: event.output.slipId ?? null,
                    }
                  : null,
            }),
          },
          { target: 'failed', actions: assign({ failure: ({ event }) => (event.output.ok ? null : event.output) }) },
        ],
        onError: { target: 'failed', actions: assign({ failure: ({ event }) => failureOfError(event.error) }) },
      },
    },
    done: { on: { RESTART: { target: 'readingCard', actions: assign(fresh) } } },
    failed: {
      on: {
        RESTART: { target: 'readingCard', actions: assign(fresh) },
        BACK: { target: 'readingCard', actions: assign(fresh) },
      },
    },
  },
});
