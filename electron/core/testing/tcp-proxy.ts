/**
 * A tiny TCP proxy between the core and the backend, to make the network misbehave on cue:
 * `cut()` stops listening (the core sees connection refused, i.e. offline), `restore()`
 * listens again on the same port, `dropResponses(n)` lets the next n requests reach the
 * backend but throws their answers away and resets the connection, and `holdResponses(n)`
 * swallows them and keeps the connection open until the client times out — the ambiguous
 * outcomes (did the payment happen?) that must never turn into a second charge.
 */
import net from 'node:net';

export class TcpProxy {
  private server: net.Server | null = null;
  private readonly sockets = new Set<net.Socket>();
  private responsesToDrop = 0;
  private responsesToHold = 0;
  port = 0;
  dropped = 0;

  constructor(
    private readonly targetHost: string,
    private readonly targetPort: number,
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    const server = net.createServer((client) => this.pipe(client));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.server = server;
    this.port = (server.address() as net.AddressInfo).port;
  }

  /** No listener and no open connections: every request is refused before it is sent. */
  async cut(): Promise<void> {
    const server = this.server;
    this.server = null;
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  async restore(): Promise<void> {
    if (!this.server) await this.start();
  }

  dropResponses(count: number): void {
    this.responsesToDrop += count;
  }

  /** The next n answers are swallowed and the connection left open: the client times out. */
  holdResponses(count: number): void {
    this.responsesToHold += count;
  }

  async close(): Promise<void> {
    await this.cut();
  }

  private pipe(client: net.Socket): void {
    const upstream = net.connect(this.targetPort, this.targetHost);
    this.sockets.add(client);
    this.sockets.add(upstream);
    const forget = () => {
      this.sockets.delete(client);
      this.sockets.delete(upstream);
    };
    client.on('data', (chunk) => upstream.write(chunk));
    let holding = false;
    upstream.on('data', (chunk) => {
      if (holding) return;
      if (this.responsesToHold > 0) {
        this.responsesToHold -= 1;
        this.dropped += 1;
        holding = true;
        return;
      }
      if (this.responsesToDrop > 0) {
        // The backend has done the work and answered; the answer never arrives.
        this.responsesToDrop -= 1;
        this.dropped += 1;
        client.resetAndDestroy();
        upstream.destroy();
        return;
      }
      client.write(chunk);
    });
    client.on('close', () => {
      upstream.destroy();
      forget();
    });
    upstream.on('close', () => {
      client.destroy();
      forget();
    });
    // A reset on either side is the point of this proxy: pass it on as a close, nothing more.
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
  }
}
