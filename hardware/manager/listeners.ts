/** The manager's three channels. A listener that throws is logged and the others still hear. */
import type { DeviceStatus, FrameDrop, InputEvent } from '../events';
import type { HardwareLogger } from '../logger';

export interface DeviceManagerListeners {
  event: (event: InputEvent) => void;
  status: (status: DeviceStatus) => void;
  drop: (drop: FrameDrop) => void;
}

export type Channel = keyof DeviceManagerListeners;
export type Notify = <C extends Channel>(channel: C, value: Parameters<DeviceManagerListeners[C]>[0]) => void;

export interface ListenerRegistry {
  on<C extends Channel>(channel: C, listener: DeviceManagerListeners[C]): () => void;
  notify: Notify;
}

export function createListenerRegistry(logger: HardwareLogger): ListenerRegistry {
  const sets: { [C in Channel]: Set<DeviceManagerListeners[C]> } = { event: new Set(), status: new Set(), drop: new Set() };
  return {
    on(channel, listener) {
      const set = sets[channel] as Set<typeof listener>;
      set.add(listener);
      return () => {
        set.delete(listener);
      };
    },
    notify(channel, value) {
      for (const listener of sets[channel] as Set<(v: typeof value) => void>) {
        try {
          listener(value);
        } catch (error) {
          logger.error({ channel, error }, 'a hardware listener threw');
        }
      }
    },
  };
}
