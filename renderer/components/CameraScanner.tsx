/** The live camera view while the scan prompt is open; the camera stops when this unmounts. */
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { startCamera } from '../scan/camera-frames';

type CameraState = { kind: 'starting' } | { kind: 'running' } | { kind: 'failed'; reason: string };

export function CameraScanner({ deviceId, onText }: { deviceId: string | null; onText(text: string): void }) {
  const { t } = useTranslation();
  const videoRef = useRef<HTMLVideoElement>(null);
  const [state, setState] = useState<CameraState>({ kind: 'starting' });
  const latestOnText = useRef(onText);
  useEffect(() => {
    latestOnText.current = onText;
  });

  useEffect(() => {
    const video = videoRef.current;
    if (!video) return undefined;
    setState({ kind: 'starting' });
    const session = startCamera(video, deviceId, {
      onRunning: () => setState({ kind: 'running' }),
      onText: (text) => latestOnText.current(text),
      onFailed: (reason) => {
        console.warn('kumapay: camera failed', reason);
        setState({ kind: 'failed', reason });
      },
    });
    return () => session.stop();
  }, [deviceId]);

  return (
    <div className="camera" data-testid="camera-view" data-state={state.kind}>
      <video ref={videoRef} className="camera-video" muted playsInline />
      {state.kind === 'starting' && <p className="camera-note">{t('scan.cameraStarting')}</p>}
      {state.kind === 'failed' && (
        <p className="camera-note notice--error" role="alert">
          {t('scan.cameraDenied')}
        </p>
      )}
    </div>
  );
}
