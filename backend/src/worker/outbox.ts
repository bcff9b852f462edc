/**
 * Messages between the HTTP thread and the ledger worker, posted together (docs/performance.md
 * "Twenty-second session"). A post costs the two threads a fixed amount of CPU whatever it
 * carries (serialising, queueing, waking the other thread, dispatching the event): 27 µs a
 * payment's call and answer posted one by one, 7–11 µs when eight to sixteen share a post. The
 * answers of one group commit, or the calls read off the sockets in one turn of the event loop,
 * leave as one post instead of one each.
 */
/** What crossed so far: messages, and the posts they crossed in. */
export interface Crossings {
  messages: number;
  posts: number;
}

export class Outbox<M> {
  private held: M[] = [];
  private scheduled = false;
  private readonly sent: Crossings = { messages: 0, posts: 0 };

  constructor(
    private readonly post: (messages: M[]) => void,
    /** When the held messages leave: the worker after its microtasks settle, the HTTP thread after its sockets are read. */
    private readonly schedule: (flush: () => void) => void,
    /** A post's size bound: a burst larger than this leaves in several, so neither thread copies an unbounded array at once. */
    private readonly messagesPerPostMax: number,
  ) {
    if (!(messagesPerPostMax >= 1)) throw new RangeError(`messagesPerPostMax must be at least 1, not ${messagesPerPostMax}`);
  }

  push(message: M): void {
    this.held.push(message);
    if (this.held.length >= this.messagesPerPostMax) {
      this.flush();
      return;
    }
    if (this.scheduled) return;
    this.scheduled = true;
    this.schedule(() => {
      this.scheduled = false;
      this.flush();
    });
  }

  /** Posts what is held now, in the order it was pushed. */
  flush(): void {
    if (this.held.length === 0) return;
    const messages = this.held;
    this.held = [];
    this.sent.messages += messages.length;
    this.sent.posts += 1;
    this.post(messages);
  }

  crossings(): Crossings {
    return { ...this.sent };
  }
}
