/** Wires ipc-dispatch to Electron: invoke for commands, a per-window event subscription. */
import { ipcMain, type BrowserWindow, type IpcMainEvent, type IpcMainInvokeEvent } from 'electron';
import type { TerminalApi } from '../../common/terminal-api';
import { dispatchCall, IPC_CALL, IPC_EVENT, IPC_SUBSCRIBE } from './ipc-dispatch';
import type { IpcSenderFacts } from './policy';

function senderFacts(event: IpcMainInvokeEvent | IpcMainEvent, appWindow: () => BrowserWindow | null): IpcSenderFacts {
  const frame = event.senderFrame;
  return {
    frameUrl: frame?.url ?? '',
    isMainFrame: frame !== null && frame === event.sender.mainFrame,
    isAppWindow: event.sender === appWindow()?.webContents,
  };
}

export function registerIpc(core: TerminalApi, appWindow: () => BrowserWindow | null): void {
  ipcMain.handle(IPC_CALL, (event, command: unknown, input: unknown) => dispatchCall(core, senderFacts(event, appWindow), command, input));
  const subscribed = new WeakSet<Electron.WebContents>();
  ipcMain.on(IPC_SUBSCRIBE, (event) => {
    const facts = senderFacts(event, appWindow);
    if (!facts.isAppWindow || !facts.isMainFrame || subscribed.has(event.sender)) return;
    subscribed.add(event.sender);
    const contents = event.sender;
    const unsubscribe = core.subscribe((terminalEvent) => {
      if (!contents.isDestroyed()) contents.send(IPC_EVENT, terminalEvent);
    });
    contents.once('destroyed', unsubscribe);
  });
}
