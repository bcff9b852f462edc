import { connect, type Socket } from 'node:net';
import { spawnBackendProcess } from '../../scripts/lib/processes';

export interface LoadResult {
  count: number;
  okCount: number;
  elapsedMs: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
}

export function percentile(sortedMs: number[], p: number): number {
  if (sortedMs.length === 0) return NaN;
  return sortedMs[Math.min(sortedMs.length - 1, Math.floor((p / 100) * sortedMs.length))]!;
}

/**
 * A JSON client over keep-alive sockets, written on raw TCP: the load generator shares this
 * machine's two cores with the backend it measures, and Node's http client cost 0.14–0.19 ms of
 * CPU per request, a fifth of a payment's whole cost (issue 16). One request in flight per
 * socket, at most `socketsMax` sockets; answers must carry Content-Length (Express's JSON does).
 * Each socket keeps its listeners for its whole life and a request only fills its slot: adding
 * and removing three listeners a request was a measurable share of this client's CPU
 * (docs/performance.md "Twenty-fifth session").
 */
export class JsonClient {
  private readonly idle: Connection[] = [];
  private readonly waiting: ((connection: Connection) => void)[] = [];
  private readonly connections = new Set<Connection>();
  private readonly host: string;
  private readonly port: number;
  /** Each headers object's lines, written once: a bench sends the same object, never changed, with every payment. */
  private readonly headerLines = new WeakMap<Record<string, string>, string>();
  constructor(
    baseUrl: string,
    private readonly socketsMax: number,
  ) {
    const url = new URL(baseUrl);
    this.host = url.hostname;
    this.port = Number(url.port);
  }

  async request(method: string, urlPath: string, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: unknown }> {
    return this.send(method, urlPath, body, headers, true);
  }

  /**
   * The answer's status alone: its body is read off the socket but neither decoded nor parsed.
   * The timed payments need no more (approved is 201), and the client shares the backend's two
   * cores: without decoding and parsing a payment's ~1.4 KB answer its CPU a request fell from
   * 44–48 to 37–40 µs (issue 16, docs/performance.md "Twenty-third session").
   */
  async status(method: string, urlPath: string, body: unknown, headers: Record<string, string> = {}): Promise<number> {
    return (await this.send(method, urlPath, body, headers, false)).status;
  }

  private async send(method: string, urlPath: string, body: unknown, headers: Record<string, string>, parseBody: boolean): Promise<{ status: number; body: unknown }> {
    const payload = body === undefined ? '' : JSON.stringify(body);
    const request = `${method} ${urlPath} HTTP/1.1\r\nhost: ${this.host}:${this.port}\r\nconnection: keep-alive\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(payload)}\r\n${this.linesOf(headers)}\r\n${payload}`;
    const connection = await this.take();
    try {
      const answer = await connection.exchange(request, parseBody);
      this.give(connection);
      return answer;
    } catch (error) {
      this.connections.delete(connection);
      connection.destroy();
      throw error;
    }
  }

  private linesOf(headers: Record<string, string>): string {
    let lines = this.headerLines.get(headers);
    if (lines === undefined) {
      lines = '';
      for (const [name, value] of Object.entries(headers)) lines += `${name}: ${value}\r\n`;
      this.headerLines.set(headers, lines);
    }
    return lines;
  }

  close(): void {
    for (const connection of this.connections) connection.destroy();
    this.connections.clear();
    this.idle.length = 0;
  }

