/**
 * The real PC/SC stack without hardware, for tests and the e2e scenario: this machine's pcscd,
 * run in the foreground with its own reader.conf.d holding one vsmartcard-vpcd reader on a
 * port of our choosing. pcscd's client socket is fixed (/run/pcscd/pcscd.comm), so one such
 * daemon runs per machine: the availability check says why it cannot run here instead of failing.
 * Stopping the daemon is what "unplugging" the reader looks like to the driver.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { HardwareError } from '../../errors';
import { HARDWARE_LIMITS } from '../../limits';

const VPCD_DRIVER = '/usr/lib/pcsc/drivers/serial/libifdvpcd.so';
const PCSCD_PID_FILE = '/run/pcscd/pcscd.pid';
const READY_TEXT = 'daemon ready';
/** vpcd names its two slots so (pcsc-lite: "<FRIENDLYNAME> <reader index> <slot>"). */
export const VPCD_READER_NAMES = ['Virtual PCD 00 00', 'Virtual PCD 00 01'] as const;

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Why the stack cannot run here, or null when it can. */
export function pcscStackUnavailableReason(): string | null {
  if (spawnSync('pcscd', ['--version'], { stdio: 'ignore' }).status !== 0) return 'pcscd is not installed (Debian: apt-get install pcscd)';
  if (!existsSync(VPCD_DRIVER)) return `the vpcd driver is not installed (${VPCD_DRIVER}; Debian: apt-get install vsmartcard-vpcd)`;
  if (existsSync(PCSCD_PID_FILE)) {
    const pid = Number.parseInt(readFileSync(PCSCD_PID_FILE, 'utf8'), 10);
    if (Number.isInteger(pid) && processAlive(pid)) return `another pcscd is running (pid ${pid}); its socket is the only one, so stop it to run these tests`;
  }
  if (typeof process.getuid === 'function' && process.getuid() !== 0) return 'pcscd needs root here to create /run/pcscd';
  return null;
}

async function portPairFree(port: number): Promise<boolean> {
  const free = (p: number) =>
    new Promise<boolean>((resolve) => {
      const probe = net.createServer();
      probe.once('error', () => resolve(false));
      probe.listen(p, '0.0.0.0', () => probe.close(() => resolve(true)));
    });
  return (await free(port)) && (await free(port + 1));
}

/** Two consecutive free ports (vpcd opens one per slot) from the OS's ephemeral range. */
async function freePortPair(): Promise<number> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const port = await new Promise<number>((resolve, reject) => {
      const server = net.createServer();
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => {
        const address = server.address();
        server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
      });
    });
    if (port > 0 && port < 65_535 && (await portPairFree(port))) return port;
  }
  throw new HardwareError('open_failed', 'no two consecutive free ports for vpcd');
}

export interface PcscStack {
  /** The TCP port of slot 0 ("Virtual PCD 00 00"); slot 1 is port + 1. */
  readonly port: number;
  /** pcscd stopped: readers vanish, as when a USB reader is pulled. */
  stop(): Promise<void>;
  /** pcscd started again with the same readers. */
  start(): Promise<void>;
  /** Stops the daemon and removes its configuration. */
  close(): Promise<void>;
}

export async function startPcscStack(): Promise<PcscStack> {
  const reason = pcscStackUnavailableReason();
  if (reason) throw new HardwareError('pcsc_unavailable', reason);
  const port = await freePortPair();
  const confDir = mkdtempSync(path.join(tmpdir(), 'kumapay-pcscd-'));
  const hexPort = `0x${port.toString(16).toUpperCase()}`;
  writeFileSync(path.join(confDir, 'vpcd'), `FRIENDLYNAME "Virtual PCD"\nDEVICENAME /dev/null:${hexPort}\nLIBPATH ${VPCD_DRIVER}\nCHANNELID ${hexPort}\n`);
  let child: ChildProcess | null = null;

  async function start(): Promise<void> {
    if (child) return;
    const started = spawn('pcscd', ['--foreground', '--info', '--config', confDir], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new HardwareError('open_failed', `pcscd was not ready within ${HARDWARE_LIMITS.pcscdStartTimeoutMs} ms`, { output })), HARDWARE_LIMITS.pcscdStartTimeoutMs);
      const onOutput = (chunk: Buffer) => {
        if (output.length < HARDWARE_LIMITS.pcscdOutputBytesMax) output += chunk.toString('utf8');
        if (output.includes(READY_TEXT)) {
          clearTimeout(timer);
          resolve();
        }
      };
      started.stdout?.on('data', onOutput);
      started.stderr?.on('data', onOutput);
      started.once('exit', (code) => {
        clearTimeout(timer);
        reject(new HardwareError('open_failed', `pcscd exited with ${String(code)} before it was ready`, { output }));
      });
    });
    child = started;
  }

  async function stop(): Promise<void> {
    const running = child;
    child = null;
    if (!running || running.exitCode !== null || running.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      running.once('exit', () => resolve());
      running.kill('SIGTERM');
    });
  }

  await start();
  return {
    port,
    start,
    stop,
    async close() {
      await stop();
      rmSync(confDir, { recursive: true, force: true });
    },
  };
}
