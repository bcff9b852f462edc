/**
 * What the header warns about (issue 10): a scanner or card reader the core reports as not
 * connected, a printer the core lists but cannot use, and — only where the camera is this
 * terminal's chosen input (`cameraIsChosenInput`) — no camera on this PC (navigator.mediaDevices)
 * or a camera the core lists as not connected. A counter that reads QR codes with a hardware
 * scanner is not told about a camera it does not use. A printer the core does not list yet
 * (printers arrive with issue 11) is not warned about.
 */
import { useEffect, useState } from 'react';
import type { DeviceView } from '../../common/terminal-api';
import type { Preferences } from './preferences';

export type DeviceProblem = 'scanner' | 'card_reader' | 'camera' | 'printer';

export type CameraPresence = 'present' | 'missing' | 'unknown';

/**
 * The camera is this terminal's chosen input when the scan prompt opens with it running
 * (カメラで読む left on) or a camera is picked in Settings → 機器. Otherwise QR codes come from a
 * scanner and a missing camera is nothing to warn about.
 */
export function cameraIsChosenInput(preferences: Pick<Preferences, 'cameraEnabled' | 'cameraDeviceId'>): boolean {
  return preferences.cameraEnabled || preferences.cameraDeviceId !== null;
}

export function deviceProblems(devices: readonly DeviceView[], camera: CameraPresence, cameraChosen: boolean): DeviceProblem[] {
  const problems = new Set<DeviceProblem>();
  for (const device of devices) {
    if (device.state !== 'connected' && (device.kind !== 'camera' || cameraChosen)) problems.add(device.kind);
  }
  // A camera the core reports as connected counts even when the browser cannot enumerate one.
  const coreCamera = devices.some((device) => device.kind === 'camera' && device.state === 'connected');
  if (cameraChosen && camera === 'missing' && !coreCamera) problems.add('camera');
  const order: DeviceProblem[] = ['scanner', 'card_reader', 'camera', 'printer'];
  return order.filter((kind) => problems.has(kind));
}

/** Readers the payment screen reads with, when one is gone (scanner / card reader). */
export function missingReaders(devices: readonly DeviceView[]): Array<'scanner' | 'card_reader'> {
  const gone = new Set<'scanner' | 'card_reader'>();
  for (const device of devices) {
    if ((device.kind === 'scanner' || device.kind === 'card_reader') && device.state !== 'connected') gone.add(device.kind);
  }
  return (['scanner', 'card_reader'] as const).filter((kind) => gone.has(kind));
}

async function hasVideoInput(media: MediaDevices): Promise<boolean> {
  const devices = await media.enumerateDevices();
  return devices.some((device) => device.kind === 'videoinput');
}

/**
 * Whether this PC has a camera, re-checked when devices are plugged in or out. With `watch`
 * false (the camera is not the chosen input) the browser is not asked at all.
 */
export function useCameraPresence(watch = true): CameraPresence {
  const media = typeof navigator === 'undefined' ? undefined : navigator.mediaDevices;
  const [presence, setPresence] = useState<CameraPresence>(media?.enumerateDevices ? 'unknown' : 'missing');
  useEffect(() => {
    if (!watch || !media?.enumerateDevices) return undefined;
    let live = true;
    const check = () => {
      hasVideoInput(media).then(
        (found) => {
          if (live) setPresence(found ? 'present' : 'missing');
        },
        () => {
          if (live) setPresence('missing');
        },
      );
    };
    check();
    media.addEventListener?.('devicechange', check);
    return () => {
      live = false;
      media.removeEventListener?.('devicechange', check);
    };
  }, [media, watch]);
  return presence;
}
