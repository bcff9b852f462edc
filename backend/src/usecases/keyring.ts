import { createPrivateKey, createPublicKey, generateKeyPairSync, KeyObject, randomBytes, verify as verifyOneShot, webcrypto } from 'node:crypto';
import type { Logger } from 'pino';
import { encodeBase64Url } from '../../../common/base64url';
import { LIMITS } from '../../../common/limits';
import { cpmTimesVerdict, importEd25519PublicKey, parseCpmToken, signCpmToken, verifyCpmSignature, verifyCpmToken, type CpmClaims, type CpmVerdict } from '../../../common/cpm-token';
import type { PublicKey } from '../../../common/wire/terminal';
import type { Store } from '../store/store';
import { DataKeyError, DataKeys } from './data-keys';
import { BACKEND_LIMITS } from '../limits';

/**
 * CPM signing keys (R22). Kept in the store so every instance signs and verifies with the same
 * set; the private half sealed with the data key (issue 9), so a database reader cannot sign.
 * The newest live key signs. A rotated-out key keeps verifying: for fresh scans one token
 * lifetime (tokens already on customers' screens stay good), and for offline items as long as
 * they may take to arrive (R20a: the offline deadline, at most `offlineDeadlineMsMax`). A key
 * revoked after a compromise verifies nothing from then on. Instances re-read the set at most
 * every `BACKEND_LIMITS.keyringRefreshMs`.
 */
/** Offline items scanned under a key arrive up to the deadline (+ skew) after its retirement. */
const OFFLINE_VERIFY_RETENTION_MS = LIMITS.offlineDeadlineMsMax + LIMITS.cpmTokenTtlMsMax + LIMITS.offlineTokenTimeSkewMs;

interface LoadedKey {
  kid: string;
  createdAtMs: number;
  retiredAtMs: number | null;
  publicRaw: string;
  publicKey: CryptoKey;
  privateKey: CryptoKey;
}

const sealContext = (kid: string) => `signing_key:${kid}`;

export class KeyRing {
  private keys: LoadedKey[] = [];
  private readonly keyObjects = new WeakMap<CryptoKey, KeyObject>();
  /**
   * Retired (never revoked) keys past the offline retention, public half only: they verify
   * printed store QRs (R28), which a shop cannot re-print at every rotation, and nothing else.
   */
  private archived = new Map<string, CryptoKey>();
  private loadedAtMs = -Infinity;

  constructor(
    private readonly store: Store,
    private readonly dataKeys: DataKeys,
    private readonly log: Pick<Logger, 'error' | 'warn'>,
  ) {}

  /**
   * At start: seal any private key an older version stored in plain text, refuse to run on
   * keys sealed with a data key this instance does not hold, and make sure one key signs.
   */
  async ensureKey(nowMs: number): Promise<void> {
    await this.store.write(async (tx) => {
      const rows = await tx.selectFrom('signing_keys').select(['kid', 'private_key']).execute();
      for (const row of rows) {
        if (DataKeys.isSealed(row.private_key)) continue;
        const sealed = this.dataKeys.seal(Buffer.from(row.private_key, 'base64'), sealContext(row.kid));
        await tx.updateTable('signing_keys').set({ private_key: sealed }).where('kid', '=', row.kid).execute();
      }
    });
    await this.reload(nowMs, { strict: true });
    if (!this.keys.some((k) => k.retiredAtMs === null)) await this.rotate(nowMs);
  }

  /**
   * Adds a new signing key; the previous ones retire (still verifying, see above), or with
   * `revokePrevious` stop verifying at once (a leaked key: tokens it signed are refused).
   */
  async rotate(nowMs: number, options: { revokePrevious?: boolean } = {}): Promise<string> {
    const { privateKey } = generateKeyPairSync('ed25519');
    const kid = `k${nowMs.toString(36)}${encodeBase64Url(randomBytes(3))}`;
    // A JWK's `x` is exactly the raw 32-byte public key, base64url: what terminals import.
    const publicRaw = createPublicKey(privateKey).export({ format: 'jwk' }).x;
    if (!publicRaw) throw new Error('Ed25519 key export gave no public key');
    const sealed = this.dataKeys.seal(privateKey.export({ format: 'der', type: 'pkcs8' }), sealContext(kid));
    await this.store.write(async (tx) => {
      await tx.updateTable('signing_keys').set({ retired_at_ms: nowMs }).where('retired_at_ms', 'is', null).execute();
      if (options.revokePrevious) await tx.updateTable('signing_keys').set({ revoked_at_ms: nowMs }).where('revoked_at_ms', 'is', null).execute();
      await tx.insertInto('signing_keys').values({ kid, public_key: publicRaw, private_key: sealed, created_at_ms: nowMs, retired_at_ms: null, revoked_at_ms: null }).execute();
    });
    await this.reload(nowMs);
    return kid;
  }

