/**
 * Continuous QR decoding from a camera: getUserMedia → <video> → canvas → getImageData →
 * @zxing/library, a frame every `RENDERER_LIMITS.cameraFrameIntervalMs`. The decoder is loaded
 * on first use so the main bundle stays small. `stop()` releases the camera (its light goes off).
 */
import { describeError } from '../bridge/host-error';
import { RENDERER_LIMITS } from '../limits';

export interface CameraSession {
  stop(): void;
}

export interface CameraCallbacks {
  onRunning(): void;
  onText(text: string): void;
  onFailed(reason: string): void;
}

function stopTracks(stream: MediaStream): void {
  for (const track of stream.getTracks()) track.stop();
}

export function startCamera(video: HTMLVideoElement, deviceId: string | null, callbacks: CameraCallbacks): CameraSession {
  let stopped = false;
  let stream: MediaStream | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const canvas = document.createElement('canvas');
  const context = canvas.getContext('2d', { willReadFrequently: true });

  async function run(): Promise<void> {
    if (!context) throw new Error('2D canvas unavailable');
    const { createQrFrameDecoder } = await import('./qr-frame-decoder');
    const decoder = createQrFrameDecoder();
    const media = await navigator.mediaDevices.getUserMedia({
      video: deviceId ? { deviceId: { exact: deviceId } } : { facingMode: 'environment' },
      audio: false,
    });
    if (stopped) {
      stopTracks(media);
      return;
    }
    stream = media;
    video.srcObject = media;
    await video.play();
    callbacks.onRunning();
    const tick = () => {
      if (stopped) return;
      const sourceWidth = video.videoWidth;
      const sourceHeight = video.videoHeight;
      if (sourceWidth > 0 && sourceHeight > 0) {
        const scale = Math.min(1, RENDERER_LIMITS.cameraFrameWidthMax / sourceWidth);
        canvas.width = Math.round(sourceWidth * scale);
        canvas.height = Math.round(sourceHeight * scale);
        context.drawImage(video, 0, 0, canvas.width, canvas.height);
        const text = decoder.decode(context.getImageData(0, 0, canvas.width, canvas.height));
        if (text) callbacks.onText(text);
      }
      timer = setTimeout(tick, RENDERER_LIMITS.cameraFrameIntervalMs);
    };
    tick();
  }

  run().catch((error: unknown) => {
    if (stopped) return;
    callbacks.onFailed(describeError(error));
  });

  return {
    stop() {
      stopped = true;
      clearTimeout(timer);
      if (stream) stopTracks(stream);
      video.srcObject = null;
    },
  };
}

export async function listCameras(): Promise<MediaDeviceInfo[]> {
  if (!navigator.mediaDevices?.enumerateDevices) return [];
  const devices = await navigator.mediaDevices.enumerateDevices();
  return devices.filter((device) => device.kind === 'videoinput');
}
