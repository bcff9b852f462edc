/** A Devices port with nothing plugged in (tests, a host before hardware/ is wired). */
import type { DeviceView } from '../../../common/terminal-api';
import type { DeviceEvent, Devices } from '../ports';

export class NoDevices implements Devices {
  list(): DeviceView[] {
    return [];
  }

  subscribe(_listener: (event: DeviceEvent) => void): () => void {
    return () => undefined;
  }
}
