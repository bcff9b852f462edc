/**
 * An OS error from opening a device → a HardwareError a person can act on: what went wrong and
 * how to fix it on this platform (a udev rule on Linux, closing the other program, …).
 */
import { HardwareError } from '../errors';
import type { HardwareErrorCode } from '../errors';

export interface OpenTarget {
  kind: 'hid' | 'serial';
  path: string;
  vendorId?: number | null;
  productId?: number | null;
}

const PERMISSION_RE = /permission denied|EACCES|EPERM|access is denied|access denied|not permitted/i;
const BUSY_RE = /busy|in use|cannot lock|locked|exclusive|resource temporarily unavailable/i;
const NOT_FOUND_RE = /no such file|ENOENT|not found|does not exist|cannot find|no such device|ENODEV/i;

function hexId(id: number | null | undefined): string {
  return id === null || id === undefined ? 'xxxx' : id.toString(16).padStart(4, '0');
}

export function udevRule(target: OpenTarget): string {
  const ids = `ATTRS{idVendor}=="${hexId(target.vendorId)}", ATTRS{idProduct}=="${hexId(target.productId)}"`;
  return target.kind === 'hid'
    ? `KERNEL=="hidraw*", ${ids}, MODE="0660", GROUP="plugdev"`
    : `SUBSYSTEM=="tty", ${ids}, MODE="0660", GROUP="dialout"`;
}

function permissionFix(target: OpenTarget, platform: NodeJS.Platform): string {
  if (platform === 'linux') {
    const group = target.kind === 'hid' ? 'plugdev' : 'dialout';
    return (
      `Add the line ${udevRule(target)} to /etc/udev/rules.d/70-kumapay.rules, run ` +
      `"sudo udevadm control --reload-rules && sudo udevadm trigger", make sure this user is in the ` +
      `${group} group ("sudo usermod -aG ${group} $USER", then log in again), and re-plug the device.`
    );
  }
  if (platform === 'darwin') return 'Allow this app under System Settings → Privacy & Security → Input Monitoring, then restart it.';
  return 'Run the app as the signed-in user, not another account, and re-plug the device.';
}

function busyFix(target: OpenTarget): string {
  return target.kind === 'serial'
    ? 'Another program holds the port (another KumaPAY window, a vendor tool, screen/minicom/PuTTY): close it, or re-plug the device.'
    : 'Another program holds the device (another KumaPAY window, a vendor tool): close it, or re-plug the device.';
}

export function classifyOpenError(error: unknown, target: OpenTarget, platform: NodeJS.Platform = process.platform): HardwareError {
  const text = error instanceof Error ? error.message : String(error);
  let code: HardwareErrorCode = 'open_failed';
  let message = `Could not open ${target.path}: ${text}`;
  let fix: string | null = 'Re-plug the device; if this keeps happening, check its settings in the device list.';
  if (PERMISSION_RE.test(text)) {
    code = 'permission_denied';
    message = `No permission to open ${target.path}.`;
    fix = permissionFix(target, platform);
  } else if (BUSY_RE.test(text)) {
    code = 'device_busy';
    message = `${target.path} is in use by another program.`;
    fix = busyFix(target);
  } else if (NOT_FOUND_RE.test(text)) {
    code = 'device_not_found';
    message = `${target.path} is not connected.`;
    fix = 'Plug the device in; it reconnects by itself.';
  }
  return new HardwareError(code, message, { path: target.path, fix, osMessage: text }, { cause: error });
}
