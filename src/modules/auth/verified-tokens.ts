import type { AccessTokenClaims } from './tokens';

type Verified = AccessTokenClaims & { exp: number };

/** Enough for every active session of a large deployment; the oldest entry makes room. */
const CAPACITY = 10_000;

/**
 * Access tokens this process has verified (signature, algorithm, issuer, audience), by their
 * exact text, with their claims: the same text always verifies the same way under one secret,
 * so the HMAC need not be recomputed for each request of a session. Expiry depends on the
 * time, so it is checked on every use, as jsonwebtoken checks it (expired from `exp` on).
 * Only successfully verified tokens enter; nothing about the session is kept here: whether it
 * is still alive is read from the database on every request (access.guard.ts).
 */
export class VerifiedTokens {
  private readonly byText = new Map<string, Verified>();

  /** The token's claims if it was verified before and has not expired since. */
  get(token: string, nowMs = Date.now()): Verified | undefined {
    const claims = this.byText.get(token);
    if (!claims) return undefined;
    if (Math.floor(nowMs / 1000) >= claims.exp) {
      this.byText.delete(token);
      return undefined;
    }
    return claims;
  }

  add(token: string, claims: Verified): void {
    if (this.byText.size >= CAPACITY) {
      const oldest = this.byText.keys().next();
      if (!oldest.done) this.byText.delete(oldest.value);
    }
    this.byText.set(token, claims);
  }

  get size(): number {
    return this.byText.size;
  }
}
