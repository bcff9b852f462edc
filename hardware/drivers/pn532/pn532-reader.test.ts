import { afterEach, describe, expect, it } from 'vitest';
import { ManualTime } from '../../testing/manual-time';
import { recordingContext } from '../../testing/driver-context';
import { MockSerialBus } from '../../simulators/serial/mock-serial-bus';
import { createPn532Sim } from '../../simulators/serial/pn532-sim';
import type { Pn532SimOptions } from '../../simulators/serial/pn532-sim';
import { HardwareError } from '../../errors';
import { ERROR_FRAME } from '../../protocols/pn532/frame';
import { hex } from '../../testing/bytes';
import type { DriverSession } from '../driver';
import { openPn532Reader, PN532_READER_DEFAULTS } from './pn532-reader';

const POLL_MS = PN532_READER_DEFAULTS.pollIntervalMs;
const sessions: DriverSession[] = [];

afterEach(async () => {
  await Promise.all(sessions.splice(0).map((s) => s.close()));
});

function rig(simOptions: Pn532SimOptions = {}) {
  const time = new ManualTime();
  const bus = new MockSerialBus();
  const attachment = bus.attach('pn532');
  const sim = createPn532Sim(attachment, simOptions);
  const recorded = recordingContext(time);
  const open = async () => {
    const opening = openPn532Reader(recorded.ctx, bus.transport, { path: attachment.path, baudRate: 115_200, dataBits: 8, stopBits: 1, parity: 'none' });
    const outcome = opening.then(
      (session) => ({ session }),
      (error: unknown) => ({ error }),
    );
    // Let retries' timeouts pass while the open is in flight.
    await time.advance(1_000);
    const result = await outcome;
    if ('error' in result) throw result.error;
    sessions.push(result.session);
    return result.session;
  };
  return { time, sim, open, attachment, ...recorded };
}

