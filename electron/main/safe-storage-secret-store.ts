/**
 * SecretStore on Electron's safeStorage (DPAPI on Windows, the keyring on Linux): the
 * terminal token is encrypted by the OS for this user and written as a 0600 file in userData.
 * Where no OS encryption is available (Linux without a keyring: safeStorage falls back to a
 * hard-coded key), the store refuses rather than pretend.
 */
import { rm } from 'node:fs/promises';
import { privateFilePath, readFileIfExists, writePrivateFile, type SecretStore } from '../core/index';

/** The part of Electron's safeStorage this store uses (so tests need no Electron). */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
  getSelectedStorageBackend?(): string;
}

export class SafeStorageSecretStore implements SecretStore {
  constructor(
    private readonly safeStorage: SafeStorageLike,
    private readonly directory: string,
  ) {}

  async save(name: string, secret: string): Promise<void> {
    this.requireEncryption();
    await writePrivateFile(this.pathOf(name), this.safeStorage.encryptString(secret));
  }

  async load(name: string): Promise<string | null> {
    const data = await readFileIfExists(this.pathOf(name));
    if (data === null) return null;
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
    return privateFilePath(this.directory, name, '.safe');
  }
}
