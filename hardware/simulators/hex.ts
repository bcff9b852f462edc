/** Uppercase or lowercase hex without separators → bytes, or null. */
export function hexToBytes(text: string): Uint8Array | null {
  if (!/^([0-9A-Fa-f]{2})+$/.test(text)) return null;
  const bytes = new Uint8Array(text.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = Number.parseInt(text.slice(i * 2, i * 2 + 2), 16);
  return bytes;
}
