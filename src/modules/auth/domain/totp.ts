import { authenticator } from 'otplib';

/**
 * TOTP as RFC 6238 with the parameters authenticator apps assume: SHA-1, 6 digits, 30-second
 * steps. A code of the step before or after the current one is accepted (clock drift); which
 * step it was is returned, so the caller can refuse a code of a step already used.
 * otplib 12: its `checkDelta` returns the step offset or null (13's `verify` returns an object,
 * always truthy: never `if (verify(...))`).
 */
const STEP_SECONDS = 30;
const totp = authenticator.clone({ window: 1, step: STEP_SECONDS, digits: 6 });

export const TOTP_ISSUER = 'J2-8243 compensation';

/** A new shared secret: 160 random bits (RFC 4226's recommendation), base32. */
export function newTotpSecret(): string {
  return totp.generateSecret(20);
}

export function totpUri(account: string, secret: string): string {
  return totp.keyuri(account, TOTP_ISSUER, secret);
}

/** The time step the code belongs to (within one step of `now`), or null when it matches none. */
export function matchedStep(code: string, secret: string, now: number): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  const delta = totp.clone({ epoch: now }).checkDelta(code, secret);
  return delta === null ? null : Math.floor(now / 1000 / STEP_SECONDS) + delta;
}
