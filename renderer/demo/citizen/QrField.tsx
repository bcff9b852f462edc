/**
 * A QR code's text, pasted or read with the camera (the counter's CameraScanner, @zxing), with
 * room for the demo's own "fill it in for me" buttons. The camera stops at the first read.
 */
import { useId, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { CameraScanner } from '../../components/CameraScanner';

export function QrField({
  label,
  value,
  onChange,
  onRead,
  help,
  testId,
  children,
}: {
  label: string;
  value: string;
  onChange(text: string): void;
  /** Called after the camera read a code (the text is already in the field). */
  onRead?(text: string): void;
  help?: string;
  testId: string;
  /** More buttons beside the camera's (the demo's fill-ins). */
  children?: ReactNode;
}) {
  const { t } = useTranslation();
  const id = useId();
  const [camera, setCamera] = useState(false);
  // The camera keeps decoding until it unmounts: only its first read of a session counts.
  const readOnce = useRef(false);
  return (
    <div className="field citizen-qr-field">
      <label className="field-label" htmlFor={id}>
        {label}
      </label>
      <input
        id={id}
        className="field-input mono"
        data-testid={testId}
        value={value}
        spellCheck={false}
        autoComplete="off"
        autoCapitalize="off"
        {...(help ? { 'aria-describedby': `${id}-help` } : {})}
        onChange={(event) => onChange(event.target.value)}
      />
      {help && (
        <span className="hint" id={`${id}-help`}>
          {help}
        </span>
      )}
      <div className="button-row">
        <button
          type="button"
          className="button button--small"
          aria-pressed={camera}
          onClick={() => {
            readOnce.current = false;
            setCamera((on) => !on);
          }}
        >
          {t('customer.camera')}
        </button>
        {children}
      </div>
      {camera && (
        <CameraScanner
          deviceId={null}
          onText={(text) => {
            if (readOnce.current) return;
            readOnce.current = true;
            setCamera(false);
            onChange(text);
            onRead?.(text);
          }}
        />
      )}
    </div>
  );
}
