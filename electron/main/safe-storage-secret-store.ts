/**
 * SecretStore on Electron's safeStorage (DPAPI on Windows, the keyring on Linux): the
 * terminal token is encrypted by the OS for this user and written as a 0600 file in userData.
 * Where no OS encryption is available (Linux without a keyring: safeStorage falls back to a
 * hard-coded key), the store refuses rather than pretend.
 */
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { SecretStore } from '../core/ports';

/** The part of Electron's safeStorage this store uses (so tests need no Electron). */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
  getSelectedStorageBackend?(): string;
}

const NAME_RE = /^[a-z0-9_-]{1,64}$/;

export class SafeStorageSecretStore implements SecretStore {
  constructor(
    private readonly safeStorage: SafeStorageLike,
    private readonly directory: string,
  ) {}

  async save(name: string, secret: string): Promise<void> {
    this.requireEncryption();
    const file = this.pathOf(name);
    await mkdir(this.directory, { recursive: true, mode: 0o700 });
    const temporary = `${file}.${process.pid}.tmp`;
    await writeFile(temporary, this.safeStorage.encryptString(secret), { mode: 0o600, flush: true });
    await rename(temporary, file);
  }

  async load(name: string): Promise<string | null> {
    let data: Buffer;
    try {
      data = await readFile(this.pathOf(name));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
    this.requireEncryption();
    return this.safeStorage.decryptString(data);
  }

  async remove(name: string): Promise<void> {
    await rm(this.pathOf(name), { force: true });
  }

  private requireEncryption(): void {
    if (!this.safeStorage.isEncryptionAvailable() || this.safeStorage.getSelectedStorageBackend?.() === 'basic_text') {
      throw new Error('OS secret encryption is not available (no keyring): the terminal token cannot be stored safely');
    }
  }

  private pathOf(name: string): string {
    if (!NAME_RE.test(name)) throw new Error(`secret name ${JSON.stringify(name)} is not a plain file name`);
    return path.join(this.directory, `${name}.safe`);
  }
}
