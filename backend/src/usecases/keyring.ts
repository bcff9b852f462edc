import { generateKeyPairSync, createPrivateKey, createPublicKey, randomBytes, webcrypto } from 'node:crypto';
import { encodeBase64Url } from '../../../common/base64url';
import { LIMITS } from '../../../common/limits';
import { signCpmToken, verifyCpmToken, type CpmClaims, type CpmVerdict } from '../../../common/cpm-token';
import type { PublicKey } from '../../../common/wire/terminal';
import type { Store } from '../store/store';

/**
 * CPM signing keys (R22). Kept in the store so every instance signs and verifies with the same
 * set. The newest unretired key signs; every unretired key verifies, and a retired key keeps
 * verifying for one token lifetime so tokens already on customers' screens stay good during a
 * rotation. Instances re-read the set at most every `KEYRING_REFRESH_MS`.
 */
export const KEYRING_REFRESH_MS = 30_000;

interface LoadedKey {
  kid: string;
  createdAtMs: number;
  retiredAtMs: number | null;
  publicRaw: string;
  publicKey: CryptoKey;
  privateKey: CryptoKey;
}

export class KeyRing {
  private keys: LoadedKey[] = [];
  private loadedAtMs = -Infinity;

  constructor(private readonly store: Store) {}

  async ensureKey(nowMs: number): Promise<void> {
    await this.reload(nowMs);
    if (!this.keys.some((k) => k.retiredAtMs === null)) await this.rotate(nowMs);
  }

  /** Adds a new signing key; the previous ones are retired (still verifying for a token TTL). */
  async rotate(nowMs: number): Promise<string> {
    const { publicKey, privateKey } = generateKeyPairSync('ed25519');
    const kid = `k${nowMs.toString(36)}${encodeBase64Url(randomBytes(3))}`;
    // A JWK's `x` is exactly the raw 32-byte public key, base64url: what terminals import.
    const publicRaw = publicKey.export({ format: 'jwk' }).x;
    if (!publicRaw) throw new Error('Ed25519 key export gave no public key');
    const privatePkcs8 = privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64');
    await this.store.write(async (tx) => {
      await tx.updateTable('signing_keys').set({ retired_at_ms: nowMs }).where('retired_at_ms', 'is', null).execute();
      await tx.insertInto('signing_keys').values({ kid, public_key: publicRaw, private_key: privatePkcs8, created_at_ms: nowMs, retired_at_ms: null }).execute();
    });
    await this.reload(nowMs);
    return kid;
  }

  async reload(nowMs: number): Promise<void> {
    const rows = await this.store.read.selectFrom('signing_keys').selectAll().orderBy('created_at_ms', 'asc').execute();
    const loaded: LoadedKey[] = [];
    for (const row of rows) {
      if (row.retired_at_ms !== null && nowMs > row.retired_at_ms + LIMITS.cpmTokenTtlMsMax) continue;
      const priv = createPrivateKey({ key: Buffer.from(row.private_key, 'base64'), format: 'der', type: 'pkcs8' });
      const pub = createPublicKey(priv);
      loaded.push({
        kid: row.kid,
        createdAtMs: row.created_at_ms,
        retiredAtMs: row.retired_at_ms,
        publicRaw: row.public_key,
        publicKey: await webcrypto.subtle.importKey('spki', pub.export({ format: 'der', type: 'spki' }), { name: 'Ed25519' }, false, ['verify']),
        privateKey: await webcrypto.subtle.importKey('pkcs8', Buffer.from(row.private_key, 'base64'), { name: 'Ed25519' }, false, ['sign']),
      });
    }
    this.keys = loaded;
    this.loadedAtMs = nowMs;
  }

  private async fresh(nowMs: number): Promise<void> {
    if (nowMs - this.loadedAtMs > KEYRING_REFRESH_MS) await this.reload(nowMs);
  }

  async publicKeys(nowMs: number): Promise<PublicKey[]> {
    await this.fresh(nowMs);
    return this.keys.map((k) => ({
      kid: k.kid,
      alg: 'Ed25519' as const,
      publicKey: k.publicRaw,
      notAfter: k.retiredAtMs === null ? null : new Date(k.retiredAtMs + LIMITS.cpmTokenTtlMsMax).toISOString(),
    }));
  }

  async sign(claims: Omit<CpmClaims, 'kid'>, nowMs: number): Promise<string> {
    await this.fresh(nowMs);
    const signer = [...this.keys].reverse().find((k) => k.retiredAtMs === null);
    if (!signer) throw new Error('no active CPM signing key');
    return signCpmToken({ ...claims, kid: signer.kid }, signer.privateKey);
  }

  /** Signature and structure; expiry is judged against `atMs` (the scan time for offline items). */
  async verify(token: string, atMs: number, nowMs: number): Promise<CpmVerdict> {
    await this.fresh(nowMs);
    let verdict = await verifyCpmToken(token, new Map(this.keys.map((k) => [k.kid, k.publicKey])), atMs);
    if (!verdict.ok && verdict.code === 'token_invalid' && nowMs - this.loadedAtMs > 1000) {
      // Another instance may have rotated keys a moment ago: look once more before refusing.
      await this.reload(nowMs);
      verdict = await verifyCpmToken(token, new Map(this.keys.map((k) => [k.kid, k.publicKey])), atMs);
    }
    return verdict;
  }
}
