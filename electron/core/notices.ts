/**
 * 入金通知 (R28): the merchant's MPM notices by long poll (`GET /v1/terminal/notices?after=`),
 * while the terminal is enrolled and the link is up. The cursor is kept in the journal in the
 * same transaction as what the notices wrote, so a restart or an offline stretch resumes where
 * it stopped: the backend answers everything after it, `more: true` → ask again at once.
 *
 * What a notice does:
 * - it names this register (its store QR, or a request it made): the payment is journaled
 *   (mpm-journal.ts), so history, 点検 and the day-close comparison agree with the backend;
 * - a store-QR payment (any register of the shop) is told to the renderer as a 入金通知
 *   banner with its sound; so is a payment of this register's request that no screen here
 *   is showing (the cashier left, or the terminal restarted). A request the MPM screen shows
 *   needs no banner: that screen says お支払い完了 itself. Another register's request: none.
 * - only notices of the last CORE_LIMITS.noticeBannerFreshMs ring: after an outage (or at the
 *   first start) older ones go quietly into the journal and history.
 */
import { z } from 'zod';
import { drop } from '../../common/assert';
import type { MpmNoticeView } from '../../common/terminal-api';
import { toIso } from '../../common/time';
import type { notice as noticeSchema } from '../../common/wire/mpm';
import { SETTING } from './context';
import { CORE_LIMITS } from './limits';
import type { MpmDesk } from './mpm';
import type { TxnRow } from './journal/txn-store';
import { journalMpmReceipt } from './mpm-journal';
import { keepHeardSlip } from './printing/heard-slips';
import type { CoreServices } from './services';

type Notice = z.infer<typeof noticeSchema>;

const storedCursor = z.number().int().min(0);

export interface NoticeRunSummary {
  /** Notices read in this run (every page). */
  received: number;
  /** Of them, payments journaled here for the first time. */
  journaled: number;
  /** Why the run stopped early, if it did (`network`, `refused:<code>`, `not_enrolled`, `offline`, `page_bound`). */
  stoppedBy: string | null;
}

export class NoticePoller {
  private started = false;
  private timer: unknown = null;
  private running: Promise<NoticeRunSummary> | null = null;
  private delayMs: number = CORE_LIMITS.noticesBackoffMsMin;

  constructor(
    private readonly s: CoreServices,
    private readonly desk: MpmDesk,
  ) {}

  /** The merchant notice number heard last; null before the first answer (the backend then starts from now). */
  cursor(): number | null {
    return this.s.journal.settings.get(SETTING.noticesCursor, storedCursor);
  }

  start(): void {
    this.started = true;
    this.schedule(0);
  }

  stop(): void {
    this.started = false;
    if (this.timer !== null) this.s.timers.clearTimeout(this.timer);
    this.timer = null;
  }

  /** The link came back: catch up at once. */
  wake(): void {
    if (!this.started || this.running) return;
    if (this.timer !== null) this.s.timers.clearTimeout(this.timer);
    this.timer = null;
    this.schedule(0);
  }

  /** Resolves when no run is in progress. */
  async idle(): Promise<void> {
    if (this.running) await this.running;
  }