describe('PN532 reader over MockBinding', () => {
  it('When opened, then it wakes the module and sends SAMConfiguration, GetFirmwareVersion and RFConfiguration', async () => {
    const { sim, open } = rig();
    await open();
    // The simulator ignores everything until it sees the 0x55 wake-up bytes.
    expect(sim.commandsReceived.slice(0, 3)).toEqual([0x14, 0x02, 0x32]);
  });

  it('When a type A card rests on the reader across many polls, then it is reported once', async () => {
    const { sim, open, time, inputs } = rig();
    await open();
    sim.tap('04A1B2C3D4E5F6', 'iso14443a');
    await time.advance(POLL_MS * 10);
    expect(inputs).toEqual([{ type: 'card', uid: '04A1B2C3D4E5F6', technology: 'iso14443a' }]);
  });

  it('When the card is lifted and tapped again, then the second tap is a second event', async () => {
    const { sim, open, time, inputs } = rig();
    await open();
    sim.tap('DEADBEEF');
    await time.advance(POLL_MS * 3);
    sim.remove();
    await time.advance(POLL_MS * (PN532_READER_DEFAULTS.removalMissesMin + 2));
    sim.tap('DEADBEEF');
    await time.advance(POLL_MS * 3);
    expect(inputs.map((i) => i.type === 'card' && i.uid)).toEqual(['DEADBEEF', 'DEADBEEF']);
  });

  it('When a FeliCa card is tapped, then its IDm is reported as felica', async () => {
    const { sim, open, time, inputs } = rig();
    await open();
    sim.tap('012E3C4D5E6F7081', 'felica');
    await time.advance(POLL_MS * 3);
    expect(inputs).toEqual([{ type: 'card', uid: '012E3C4D5E6F7081', technology: 'felica' }]);
  });

  it('When one card replaces another without a gap, then both are reported', async () => {
    const { sim, open, time, inputs } = rig();
    await open();
    sim.tap('DEADBEEF');
    await time.advance(POLL_MS * 2);
    sim.tap('CAFEBABE');
    await time.advance(POLL_MS * 2);
    expect(inputs.map((i) => i.type === 'card' && i.uid)).toEqual(['DEADBEEF', 'CAFEBABE']);
  });

  it('When an ACK is lost, then the command is sent again after the ACK timeout and the reader opens', async () => {
    const { sim, open } = rig();
    sim.injectFault('no_ack', 1);
    await open();
    expect(sim.commandsReceived.slice(0, 4)).toEqual([0x14, 0x14, 0x02, 0x32]);
  });

  it('When a response arrives corrupted, then a NACK fetches it again and the card is read in the same poll', async () => {
    const { sim, open, time, inputs, drops } = rig();
    await open();
    sim.tap('DEADBEEF');
    sim.injectFault('corrupt_response', 1);
    await time.advance(POLL_MS);
    expect(inputs).toEqual([{ type: 'card', uid: 'DEADBEEF', technology: 'iso14443a' }]);
    // The checksum failure, then the rest of the broken frame as noise.
    expect(drops[0]?.reason).toBe('checksum');
  });

  it('When line noise arrives between frames, then it is dropped as noise and the card is still read', async () => {
    const { sim, open, time, inputs, drops, attachment } = rig();
    await open();
    attachment.link.send(new Uint8Array([0x13, 0x37, 0xff, 0x42]));
    sim.tap('DEADBEEF');
    await time.advance(POLL_MS * 3);
    expect(inputs).toEqual([{ type: 'card', uid: 'DEADBEEF', technology: 'iso14443a' }]);
    expect(drops.map((d) => d.reason)).toContain('noise');
  });

  it('When the module stops answering beyond the retry bound, then the reader fails with pn532_no_response', async () => {
    const { sim, open, time, failures } = rig();
    await open();
    sim.injectFault('silent', PN532_READER_DEFAULTS.link.commandAttemptsMax);
    await time.advance(POLL_MS + 3 * (PN532_READER_DEFAULTS.link.ackTimeoutMs + 10));
    expect(failures.map((f) => f.code)).toEqual(['pn532_no_response']);
  });

  it('When polls are answered with error frames, then each is no card, the reader stays connected and a card tapped after is read', async () => {
    const { sim, open, time, inputs, failures } = rig();
    await open();
    // More error frames in a row than one command's attempts: each used to be a failed attempt.
    sim.injectFault('error_frame', PN532_READER_DEFAULTS.link.commandAttemptsMax * 2);
    await time.advance(POLL_MS * 4);
    sim.tap('DEADBEEF');
    await time.advance(POLL_MS * 2);
    expect(inputs).toEqual([{ type: 'card', uid: 'DEADBEEF', technology: 'iso14443a' }]);
    expect(failures).toEqual([]);
    // The module's error frame is the 8 bytes 00 00 FF 01 FF 7F 81 00 (LEN 1, TFI 7F).
    expect(ERROR_FRAME).toEqual(hex('00 00 ff 01 ff 7f 81 00'));
  });

  it('When error frames are followed by silence, then the reader still fails with pn532_no_response', async () => {
    const { sim, open, time, failures } = rig();
    await open();
    sim.injectFault('error_frame', 2);
    sim.injectFault('silent', PN532_READER_DEFAULTS.link.commandAttemptsMax);
    await time.advance(POLL_MS * 2 + 3 * (PN532_READER_DEFAULTS.link.ackTimeoutMs + 10));
    expect(failures.map((f) => f.code)).toEqual(['pn532_no_response']);
  });

  it('When the device on the port is not a PN532, then opening fails with pn532_not_pn532', async () => {
    const { open } = rig({ firmwareIc: 0x07 });
    await expect(open()).rejects.toMatchObject({ code: 'pn532_not_pn532' });
  });

  it('When the cable is pulled, then the reader reports device_unplugged', async () => {
    const { sim, open, time, failures } = rig();
    await open();
    sim.unplug();
    await time.advance(POLL_MS * 2);
    expect(failures[0]).toBeInstanceOf(HardwareError);
    expect(failures[0]?.code).toBe('device_unplugged');
  });
});
