/**
 * A real pseudo-terminal pair from socat (`socat -d -d pty,raw,echo=0 pty,raw,echo=0`), with
 * stable symlinks so a "re-plugged" pair keeps its paths. The host opens `hostPath` with the
 * real serialport binding; a simulator speaks on `devicePath`, also through the real binding.
 */
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import path from 'node:path';
import { SerialPortStream } from '@serialport/stream';
import { HardwareError, toHardwareError } from '../../errors';
import { HARDWARE_LIMITS } from '../../limits';
import type { SerialAttachment, SerialDeviceLink } from './device-link';

/** socat prints this once both ends exist. */
const READY_TEXT = 'starting data transfer loop';

export function hasSocat(): boolean {
  return spawnSync('socat', ['-V'], { stdio: 'ignore' }).status === 0;
}

async function startSocat(hostPath: string, devicePath: string): Promise<ChildProcess> {
  const child = spawn('socat', ['-d', '-d', `pty,raw,echo=0,link=${hostPath}`, `pty,raw,echo=0,link=${devicePath}`], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new HardwareError('open_failed', `socat did not start within ${HARDWARE_LIMITS.ptyStartTimeoutMs} ms`, { stderr })), HARDWARE_LIMITS.ptyStartTimeoutMs);
    child.stderr?.on('data', (chunk: Buffer) => {
      if (stderr.length < HARDWARE_LIMITS.ptyStderrBytesMax) stderr += chunk.toString('utf8');
      if (stderr.includes(READY_TEXT)) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(toHardwareError(error, 'open_failed', 'socat failed to start'));
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new HardwareError('open_failed', `socat exited with ${String(code)} before it was ready`, { stderr }));
    });
  });
  return child;
}

async function stopSocat(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  await new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

async function openDeviceEnd(devicePath: string): Promise<SerialPortStream> {
  const { SerialPort } = await import('serialport');
  const port = new SerialPortStream({ binding: SerialPort.binding, path: devicePath, baudRate: 115_200, autoOpen: false });
  await new Promise<void>((resolve, reject) => port.open((error) => (error ? reject(toHardwareError(error, 'open_failed', `opening ${devicePath}`)) : resolve())));
  return port;
}

export interface PtyAttachment extends Omit<SerialAttachment, 'unplug' | 'replug'> {
  readonly devicePath: string;
  /** Errors the device end saw; pulling the cable closes it, so one per unplug is expected. */
  readonly deviceErrors: Error[];
  /** Kills socat: the host's port sees its pty vanish, as when a USB-serial cable is pulled. */
  unplug(): Promise<void>;
  /** Starts socat again with the same paths. */
  replug(): Promise<void>;
  close(): Promise<void>;
}

export async function openPtyAttachment(directory: string, name: string): Promise<PtyAttachment> {
  const hostPath = path.join(directory, `${name}-host`);
  const devicePath = path.join(directory, `${name}-device`);
  const listeners: Array<(bytes: Uint8Array) => void> = [];
  let socat: ChildProcess | null = null;
  let device: SerialPortStream | null = null;
  const deviceErrors: Error[] = [];

  async function plug(): Promise<void> {
    socat = await startSocat(hostPath, devicePath);
    const port = await openDeviceEnd(devicePath);
    port.on('data', (data: Buffer) => {
      const bytes = new Uint8Array(data);
      for (const listener of listeners) listener(bytes);
    });
    port.on('error', (error: Error) => deviceErrors.push(error));
    device = port;
  }

  async function pull(): Promise<void> {
    const port = device;
    device = null;
    if (port?.isOpen) await new Promise<void>((resolve) => port.close(() => resolve()));
    if (socat) await stopSocat(socat);
    socat = null;
  }

  const link: SerialDeviceLink = {
    send(bytes) {
      if (!device?.isOpen) return false;
      device.write(Buffer.from(bytes));
      return true;
    },
    onReceive(listener) {
      listeners.push(listener);
    },
  };

  await plug();
  return { path: hostPath, devicePath, deviceErrors, link, unplug: pull, replug: plug, close: pull };
}
