/**
 * PN532 card reader over HSU: wake, SAMConfiguration, check the firmware says PN532, limit
 * passive-activation retries, then poll ISO 14443A and FeliCa in turn. A card is reported when
 * it arrives (or a different card replaces it) and forgotten only after it has been missing
 * for a few polls, so one tap pays once however long the card rests on the reader. A poll
 * answered with an error frame found no card: captures of real modules show such answers, and
 * retrying them until pn532_no_response took the whole reader down over one poll.
 */
import { drop as dropPromise } from '../../../common/assert';
import { HardwareError, toHardwareError } from '../../errors';
import { HARDWARE_LIMITS } from '../../limits';
import type { TimerHandle } from '../../timers';
import type { SerialOpenOptions, SerialTransport } from '../../transports/types';
import {
  CMD_GET_FIRMWARE_VERSION,
  CMD_IN_LIST_PASSIVE_TARGET,
  CMD_RF_CONFIGURATION,
  CMD_SAM_CONFIGURATION,
  decodeFelicaTarget,
  decodeFirmwareVersion,
  decodeIso14443aTarget,
  LIST_FELICA_212,
  LIST_ISO14443A,
  PN532_IC,
  rfMaxRetriesParams,
  SAM_NORMAL_MODE,
} from '../../protocols/pn532/commands';
import type { DetectedCard } from '../../protocols/pn532/commands';
import type { DriverContext, DriverSession } from '../driver';
import { createPn532Link, PN532_LINK_DEFAULTS } from './pn532-link';
import type { Pn532Link, Pn532LinkOptions } from './pn532-link';

export interface Pn532ReaderOptions {
  link: Pn532LinkOptions;
  /** Pause between poll cycles; a tap lasts ≥ 300 ms, so 150 ms sees every tap. */
  pollIntervalMs: number;
  /** Empty polls in a row before a present card counts as removed. */
  removalMissesMin: number;
  /** InListPassiveTarget tries per command before it answers "no target" (0xFF = forever). */
  passiveActivationRetries: number;
}

export const PN532_READER_DEFAULTS: Pn532ReaderOptions = {
  link: PN532_LINK_DEFAULTS,
  pollIntervalMs: HARDWARE_LIMITS.pn532PollIntervalMs,
  removalMissesMin: HARDWARE_LIMITS.pn532RemovalMissesMin,
  passiveActivationRetries: 1,
};

async function initialise(link: Pn532Link, options: Pn532ReaderOptions): Promise<void> {
  await link.command(CMD_SAM_CONFIGURATION, SAM_NORMAL_MODE, { wake: true });
  const firmware = decodeFirmwareVersion(await link.command(CMD_GET_FIRMWARE_VERSION, new Uint8Array()));
  if (firmware === null || firmware.ic !== PN532_IC) {
    throw new HardwareError('pn532_not_pn532', 'The device on this port answers, but it is not a PN532', { firmware });
  }
  await link.command(CMD_RF_CONFIGURATION, rfMaxRetriesParams(options.passiveActivationRetries));
}

export async function openPn532Reader(
  ctx: DriverContext,
  transport: SerialTransport,
  port: SerialOpenOptions,
  options: Pn532ReaderOptions = PN532_READER_DEFAULTS,
): Promise<DriverSession> {
  const connection = await transport.open(port);
  const link = createPn532Link({ write: (bytes) => connection.write(bytes), clock: ctx.clock, timers: ctx.timers, drop: ctx.drop }, options.link);
  let stopped = false;
  connection.start({
    data: (bytes) => link.onBytes(bytes, ctx.clock.nowMs()),
    closed: (error) => {
      link.close(error);
      ctx.failed(error);
    },
  });
  try {
    await initialise(link, options);
  } catch (error) {
    link.close(new HardwareError('closed', 'PN532 initialisation failed'));
    await connection.close();
    throw toHardwareError(error, 'pn532_no_response', 'PN532 initialisation failed');
  }

  let present: DetectedCard | null = null;
  let misses = 0;
  let timer: TimerHandle | null = null;
  let cycleDone: Promise<void> = Promise.resolve();
  // Error frames in a row per poll kind (BrTy), logged when a run starts and ends rather than
  // per poll: polls go several a second, and one kind may answer so while the other works.
  const errorRuns = new Map<number, number>();

  async function listTarget(params: Uint8Array, decode: typeof decodeIso14443aTarget): Promise<DetectedCard | null> {
    const data = await link.commandOrErrorFrame(CMD_IN_LIST_PASSIVE_TARGET, params);
    const brTy = params[1] ?? 0;
    const run = errorRuns.get(brTy) ?? 0;
    if (data === 'error_frame') {
      if (run === 0) ctx.logger.info({ source: ctx.source, brTy }, 'PN532 answered a poll with an error frame; taken as no card');
      errorRuns.set(brTy, run + 1);
      return null;
    }
    if (run > 0) {
      ctx.logger.info({ source: ctx.source, brTy, errorFrames: run }, 'PN532 answers this poll again');
      errorRuns.delete(brTy);
    }
    const result = decode(data);
    if (result === null) ctx.drop('malformed_report', data.length);
    return result === null || result === 'none' ? null : result;
  }

  async function cycle(): Promise<void> {
    const card = (await listTarget(LIST_ISO14443A, decodeIso14443aTarget)) ?? (await listTarget(LIST_FELICA_212, decodeFelicaTarget));
    if (card) {
      misses = 0;
      if (present === null || present.uid !== card.uid) ctx.input({ type: 'card', uid: card.uid, technology: card.technology });
      present = card;
    } else if (present !== null && ++misses >= options.removalMissesMin) {
      ctx.logger.debug({ source: ctx.source, uid: present.uid }, 'card removed');
      present = null;
    }
  }

  function schedule(): void {
    if (stopped) return;
    timer = ctx.timers.setTimeout(() => {
      timer = null;
      cycleDone = cycle().then(schedule, (error: unknown) => {
        if (stopped && error instanceof HardwareError && error.code === 'closed') return; // our own close
        ctx.failed(toHardwareError(error, 'pn532_no_response', 'PN532 polling failed'));
      });
      dropPromise(cycleDone, (error) => ctx.logger.error({ source: ctx.source, error }, 'PN532 poll bookkeeping failed'));
    }, options.pollIntervalMs);
  }

  schedule();
  return {
    async close() {
      stopped = true;
      timer?.cancel();
      link.close(new HardwareError('closed', 'PN532 reader closed'));
      await cycleDone;
      await connection.close();
    },
  };
}
