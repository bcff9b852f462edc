/**
 * The browser host (electron/web) spoken to as its renderer speaks to it
 * (renderer/bridge/http-host.ts): commands on `POST /api/call/<command>` with the page secret,
 * events as Server-Sent Events on `/api/events`. For benches that drive the host without a browser.
 */
import type { CommandInput, CommandName, CommandOutputs } from '../../common/terminal-api';

/** A sale answers in milliseconds on loopback; the core's worst case at the counter is ~27 s. */
const HOST_CALL_TIMEOUT_MS = 35_000;

export interface EventCounts {
  bytes: number;
  events: number;
  /** `print_job` events that ended printed, and failed. */
  printed: number;
  printFailed: number;
}

export class HostClient {
  constructor(
    readonly url: string,
    private readonly secret: string,
  ) {}

  /** A command exactly as renderer/bridge/http-host.ts sends it; anything but HTTP 200 throws. */
  async call<C extends CommandName>(command: C, input: CommandInput<C>): Promise<CommandOutputs[C]> {
    const response = await fetch(`${this.url}/api/call/${command}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-KumaPAY-Secret': this.secret },
      body: JSON.stringify(input),
      signal: AbortSignal.timeout(HOST_CALL_TIMEOUT_MS),
    });
    const text = await response.text();
    if (response.status !== 200) throw new Error(`${command}: HTTP ${response.status} ${text.slice(0, 300)}`);
    return JSON.parse(text) as CommandOutputs[C];
  }

  /** The renderer's EventSource: every event read and parsed (as the page does), then thrown away. */
  openEvents(): EventCounts & { close(): Promise<void> } {
    const abort = new AbortController();
    const counts: EventCounts = { bytes: 0, events: 0, printed: 0, printFailed: 0 };
    const reading = (async () => {
      const response = await fetch(`${this.url}/api/events?secret=${encodeURIComponent(this.secret)}`, { signal: abort.signal });
      if (response.status !== 200 || !response.body) throw new Error(`event stream: HTTP ${response.status}`);
      const decoder = new TextDecoder();
      let buffered = '';
      for await (const chunk of response.body) {
        counts.bytes += chunk.byteLength;
        buffered += decoder.decode(chunk, { stream: true });
        let end = buffered.indexOf('\n\n');
        while (end >= 0) {
          const frame = buffered.slice(0, end);
          buffered = buffered.slice(end + 2);
          end = buffered.indexOf('\n\n');
          if (!frame.startsWith('data: ')) continue;
          counts.events += 1;
          const event = JSON.parse(frame.slice('data: '.length)) as { type: string; job?: { state: string } };
          if (event.type === 'print_job' && event.job?.state === 'printed') counts.printed += 1;
          if (event.type === 'print_job' && event.job?.state === 'failed') counts.printFailed += 1;
        }
      }
    })().catch((error: unknown) => {
      if (!abort.signal.aborted) throw error;
    });
    return Object.assign(counts, {
      async close() {
        abort.abort();
        await reading;
      },
    });
  }
}
