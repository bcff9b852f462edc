/**
 * The backend's CPM verification keys (R22), imported once per key set so an offline
 * approval costs one signature check, not a key import. A key past its `notAfter` is left out:
 * a rotated-out key must not approve anything offline.
 */
import { importEd25519PublicKey } from '../../common/cpm-token';
import type { PublicKey } from '../../common/wire/terminal';

export class TokenKeyCache {
  private keys: ReadonlyMap<string, { key: CryptoKey; notAfterMs: number | null }> = new Map();

  async load(publicKeys: readonly PublicKey[]): Promise<{ loaded: number; unreadable: string[] }> {
    const next = new Map<string, { key: CryptoKey; notAfterMs: number | null }>();
    const unreadable: string[] = [];
    for (const pk of publicKeys) {
      const key = await importEd25519PublicKey(pk.publicKey);
      if (!key) {
        unreadable.push(pk.kid);
        continue;
      }
      next.set(pk.kid, { key, notAfterMs: pk.notAfter === null ? null : Date.parse(pk.notAfter) });
    }
    this.keys = next;
    return { loaded: next.size, unreadable };
  }

  /** Keys valid at `nowMs`, by kid, as verifyCpmToken wants them. */
  validAt(nowMs: number): ReadonlyMap<string, CryptoKey> {
    const valid = new Map<string, CryptoKey>();
    for (const [kid, entry] of this.keys) {
      if (entry.notAfterMs === null || nowMs < entry.notAfterMs) valid.set(kid, entry.key);
    }
    return valid;
  }

  get size(): number {
    return this.keys.size;
  }
}
