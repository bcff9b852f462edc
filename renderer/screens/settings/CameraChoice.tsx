import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { usePreferences, usePreferencesStore } from '../../hooks/preferences';
import { listCameras } from '../../scan/camera-frames';

/** Which camera reads app QR codes (enumerateDevices); remembered on this terminal. */
export function CameraChoice() {
  const { t } = useTranslation();
  const preferences = usePreferences();
  const store = usePreferencesStore();
  const [cameras, setCameras] = useState<MediaDeviceInfo[]>([]);

  useEffect(() => {
    let current = true;
    listCameras()
      .then((found) => {
        if (current) setCameras(found);
      })
      .catch((error: unknown) => console.warn('kumapay: cannot list cameras', error));
    return () => {
      current = false;
    };
  }, []);

  return (
    <label className="field">
      <span className="field-label">{t('settings.camera')}</span>
      <select
        className="field-input"
        data-testid="settings-camera"
        value={preferences.cameraDeviceId ?? ''}
        onChange={(event) => store.set({ cameraDeviceId: event.target.value || null })}
      >
        <option value="">{cameras.length === 0 ? t('settings.cameraNone') : t('settings.cameraDefault')}</option>
        {cameras.map((camera, index) => (
          <option key={camera.deviceId || index} value={camera.deviceId}>
            {camera.label || `${t('settings.camera')} ${index + 1}`}
          </option>
        ))}
      </select>
    </label>
  );
}
