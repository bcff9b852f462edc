/**
 * "Scan or tap": listens to every credential source at once while it is on screen (the core's
 * `scan` and `card` events, the keyboard-wedge burst detector, the camera) and hands the first
 * credential of an accepted kind to the flow. Unmounting stops all of them.
 */
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Credential } from '../../common/terminal-api';
import { useTerminalEvents } from '../hooks/api-context';
import { useLocked } from '../hooks/lock';
import { usePreferences, usePreferencesStore } from '../hooks/preferences';
import { useFocusOnMount } from './use-focus';
import { credentialFromBurst, credentialFromCamera, credentialFromCardUid, credentialFromText, type CredentialKind } from '../scan/credential';
import { useWedgeScanner } from '../scan/use-wedge-scanner';
import { CameraScanner } from './CameraScanner';
import { beep } from '../feedback/beep';

type Notice = 'unreadable' | 'wrongKind' | 'imeOn' | null;

interface ScanPromptProps {
  prompt: string;
  accept: readonly CredentialKind[];
  onCredential(credential: Credential): void;
  /** Shown under the prompt, e.g. the amount to pay. */
  children?: ReactNode;
}

export function ScanPrompt({ prompt, accept, onCredential, children }: ScanPromptProps) {
  const { t } = useTranslation();
  const preferences = usePreferences();
  const preferencesStore = usePreferencesStore();
  const [notice, setNotice] = useState<Notice>(null);
  const focusRef = useFocusOnMount<HTMLDivElement>();
  // Locked (idle or staff switch): no scan or tap may pay for a sale nobody is watching.
  const listening = useLocked() === null;

  function offer(credential: Credential | null, imeSuspected = false): void {
    if (!credential) {
      setNotice(imeSuspected ? 'imeOn' : 'unreadable');
      if (preferences.soundEnabled) beep('failure');
      return;
    }
    if (!accept.includes(credential.type)) {
      setNotice('wrongKind');
      if (preferences.soundEnabled) beep('failure');
      return;
    }
    setNotice(null);
    onCredential(credential);
  }

  useTerminalEvents((event) => {
    if (event.type === 'scan') offer(credentialFromText(event.text));
    else if (event.type === 'card') offer(credentialFromCardUid(event.uid));
  }, listening);
  useWedgeScanner((burst) => offer(credentialFromBurst(burst), burst.imeSuspected), listening, preferences.wedgeEncoding);

  const noticeText: Record<Exclude<Notice, null>, string> = {
    unreadable: t('scan.unreadable'),
    wrongKind: accept.includes('card') ? t('scan.wrongKindWantCard') : t('scan.wrongKindWantApp'),
    imeOn: t('scan.imeOn'),
  };

  return (
    <div className="scan-prompt" data-testid="scan-prompt" tabIndex={-1} ref={focusRef}>
      <p className="scan-prompt-text" aria-live="polite">
        <span className="scan-pulse" aria-hidden="true" />
        {prompt}
      </p>
      {children}
      {notice && (
        <p className="notice notice--warn" role="alert" data-testid="scan-notice" data-notice={notice}>
          {noticeText[notice]}
        </p>
      )}
      {accept.includes('cpm') && (
        <>
          <button
            type="button"
            className="button button--secondary"
            data-testid="camera-toggle"
            aria-pressed={preferences.cameraEnabled}
            onClick={() => preferencesStore.set({ cameraEnabled: !preferences.cameraEnabled })}
          >
            {preferences.cameraEnabled ? t('scan.cameraOff') : t('scan.cameraOn')}
          </button>
          {preferences.cameraEnabled && listening && <CameraScanner deviceId={preferences.cameraDeviceId} onText={(text) => offer(credentialFromCamera(text))} />}
        </>
      )}
    </div>
  );
}