  /**
   * `strict` (start-up): a key this instance cannot open is a configuration error. Later
   * reloads keep what they already hold and log: an operator may be part-way through a
   * data-key rotation, and refusing every payment would help no one.
   */
  async reload(nowMs: number, options: { strict?: boolean } = {}): Promise<void> {
    const rows = await this.store.read.selectFrom('signing_keys').selectAll().where('revoked_at_ms', 'is', null).orderBy('created_at_ms', 'asc').execute();
    const previous = new Map(this.keys.map((k) => [k.kid, k]));
    const loaded: LoadedKey[] = [];
    const archived = new Map<string, CryptoKey>();
    for (const row of rows) {
      if (row.retired_at_ms !== null && nowMs > row.retired_at_ms + OFFLINE_VERIFY_RETENTION_MS) {
        const publicKey = this.archived.get(row.kid) ?? (await importEd25519PublicKey(row.public_key));
        if (publicKey) archived.set(row.kid, publicKey);
        continue;
      }
      let pkcs8: Buffer;
      try {
        pkcs8 = this.dataKeys.open(row.private_key, sealContext(row.kid));
      } catch (error) {
        if (!(error instanceof DataKeyError)) throw error;
        const message = `signing key ${row.kid}: ${error.message}; give every instance the same data key (KUMAPAY_KEY_FILE)`;
        if (options.strict) throw new DataKeyError(message);
        this.log.error({ kid: row.kid }, message);
        const kept = previous.get(row.kid);
        if (kept) loaded.push({ ...kept, retiredAtMs: row.retired_at_ms });
        continue;
      }
      const pub = createPublicKey(createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' }));
      loaded.push({
        kid: row.kid,
        createdAtMs: row.created_at_ms,
        retiredAtMs: row.retired_at_ms,
        publicRaw: row.public_key,
        publicKey: await webcrypto.subtle.importKey('spki', pub.export({ format: 'der', type: 'spki' }), { name: 'Ed25519' }, false, ['verify']),
        privateKey: await webcrypto.subtle.importKey('pkcs8', pkcs8, { name: 'Ed25519' }, false, ['sign']),
      });
    }
    this.keys = loaded;
    this.archived = archived;
    this.loadedAtMs = nowMs;
  }

  private async fresh(nowMs: number): Promise<void> {
    if (nowMs - this.loadedAtMs > BACKEND_LIMITS.keyringRefreshMs || nowMs < this.loadedAtMs) await this.reload(nowMs);
  }

  /** Keys a terminal needs for scans from now on: live ones, and retired ones for one token lifetime. */
  async publicKeys(nowMs: number): Promise<PublicKey[]> {
    await this.fresh(nowMs);
    return this.keys
      .filter((k) => k.retiredAtMs === null || nowMs <= k.retiredAtMs + LIMITS.cpmTokenTtlMsMax)
      .map((k) => ({
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

  /**
   * R23/R28: other signed QR texts (MPM requests, store QRs, receive-QRs) with the same keys as
   * CPM tokens. `makeText` gets the signing key's id to put inside the text; the answer is
   * `<text>.<signature>` (base64url Ed25519 over the text's UTF-8 bytes).
   */
  async signText(makeText: (kid: string) => string, nowMs: number): Promise<string> {
    await this.fresh(nowMs);
    const signer = [...this.keys].reverse().find((k) => k.retiredAtMs === null);
    if (!signer) throw new Error('no active signing key');
    const text = makeText(signer.kid);
    const sig = new Uint8Array(await webcrypto.subtle.sign({ name: 'Ed25519' }, signer.privateKey, new TextEncoder().encode(text)));
    return `${text}.${encodeBase64Url(sig)}`;
  }

  /** The signature of a text made by `signText`, by the key it names; times are the caller's to judge. */
  async verifyText(text: string, kid: string, signature: Uint8Array<ArrayBuffer>, nowMs: number, options: { retiredKeys?: boolean } = {}): Promise<boolean> {
    const verdict = await this.withReloadOnMiss(nowMs, async () => {
      const key = this.keyMap().get(kid) ?? (options.retiredKeys ? this.archived.get(kid) : undefined);
      const ok = key ? await webcrypto.subtle.verify({ name: 'Ed25519' }, key, signature, new TextEncoder().encode(text)) : false;
      return ok ? { ok: true as const } : { ok: false as const, code: 'token_invalid' };
    });
    return verdict.ok;
  }

  private keyMap(): Map<string, CryptoKey> {
    return new Map(this.keys.map((k) => [k.kid, k.publicKey]));
  }

  /**
   * Another instance may have rotated keys a moment ago: look once more before refusing an
   * unknown kid (at most once a second, so garbage tokens cannot make us re-read per request).
   */
  private async withReloadOnMiss<T extends { ok: boolean; code?: string }>(nowMs: number, check: () => Promise<T>): Promise<T> {
    await this.fresh(nowMs);
    const verdict = await check();
    if (verdict.ok || verdict.code !== 'token_invalid' || nowMs - this.loadedAtMs <= 1000) return verdict;
    await this.reload(nowMs);
    return check();
  }

  /**
   * Signature, not-before and expiry at `atMs` (R22). `checked`: the claims another thread of this
   * process found this token's signature good for (`checkSignatureNow`); they are taken only if
   * this ring still trusts their key (a key revoked here a moment ago is not), and the times are
   * judged here, at `atMs`, either way.
   */
  async verify(token: string, atMs: number, nowMs: number, checked?: CpmClaims): Promise<CpmVerdict> {
    if (checked) {
      // As fresh as a full check: another instance's revocation reaches this ring as before.
      await this.fresh(nowMs);
      if (this.keys.some((k) => k.kid === checked.kid) && sameClaims(parseCpmToken(token)?.claims, checked)) return cpmTimesVerdict(checked, atMs);
    }
    return this.withReloadOnMiss(nowMs, () => verifyCpmToken(token, this.keyMap(), atMs));
  }

  /**
   * A token's signature checked on the calling thread, synchronously: the claims, or null for
   * a token this ring cannot vouch for (the caller then leaves the whole check to `verify`).
   * For the HTTP thread, which has cores to spare, so the ledger worker skips the Ed25519 check
   * (issue 16; through WebCrypto it cost the worker the hand-over to libuv's pool and back).
   */
  async checkSignatureNow(token: string, nowMs: number): Promise<CpmClaims | null> {
    const verdict = await this.withReloadOnMiss(nowMs, () =>
      verifyCpmSignature(token, this.keyMap(), (key, signature, signedBytes) => verifyOneShot(null, signedBytes, this.keyObjectOf(key), signature)),
    );
    return verdict.ok ? verdict.claims : null;
  }

  /** node:crypto's form of a WebCrypto key, made once per key. */
  private keyObjectOf(key: CryptoKey): KeyObject {
    let made = this.keyObjects.get(key);
    if (!made) {
      made = KeyObject.from(key);
      this.keyObjects.set(key, made);
    }
    return made;
  }

  /** Signature only: the caller judges the times (offline items, R20a). */
  verifySignature(token: string, nowMs: number) {
    return this.withReloadOnMiss(nowMs, () => verifyCpmSignature(token, this.keyMap()));
  }
}

/** The claims were checked for this very token (a caller cannot lend one token's check to another). */
function sameClaims(parsed: CpmClaims | undefined, checked: CpmClaims): boolean {
  return !!parsed && parsed.kid === checked.kid && parsed.walletId === checked.walletId && parsed.tokenId === checked.tokenId && parsed.issuedAtMs === checked.issuedAtMs && parsed.expiresAtMs === checked.expiresAtMs && parsed.offlineLimitYen === checked.offlineLimitYen;
}
