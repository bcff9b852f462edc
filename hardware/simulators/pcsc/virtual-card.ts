/**
 * A contactless card on a virtual reader, for testing the PC/SC driver through the real stack:
 * pcscd with Debian's vsmartcard-vpcd driver, which listens on a TCP port per slot and treats
 * a connected client as a card on the reader. The wire is vpcd's: every message is a 2-byte
 * big-endian length and a body; a 1-byte body is a control (00 power off, 01 power on, 02 reset,
 * 04 "send your ATR"), anything longer an APDU, answered with the response APDU. Connecting is
 * putting the card on the reader, closing the socket is lifting it.
 */
import { spawn } from 'node:child_process';
import net from 'node:net';
import { fileURLToPath } from 'node:url';
import { HardwareError, toHardwareError } from '../../errors';
import { HARDWARE_LIMITS } from '../../limits';
import { part3Atr } from '../../protocols/pcsc/get-uid';
import { replyTo, type SimCard } from './simulated-pcsc';

const CONTROL_GET_ATR = 0x04;
/** vpcd frames are ≤ 64 KiB by their length field; an APDU here is 5 bytes. */
const FRAME_BYTES_MAX = 0xffff;

export interface VirtualCard {
  /** APDUs the reader sent this card, as hex. */
  readonly apdus: readonly string[];
  /** Lifts the card off the reader. */
  lift(): Promise<void>;
}

function frame(body: Uint8Array): Buffer {
  if (body.length > FRAME_BYTES_MAX) throw new HardwareError('simulator_misuse', 'vpcd frame too long');
  const header = Buffer.alloc(2);
  header.writeUInt16BE(body.length);
  return Buffer.concat([header, body]);
}

/** Connects `card` to the vpcd slot at host:port and answers it until the socket closes. */
export async function connectVirtualCard(port: number, card: SimCard, onApdu: (hex: string) => void, host = '127.0.0.1'): Promise<net.Socket> {
  const socket = net.connect({ host, port });
  let pending = Buffer.alloc(0);
  const atr = part3Atr(card.technology);
  const answer = (body: Uint8Array) => {
    if (socket.writable) socket.write(frame(body));
  };
  // A card answers one message at a time, in order: vpcd asks for the ATR to poll presence, and
  // that request waits behind a slow APDU as it would on a real card.
  let busy: Promise<void> = Promise.resolve();
  const handle = async (body: Uint8Array) => {
    if (body.length === 1) {
      // Power on/off and reset need no answer; the ATR request does.
      if (body[0] === CONTROL_GET_ATR) answer(atr);
      return;
    }
    onApdu(Buffer.from(body).toString('hex').toUpperCase());
    const reply = replyTo(body, card);
    if (card.replyDelayMs) await new Promise((resolve) => setTimeout(resolve, card.replyDelayMs));
    answer(reply);
  };
  socket.on('data', (chunk: Buffer) => {
    pending = Buffer.concat([pending, chunk]);
    while (pending.length >= 2) {
      const length = pending.readUInt16BE(0);
      if (pending.length < 2 + length) break;
      const body = new Uint8Array(pending.subarray(2, 2 + length));
      pending = pending.subarray(2 + length);
      busy = busy.then(() => handle(body));
    }
  });
  // A lifted card's socket errors (the reader went away first) are the end of the card, nothing more.
  socket.on('error', () => undefined);
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', (error) => reject(toHardwareError(error, 'open_failed', `no vpcd slot on ${host}:${port}`)));
  });
  return socket;
}

const CARD_PROCESS = fileURLToPath(new URL('./virtual-card-process.ts', import.meta.url));

/**
 * Puts `card` on the vpcd slot at `port`, answered from its own process: a card is never in
 * the host's process, and pcsc-lite calls that wait on the card (SCardDisconnect) block the
 * thread that makes them, so a card served from that thread would wait on itself.
 */
export async function putVirtualCard(port: number, card: SimCard): Promise<VirtualCard> {
  const child = spawn(process.execPath, ['--import', 'tsx', CARD_PROCESS, String(port), JSON.stringify(card)], { stdio: ['ignore', 'pipe', 'pipe'] });
  const apdus: string[] = [];
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    if (stderr.length < HARDWARE_LIMITS.pcscdOutputBytesMax) stderr += chunk.toString('utf8');
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new HardwareError('open_failed', 'the virtual card process did not connect', { stderr })), HARDWARE_LIMITS.pcscdStartTimeoutMs);
    let buffered = '';
    child.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('utf8');
      let newline = buffered.indexOf('\n');
      while (newline >= 0) {
        const line = buffered.slice(0, newline);
        buffered = buffered.slice(newline + 1);
        if (line === 'connected') {
          clearTimeout(timer);
          resolve();
        } else if (line.startsWith('apdu ')) apdus.push(line.slice(5));
        newline = buffered.indexOf('\n');
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new HardwareError('open_failed', `the virtual card process exited with ${String(code)}`, { stderr }));
    });
  });
  return {
    apdus,
    async lift() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
