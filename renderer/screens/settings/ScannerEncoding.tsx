/**
 * Issue 12: which text encoding a scanner sends (UTF-8, Shift_JIS, or 自動: UTF-8 first, then
 * Shift_JIS). A hardware scanner's setting is the core's (saved with the device); the
 * keyboard-wedge scanner types into this window, so its setting is this terminal's preference.
 * Only a manager changes them, as the other device settings.
 */
import { useTranslation } from 'react-i18next';
import { isScanTextEncoding, SCAN_TEXT_ENCODINGS, type ScanTextEncoding } from '../../../common/scan-encoding';
import type { DeviceView } from '../../../common/terminal-api';
import { FailureNotice } from '../../components/FailureNotice';
import { drop } from '../../format/drop';
import { usePreferences, usePreferencesStore } from '../../hooks/preferences';
import { useCommand } from '../../hooks/use-command';

interface EncodingSelectProps {
  value: ScanTextEncoding;
  disabled: boolean;
  testId: string;
  onChange(encoding: ScanTextEncoding): void;
}

function EncodingSelect({ value, disabled, testId, onChange }: EncodingSelectProps) {
  const { t } = useTranslation();
  return (
    <label className="field field--inline device-encoding">
      <span className="field-label">{t('settings.encoding.label')}</span>
      <select
        className="field-input"
        data-testid={testId}
        value={value}
        disabled={disabled}
        onChange={(event) => {
          if (isScanTextEncoding(event.target.value)) onChange(event.target.value);
        }}
      >
        {SCAN_TEXT_ENCODINGS.map((encoding) => (
          <option key={encoding} value={encoding}>
            {t(`settings.encoding.${encoding}`)}
          </option>
        ))}
      </select>
    </label>
  );
}

/** A hardware scanner's encoding, for devices that have the setting (DeviceView.encoding). */
export function DeviceEncodingChoice({ device, editable }: { device: DeviceView; editable: boolean }) {
  const save = useCommand('setDeviceEncoding');
  if (device.encoding === undefined) return null;
  return (
    <>
      <EncodingSelect
        value={device.encoding}
        disabled={!editable || save.state.kind === 'running'}
        testId="device-encoding"
        onChange={(encoding) => drop(save.run({ deviceId: device.id, encoding }), 'set device encoding')}
      />
      {save.state.kind === 'failed' && <FailureNotice failure={save.state.failure} testId="device-encoding-error" />}
    </>
  );
}

/** The keyboard-wedge scanner's encoding: of the characters it types in Alt mode (ALT+numpad). */
export function WedgeEncodingChoice({ editable }: { editable: boolean }) {
  const { t } = useTranslation();
  const { wedgeEncoding } = usePreferences();
  const store = usePreferencesStore();
  return (
    <div className="device device--wedge" data-testid="wedge-scanner">
      <span className="device-name">{t('settings.encoding.wedgeScanner')}</span>
      <EncodingSelect value={wedgeEncoding} disabled={!editable} testId="wedge-encoding" onChange={(encoding) => store.set({ wedgeEncoding: encoding })} />
      <span className="hint">{t('settings.encoding.wedgeHelp')}</span>
    </div>
  );
}
