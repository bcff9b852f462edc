/**
 * The browser host (electron/web/main.ts) as its own process, in demo mode: the real terminal
 * core with simulated devices, serving the built renderer on 127.0.0.1. Tests and the demo
 * speak its protocol: the page secret from the served index.html's meta tag, commands on
 * `POST /api/call/<command>`, simulator actions on `POST /api/sim/<action>`.
 */
import type { CommandName, CommandOutputs } from '../../../common/terminal-api';
import { spawnTsx, type ManagedProcess } from '../../../scripts/lib/processes';

export const HOST_SCRIPT = 'electron/web/main.ts';
const SECRET_HEADER = 'X-KumaPAY-Secret';
/** Host calls are local; a money command waits on the backend for at most ~27 s (core limits). */
const HOST_CALL_TIMEOUT_MS = 35_000;

export interface HostOptions {
  dataDir: string;
  backendUrl: string;
  /** The customer whose QR `/api/sim/customer-token` mints (the demo's 熊谷 花子). */
  demoCustomerToken?: string;
  /** The demo's second customer, whose receive-QR `/api/sim/partner-receive-qr` mints (熊谷 太郎, R23). */
  demoPartnerToken?: string;
  /** The seed's point event code, offered by `/api/sim/demo-info` (R23). */
  demoEventCode?: string;
  /** 0 picks a free port. */
  port?: number;
  /** 'system': the host's PC/SC reader is this machine's pcscd (the PC/SC scenario's vpcd), not the simulated one. */
  demoPcsc?: 'simulated' | 'system';
  logLevel?: string;
  onOutputAfterReady?: (text: string) => void;
}

export type SimBody =
  | { action: 'scan'; body: { text: string } }
  | { action: 'tap'; body: { uid: string; technology: 'iso14443a' | 'felica' | 'unknown'; reader?: 'nfc' | 'pcsc' } }
  | { action: 'unplug' | 'replug'; body: { deviceId: string } }
  | { action: 'network'; body: { online: boolean } }
  | { action: 'customer-token'; body: Record<string, never> }
  | { action: 'printer-state'; body: { paperOut?: boolean; coverOpen?: boolean; offline?: boolean; paperNearEnd?: boolean } }
  | { action: 'printer-last'; body: Record<string, never> };

/** What the demo's printer simulator decoded from the last job it printed (issue 11). */
export interface PrinterLast {
  count: number;
  lines: string[] | null;
  svg: string | null;
  state: { paperOut: boolean; coverOpen: boolean; offline: boolean; paperNearEnd: boolean };
}

export function hostArgs(options: HostOptions): string[] {
  return [
    '--demo',
    '--backend-url',
    options.backendUrl,
    '--data-dir',
    options.dataDir,
    '--port',
    String(options.port ?? 0),
    ...(options.demoPcsc ? ['--demo-pcsc', options.demoPcsc] : []),
  ];
}

export class E2eHost {
  private constructor(
    private readonly process: ManagedProcess,
    readonly url: string,
    readonly secret: string,
  ) {}

  static async start(options: HostOptions): Promise<E2eHost> {
    const process = await spawnTsx({
      name: 'browser host',
      script: HOST_SCRIPT,
      args: hostArgs(options),
      // The customer token goes by environment, not argv: it is base64url and may start with '-',
      // which parseArgs reads as another option (and argv is visible to every user in `ps`).
      env: {
        KUMAPAY_LOG_LEVEL: options.logLevel ?? 'warn',
        ...(options.demoCustomerToken ? { KUMAPAY_DEMO_CUSTOMER_TOKEN: options.demoCustomerToken } : {}),
        ...(options.demoPartnerToken ? { KUMAPAY_DEMO_PARTNER_TOKEN: options.demoPartnerToken } : {}),
        ...(options.demoEventCode ? { KUMAPAY_DEMO_EVENT_CODE: options.demoEventCode } : {}),
      },
      readyPattern: /listening on (http:\/\/127\.0\.0\.1:\d+)/,
      ...(options.onOutputAfterReady ? { onOutputAfterReady: options.onOutputAfterReady } : {}),
    });
    const url = process.ready[1]!;
    try {
      return new E2eHost(process, url, await readSecret(url));
    } catch (error) {
      await process.stop();
      throw error;
    }
  }

  output(): string {
    return this.process.output();
  }

  running(): boolean {
    return this.process.running();
  }

  whenExited(): Promise<void> {
    return this.process.exited;
  }

  async stop(): Promise<void> {
    await this.process.stop();
  }

  /** A terminal command as the page would send it (same secret, same JSON). */
  async call<C extends CommandName>(command: C, input: unknown): Promise<{ status: number; body: CommandOutputs[C] | { error: { code: string; message: string } } }> {
    return this.post(`/api/call/${command}`, input) as Promise<{ status: number; body: CommandOutputs[C] | { error: { code: string; message: string } } }>;
  }

  /** A demo simulator action; throws unless the host answers 200. */
  async sim(request: SimBody): Promise<unknown> {
    const answer = await this.post(`/api/sim/${request.action}`, request.body);
    if (answer.status !== 200) throw new Error(`sim ${request.action}: HTTP ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer.body;
  }

  /** The printer simulator's last printed slip, decoded from the ESC/POS bytes it got over TCP. */
  async printerLast(): Promise<PrinterLast> {
    return (await this.sim({ action: 'printer-last', body: {} })) as PrinterLast;
  }

  private async post(urlPath: string, body: unknown): Promise<{ status: number; body: unknown }> {
    const response = await fetch(`${this.url}${urlPath}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [SECRET_HEADER]: this.secret },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(HOST_CALL_TIMEOUT_MS),
    });
    const text = await response.text();
    return { status: response.status, body: text ? (JSON.parse(text) as unknown) : null };
  }
}

/** The per-launch secret, from where the page itself reads it. */
export async function readSecret(url: string): Promise<string> {
  const response = await fetch(`${url}/`, { signal: AbortSignal.timeout(5_000) });
  const html = await response.text();
  const match = /<meta name="kumapay-secret" content="([^"]+)"/.exec(html);
  if (!match?.[1]) throw new Error(`the host's index.html carries no kumapay-secret meta tag (HTTP ${response.status})`);
  return match[1];
}
