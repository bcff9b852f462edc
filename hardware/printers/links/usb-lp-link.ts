/**
 * The USB printer class device (Linux `usblp`: /dev/usb/lp0 …). Opened read+write and non-
 * blocking: a blocking read of a printer that never answers would hold one of libuv's four
 * file-system threads for good, so replies are polled for (HARDWARE_LIMITS.printerUsbPollMs)
 * and a write the printer cannot take yet (EAGAIN) is retried. Reads give the printer's status
 * bytes back. The path is any file: tests put a pty pair from socat in place of the device.
 *
 * usblp cancels a write still in flight when the file is closed, so a job counts as delivered
 * only after a DLE EOT reply that was written behind it (see client.ts).
 */
import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { HardwareError, toHardwareError } from '../../errors';
import { HARDWARE_LIMITS } from '../../limits';
import { systemTimers } from '../../timers';
import type { Timers } from '../../timers';
import { ByteInbox } from './link';
import type { PrinterLink } from './link';

/** usblp devices belong to the `lp` group on Linux distributions. */
function openError(error: unknown, path: string): HardwareError {
  const code = (error as NodeJS.ErrnoException | null)?.code ?? '';
  if (code === 'EACCES' || code === 'EPERM') {
    return new HardwareError('permission_denied', `No permission to open ${path}: add this user to the lp group ("sudo usermod -aG lp $USER", then log in again).`, { path }, { cause: error });
  }
  if (code === 'ENOENT' || code === 'ENODEV' || code === 'ENXIO') {
    return new HardwareError('device_not_found', `${path} does not exist: is the printer on and its USB cable in?`, { path }, { cause: error });
  }
  if (code === 'EBUSY') return new HardwareError('device_busy', `${path} is in use by another program (CUPS?).`, { path }, { cause: error });
  return toHardwareError(error, 'open_failed', `opening ${path} failed`);
}

function isWouldBlock(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  return code === 'EAGAIN' || code === 'EWOULDBLOCK';
}

export async function openUsbLpLink(path: string, timers: Timers = systemTimers): Promise<PrinterLink & { readonly confirmsDeliveryByReply: true }> {
  let handle: FileHandle;
  try {
    handle = await open(path, constants.O_RDWR | constants.O_NONBLOCK | constants.O_NOCTTY);
  } catch (error) {
    throw openError(error, path);
  }
  const inbox = new ByteInbox();
  let destroyed = false;
  let closing: Promise<void> | null = null;
  const readBuffer = Buffer.alloc(HARDWARE_LIMITS.printerUsbReadChunkBytes);

  function closeOnce(): Promise<void> {
    closing ??= handle.close().catch(() => undefined);
    return closing;
  }

  function pause(): Promise<void> {
    return new Promise((resolve) => timers.setTimeout(resolve, HARDWARE_LIMITS.printerUsbPollMs));
  }

  function gone(): HardwareError {
    return new HardwareError('closed', `${path} was closed`, { path });
  }

  return {
    confirmsDeliveryByReply: true,
    async write(bytes) {
      let offset = 0;
      while (offset < bytes.length) {
        if (destroyed) throw gone();
        try {
          const { bytesWritten } = await handle.write(bytes, offset, bytes.length - offset);
          offset += bytesWritten;
          if (bytesWritten === 0) await pause();
        } catch (error) {
          if (!isWouldBlock(error)) throw toHardwareError(error, 'write_failed', `writing to ${path} failed`);
          await pause();
        }
      }
    },
    async nextByte() {
      for (;;) {
        const buffered = inbox.takeBuffered();
        if (buffered !== undefined) return buffered;
        if (destroyed) throw gone();
        try {
          const { bytesRead } = await handle.read(readBuffer, 0, HARDWARE_LIMITS.printerUsbReadChunkBytes, null);
          if (bytesRead > 0) {
            inbox.push(readBuffer.subarray(0, bytesRead));
            continue;
          }
        } catch (error) {
          if (!isWouldBlock(error)) throw toHardwareError(error, 'read_failed', `reading from ${path} failed`);
        }
        await pause();
      }
    },
    discardPending() {
      inbox.clear();
    },
    async finish() {
      destroyed = true;
      await closeOnce();
    },
    destroy() {
      destroyed = true;
      void closeOnce();
    },
  };
}
