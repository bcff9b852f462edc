/**
 * A PC/SC card reader (PaSoRi RC-S300, ACR122U, ACR1252U…): the OS's smart-card service says
 * when a card arrives and leaves; on arrival the reader is asked for the card's UID/IDm once.
 * One card presence is one tap however long the card rests there, and only its removal re-arms
 * the reader, so a card left on the reader never pays twice.
 */
import { drop as dropPromise } from '../../../common/assert';
import { HARDWARE_LIMITS } from '../../limits';
import { GET_UID_APDU, parseUidReply } from '../../protocols/pcsc/get-uid';
import type { PcscConnection, PcscTransport } from '../../transports/types';
import type { DriverContext, DriverSession } from '../driver';

export interface PcscReaderOptions {
  /** How long the reader may take to give the UID before this presence is refused. */
  uidReplyTimeoutMs: number;
}

export const PCSC_READER_DEFAULTS: PcscReaderOptions = { uidReplyTimeoutMs: HARDWARE_LIMITS.pcscUidReplyTimeoutMs };

const TIMED_OUT = Symbol('timed out');

function exchangeWithin(ctx: DriverContext, connection: PcscConnection, timeoutMs: number): Promise<Uint8Array | typeof TIMED_OUT> {
  return new Promise((resolve, reject) => {
    const timer = ctx.timers.setTimeout(() => resolve(TIMED_OUT), timeoutMs);
    connection.exchange(GET_UID_APDU).then(
      (reply) => {
        timer.cancel();
        resolve(reply);
      },
      (error: unknown) => {
        timer.cancel();
        reject(error);
      },
    );
  });
}

export async function openPcscReader(ctx: DriverContext, transport: PcscTransport, readerName: string, options: PcscReaderOptions = PCSC_READER_DEFAULTS): Promise<DriverSession> {
  const connection = await transport.open(readerName);
  let armed = true;
  let closed = false;

  async function readCard(atr: Uint8Array): Promise<void> {
    let reply: Uint8Array | typeof TIMED_OUT;
    try {
      reply = await exchangeWithin(ctx, connection, options.uidReplyTimeoutMs);
    } catch (error) {
      // Lifted mid-read, or a card the reader cannot talk to: this tap is refused, the reader stays.
      ctx.logger.warn({ source: ctx.source, error }, 'the card did not give its UID');
      ctx.drop('card_refused', 0);
      return;
    }
    if (closed) return;
    if (reply === TIMED_OUT) {
      ctx.logger.warn({ source: ctx.source, timeoutMs: options.uidReplyTimeoutMs }, 'the card was too slow to give its UID');
      ctx.drop('card_refused', 0);
      return;
    }
    const parsed = parseUidReply(reply, atr);
    if (!parsed.ok) {
      ctx.logger.warn({ source: ctx.source, reason: parsed.reason, statusWord: parsed.statusWord }, 'the reader refused the UID request');
      ctx.drop('card_refused', reply.length);
      return;
    }
    ctx.input({ type: 'card', uid: parsed.uid, technology: parsed.technology });
  }

  connection.start({
    present: (atr) => {
      if (closed || !armed) return;
      armed = false;
      // A read still waiting when the session closes finds `closed` and reports nothing.
      dropPromise(readCard(atr), (error) => ctx.logger.error({ source: ctx.source, error }, 'PC/SC read bookkeeping failed'));
    },
    absent: () => {
      armed = true;
    },
    failed: (error) => {
      if (!closed) ctx.failed(error);
    },
  });

  return {
    async close() {
      closed = true;
      await connection.close();
    },
  };
}

