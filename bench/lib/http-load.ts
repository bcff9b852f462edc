import http from 'node:http';
import { spawnTsx } from '../../scripts/lib/processes';

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

/** A JSON client over keep-alive sockets: the load generator must not be the bottleneck it measures. */
export class JsonClient {
  private readonly agent: http.Agent;
  constructor(
    private readonly baseUrl: string,
    socketsMax: number,
  ) {
    this.agent = new http.Agent({ keepAlive: true, maxSockets: socketsMax });
  }
  request(method: string, urlPath: string, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: unknown }> {
    const url = new URL(urlPath, this.baseUrl);
    const payload = body === undefined ? undefined : JSON.stringify(body);
    return new Promise((resolve, reject) => {
      const req = http.request(url, { method, agent: this.agent, headers: { 'content-type': 'application/json', ...(payload ? { 'content-length': Buffer.byteLength(payload) } : {}), ...headers } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString();
          resolve({ status: res.statusCode ?? 0, body: text ? (JSON.parse(text) as unknown) : {} });
        });
      });
      req.on('error', reject);
      if (payload) req.write(payload);
      req.end();
    });
  }
  close(): void {
    this.agent.destroy();
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
export async function spawnBackend(env: Record<string, string>, nodeArgs: string[] = []): Promise<{ url: string; stop: () => Promise<void> }> {
  const backend = await spawnTsx({
    name: 'backend',
    script: 'backend/src/main.ts',
    nodeArgs,
    env: { KUMAPAY_PORT: '0', KUMAPAY_LOG_LEVEL: 'warn', KUMAPAY_ADMIN_TOKEN: 'bench-admin-token-0123456789', ...env },
    readyPattern: /listening on (http:\/\/[\d.]+:\d+)/,
  });
  return { url: backend.ready[1]!, stop: () => backend.stop() };
}
