import { createHash, createSecretKey, KeyObject, randomBytes } from 'node:crypto';

import type { JwtSignOptions, JwtVerifyOptions } from '@nestjs/jwt';
import type { EntityManager } from 'typeorm';

import type { Role } from '../../common/auth/role';
import { execute, sql } from '../../common/database/sql';
import type { AppConfig } from '../../config/app-config';

/** Claims of an access token: user, role at issue, session (refresh family) and token epoch. */
export interface AccessTokenClaims {
  sub: string;
  role: Role;
  sid: string;
  ep: number;
}

const keys = new WeakMap<AppConfig, KeyObject>();

/**
 * The HMAC key as a KeyObject, made once: given a string, jsonwebtoken first tries (and fails)
 * to parse it as a public key on every verification, a tenth of a busy server's CPU.
 */
function secretKey(config: AppConfig): Buffer {
  let key = keys.get(config);
  if (!key) {
    key = createSecretKey(Buffer.from(config.jwtSecret, 'utf8'));
    keys.set(config, key);
  }
  // @nestjs/jwt types the secret as string | Buffer; jsonwebtoken accepts a KeyObject as is.
  return key as unknown as Buffer;
}

/** `expiresIn` (seconds) is shorter than the configured lifetime when the session ends sooner. */
export function signOptions(
  config: AppConfig,
  expiresIn = config.JWT_ACCESS_TTL_SECONDS,
): JwtSignOptions {
  return {
    algorithm: 'HS256',
    secret: secretKey(config),
    issuer: config.JWT_ISSUER,
    audience: config.JWT_AUDIENCE,
    expiresIn,
  };
}

/** Claims of the token that carries a sign-in from the password step to the code step. */
export interface MfaTokenClaims {
  sub: string;
  ep: number;
  /**
   * The user's last consumed TOTP step when the challenge was issued (null before any). Once a
   * code completes any sign-in the step moves on, so the challenge is used up.
   */
  ls: string | null;
}

/** Five minutes to type the code. */
export const MFA_TOKEN_TTL_SECONDS = 300;

/** An audience of its own: an mfaToken is never accepted as an access token, nor the reverse. */
const mfaAudience = (config: AppConfig) => `${config.JWT_AUDIENCE}:mfa`;

export function mfaSignOptions(config: AppConfig): JwtSignOptions {
  return { ...signOptions(config, MFA_TOKEN_TTL_SECONDS), audience: mfaAudience(config) };
}

export function mfaVerifyOptions(config: AppConfig): JwtVerifyOptions {
  return { ...verifyOptions(config), audience: mfaAudience(config) };
}

/** jsonwebtoken accepts a token without `exp` as never expiring: this service does not. */
export function hasExpiry(claims: object): boolean {
  return typeof (claims as { exp?: unknown }).exp === 'number';
}

/** `algorithms` pinned: `none` and any other algorithm are refused. */
export function verifyOptions(config: AppConfig): JwtVerifyOptions {
  return {
    algorithms: ['HS256'],
    secret: secretKey(config),
    issuer: config.JWT_ISSUER,
    audience: config.JWT_AUDIENCE,
  };
}

/** Opaque refresh token: 256 random bits; only its sha256 is stored. */
export function newRefreshToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: hashRefreshToken(token) };
}

export function hashRefreshToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Ends one session: its refresh family is revoked (its access tokens then fail the guard). */
export async function revokeSession(manager: EntityManager, sessionId: string): Promise<void> {
  await execute(
    manager,
    sql(
      `UPDATE refresh_tokens SET revoked_at = now() WHERE family_id = :sessionId AND revoked_at IS NULL`,
      { sessionId },
    ),
  );
}
