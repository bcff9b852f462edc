/**
 * R29: before a job the printer is asked DLE EOT 1, 2 and 4; its replies decide whether the
 * job is sent or fails with the reason the cashier must fix. Replies with the wrong fixed bits
 * are not status and are never read as a state.
 */
import { describe, expect, it } from 'vitest';
import { isStatusReply, parseOfflineCause, parsePrinterStatus, parseRollPaper, stateFromReplies, statusReplyFor, statusRequest } from './status';

describe('R29: DLE EOT real-time status', () => {
  it('When status is requested, then the bytes are DLE EOT n (10 04 n)', () => {
    expect([...statusRequest(1)]).toEqual([0x10, 0x04, 0x01]);
    expect([...statusRequest(2)]).toEqual([0x10, 0x04, 0x02]);
    expect([...statusRequest(4)]).toEqual([0x10, 0x04, 0x04]);
  });

  it.each([
    ['a ready printer', 0x12, 0x12, 0x12, { state: 'ready', paperNearEnd: false }],
    ['a ready printer with its roll near the end (bits 2–3)', 0x12, 0x12, 0x1e, { state: 'ready', paperNearEnd: true }],
    ['an empty roll (offline, paper-end stop, roll sensor end)', 0x1a, 0x32, 0x7e, { state: 'paper_out', paperNearEnd: false }],
    ['an empty roll seen only by the roll sensor (bits 5–6)', 0x12, 0x12, 0x72, { state: 'paper_out', paperNearEnd: false }],
    ['an open cover (offline, cause bit 2)', 0x1a, 0x16, 0x12, { state: 'cover_open', paperNearEnd: false }],
    ['an open cover while the roll is empty: the cover is what to fix first', 0x1a, 0x36, 0x7e, { state: 'cover_open', paperNearEnd: false }],
    ['offline for another reason (bit 3 only)', 0x1a, 0x12, 0x12, { state: 'offline', paperNearEnd: false }],
    ['an error (cause bit 6)', 0x1a, 0x52, 0x12, { state: 'offline', paperNearEnd: false }],
    ['a drawer sensor high and the FEED button held: still ready', 0x16, 0x1a, 0x12, { state: 'ready', paperNearEnd: false }],
  ])('When the replies describe %s, then the state follows', (_what, printer, offlineCause, rollPaper, expected) => {
    expect(stateFromReplies({ printer, offlineCause, rollPaper })).toEqual(expected);
  });

  it.each([
    ['0x00 (a GS r answer, bit 4 off)', 0x00],
    ['0xFF (noise)', 0xff],
    ['0x13 (bit 0 on)', 0x13],
    ['0x92 (bit 7 on)', 0x92],
    ['0x10 (bit 1 off)', 0x10],
    ['0x02 (bit 4 off)', 0x02],
    ['0x0C (an ASB-like paper byte)', 0x0c],
  ])('When a reply is %s, then it is not a status reply and decides nothing', (_what, byte) => {
    expect(isStatusReply(byte)).toBe(false);
    expect(parsePrinterStatus(byte)).toBeNull();
    expect(parseOfflineCause(byte)).toBeNull();
    expect(parseRollPaper(byte)).toBeNull();
    expect(stateFromReplies({ printer: byte, offlineCause: 0x12, rollPaper: 0x12 })).toBeNull();
    expect(stateFromReplies({ printer: 0x12, offlineCause: byte, rollPaper: 0x12 })).toBeNull();
    expect(stateFromReplies({ printer: 0x12, offlineCause: 0x12, rollPaper: byte })).toBeNull();
  });

  it('When a number outside a byte arrives, then it is rejected', () => {
    expect(isStatusReply(0x112)).toBe(false);
    expect(isStatusReply(-1)).toBe(false);
  });

  it('When the simulator answers for a condition, then parsing its replies gives that condition back', () => {
    const conditions = [
      { paperOut: false, coverOpen: false, offline: false, paperNearEnd: false, expected: 'ready' },
      { paperOut: true, coverOpen: false, offline: false, paperNearEnd: false, expected: 'paper_out' },
      { paperOut: false, coverOpen: true, offline: false, paperNearEnd: false, expected: 'cover_open' },
      { paperOut: false, coverOpen: false, offline: true, paperNearEnd: false, expected: 'offline' },
      { paperOut: false, coverOpen: false, offline: false, paperNearEnd: true, expected: 'ready' },
    ] as const;
    for (const { expected, ...condition } of conditions) {
      const replies = { printer: statusReplyFor(1, condition) ?? 0, offlineCause: statusReplyFor(2, condition) ?? 0, rollPaper: statusReplyFor(4, condition) ?? 0 };
      expect(stateFromReplies(replies)).toEqual({ state: expected, paperNearEnd: condition.paperNearEnd });
    }
    expect(statusReplyFor(9, conditions[0])).toBeNull();
  });
});
