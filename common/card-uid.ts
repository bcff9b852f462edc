/**
 * A chip UID/IDm as the ledger keys it: hex digits only, upper case. Readers print one card as
 * `04:a2:…`, `04 A2 …` or `04A2…`; backend and terminal must agree on the key, or a card the
 * backend blocked would slip past a terminal's offline list.
 */
export function normalizeCardUid(uid: string): string {
  return uid.replace(/[^0-9a-fA-F]/g, '').toUpperCase();
}
