/** The device end of a serial cable, whatever carries it (MockBinding or a real pty). */
export interface SerialDeviceLink {
  /** Device → host. Returns false when no host has the port open (the bytes are lost). */
  send(bytes: Uint8Array): boolean;
  /** Host → device bytes, as the host wrote them. */
  onReceive(listener: (bytes: Uint8Array) => void): void;
}

/** A device's place on a bus: its cable, plus pulling and re-plugging it. */
export interface SerialAttachment {
  readonly path: string;
  readonly link: SerialDeviceLink;
  unplug(): void;
  replug(): void;
}
