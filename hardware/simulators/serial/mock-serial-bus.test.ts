import { afterEach, describe, expect, it } from 'vitest';
import type { HardwareError } from '../../errors';
import { settle } from '../../testing/manual-time';
import type { SerialConnection } from '../../transports/types';
import { MockSerialBus } from './mock-serial-bus';

/** Each chunk is one completed read: the next is sent only once the previous arrived. */
const CHUNKS_COUNT = 1_000;
const connections: SerialConnection[] = [];

afterEach(async () => {
  await Promise.all(connections.splice(0).map((c) => c.close()));
});

async function rig() {
  const bus = new MockSerialBus();
  const attachment = bus.attach('device');
  const connection = await bus.transport.open({ path: attachment.path, baudRate: 9_600, dataBits: 8, stopBits: 1, parity: 'none' });
  connections.push(connection);
  const received: number[] = [];
  const closed: HardwareError[] = [];
  connection.start({ data: (bytes) => received.push(...bytes), closed: (error) => closed.push(error) });
  return { attachment, received, closed };
}

describe('MockSerialBus', () => {
  it('When 1,000 reads have completed, then only the read in flight waits for the cable to be pulled', async () => {
    const { attachment, received } = await rig();
    for (let i = 0; i < CHUNKS_COUNT; i++) {
      expect(attachment.link.send(new Uint8Array([i & 0xff]))).toBe(true);
      while (received.length <= i) await settle(1);
    }
    await settle();
    expect(received).toHaveLength(CHUNKS_COUNT);
    // The stream always has one read waiting for the next byte; every completed one is gone.
    expect(attachment.unplugWaiterCount).toBe(1);
  });

  it('When the cable is pulled during a read, then the read fails and the port closes as unplugged', async () => {
    const { attachment, closed } = await rig();
    await settle();
    expect(attachment.unplugWaiterCount).toBe(1);
    attachment.unplug();
    await settle();
    expect(closed.map((e) => e.code)).toEqual(['device_unplugged']);
    expect(closed[0]?.cause).toMatchObject({ message: expect.stringContaining('Input/output error, cannot read') as unknown });
    expect(attachment.unplugWaiterCount).toBe(0);
  });
});
