/**
 * jsdom has Blob but no URL.createObjectURL: slip previews (R29) need one. This records every
 * URL made and revoked, so a test can say the preview's URL is given back when it closes.
 */
export interface BlobUrls {
  made: string[];
  revoked: string[];
  /** The SVG text behind a URL made here. */
  textOf(url: string): Promise<string>;
  restore(): void;
}

export function installBlobUrls(): BlobUrls {
  const blobs = new Map<string, Blob>();
  const made: string[] = [];
  const revoked: string[] = [];
  const previous = { create: URL.createObjectURL, revoke: URL.revokeObjectURL };
  URL.createObjectURL = (blob: Blob | MediaSource) => {
    const url = `blob:kumapay-test/${made.length + 1}`;
    made.push(url);
    if (blob instanceof Blob) blobs.set(url, blob);
    return url;
  };
  URL.revokeObjectURL = (url: string) => {
    revoked.push(url);
  };
  return {
    made,
    revoked,
    async textOf(url) {
      const blob = blobs.get(url);
      if (!blob) throw new Error(`no blob behind ${url}`);
      return blob.text();
    },
    restore() {
      URL.createObjectURL = previous.create;
      URL.revokeObjectURL = previous.revoke;
    },
  };
}
