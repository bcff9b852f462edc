/** Test and bench helpers for writing recorded byte streams as hex. */
export function hex(text: string): Uint8Array {
  const digits = text.replace(/[^0-9a-fA-F]/g, '');
  if (digits.length % 2 !== 0) throw new RangeError(`odd hex digit count in ${JSON.stringify(text)}`);
  const bytes = new Uint8Array(digits.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = Number.parseInt(digits.slice(i * 2, i * 2 + 2), 16);
  return bytes;
}

/** A recorded report written as its leading bytes; the rest of the report is zero. */
export function report(lengthBytes: number, leading: string): Uint8Array {
  const bytes = new Uint8Array(lengthBytes);
  bytes.set(hex(leading));
  return bytes;
}

export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/** Cuts bytes at the given points (any order, out-of-range ignored). */
export function splitAt(bytes: Uint8Array, points: readonly number[]): Uint8Array[] {
  const cuts = [...new Set(points.filter((p) => p > 0 && p < bytes.length))].sort((a, b) => a - b);
  const chunks: Uint8Array[] = [];
  let last = 0;
  for (const cut of cuts) {
    chunks.push(bytes.subarray(last, cut));
    last = cut;
  }
  chunks.push(bytes.subarray(last));
  return chunks;
}

export interface Collected<T> {
  frames: T[];
  drops: Array<{ reason: string; byteCount: number }>;
  sink: { frame(value: T): void; drop(reason: string, byteCount: number): void };
}

export function collect<T>(): Collected<T> {
  const frames: T[] = [];
  const drops: Array<{ reason: string; byteCount: number }> = [];
  return { frames, drops, sink: { frame: (v) => frames.push(v), drop: (reason, byteCount) => drops.push({ reason, byteCount }) } };
}
