/**
 * IPC from the renderer, checked before the core sees it: the sender must be the app window's
 * top frame on the app origin, the command must exist, and its input must pass the command's
 * zod schema (`commandInputs`). Pure apart from the core call, so it is tested without Electron.
 */
import { isCommandName, parseCommandInput, type TerminalApi } from '../../common/terminal-api';
import { customerSenderAllowed, ipcCommandAllowed, ipcSenderAllowed, type IpcSenderFacts } from './policy';

export const IPC_CALL = 'kumapay:call';
export const IPC_SUBSCRIBE = 'kumapay:subscribe';
export const IPC_EVENT = 'kumapay:event';

export type IpcAnswer = { ok: true; output: unknown } | { ok: false; code: 'forbidden' | 'not_found' | 'invalid_request'; message: string };

export async function dispatchCall(core: TerminalApi, sender: IpcSenderFacts, command: unknown, input: unknown): Promise<IpcAnswer> {
  if (!ipcSenderAllowed(sender) && !customerSenderAllowed(sender)) return { ok: false, code: 'forbidden', message: 'IPC from an unexpected sender.' };
  if (typeof command !== 'string' || !isCommandName(command)) return { ok: false, code: 'not_found', message: 'No such command.' };
  if (!ipcCommandAllowed(sender, command)) return { ok: false, code: 'forbidden', message: 'The customer display may not call this.' };
  const parsed = parseCommandInput(command, input);
  if (!parsed.ok) return { ok: false, code: 'invalid_request', message: parsed.message };
  return { ok: true, output: await core.call(command, parsed.input) };
}
