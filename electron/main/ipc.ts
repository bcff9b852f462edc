/**
 * Wires ipc-dispatch to Electron: invoke for commands, a per-window event subscription. The
 * app window hears every event; the customer-facing window only what it shows.
 */
import { ipcMain, type BrowserWindow, type IpcMainEvent, type IpcMainInvokeEvent } from 'electron';
import type { TerminalApi } from '../../common/terminal-api';
import { dispatchCall, IPC_CALL, IPC_EVENT, IPC_SUBSCRIBE } from './ipc-dispatch';
import { customerSenderAllowed, customerWindowHears, ipcSenderAllowed, type IpcSenderFacts } from './policy';

export interface ShellWindows {
  app: () => BrowserWindow | null;
  customer: () => BrowserWindow | null;
}

function senderFacts(event: IpcMainInvokeEvent | IpcMainEvent, windows: ShellWindows): IpcSenderFacts {
  const frame = event.senderFrame;
  return {
    frameUrl: frame?.url ?? '',
    isMainFrame: frame !== null && frame === event.sender.mainFrame,
    isAppWindow: event.sender === windows.app()?.webContents,
    isCustomerWindow: event.sender === windows.customer()?.webContents,
  };
}

export function registerIpc(core: TerminalApi, windows: ShellWindows): void {
  ipcMain.handle(IPC_CALL, (event, command: unknown, input: unknown) => dispatchCall(core, senderFacts(event, windows), command, input));
  const subscribed = new WeakSet<Electron.WebContents>();
  ipcMain.on(IPC_SUBSCRIBE, (event) => {
    const facts = senderFacts(event, windows);
    const app = ipcSenderAllowed(facts);
    if ((!app && !customerSenderAllowed(facts)) || subscribed.has(event.sender)) return;
    subscribed.add(event.sender);
    const contents = event.sender;
    const unsubscribe = core.subscribe((terminalEvent) => {
      if (!app && !customerWindowHears(terminalEvent)) return;
      if (!contents.isDestroyed()) contents.send(IPC_EVENT, terminalEvent);
    });
    contents.once('destroyed', unsubscribe);
  });
}
