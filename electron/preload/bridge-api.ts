/**
 * What the preload exposes as `window.kumapay`: the same shape as the renderer's PreloadApi
 * (renderer/bridge/preload-host.ts), which wraps it into a typed TerminalApi and validates
 * every answer and event.
 */
export interface BridgeApi {
  call(command: string, input: unknown): Promise<unknown>;
  subscribe(listener: (event: unknown) => void): () => void;
}
