/**
 * The preload: exposes `window.kumapay = { call, subscribe }` and nothing else — verbs, never
 * ipcRenderer. Runs sandboxed, so it is bundled to one CommonJS file (electron/build.ts).
 * The shape is renderer/bridge/preload-host.ts's PreloadApi; main checks every input again.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { BridgeApi } from './bridge-api';

// Literal copies of electron/main/ipc-dispatch.ts's channel names: the sandboxed preload
// bundle keeps to electron and this folder.
const IPC_CALL = 'kumapay:call';
const IPC_SUBSCRIBE = 'kumapay:subscribe';
const IPC_EVENT = 'kumapay:event';

type IpcAnswer = { ok: true; output: unknown } | { ok: false; code: string; message: string };

const listeners = new Set<(event: unknown) => void>();
let subscribed = false;

const api = {
  async call(command: string, input: unknown): Promise<unknown> {
    const answer = (await ipcRenderer.invoke(IPC_CALL, command, input)) as IpcAnswer;
    if (answer.ok) return answer.output;
    throw new Error(`${answer.code}: ${answer.message}`);
  },
  subscribe(listener: (event: unknown) => void): () => void {
    listeners.add(listener);
    if (!subscribed) {
      subscribed = true;
      ipcRenderer.on(IPC_EVENT, (_event: IpcRendererEvent, payload: unknown) => {
        for (const l of [...listeners]) l(payload);
      });
      ipcRenderer.send(IPC_SUBSCRIBE);
    }
    return () => {
      listeners.delete(listener);
    };
  },
} satisfies BridgeApi;

contextBridge.exposeInMainWorld('kumapay', api);
