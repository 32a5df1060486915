import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

export class CiphertextError extends Error {
  override name = 'CiphertextError';
}

const FORMAT = /^v(\d{1,4})\.([A-Za-z0-9_-]{16})\.([A-Za-z0-9_-]{22})\.([A-Za-z0-9_-]*)$/;

/**
 * AES-256-GCM for personal-data columns. Stored form: `v<key version>.<iv>.<tag>.<ciphertext>`
 * (base64url). The purpose (e.g. `claimant.bankAccount`) is bound as associated data, so a
 * ciphertext moved to another column fails to decrypt. Any tampering fails the tag check:
 * an error, never garbage.
 */
export class FieldCipher {
  private readonly keys: Map<number, Buffer>;

  constructor(
    readonly currentVersion: number,
    keys: Map<number, Buffer>,
  ) {
    for (const [version, key] of keys) {
      if (key.length !== 32) throw new Error(`Encryption key v${version} is not 32 bytes`);
    }
    if (!keys.has(currentVersion)) throw new Error(`No encryption key for v${currentVersion}`);
    this.keys = keys;
  }

  encrypt(plaintext: string, purpose: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key(this.currentVersion), iv);
    cipher.setAAD(Buffer.from(purpose, 'utf8'));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [
      `v${this.currentVersion}`,
      iv.toString('base64url'),
      cipher.getAuthTag().toString('base64url'),
      body.toString('base64url'),
    ].join('.');
  }

  decrypt(stored: string, purpose: string): string {
    const match = FORMAT.exec(stored);
    if (!match) throw new CiphertextError('Stored ciphertext is malformed');
    const [, version, iv, tag, body] = match;
    try {
      const decipher = createDecipheriv(
        'aes-256-gcm',
        this.key(Number(version)),
        Buffer.from(iv!, 'base64url'),
      );
      decipher.setAAD(Buffer.from(purpose, 'utf8'));
      decipher.setAuthTag(Buffer.from(tag!, 'base64url'));
      return Buffer.concat([
        decipher.update(Buffer.from(body!, 'base64url')),
        decipher.final(),
      ]).toString('utf8');
    } catch (error) {
      if (error instanceof CiphertextError) throw error;
      throw new CiphertextError('Stored ciphertext failed authentication');
    }
  }

  encryptJson(value: unknown, purpose: string): string {
    return this.encrypt(JSON.stringify(value), purpose);
  }

  decryptJson<T>(stored: string, purpose: string): T {
    return JSON.parse(this.decrypt(stored, purpose)) as T;
  }

  /** True when the value was written under an older key and should be re-encrypted. */
  needsRotation(stored: string): boolean {
    return !stored.startsWith(`v${this.currentVersion}.`);
  }

  private key(version: number): Buffer {
    const key = this.keys.get(version);
    if (!key) throw new CiphertextError(`No key for ciphertext version v${version}`);
    return key;
  }
}