  private take(): Promise<Connection> {
    const ready = this.idle.pop();
    if (ready) return Promise.resolve(ready);
    if (this.connections.size < this.socketsMax) {
      const socket = connect({ host: this.host, port: this.port, noDelay: true });
      const connection = new Connection(socket);
      this.connections.add(connection);
      return new Promise((resolve, reject) => {
        socket.once('connect', () => resolve(connection));
        socket.once('error', (error) => {
          // A socket that never connected takes no room from the ones that may.
          this.connections.delete(connection);
          reject(error);
        });
      });
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private give(connection: Connection): void {
    const next = this.waiting.shift();
    if (next) next(connection);
    else this.idle.push(connection);
  }
}

const HEAD_END = Buffer.from('\r\n\r\n');
const NOTHING = Buffer.alloc(0);

interface Pending {
  parseBody: boolean;
  resolve(answer: { status: number; body: unknown }): void;
  reject(error: Error): void;
}

/** One keep-alive socket and the one request in flight on it: its status line, Content-Length, then the body (parsed only if asked). */
class Connection {
  private buffered: Buffer = NOTHING;
  private pending: Pending | null = null;
  /** Why the socket can take no more requests (it closed or failed), once it cannot. */
  private ended: Error | null = null;

  constructor(private readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => this.received(chunk));
    socket.on('error', (error: Error) => this.fail(error));
    socket.on('close', () => this.fail(new Error('the backend closed the connection')));
  }

  exchange(request: string, parseBody: boolean): Promise<{ status: number; body: unknown }> {
    if (this.ended) return Promise.reject(this.ended);
    if (this.pending) return Promise.reject(new Error('a request is already in flight on this socket'));
    return new Promise((resolve, reject) => {
      this.pending = { parseBody, resolve, reject };
      this.socket.write(request);
    });
  }

  destroy(): void {
    this.socket.destroy();
  }

  private fail(error: Error): void {
    this.ended ??= error;
    const pending = this.pending;
    this.pending = null;
    this.buffered = NOTHING;
    pending?.reject(error);
  }

  private received(chunk: Buffer): void {
    const pending = this.pending;
    if (!pending) {
      this.fail(new Error('the backend sent bytes no request asked for'));
      this.socket.destroy();
      return;
    }
    const buffered = this.buffered.length === 0 ? chunk : Buffer.concat([this.buffered, chunk]);
    this.buffered = buffered;
    const headEnd = buffered.indexOf(HEAD_END);
    if (headEnd < 0) return;
    const head = buffered.subarray(0, headEnd).toString('latin1');
    const length = /\r\ncontent-length: *(\d+)/i.exec(head);
    if (!length) {
      this.fail(new Error(`an answer without Content-Length: ${head.slice(0, 200)}`));
      return;
    }
    const bodyEnd = headEnd + 4 + Number(length[1]);
    if (buffered.length < bodyEnd) return;
    this.buffered = NOTHING;
    this.pending = null;
    const status = Number(head.slice(9, 12));
    if (!pending.parseBody) {
      pending.resolve({ status, body: undefined });
      return;
    }
    const text = buffered.subarray(headEnd + 4, bodyEnd).toString('utf8');
    try {
      pending.resolve({ status, body: text ? (JSON.parse(text) as unknown) : {} });
    } catch (error) {
      pending.reject(error as Error);
    }
  }
}

/** Runs `total` requests through `concurrency` workers; each worker takes the next index. */
export async function runLoad(concurrency: number, total: number, one: (i: number) => Promise<boolean>): Promise<LoadResult> {
  const latencies: number[] = [];
  let next = 0;
  let ok = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) {
        const i = next++;
        const t0 = performance.now();
        if (await one(i)) ok++;
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const elapsedMs = performance.now() - started;
  latencies.sort((a, b) => a - b);
  return { count: total, okCount: ok, elapsedMs, perSecond: (total / elapsedMs) * 1000, p50Ms: percentile(latencies, 50), p99Ms: percentile(latencies, 99) };
}

/** A backend as its own process, as in production, so load generator and server do not share a core. */
export async function spawnBackend(env: Record<string, string>, nodeArgs: string[] = []): Promise<{ url: string; pid: number; stop: () => Promise<void> }> {
  const backend = await spawnBackendProcess({ KUMAPAY_LOG_LEVEL: 'warn', KUMAPAY_ADMIN_TOKEN: 'bench-admin-token-0123456789', ...env }, { nodeArgs });
  return { url: backend.url, pid: backend.child.pid!, stop: () => backend.stop() };
}
