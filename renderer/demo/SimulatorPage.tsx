/**
 * Demo: a panel that plays the hardware and the network for the browser host — inject a scan,
 * tap a card, unplug/replug a device, cut/restore the network, trouble the receipt printer and
 * see its last slip (R29). Browser host only.
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useStatusSnapshot, useStatusStore } from '../hooks/api-context';
import { drop } from '../format/drop';
import { PrinterSimPanel } from './PrinterSimPanel';
import { fetchCustomerToken, postSim, type SimAction, type SimAnswer, type SimBodies, type SimHost } from './sim-client';

const TECHNOLOGIES = ['iso14443a', 'felica', 'unknown'] as const;
const READERS = ['nfc', 'pcsc'] as const;

export function SimulatorPage({ simHost }: { simHost: SimHost | null }) {
  const { t } = useTranslation();
  const statusStore = useStatusStore();
  const snapshot = useStatusSnapshot();
  const [scanText, setScanText] = useState('');
  const [uid, setUid] = useState('04A1B2C3D4E5F6');
  const [technology, setTechnology] = useState<(typeof TECHNOLOGIES)[number]>('iso14443a');
  const [reader, setReader] = useState<(typeof READERS)[number]>('nfc');
  const [lastResult, setLastResult] = useState<{ action: string; answer: SimAnswer } | null>(null);

  useEffect(() => {
    drop(statusStore.refresh(), 'simulator status');
  }, [statusStore]);

  if (!simHost) return <p className="splash">{t('sim.hostOnly')}</p>;
  const host = simHost;

  async function send<A extends SimAction>(action: A, body: SimBodies[A]): Promise<void> {
    const answer = await postSim(host, action, body);
    setLastResult({ action, answer });
  }

  async function scanCustomerToken(): Promise<void> {
    const token = await fetchCustomerToken(host);
    if (!token.ok) {
      setLastResult({ action: 'customer-token', answer: token });
      return;
    }
    setScanText(token.value.token);
    await send('scan', { text: token.value.token });
  }

  const devices = snapshot.kind === 'ready' ? snapshot.status.devices : [];
  const online = snapshot.kind === 'ready' ? snapshot.status.connectivity : null;
  return (
    <main className="simulator" data-testid="simulator-page">
      <h1 className="simulator-title">{t('sim.title')}</h1>
      {/* Three columns of compact panels, so the whole page fits a 1024×768 window. */}
      <div className="simulator-columns">
        <div className="simulator-column">
          <section className="panel simulator-panel">
            <label className="field">
              <span className="field-label">{t('sim.scanText')}</span>
              <input className="field-input mono" data-testid="sim-scan-text" value={scanText} spellCheck={false} onChange={(event) => setScanText(event.target.value)} />
            </label>
            <div className="button-row">
              <button type="button" className="button button--primary" data-testid="sim-scan" disabled={!scanText} onClick={() => drop(send('scan', { text: scanText }), 'sim scan')}>
                {t('sim.injectScan')}
              </button>
              <button type="button" className="button" data-testid="sim-customer-scan" onClick={() => drop(scanCustomerToken(), 'sim customer scan')}>
                {t('sim.customerScan')}
              </button>
            </div>
          </section>
          <section className="panel simulator-panel">
            <div className="simulator-fields">
              <label className="field simulator-uid">
                <span className="field-label">{t('sim.cardUid')}</span>
                <input className="field-input mono" data-testid="sim-card-uid" value={uid} spellCheck={false} onChange={(event) => setUid(event.target.value)} />
              </label>
              <label className="field">
                <span className="field-label">{t('sim.technology')}</span>
                <select className="field-input" data-testid="sim-card-technology" value={technology} onChange={(event) => setTechnology(TECHNOLOGIES.find((tech) => tech === event.target.value) ?? 'unknown')}>
                  {TECHNOLOGIES.map((tech) => (
                    <option key={tech} value={tech}>
                      {tech}
                    </option>
                  ))}
                </select>
              </label>
              <label className="field">
                <span className="field-label">{t('sim.reader')}</span>
                <select className="field-input" data-testid="sim-card-reader" value={reader} onChange={(event) => setReader(READERS.find((r) => r === event.target.value) ?? 'nfc')}>
                  {READERS.map((r) => (
                    <option key={r} value={r}>
                      {t(`sim.readers.${r}`)}
                    </option>
                  ))}
                </select>
              </label>
            </div>
            <div className="button-row">
              <button type="button" className="button button--primary" data-testid="sim-tap" disabled={!uid} onClick={() => drop(send('tap', { uid, technology, reader }), 'sim tap')}>
                {t('sim.tapCard')}
              </button>
            </div>
          </section>
        </div>
        <div className="simulator-column">
          <section className="panel simulator-panel">
            <h2>{t('sim.devices')}</h2>
            <ul className="devices simulator-devices">
              {devices.map((device) => (
                <li key={device.id} className={`device device--${device.state}`} data-testid="sim-device" data-device-id={device.id} data-state={device.state}>
                  <span className="device-name">
                    {device.name} ({device.state})
                  </span>
                  <button type="button" className="button button--small" data-testid={`sim-unplug-${device.id}`} onClick={() => drop(send('unplug', { deviceId: device.id }), 'sim unplug')}>
                    {t('sim.unplug')}
                  </button>
                  <button type="button" className="button button--small" data-testid={`sim-replug-${device.id}`} onClick={() => drop(send('replug', { deviceId: device.id }), 'sim replug')}>
                    {t('sim.replug')}
                  </button>
                </li>
              ))}
            </ul>
          </section>
          <section className="panel simulator-panel">
            <h2>
              {t('sim.network')} {online && <span className={`badge badge--${online}`}>{t(`header.connectivity.${online}`)}</span>}
            </h2>
            <div className="button-row">
              <button type="button" className="button button--danger" data-testid="sim-network-cut" onClick={() => drop(send('network', { online: false }), 'sim network cut')}>
                {t('sim.cutNetwork')}
              </button>
              <button type="button" className="button" data-testid="sim-network-restore" onClick={() => drop(send('network', { online: true }), 'sim network restore')}>
                {t('sim.restoreNetwork')}
              </button>
            </div>
          </section>
        </div>
        <div className="simulator-column">
          <PrinterSimPanel host={host} onAnswer={(action, answer) => setLastResult({ action, answer })} />
        </div>
      </div>
      {lastResult && (
        <p className={`notice simulator-result ${lastResult.answer.ok ? 'notice--ok' : 'notice--error'}`} role="status" data-testid="sim-result" data-ok={lastResult.answer.ok}>
          {lastResult.answer.ok ? t('sim.sent', { action: lastResult.action }) : t('sim.failed', { message: lastResult.answer.message })}
        </p>
      )}
    </main>
  );
}
