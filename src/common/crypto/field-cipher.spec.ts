import { randomBytes } from 'node:crypto';

import { CiphertextError, FieldCipher } from './field-cipher';

describe('FieldCipher', () => {
  const k1 = randomBytes(32);
  const k2 = randomBytes(32);
  const cipher = new FieldCipher(1, new Map([[1, k1]]));

  it('round-trips text, and the stored form holds no plaintext', () => {
    const stored = cipher.encrypt('AZ21NABZ00000000137010001944', 'claimant.bankAccount');
    expect(stored).toMatch(/^v1\./);
    expect(stored).not.toContain('NABZ');
    expect(cipher.decrypt(stored, 'claimant.bankAccount')).toBe('AZ21NABZ00000000137010001944');
  });

  it('encrypts the same value differently each time', () => {
    expect(cipher.encrypt('x', 'p')).not.toBe(cipher.encrypt('x', 'p'));
  });

  it('refuses a tampered ciphertext instead of returning garbage', () => {
    const stored = cipher.encrypt('passport C01234567', 'person.identityDocument');
    const parts = stored.split('.');
    const body = Buffer.from(parts[3]!, 'base64url');
    body[0] = body[0]! ^ 1;
    parts[3] = body.toString('base64url');
    expect(() => cipher.decrypt(parts.join('.'), 'person.identityDocument')).toThrow(
      CiphertextError,
    );
  });

  it('refuses a ciphertext moved to another column', () => {
    const stored = cipher.encrypt('secret', 'claimant.contact');
    expect(() => cipher.decrypt(stored, 'claimant.bankAccount')).toThrow(CiphertextError);
  });

  it('reads old key versions after rotation and flags them', () => {
    const old = cipher.encrypt('kept', 'p');
    const rotated = new FieldCipher(
      2,
      new Map([
        [1, k1],
        [2, k2],
      ]),
    );
    expect(rotated.decrypt(old, 'p')).toBe('kept');
    expect(rotated.needsRotation(old)).toBe(true);
    expect(rotated.encrypt('new', 'p')).toMatch(/^v2\./);
  });

  it('refuses malformed input and unknown versions', () => {
    expect(() => cipher.decrypt('plain text', 'p')).toThrow(CiphertextError);
    const rotated = new FieldCipher(2, new Map([[2, k2]]));
    expect(() => cipher.decrypt(rotated.encrypt('x', 'p'), 'p')).toThrow(/v2/);
  });
});
