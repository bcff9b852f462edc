/**
 * A safe place to try the hardware: shows the last scan or card tap and how the payment screen
 * would read it, without starting any transaction.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Credential, DeviceView } from '../../../common/terminal-api';
import { useTerminalEvents } from '../../hooks/api-context';
import { usePreferences } from '../../hooks/preferences';
import { credentialFromBurst, credentialFromCardUid, credentialFromText } from '../../scan/credential';
import { useWedgeScanner } from '../../scan/use-wedge-scanner';

interface LastRead {
  description: string;
  source: string;
  credential: Credential | null;
}

export function TestScanArea({ devices = [] }: { devices?: readonly DeviceView[] }) {
  const { t } = useTranslation();
  const [last, setLast] = useState<LastRead | null>(null);
  const { wedgeEncoding } = usePreferences();

  // Which device read it, by name and class: "which reader was that" is the question while setting up.
  const sourceOf = (deviceId: string) => {
    const device = devices.find((d) => d.id === deviceId);
    if (!device) return deviceId;
    return device.deviceClass ? `${device.name}（${t(`settings.deviceClassShort.${device.deviceClass}`)}）` : device.name;
  };

  useTerminalEvents((event) => {
    if (event.type === 'scan') setLast({ description: `${t('settings.testScanText')}: ${event.text}`, source: sourceOf(event.source), credential: credentialFromText(event.text) });
    if (event.type === 'card') setLast({ description: t('settings.testScanCard', { uid: event.uid, technology: t(`settings.cardTechnology.${event.technology}`) }), source: sourceOf(event.source), credential: credentialFromCardUid(event.uid) });
  });
  useWedgeScanner((burst) =>
    setLast({
      description: `${t('settings.testScanText')}: ${burst.typedText}${burst.usLayoutText !== null && burst.usLayoutText !== burst.typedText ? ` (US: ${burst.usLayoutText})` : ''}`,
      source: t('settings.testScanKeyboard'),
      credential: credentialFromBurst(burst),
    }),
    true,
    wedgeEncoding,
  );

  const kind = (credential: Credential | null) => {
    if (!credential) return t('settings.credentialUnknown');
    if (credential.type === 'cpm') return t('settings.credentialCpm');
    return 'nfcUid' in credential ? t('settings.credentialCardUid') : t('settings.credentialCardNumber');
  };

  return (
    <section className="panel" data-testid="test-scan-area">
      <h2>{t('settings.testScan')}</h2>
      <p className="hint">{t('settings.testScanHelp')}</p>
      <output className="test-scan-output" data-testid="test-scan-last" aria-live="polite">
        {last ? (
          <>
            <span className="mono">{last.description}</span>
            <span>{last.source}</span>
            <strong>{t('settings.testScanCredential', { kind: kind(last.credential) })}</strong>
          </>
        ) : (
          t('settings.testScanNothing')
        )}
      </output>
    </section>
  );
}
