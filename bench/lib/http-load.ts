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
 */
export class JsonClient {
  private readonly idle: Socket[] = [];
  private readonly waiting: ((socket: Socket) => void)[] = [];
  private readonly sockets = new Set<Socket>();
  private readonly host: string;
  private readonly port: number;
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
    let head = `${method} ${urlPath} HTTP/1.1\r\nhost: ${this.host}:${this.port}\r\nconnection: keep-alive\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(payload)}\r\n`;
    for (const [name, value] of Object.entries(headers)) head += `${name}: ${value}\r\n`;
    const socket = await this.take();
    try {
      const answer = await exchange(socket, `${head}\r\n${payload}`, parseBody);
      this.give(socket);
      return answer;
    } catch (error) {
      this.sockets.delete(socket);
      socket.destroy();
      throw error;
    }
  }

  close(): void {
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    this.idle.length = 0;
  }

  private take(): Promise<Socket> {
    const ready = this.idle.pop();
    if (ready) return Promise.resolve(ready);
    if (this.sockets.size < this.socketsMax) {
      const socket = connect({ host: this.host, port: this.port, noDelay: true });
      this.sockets.add(socket);
      return new Promise((resolve, reject) => {
        socket.once('connect', () => resolve(socket));
        socket.once('error', reject);
      });
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private give(socket: Socket): void {
    const next = this.waiting.shift();
    if (next) next(socket);
    else this.idle.push(socket);
  }
}

const HEAD_END = Buffer.from('\r\n\r\n');

/** Writes one request and reads its answer: the status line, Content-Length, then the body (parsed only if asked). */
function exchange(socket: Socket, request: string, parseBody: boolean): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    let buffered: Buffer = Buffer.alloc(0);
    const done = (error: Error | null, answer?: { status: number; body: unknown }) => {
      socket.off('data', onData);
      socket.off('error', onError);
      socket.off('close', onClose);
      if (error) reject(error);
      else resolve(answer!);
    };
    const onError = (error: Error) => done(error);
    const onClose = () => done(new Error('the backend closed the connection'));
    const onData = (chunk: Buffer) => {
      buffered = buffered.length === 0 ? chunk : Buffer.concat([buffered, chunk]);
      const headEnd = buffered.indexOf(HEAD_END);
      if (headEnd < 0) return;
      const head = buffered.subarray(0, headEnd).toString('latin1');
      const length = /\r\ncontent-length: *(\d+)/i.exec(head);
      if (!length) {
        done(new Error(`an answer without Content-Length: ${head.slice(0, 200)}`));
        return;
      }
      const bodyEnd = headEnd + 4 + Number(length[1]);
      if (buffered.length < bodyEnd) return;
      const status = Number(head.slice(9, 12));
      if (!parseBody) {
        done(null, { status, body: undefined });
        return;
      }
      const text = buffered.subarray(headEnd + 4, bodyEnd).toString('utf8');
      done(null, { status, body: text ? (JSON.parse(text) as unknown) : {} });
    };
    socket.on('data', onData);
    socket.on('error', onError);
    socket.on('close', onClose);
    socket.write(request);
  });
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
