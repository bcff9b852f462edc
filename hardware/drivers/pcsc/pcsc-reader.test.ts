/**
 * The PC/SC driver through its transport seam (the in-memory service): one tap per card
 * presence, removal re-arms, refused replies never become taps, and an unplug reaches the
 * manager. The same behaviours through pcscd + vpcd are in pcsc-real-stack.test.ts.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ManualTime } from '../../testing/manual-time';
import { recordingContext } from '../../testing/driver-context';
import { SimulatedPcscService } from '../../simulators/pcsc/simulated-pcsc';
import type { DriverSession } from '../driver';
import { openPcscReader, PCSC_READER_DEFAULTS } from './pcsc-reader';

const READER = 'ACS ACR122U PICC Interface 00 00';
/** A 7-byte NXP UID and a FeliCa IDm as real cards carry them (IDm starts with the manufacturer code 01). */
const UID_7 = '04A1B2C3D4E5F6';
const IDM = '012E4CD28B11620A';
const sessions: DriverSession[] = [];

afterEach(async () => {
  await Promise.all(sessions.splice(0).map((s) => s.close()));
});

async function rig() {
  const time = new ManualTime();
  const service = new SimulatedPcscService(time);
  const reader = service.attach(READER);
  const recorded = recordingContext(time);
  const session = await openPcscReader(recorded.ctx, service, READER);
  sessions.push(session);
  await time.advance(0);
  return { time, service, reader, session, ...recorded };
}

describe('PC/SC reader driver', () => {
  it('When a card rests on the reader for 10 s, then it is one tap; when it is lifted and put back, a second', async () => {
    const r = await rig();
    r.reader.put({ uid: UID_7, technology: 'iso14443a' });
    await r.time.advance(10_000);
    expect(r.inputs).toEqual([{ type: 'card', uid: UID_7, technology: 'iso14443a' }]);
    r.reader.lift();
    r.reader.put({ uid: UID_7, technology: 'iso14443a' });
    await r.time.advance(100);
    expect(r.inputs).toHaveLength(2);
  });

  it('When a FeliCa card is tapped, then its 8-byte IDm is reported as felica', async () => {
    const r = await rig();
    r.reader.tap({ uid: IDM, technology: 'felica' });
    await r.time.advance(1_000);
    expect(r.inputs).toEqual([{ type: 'card', uid: IDM, technology: 'felica' }]);
  });

  it('When the reader answers GET DATA with 6A 81, then no tap is reported, the drop says why, and the next card is read', async () => {
    const r = await rig();
    r.reader.tap({ uid: UID_7, technology: 'iso14443a', statusWord: '6A81' });
    await r.time.advance(1_000);
    expect(r.inputs).toEqual([]);
    expect(r.drops).toEqual([{ reason: 'card_refused', byteCount: 2 }]);
    r.reader.tap({ uid: IDM, technology: 'felica' });
    await r.time.advance(1_000);
    expect(r.inputs).toEqual([{ type: 'card', uid: IDM, technology: 'felica' }]);
    expect(r.failures).toEqual([]);
  });

  it('When the card answers slowly but within the bound, then it pays; past the bound, that tap is refused and the late answer is ignored', async () => {
    const r = await rig();
    r.reader.put({ uid: UID_7, technology: 'iso14443a', replyDelayMs: PCSC_READER_DEFAULTS.uidReplyTimeoutMs - 500 });
    await r.time.advance(PCSC_READER_DEFAULTS.uidReplyTimeoutMs);
    expect(r.inputs).toHaveLength(1);
    r.reader.lift();
    r.reader.put({ uid: IDM, technology: 'felica', replyDelayMs: PCSC_READER_DEFAULTS.uidReplyTimeoutMs + 1_000 });
    await r.time.advance(PCSC_READER_DEFAULTS.uidReplyTimeoutMs * 2);
    expect(r.inputs).toHaveLength(1);
    expect(r.drops.map((d) => d.reason)).toEqual(['card_refused']);
  });

  it('When a card is already on the reader as the driver opens, then that presence is one tap', async () => {
    const time = new ManualTime();
    const service = new SimulatedPcscService(time);
    const reader = service.attach(READER);
    reader.put({ uid: IDM, technology: 'felica' });
    const recorded = recordingContext(time);
    sessions.push(await openPcscReader(recorded.ctx, service, READER));
    await time.advance(100);
    expect(recorded.inputs).toEqual([{ type: 'card', uid: IDM, technology: 'felica' }]);
  });

  it('When the reader is unplugged, then the manager is told device_unplugged; a closed session reports nothing more', async () => {
    const r = await rig();
    r.reader.unplug();
    expect(r.failures.map((f) => f.code)).toEqual(['device_unplugged']);
    await r.session.close();
    r.reader.replug();
    r.reader.tap({ uid: UID_7, technology: 'iso14443a' });
    await r.time.advance(1_000);
    expect(r.inputs).toEqual([]);
  });

  it('When the reader is not listed, then opening fails with device_not_found', async () => {
    const time = new ManualTime();
    const service = new SimulatedPcscService(time);
    await expect(openPcscReader(recordingContext(time).ctx, service, 'Sony FeliCa Port/PaSoRi 4.0 00 00')).rejects.toMatchObject({ code: 'device_not_found' });
  });
});
