/**
 * A QR code for a screen to show (the MPM request's, R28) as an image with an accessible name.
 * The generator loads only when a QR is first shown, so the cashier's first screen stays light;
 * until then a placeholder with the same name and text stands in.
 */
import { lazy, Suspense } from 'react';

const QrCode = lazy(async () => ({ default: (await import('../demo/QrCode')).QrCode }));

export function QrImage({ text, label, testId }: { text: string; label: string; testId: string }) {
  return (
    <Suspense fallback={<div className="qr qr--loading" role="img" aria-label={label} data-testid={testId} data-token={text} />}>
      <QrCode text={text} label={label} testId={testId} />
    </Suspense>
  );
}
