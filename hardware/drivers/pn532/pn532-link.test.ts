import { describe, expect, it } from 'vitest';
import { HardwareError } from '../../errors';
import { ACK_FRAME, encodeResponse, TFI_HOST_TO_PN532 } from '../../protocols/pn532/frame';
import { ManualTime } from '../../testing/manual-time';
import { createPn532Link } from './pn532-link';
import type { Pn532Link } from './pn532-link';

const CMD_GET_FIRMWARE_VERSION = 0x02;
const FIRMWARE = new Uint8Array([0x32, 0x01, 0x06, 0x07]);
/** A day at a 150 ms poll is ~576,000 writes; 1,000 show a per-write leak just as well. */
const COMMANDS_COUNT = 1_000;

/** A link whose writes go to `write`, recorded. */
function rig(write: (bytes: Uint8Array, link: Pn532Link) => Promise<void>) {
  const time = new ManualTime();
  const writes: Uint8Array[] = [];
  const link: Pn532Link = createPn532Link({
    write: (bytes) => {
      writes.push(bytes);
      return write(bytes, link);
    },
    clock: time,
    timers: time,
    drop: () => undefined,
  });
  return { link, writes };
}

/** A PN532 that answers every command at once: its ACK, then its response. */
function answer(bytes: Uint8Array, link: Pn532Link): Promise<void> {
  // Byte 5 is the TFI of a command frame; ACKs and NACKs have none.
  const code = bytes[6];
  if (bytes[5] === TFI_HOST_TO_PN532 && code !== undefined) {
    link.onBytes(ACK_FRAME, 0);
    link.onBytes(encodeResponse(code, FIRMWARE), 0);
  }
  return Promise.resolve();
}

describe('PN532 link', () => {
  it('When 1,000 commands have completed, then no write is still waiting for the port to close', async () => {
    const { link, writes } = rig(answer);
    for (let i = 0; i < COMMANDS_COUNT; i++) {
      expect(await link.command(CMD_GET_FIRMWARE_VERSION, new Uint8Array())).toEqual(FIRMWARE);
    }
    expect(writes).toHaveLength(COMMANDS_COUNT);
    // Each write that stayed registered until close was ~340 B held for the whole session.
    expect(link.closeWaiterCount).toBe(0);
  });

  it('When the port closes while a write is pending, then the command rejects with the close error', async () => {
    const { link } = rig(() => new Promise<void>(() => undefined));
    const pending = link.command(CMD_GET_FIRMWARE_VERSION, new Uint8Array());
    await Promise.resolve();
    expect(link.closeWaiterCount).toBe(1);
    const error = new HardwareError('device_unplugged', 'serial port closed (unplugged?)');
    link.close(error);
    await expect(pending).rejects.toBe(error);
    expect(link.closeWaiterCount).toBe(0);
  });

  it('When a command starts after the port closed, then it rejects with the close error without writing', async () => {
    const { link, writes } = rig(answer);
    const error = new HardwareError('closed', 'PN532 reader closed');
    link.close(error);
    await expect(link.command(CMD_GET_FIRMWARE_VERSION, new Uint8Array())).rejects.toBe(error);
    expect(writes).toEqual([]);
  });
});
