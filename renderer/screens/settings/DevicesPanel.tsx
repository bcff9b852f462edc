import { useTranslation } from 'react-i18next';
import type { DeviceView } from '../../../common/terminal-api';
import { DeviceNoticeLine } from './DeviceNoticeLine';
import { DeviceEncodingChoice, WedgeEncodingChoice } from './ScannerEncoding';

/**
 * Scanners and card readers as the core sees them (status.devices), with any error reason, and
 * the keyboard-wedge scanner the screen reads itself. `editable`: a manager may change settings.
 */
export function DevicesPanel({ devices, editable = false }: { devices: readonly DeviceView[]; editable?: boolean }) {
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
              <div className="device-head">
                <span className="device-kind">{t(`settings.deviceKind.${device.kind}`)}</span>
                <span className="device-name">{device.name}</span>
                <span className={`badge badge--${device.state === 'connected' ? 'online' : 'offline'}`}>{t(`settings.deviceState.${device.state}`)}</span>
              </div>
              {/* The class and the encoding share a line: five devices still fit the counter's 768 px. */}
              <div className="device-detail">
                <span className="device-class">
                  {device.deviceClass && <span data-testid="device-class">{t(`settings.deviceClass.${device.deviceClass}`)}</span>}<span data-testid="device-transport">{t('settings.deviceTransport', { transport: t(`settings.transport.${device.transport}`) })}</span>
                </span>
                <DeviceEncodingChoice device={device} editable={editable} />
              </div>
              {device.reason && <span className="device-reason">{device.reason}</span>}
              {device.notice && <DeviceNoticeLine notice={device.notice} />}
            </li>
          ))}
        </ul>
      )}
      <WedgeEncodingChoice editable={editable} />
    </section>
  );
}
