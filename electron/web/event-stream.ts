/**
 * `GET /api/events`: Server-Sent Events, one TerminalEvent JSON per `data:` line. A slow reader
 * is cut once its backlog passes the bound (its EventSource reconnects and catches up).
 */
import type { Response } from 'express';
import type { TerminalApi, TerminalStatus } from '../../common/terminal-api';
import type { Logger } from '../core/index';
import { WEB_LIMITS } from './limits';

export class EventStreams {
  private readonly open = new Set<Response>();

  constructor(
    private readonly core: TerminalApi & { status(): TerminalStatus },
    private readonly logger: Logger,
  ) {}

  get count(): number {
    return this.open.size;
  }

  /** False when the bound on streams is reached (the caller answers 503). */
  attach(res: Response): boolean {
    if (this.open.size >= WEB_LIMITS.eventStreamsMax) return false;
    this.open.add(res);
    res.status(200);
    res.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('Connection', 'keep-alive');
    res.flushHeaders();
    const send = (payload: string) => {
      if (res.writableLength > WEB_LIMITS.eventStreamBufferedBytesMax) {
        this.logger.warn({ bufferedBytes: res.writableLength }, 'event stream reader too slow: closing it');
        res.end();
        return;
      }
      res.write(payload);
    };
    send(`data: ${JSON.stringify({ type: 'status', status: this.core.status() })}\n\n`);
    const unsubscribe = this.core.subscribe((event) => send(`data: ${JSON.stringify(event)}\n\n`));
    const heartbeat = setInterval(() => send(': keep-alive\n\n'), WEB_LIMITS.eventStreamHeartbeatMs);
    res.on('close', () => {
      clearInterval(heartbeat);
      unsubscribe();
      this.open.delete(res);
    });
    return true;
  }

  closeAll(): void {
    for (const res of this.open) res.end();
    this.open.clear();
  }
}
