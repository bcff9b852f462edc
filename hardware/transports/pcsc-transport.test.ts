/**
 * The PC/SC transport's own decisions, against a scripted stand-in for the `smartcard` binding
 * (the real binding and pcscd are in hardware/simulators/pcsc/pcsc-real-stack.test.ts, which
 * needs Debian's pcscd): the service missing is "no readers" said once, a vanished reader fails
 * its session, and a card already on the reader is a presence.
 */
import { describe, expect, it, vi } from 'vitest';
import { silentLogger, type HardwareLogger } from '../logger';
import type { PcscListeners } from './types';
import { createPcscTransport, type Smartcard } from './pcsc-transport';

const PRESENT = 0x20;
const EMPTY = 0x10;
const CHANGED = 0x02;
const UNKNOWN = 0x04;
const READER = 'ACS ACR122U PICC Interface 00 00';

interface Script {
  serviceUp: boolean;
  readers: string[];
  /** What each waitForChange answers, in turn; then it waits for the test to push more. */
  changes: Array<Array<{ name: string; state: number; atr?: number[] }>>;
}

function fakeSmartcard(script: Script): Smartcard {
  class Context {
    isValid = true;
    constructor() {
      if (!script.serviceUp) throw new Error('PC/SC service not running');
    }
    listReaders() {
      if (!script.serviceUp) throw new Error('PC/SC service not running');
      return script.readers.map((name) => ({ name, connect: () => Promise.reject(new Error('no card')) }));
    }
    async waitForChange() {
      for (let i = 0; i < 100 && script.changes.length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 5));
      const next = script.changes.shift() ?? [];
      if (!script.serviceUp) throw new Error('PC/SC service not running');
      return next.map((c) => ({ name: c.name, state: c.state | CHANGED, changed: true, atr: c.atr ? Buffer.from(c.atr) : null }));
    }
    close() {}
  }
  return {
    Context,
    SCARD_SHARE_SHARED: 2,
    SCARD_PROTOCOL_T0: 1,
    SCARD_PROTOCOL_T1: 2,
    SCARD_LEAVE_CARD: 0,
    SCARD_STATE_UNAWARE: 0,
    SCARD_STATE_CHANGED: CHANGED,
    SCARD_STATE_UNKNOWN: UNKNOWN,
    SCARD_STATE_UNAVAILABLE: 0x08,
    SCARD_STATE_PRESENT: PRESENT,
  } as unknown as Smartcard;
}

function recordingLogger() {
  const warnings: string[] = [];
  const logger: HardwareLogger = { ...silentLogger, warn: (_fields, message) => warnings.push(message) };
  return { logger, warnings };
}

function listen() {
  const seen: string[] = [];
  const listeners: PcscListeners = {
    present: (atr) => seen.push(`present ${Buffer.from(atr).toString('hex')}`),
    absent: () => seen.push('absent'),
    failed: (error) => seen.push(`failed ${error.code}`),
  };
  return { seen, listeners };
}

describe('PC/SC transport', () => {
  it('When the smart-card service is not running, then there are simply no readers, said once in the log, and it is asked again only after the retry time', async () => {
    const script: Script = { serviceUp: false, readers: [READER], changes: [] };
    let nowMs = 0;
    const { logger, warnings } = recordingLogger();
    const transport = createPcscTransport({ load: async () => fakeSmartcard(script), logger, nowMs: () => nowMs, serviceRetryMs: 10_000 });
    expect(await transport.list()).toEqual([]);
    nowMs = 20_000;
    expect(await transport.list()).toEqual([]);
    expect(warnings).toHaveLength(1);
    script.serviceUp = true;
    nowMs = 25_000; // within the retry time of the last failure
    expect(await transport.list()).toEqual([]);
    nowMs = 31_000;
    expect(await transport.list()).toEqual([{ name: READER }]);
    await expect(transport.open('Sony FeliCa Port/PaSoRi 4.0 00 00')).rejects.toMatchObject({ code: 'device_not_found' });
  });

  it('When a card is already on the reader, then it is a presence; lifted, absent; the reader gone, the session fails as unplugged', async () => {
    const script: Script = { serviceUp: true, readers: [READER], changes: [[{ name: READER, state: PRESENT, atr: [0x3b, 0x8f] }], [{ name: READER, state: EMPTY }], [{ name: READER, state: UNKNOWN }]] };
    const transport = createPcscTransport({ load: async () => fakeSmartcard(script) });
    const connection = await transport.open(READER);
    const { seen, listeners } = listen();
    connection.start(listeners);
    await vi.waitFor(() => expect(seen).toEqual(['present 3b8f', 'absent', 'failed device_unplugged']));
    await connection.close();
    await transport.dispose();
  });

  it('When the service stops while a reader is watched, then the session fails as unplugged and the transport lists no readers', async () => {
    const script: Script = { serviceUp: true, readers: [READER], changes: [] };
    const transport = createPcscTransport({ load: async () => fakeSmartcard(script) });
    const connection = await transport.open(READER);
    const { seen, listeners } = listen();
    connection.start(listeners);
    script.serviceUp = false;
    script.changes.push([]);
    await vi.waitFor(() => expect(seen).toEqual(['failed device_unplugged']));
    expect(await transport.list()).toEqual([]);
    await transport.dispose();
  });
});
