/**
 * SecretStore for plain Node hosts (browser host, tests, crash harness): each secret is an
 * AES-256-GCM file with 0600 permissions, keyed by a random 0600 key file beside it. This
 * keeps the terminal token out of the journal and its backups; it does not protect against
 * someone who can read the key file as the same OS user (Electron's safeStorage, which uses
 * the OS keychain, is the host-level answer to that).
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import type { SecretStore } from '../ports';
import { privateFilePath, readFileIfExists, writePrivateFile } from './private-file';

const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;

export class FileSecretStore implements SecretStore {
  private keyPromise: Promise<Buffer> | null = null;

  constructor(private readonly directory: string) {}

  async save(name: string, secret: string): Promise<void> {
    const key = await this.key();
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    const body = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
    await writePrivateFile(this.pathOf(name), Buffer.concat([iv, cipher.getAuthTag(), body]));
  }

  async load(name: string): Promise<string | null> {
    const data = await readFileIfExists(this.pathOf(name));
    if (data === null) return null;
    const key = await this.key();
    const decipher = createDecipheriv('aes-256-gcm', key, data.subarray(0, IV_BYTES));
    decipher.setAuthTag(data.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    // A tampered or truncated file throws here: reported, never read as an empty secret.
    return Buffer.concat([decipher.update(data.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
  }

  async remove(name: string): Promise<void> {
    await rm(this.pathOf(name), { force: true });
  }

  private pathOf(name: string): string {
    return privateFilePath(this.directory, name, '.secret');
  }

  private key(): Promise<Buffer> {
    this.keyPromise ??= this.loadOrCreateKey();
    return this.keyPromise;
  }

  private async loadOrCreateKey(): Promise<Buffer> {
    await mkdir(this.directory, { recursive: true, mode: 0o700 });
    const keyPath = path.join(this.directory, 'secret-store.key');
    const existing = await readFileIfExists(keyPath);
    if (existing !== null) {
      if (existing.length !== KEY_BYTES) throw new Error(`${keyPath} is not a ${KEY_BYTES}-byte key`);
      return existing;
    }
    const key = randomBytes(KEY_BYTES);
    await writePrivateFile(keyPath, key);
    return key;
  }
}
