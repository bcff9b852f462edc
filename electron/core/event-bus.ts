/** Fan-out of TerminalEvents to subscribers; one failing listener never silences the others. */
import type { TerminalEvent } from '../../common/terminal-api';
import type { Logger } from './ports';

export class EventBus {
  private readonly listeners = new Set<(event: TerminalEvent) => void>();

  constructor(private readonly logger: Logger) {}

  subscribe(listener: (event: TerminalEvent) => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  emit(event: TerminalEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (error) {
        this.logger.error({ error: String(error), event: event.type }, 'event listener threw');
      }
    }
  }
}
