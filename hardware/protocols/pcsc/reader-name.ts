/**
 * PC/SC reader names as pcsc-lite gives them: "<model> [(<serial>)] NN MM", where NN counts
 * readers in the order they were plugged in and MM is the slot of a multi-slot reader. NN
 * changes when readers are re-plugged in another order, so a configured reader is matched by
 * model and slot; an exact name always wins. (Two identical readers without serial numbers
 * look alike this way: such a shop names them exactly.) Windows appends " N" instead.
 */
const PCSC_LITE_SUFFIX_RE = / \d{2} (\d{2})$/;
const WINDOWS_SUFFIX_RE = / \d+$/;

/** The part of a reader name that survives re-plugging. */
export function readerIdentity(name: string): string {
  const pcscLite = PCSC_LITE_SUFFIX_RE.exec(name);
  if (pcscLite) return `${name.slice(0, pcscLite.index)} slot ${pcscLite[1]}`;
  return name.replace(WINDOWS_SUFFIX_RE, '');
}

/** The listed reader a configured name means: the same name, else the same model and slot. */
export function findReader<T extends { name: string }>(configured: string, listed: readonly T[]): T | null {
  return listed.find((r) => r.name === configured) ?? listed.find((r) => readerIdentity(r.name) === readerIdentity(configured)) ?? null;
}
