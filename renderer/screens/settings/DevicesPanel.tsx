import { useTranslation } from 'react-i18next';
import type { DeviceView } from '../../../common/terminal-api';

/** Scanners and card readers as the core sees them (status.devices), with any error reason. */
export function DevicesPanel({ devices }: { devices: readonly DeviceView[] }) {
  const { t } = useTranslation();
  return (
    <section className="panel" data-testid="settings-devices">
      <h2>{t('settings.devices')}</h2>
      {devices.length === 0 ? (
        <p className="hint">{t('settings.noDevices')}</p>
      ) : (
        <ul className="devices">
          {devices.map((device) => (
            <li key={device.id} className={`device device--${device.state}`} data-testid="device" data-device-id={device.id} data-state={device.state}>
              <span className="device-kind">{t(`settings.deviceKind.${device.kind}`)}</span>
              <span className="device-name">
                {device.name} <span className="mono">({device.transport})</span>
              </span>
              <span className={`badge badge--${device.state === 'connected' ? 'online' : 'offline'}`}>{t(`settings.deviceState.${device.state}`)}</span>
              {device.reason && <span className="device-reason">{device.reason}</span>}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
