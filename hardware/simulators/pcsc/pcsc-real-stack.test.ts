/**
 * The PC/SC driver through the real stack: pcscd + Debian's vsmartcard-vpcd reader driver, a
 * virtual card in Node speaking vpcd's socket protocol, the `smartcard` N-API binding, and the
 * device manager with discovery on. What a PaSoRi or ACR122U does at a counter, minus the radio.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { DeviceStatus, FrameDrop, InputEvent } from '../../events';
import { createDeviceManager } from '../../manager/device-manager';
import type { DeviceManager } from '../../manager/device-manager';
import { createPcscTransport } from '../../transports/pcsc-transport';
import { SimulatedHidBus } from '../hid/simulated-hid-bus';
import { MockSerialBus } from '../serial/mock-serial-bus';
import { pcscStackUnavailableReason, startPcscStack, type PcscStack } from './pcscd-stack';
import { putVirtualCard } from './virtual-card';

function smartcardMissing(): string | null {
  try {
    createRequire(import.meta.url).resolve('smartcard');
    return null;
  } catch {
    return 'the optional smartcard package is not installed (it needs libpcsclite-dev to build)';
  }
}

const unavailable = pcscStackUnavailableReason() ?? smartcardMissing();
if (unavailable) console.warn(`PC/SC real-stack tests skipped: ${unavailable}`);

/** Real pcscd polls vpcd about every 400 ms, and the manager enumerates every second. */
const WAIT = { timeout: 15_000, interval: 50 };
const UID_7 = '04A1B2C3D4E5F6';
const IDM = '012E4CD28B11620A';

describe.skipIf(unavailable !== null)(`PC/SC reader through pcscd + vpcd${unavailable ? ` (skipped: ${unavailable})` : ''}`, () => {
  let directory = '';
  let stack: PcscStack;
  let manager: DeviceManager;
  const events: InputEvent[] = [];
  const drops: FrameDrop[] = [];
  const reader = (): DeviceStatus | undefined => manager.devices().find((d) => d.id === 'pcsc-Virtual_PCD_slot_00');

  beforeAll(async () => {
    directory = await mkdtemp(path.join(tmpdir(), 'kumapay-pcsc-'));
    stack = await startPcscStack();
    manager = createDeviceManager({
      configPath: path.join(directory, 'devices.json'),
      transports: { hid: new SimulatedHidBus(), serial: new MockSerialBus().transport, pcsc: createPcscTransport({ serviceRetryMs: 1_000 }) },
      initialConfig: { version: 1, autoDiscovery: true, debounceMs: 0 },
    });
    manager.on('event', (e) => events.push(e));
    manager.on('drop', (d) => drops.push(d));
    await manager.start();
    await vi.waitFor(() => expect(reader()).toMatchObject({ kind: 'card_reader', transport: 'pcsc', state: 'connected' }), WAIT);
  }, 30_000);

  afterAll(async () => {
    await manager?.stop();
    await stack?.close();
    if (directory) await rm(directory, { recursive: true, force: true });
  });

  it('When a card is put on the reader and left there, then it is one tap with its UID; lifted and put back, a second tap', async () => {
    events.length = 0;
    const card = await putVirtualCard(stack.port, { uid: UID_7, technology: 'iso14443a' });
    await vi.waitFor(() => expect(events).toHaveLength(1), WAIT);
    expect(events[0]).toMatchObject({ type: 'card', uid: UID_7, technology: 'iso14443a', source: 'pcsc-Virtual_PCD_slot_00' });
    expect(card.apdus).toEqual(['FFCA000000']);
    // Resting on the reader through several of pcscd's polls is still one tap.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(events).toHaveLength(1);
    await card.lift();
    const again = await putVirtualCard(stack.port, { uid: UID_7, technology: 'iso14443a' });
    await vi.waitFor(() => expect(events).toHaveLength(2), WAIT);
    await again.lift();
  });

  it('When a FeliCa card is tapped, then its IDm arrives as felica', async () => {
    events.length = 0;
    const card = await putVirtualCard(stack.port, { uid: IDM, technology: 'felica' });
    await vi.waitFor(() => expect(events).toEqual([expect.objectContaining({ type: 'card', uid: IDM, technology: 'felica' })]), WAIT);
    await card.lift();
  });

  it('When the reader answers with an error status word, then no tap is reported, the drop says so, and the next card pays', async () => {
    events.length = 0;
    drops.length = 0;
    const refused = await putVirtualCard(stack.port, { uid: UID_7, technology: 'iso14443a', statusWord: '6A81' });
    await vi.waitFor(() => expect(drops.map((d) => d.reason)).toContain('card_refused'), WAIT);
    expect(events).toEqual([]);
    await refused.lift();
    const good = await putVirtualCard(stack.port, { uid: IDM, technology: 'felica' });
    await vi.waitFor(() => expect(events).toHaveLength(1), WAIT);
    expect(reader()?.state).toBe('connected');
    await good.lift();
  });

  it('When the card answers slowly (within the bound), then the tap still arrives once, and listing readers is not held up meanwhile', async () => {
    events.length = 0;
    const order: string[] = [];
    const probe = createPcscTransport();
    manager.on('event', () => order.push('tap'));
    const slow = await putVirtualCard(stack.port, { uid: UID_7, technology: 'iso14443a', replyDelayMs: 1_200 });
    await vi.waitFor(() => expect(slow.apdus).toEqual(['FFCA000000']), WAIT);
    // The reader is waiting on the card now; the service still lists its readers at once.
    expect(await probe.list()).toHaveLength(2);
    order.push('listed');
    await vi.waitFor(() => expect(events).toEqual([expect.objectContaining({ uid: UID_7 })]), WAIT);
    expect(order).toEqual(['listed', 'tap']);
    await probe.dispose();
    await slow.lift();
  });

  it('When the reader goes away (the service stops) and comes back, then it is disconnected, reconnects by itself, and the next tap pays', async () => {
    await stack.stop();
    await vi.waitFor(() => expect(reader()?.state).toBe('disconnected'), WAIT);
    await stack.start();
    await vi.waitFor(() => expect(reader()?.state).toBe('connected'), { ...WAIT, timeout: 30_000 });
    events.length = 0;
    const card = await putVirtualCard(stack.port, { uid: IDM, technology: 'felica' });
    await vi.waitFor(() => expect(events).toHaveLength(1), WAIT);
    await card.lift();
  }, 60_000);
});
