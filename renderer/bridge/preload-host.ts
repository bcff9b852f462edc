/**
 * The Electron host: the preload exposes `window.kumapay = { call, subscribe }` through
 * contextBridge. It is our code too, but an IPC failure rejects, and a bad event must not
 * crash the page, so both directions pass through the same checks as the HTTP host.
 */
import type { CommandName, CommandOutputs, TerminalApi } from '../../common/terminal-api';
import { describeError, failureOutput } from './host-error';
import { isCommandOutput, parseTerminalEvent } from './validate';

export interface PreloadApi {
  call(command: string, input: unknown): Promise<unknown>;
  subscribe(listener: (event: unknown) => void): () => void;
}

export function isPreloadApi(value: unknown): value is PreloadApi {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Record<string, unknown>;
  return typeof candidate.call === 'function' && typeof candidate.subscribe === 'function';
}

export function wrapPreload(preload: PreloadApi, onMalformedEvent = (raw: unknown) => console.warn('kumapay: unreadable event ignored', raw)): TerminalApi {
  async function call<C extends CommandName>(command: C, input: unknown): Promise<CommandOutputs[C]> {
    let output: unknown;
    try {
      output = await preload.call(command, input);
    } catch (error) {
      return failureOutput(command, 'network', `terminal core did not answer ${command}: ${describeError(error)}`);
    }
    if (isCommandOutput(command, output)) return output as CommandOutputs[C];
    return failureOutput(command, 'network', `terminal core gave a malformed answer to ${command}`);
  }
  return {
    call: (command, input) => call(command, input),
    subscribe: (listener) =>
      preload.subscribe((raw) => {
        const event = parseTerminalEvent(raw);
        if (event) listener(event);
        else onMalformedEvent(raw);
      }),
  };
}
