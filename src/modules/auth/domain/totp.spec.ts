import { authenticator } from 'otplib';

import { matchedStep, newTotpSecret, totpUri } from './totp';

const NOW = Date.UTC(2026, 10, 29, 12, 0, 15);
const STEP = Math.floor(NOW / 30_000);
const codeAt = (secret: string, at: number) => authenticator.clone({ epoch: at }).generate(secret);

describe('TOTP', () => {
  const secret = newTotpSecret();

  it('makes 160-bit base32 secrets and an otpauth URI with SHA-1, 6 digits, 30 s', () => {
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    const uri = totpUri('case.worker@example.org', secret);
    expect(uri).toMatch(/^otpauth:\/\/totp\//);
    expect(uri).toContain(`secret=${secret}`);
    expect(uri).toContain('algorithm=SHA1');
    expect(uri).toContain('digits=6');
    expect(uri).toContain('period=30');
  });

  it.each([
    ['the current step', 0],
    ['the step before', -1],
    ['the step after', 1],
  ])('accepts a code of %s and names its step', (_case, offset) => {
    expect(matchedStep(codeAt(secret, NOW + offset * 30_000), secret, NOW)).toBe(STEP + offset);
  });

  it.each([
    ['two steps back', codeAt(secret, NOW - 60_000)],
    ['two steps ahead', codeAt(secret, NOW + 60_000)],
    ['not six digits', '12345'],
    ['letters', 'abcdef'],
  ])('refuses a code %s', (_case, code) => {
    expect(matchedStep(code, secret, NOW)).toBeNull();
  });

  it('refuses the code of another secret (RFC 6238 test vector secret)', () => {
    // RFC 6238 appendix B: 12345678901234567890 at T=59 s gives 94287082 (8 digits; 6: 287082).
    const rfc = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
    expect(matchedStep('287082', rfc, 59_000)).toBe(1);
    expect(matchedStep('287082', secret, 59_000)).toBeNull();
  });
});
