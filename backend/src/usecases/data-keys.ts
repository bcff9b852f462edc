import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/**
 * Secrets the database must hold (CPM signing keys) are sealed with a data key that lives
 * outside it (issue 9): AES-256-GCM, a fresh 96-bit IV per value, and the row's identity as
 * associated data, so a sealed value copied into another row does not open. Several data keys
 * may be known at once (rotation): the first seals, every one opens what it sealed.
 *
 *   dk1.<dataKeyId>.<iv>.<ciphertext>.<tag>      (base64url parts)
 */
const PREFIX = 'dk1';
export const DATA_KEY_BYTES = 32;

export interface DataKey {
  /** Short, derived from the key itself, so two files holding the same key agree on its id. */
  id: string;
  key: Buffer;
}

export class DataKeyError extends Error {
  override name = 'DataKeyError';
}

export function dataKeyId(key: Buffer): string {
  return createHash('sha256').update('kumapay data key id').update(key).digest('base64url').slice(0, 12);
}

export function newDataKey(): DataKey {
  const key = randomBytes(DATA_KEY_BYTES);
  return { id: dataKeyId(key), key };
}

export class DataKeys {
  private readonly byId: ReadonlyMap<string, Buffer>;

  constructor(readonly keys: readonly DataKey[]) {
    if (keys.length === 0) throw new DataKeyError('no data key');
    for (const k of keys) if (k.key.length !== DATA_KEY_BYTES) throw new DataKeyError(`data key ${k.id} is not ${DATA_KEY_BYTES} bytes`);
    this.byId = new Map(keys.map((k) => [k.id, k.key]));
  }

  get activeId(): string {
    return this.keys[0]!.id;
  }

  static isSealed(value: string): boolean {
    return value.startsWith(`${PREFIX}.`);
  }

  static sealedWith(value: string): string | null {
    return DataKeys.isSealed(value) ? (value.split('.')[1] ?? null) : null;
  }

  seal(plain: Buffer, context: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.keys[0]!.key, iv);
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const body = Buffer.concat([cipher.update(plain), cipher.final()]);
    return [PREFIX, this.activeId, iv.toString('base64url'), body.toString('base64url'), cipher.getAuthTag().toString('base64url')].join('.');
  }

  open(sealed: string, context: string): Buffer {
    const [prefix, id, iv, body, tag] = sealed.split('.');
    if (prefix !== PREFIX || !id || iv === undefined || body === undefined || tag === undefined) throw new DataKeyError('not a sealed value');
    const key = this.byId.get(id);
    if (!key) throw new DataKeyError(`sealed with data key ${id}, which this instance does not hold`);
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
      decipher.setAAD(Buffer.from(context, 'utf8'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]);
    } catch {
      throw new DataKeyError(`a value sealed with data key ${id} does not open (altered, or moved from another row)`);
    }
  }
}
