/**
 * The browser host protocol: the page is served by the terminal core on 127.0.0.1 with a
 * per-run secret in a meta tag. Commands are `POST /api/call/<command>` (JSON in, the command's
 * output JSON out), events are Server-Sent Events on `/api/events`.
 */
import type { CommandName, CommandOutputs, TerminalApi, TerminalEvent } from '../../common/terminal-api';
import { describeError, failureOutput } from './host-error';
import { isCommandOutput, isRecord, parseEventData } from './validate';

type Listener = (event: TerminalEvent) => void;

export interface EventSourceLike {
  onmessage: ((message: MessageEvent<string>) => void) | null;
  onopen: (() => void) | null;
  onerror: (() => void) | null;
  close(): void;
}

export interface HttpHostOptions {
  secret: string;
  /** Origin the page came from, e.g. `http://127.0.0.1:4310`. */
  origin: string;
  fetch?: typeof fetch;
  openEventSource?: (url: string) => EventSourceLike;
  /** Told about every event that could not be read, so a bad host is noticed, not ignored. */
  onMalformedEvent?: (raw: string) => void;
}

export const SECRET_HEADER = 'X-KumaPAY-Secret';

function errorMessageOf(body: unknown, fallback: string): string {
  if (isRecord(body) && isRecord(body.error) && typeof body.error.message === 'string') return body.error.message;
  return fallback;
}

async function readJson(response: Response): Promise<unknown> {
  const raw = await response.text();
  try {
    return JSON.parse(raw);
  } catch {
    // The caller turns "not JSON" into a failure value naming the status; the body is noise.
    return undefined;
  }
}

export function createHttpHost(options: HttpHostOptions): TerminalApi {
  const fetchImpl = options.fetch ?? globalThis.fetch.bind(globalThis);
  const openEventSource = options.openEventSource ?? ((url: string) => new EventSource(url) as EventSourceLike);
  const onMalformed = options.onMalformedEvent ?? ((raw: string) => console.warn('kumapay: unreadable event ignored', raw.slice(0, 200)));
  const listeners = new Set<Listener>();
  let source: EventSourceLike | null = null;

  async function call<C extends CommandName>(command: C, input: unknown): Promise<CommandOutputs[C]> {
    let response: Response;
    try {
      response = await fetchImpl(`${options.origin}/api/call/${command}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', [SECRET_HEADER]: options.secret },
        body: JSON.stringify(input),
      });
    } catch (error) {
      return failureOutput(command, 'network', `terminal core unreachable: ${describeError(error)}`);
    }
    const body = await readJson(response);
    if (response.status === 200) {
      // Checked by isCommandOutput; the host is ours, so the rest of the shape is trusted.
      if (isCommandOutput(command, body)) return body as CommandOutputs[C];
      return failureOutput(command, 'network', `terminal core gave a malformed answer to ${command}`);
    }
    if (response.status === 400) return failureOutput(command, 'invalid_request', errorMessageOf(body, 'invalid request'));
    if (response.status === 401) return failureOutput(command, 'unauthorized', errorMessageOf(body, 'bad host secret'));
    return failureOutput(command, 'network', `terminal core answered HTTP ${response.status}`);
  }

  function deliver(event: TerminalEvent): void {
    for (const listener of [...listeners]) {
      try {
        listener(event);
      } catch (error) {
        // One screen's bug must not stop the others from hearing the event; it is still reported.
        console.error('kumapay: event listener failed', error);
      }
    }
  }

  async function catchUpStatus(): Promise<void> {
    // Events sent while the stream was down are lost; the status is the one that matters.
    try {
      const status = await call('getStatus', {});
      deliver({ type: 'status', status });
    } catch (error) {
      console.warn('kumapay: status refresh after reconnect failed', describeError(error));
    }
  }

  function open(): EventSourceLike {
    const es = openEventSource(`${options.origin}/api/events?secret=${encodeURIComponent(options.secret)}`);
    let openedBefore = false;
    es.onmessage = (message) => {
      const event = parseEventData(String(message.data));
      if (event) deliver(event);
      else onMalformed(String(message.data));
    };
    es.onopen = () => {
      if (openedBefore) void catchUpStatus();
      openedBefore = true;
    };
    // EventSource reconnects by itself; onopen above catches up once it is back.
    es.onerror = () => undefined;
    return es;
  }

  return {
    call: (command, input) => call(command, input),
    subscribe(listener) {
      listeners.add(listener);
      source ??= open();
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0 && source) {
          source.close();
          source = null;
        }
      };
    },
  };
}
