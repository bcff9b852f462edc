/**
 * An SVG (a slip as receiptline draws it) as a Blob URL for an <img>: the CSP allows `blob:`
 * images, and an SVG shown through <img> runs no script and loads nothing. The URL is revoked
 * when the SVG changes or the image goes away, so previews do not pile up in memory.
 */
import { useEffect, useState } from 'react';

export function useSvgUrl(svg: string | null): string | null {
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    // A browser without Blob URLs (never in Electron or Chromium) shows the slip's text instead.
    if (svg === null || typeof URL.createObjectURL !== 'function') {
      setUrl(null);
      return undefined;
    }
    const made = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }));
    setUrl(made);
    return () => URL.revokeObjectURL(made);
  }, [svg]);
  return url;
}
