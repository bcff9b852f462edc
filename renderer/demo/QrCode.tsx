import { useMemo } from 'react';
import { qrPath } from './qr-svg';

/** Four modules of quiet zone, as the QR standard asks, so phone cameras lock on quickly. */
const QUIET_ZONE_MODULES = 4;

export function QrCode({ text, label, testId }: { text: string; label: string; testId: string }) {
  const path = useMemo(() => qrPath(text), [text]);
  const side = path.size + QUIET_ZONE_MODULES * 2;
  return (
    <svg className="qr" data-testid={testId} data-token={text} role="img" aria-label={label} viewBox={`${-QUIET_ZONE_MODULES} ${-QUIET_ZONE_MODULES} ${side} ${side}`} shapeRendering="crispEdges">
      <rect x={-QUIET_ZONE_MODULES} y={-QUIET_ZONE_MODULES} width={side} height={side} fill="#fff" />
      <path d={path.d} fill="#000" />
    </svg>
  );
}