  /**
   * Reads notices after the cursor until the backend has no more (bounded by
   * `noticesPagesPerRunMax`); `waitMs` is the first page's long-poll wait (0: answer at once).
   * Concurrent callers share the run in progress.
   */
  runOnce(waitMs = 0): Promise<NoticeRunSummary> {
    this.running ??= this.run(waitMs).finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private schedule(delayMs: number): void {
    this.timer = this.s.timers.setTimeout(() => {
      this.timer = null;
      drop(this.tick(), (error) => this.s.logger.error({ error: String(error) }, 'notice poll failed unexpectedly'));
    }, delayMs);
  }

  private async tick(): Promise<void> {
    if (!this.started) return;
    let next: number = CORE_LIMITS.noticesPollGapMs;
    try {
      const summary = await this.runOnce(CORE_LIMITS.noticesWaitMs);
      if (summary.stoppedBy === 'page_bound') next = 0;
      else if (summary.stoppedBy === 'offline' || summary.stoppedBy === 'not_enrolled') next = CORE_LIMITS.noticesBackoffMsMax;
      else if (summary.stoppedBy !== null) {
        next = this.delayMs;
        this.delayMs = Math.min(this.delayMs * 2, CORE_LIMITS.noticesBackoffMsMax);
      } else this.delayMs = CORE_LIMITS.noticesBackoffMsMin;
    } finally {
      if (this.started && this.timer === null) this.schedule(next);
    }
  }

  private async run(waitMs: number): Promise<NoticeRunSummary> {
    const s = this.s;
    const summary: NoticeRunSummary = { received: 0, journaled: 0, stoppedBy: null };
    const banner: MpmNoticeView[] = [];
    for (let page = 0; page < CORE_LIMITS.noticesPagesPerRunMax; page++) {
      const enrolled = s.ctx.enrolled;
      if (!enrolled || s.ctx.accessLost !== null) {
        summary.stoppedBy = 'not_enrolled';
        break;
      }
      if (s.connectivity.state === 'offline') {
        summary.stoppedBy = 'offline';
        break;
      }
      const after = this.cursor();
      // Only the first page waits: a catch-up asks for the next page at once. No cursor yet (a
      // new register): the backend starts from now, not from the shop's first notice.
      const outcome = await s.backend.notices(enrolled.terminalToken, { ...(after === null ? {} : { after }), waitMs: page === 0 ? waitMs : 0 });
      s.connectivity.observe(outcome);
      if (outcome.kind === 'refused') {
        summary.stoppedBy = `refused:${outcome.code}`;
        break;
      }
      if (outcome.kind !== 'ok') {
        summary.stoppedBy = 'network';
        break;
      }
      const answer = outcome.value;
      const fresh = answer.notices.filter((n) => after === null || n.seq > after).sort((a, b) => a.seq - b.seq);
      summary.received += fresh.length;
      // Forward only, except when a backend restored from a backup answers its own (lower) last
      // number with nothing after ours: then follow it, or its next notices would go unheard.
      const next = after !== null && answer.cursor < after && fresh.length === 0 ? answer.cursor : Math.max(after ?? 0, answer.cursor);
      summary.journaled += this.record(enrolled.identity.terminalId, fresh, next, banner);
      if (!answer.more) break;
      if (page === CORE_LIMITS.noticesPagesPerRunMax - 1) summary.stoppedBy = 'page_bound';
    }
    if (summary.journaled > 0) s.statusChanged();
    if (banner.length > 0) s.emit({ type: 'mpm_notices', notices: banner });
    return summary;
  }

  /** One page: its payments and the cursor in one journal transaction; the banner-worthy ones collected. */
  private record(terminalId: string, notices: readonly Notice[], cursor: number, banner: MpmNoticeView[]): number {
    const s = this.s;
    const nowMs = s.clock.nowMs();
    const heard: TxnRow[] = [];
    const journaled = s.journal.transaction(() => {
      let created = 0;
      for (const n of notices) {
        if (n.terminalId !== terminalId) continue;
        const entry = journalMpmReceipt(s, {
          source: n.source,
          requestId: n.requestId,
          paymentId: n.paymentId,
          spendId: n.spendId,
          amountYen: n.kind === 'mpm_points' ? null : (n.amountYen ?? null),
          points: n.kind === 'mpm_points' ? (n.points ?? 0) : null,
          pointsAfter: null,
          occurredAtMs: Date.parse(n.occurredAt),
          payment: null,
          shortNo: null,
          staffId: null,
          staffName: null,
        });
        if (entry?.created) created += 1;
        // R29: a request a screen here shows gets its slip (printed) from that screen instead.
        if (entry?.created && (n.requestId === null || !this.desk.showsOutcomeOf(n.requestId))) heard.push(entry.row);
      }
      s.journal.settings.set(SETTING.noticesCursor, cursor);
      return created;
    });
    // Slips after the payments are on disk (their own writes: a slip lost never loses a payment).
    for (const row of heard) keepHeardSlip(s, row);
    for (const n of notices) {
      const own = n.terminalId === terminalId;
      const ring = n.source === 'static' || (own && n.requestId !== null && !this.desk.showsOutcomeOf(n.requestId));
      if (!ring || nowMs - Date.parse(n.occurredAt) > CORE_LIMITS.noticeBannerFreshMs) continue;
      banner.push({
        seq: n.seq,
        source: n.source,
        amountYen: n.amountYen ?? null,
        points: n.points ?? null,
        occurredAt: toIso(Date.parse(n.occurredAt)),
        ownRegister: own,
      });
    }
    return journaled;
  }
}
