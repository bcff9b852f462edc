/**
 * Issue 12: a scanner's settings from 設定 → 機器 — its text encoding (Shift_JIS for many Japanese
 * scanners). A manager's step, as the other terminal settings are; the host saves it with the
 * device and reopens it, and the new device list follows as a `status` event.
 */
import type { CommandInput, CommandOutputs } from '../../common/terminal-api';
import { failure } from './failure';
import { requireStaff } from './guards';
import type { Devices } from './ports';
import type { CoreServices } from './services';

export async function setDeviceEncoding(s: CoreServices, devices: Devices, { deviceId, encoding }: CommandInput<'setDeviceEncoding'>): Promise<CommandOutputs['setDeviceEncoding']> {
  const guard = requireStaff(s, 'configure');
  if (!guard.ok) return guard.failure;
  if (!devices.setEncoding) return failure('invalid_request', 'This terminal cannot change device settings.', { deviceId });
  const outcome = await devices.setEncoding(deviceId, encoding);
  if (!outcome.ok) return failure(outcome.reason === 'unknown_device' ? 'not_found' : 'invalid_request', outcome.message, { deviceId });
  s.logger.info({ deviceId, encoding, by: guard.value.staff.staffId }, 'device encoding changed');
  return { ok: true };
}
