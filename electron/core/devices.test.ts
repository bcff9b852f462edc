import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { DeviceView, TerminalEvent } from '../../common/terminal-api';
import { FileSecretStore } from './adapters/file-secret-store';
import { Journal } from './journal/journal';
import type { DeviceEvent, Devices } from './ports';
import { TerminalCore } from './terminal-core';
import { FakeBackend } from './testing/fake-backend';
import { ManualClock, nextTurnTimers, START_MS } from './testing/harness';

class ScriptedDevices implements Devices {
  devices: DeviceView[] = [{ id: 'scanner-1', kind: 'scanner', name: 'Scanner', transport: 'simulator', state: 'connected', reason: null }];
  private listener: ((event: DeviceEvent) => void) | null = null;
  list(): DeviceView[] {
    return this.devices;
  }
  subscribe(listener: (event: DeviceEvent) => void): () => void {
    this.listener = listener;
    return () => {
      this.listener = null;
    };
  }
  send(event: DeviceEvent): void {
    this.listener?.(event);
  }
}

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()?.();
});

describe('devices', () => {
  it('When a scanner reads a code or a card is tapped, then subscribers hear it unchanged; a device change refreshes the status', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kumapay-devices-'));
    const clock = new ManualClock(START_MS);
    const journal = Journal.open(path.join(dir, 'journal.sqlite'));
    const devices = new ScriptedDevices();
    const core = await TerminalCore.open({
      journal,
      backend: await FakeBackend.create(clock),
      devices,
      secrets: new FileSecretStore(path.join(dir, 'secrets')),
      defaultBackendUrl: 'http://127.0.0.1:1',
      clock,
      timers: nextTurnTimers,
    });
    cleanups.push(async () => {
      await core.stop();
      journal.close();
      rmSync(dir, { recursive: true, force: true });
    });
    const events: TerminalEvent[] = [];
    core.subscribe((e) => events.push(e));
    core.start();
    const scan = { type: 'scan' as const, text: 'KP1.x', source: 'scanner-1', at: '2024-06-01T01:00:00.000Z' };
    const card = { type: 'card' as const, uid: '04A1B2C3', technology: 'iso14443a' as const, source: 'reader-1', at: '2024-06-01T01:00:01.000Z' };
    devices.send(scan);
    devices.send(card);
    expect(events).toEqual([scan, card]);
    devices.devices = [{ ...devices.devices[0]!, state: 'disconnected', reason: 'unplugged' }];
    devices.send({ type: 'devices_changed' });
    await new Promise((resolve) => setImmediate(resolve));
    const statusEvents = events.filter((e) => e.type === 'status');
    expect(statusEvents.at(-1)).toMatchObject({ status: { devices: [{ id: 'scanner-1', state: 'disconnected' }] } });
  });
});
