import { randomUUID } from 'node:crypto';

import { Injectable, Logger } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

import type { Actor } from '../../common/auth/actor';
import { FieldCipher } from '../../common/crypto/field-cipher';
import { execute, sql } from '../../common/database/sql';
import { notFound } from '../../common/errors/errors';
import { AppConfig } from '../../config/app-config';
import { AuditService } from '../audit/audit.service';
import { UserResponseDto } from '../users/dto/user.dto';
import { dummyPasswordHash, verifyPassword } from '../users/password-hasher';
import { User } from '../users/user.entity';
import { toUserResponse } from '../users/user-views';
import { AuthError, AuthErrorCode } from './auth-errors';
import { MfaChallengeDto, TokenPairDto } from './dto/auth.dto';
import { acceptTotp } from './mfa';
import { RefreshToken } from './refresh-token.entity';
import { SignInLimit } from './sign-in-limit';
import {
  AccessTokenClaims,
  hashRefreshToken,
  mfaSignOptions,
  MfaTokenClaims,
  mfaVerifyOptions,
  newRefreshToken,
  revokeSession,
  signOptions,
} from './tokens';

const invalidCredentials = () =>
  new AuthError(
    AuthErrorCode.InvalidCredentials,
    'The email or password is wrong, or the account is deactivated',
  );
const invalidRefresh = () =>
  new AuthError(AuthErrorCode.InvalidRefreshToken, 'The refresh token is not valid; sign in again');
const invalidMfaToken = () =>
  new AuthError(
    AuthErrorCode.InvalidMfaToken,
    'The sign-in has expired or is not valid; sign in again',
  );

@Injectable()
export class AuthService {
  private readonly logger = new Logger('Auth');

  constructor(
    private readonly jwt: JwtService,
    private readonly config: AppConfig,
    private readonly limit: SignInLimit,
    private readonly audit: AuditService,
    private readonly cipher: FieldCipher,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  /**
   * Password step. With a second factor active the answer is a challenge (an mfaToken for
   * POST /auth/login/mfa), not a session; without one, a session (restricted to enrolling a
   * factor when the user's role requires one: AccessGuard).
   */
  async login(
    actor: Actor,
    email: string,
    password: string,
  ): Promise<TokenPairDto | MfaChallengeDto> {
    const normalised = email.trim().toLowerCase();
    const keys = this.limit.keys(actor, normalised);
    await this.limit.refuseWhileLocked(actor, keys);
    const user = await this.dataSource.manager.findOneBy(User, { email: normalised });
    const ok = await verifyPassword(user?.passwordHash ?? (await dummyPasswordHash()), password);
    if (!user || !ok || !user.active) {
      await this.limit.countFailure(keys);
      await this.failed(
        actor,
        user?.id ?? null,
        !user ? 'unknown_account' : !ok ? 'wrong_password' : 'deactivated',
      );
      throw invalidCredentials();
    }
    if (user.mfaEnabledAt) {
      const claims: MfaTokenClaims = {
        sub: user.id,
        ep: user.tokenEpoch,
        ls: user.mfaLastStep,
      };
      const mfaToken = await this.jwt.signAsync(claims, mfaSignOptions(this.config));
      this.logger.log(
        { requestId: actor.requestId, ip: actor.ip, userId: user.id },
        'Password accepted; second factor required',
      );
      return { mfaRequired: true, mfaToken };
    }
    await this.limit.reset(keys);
    return this.signIn(actor, user, {});
  }

  /**
   * Code step: the mfaToken from the password step and a TOTP code complete the sign-in. An
   * mfaToken completes one sign-in: once any code is accepted for the user, it is used up.
   */
  async loginWithCode(actor: Actor, mfaToken: string, code: string): Promise<TokenPairDto> {
    let claims: MfaTokenClaims;
    try {
      claims = await this.jwt.verifyAsync<MfaTokenClaims>(mfaToken, mfaVerifyOptions(this.config));
    } catch {
      throw invalidMfaToken();
    }
    const user = await this.dataSource.manager.findOneBy(User, { id: claims.sub });
    if (
      !user?.active ||
      user.tokenEpoch !== claims.ep ||
      claims.ls === undefined ||
      user.mfaLastStep !== claims.ls ||
      !user.mfaEnabledAt ||
      !user.mfaSecretEnc
    ) {
      throw invalidMfaToken();
    }
    const keys = this.limit.keys(actor, user.email);
    await this.limit.refuseWhileLocked(actor, keys);
    const accepted = await this.dataSource.transaction((manager) =>
      acceptTotp(manager, this.cipher, user, code, new Date(), false, claims.ls),
    );
    if (!accepted) {
      await this.limit.countFailure(keys);
      await this.failed(actor, user.id, 'wrong_code');
      throw new AuthError(
        AuthErrorCode.InvalidMfaCode,
        'The code is wrong, expired or already used',
      );
    }
    await this.limit.reset(keys);
    return this.signIn(actor, user, { mfa: true });
  }

  /**
   * Uses a refresh token once and issues the next in its family. A token already used or
   * revoked revokes the whole family: whoever holds the newer tokens is signed out too. A
   * family ends at its session's absolute end, however often it was refreshed.
   */
  async refresh(actor: Actor, refreshToken: string): Promise<TokenPairDto> {
    const hash = hashRefreshToken(refreshToken);
    const outcome = await this.dataSource.transaction(async (manager) => {
      const { rows: used } = await execute<{
        user_id: string;
        family_id: string;
        session_expires_at: Date;
      }>(
        manager,
        sql(
          `UPDATE refresh_tokens SET used_at = now()
          WHERE token_hash = :hash AND used_at IS NULL AND revoked_at IS NULL AND expires_at > now()
            AND session_expires_at > now()
          RETURNING user_id, family_id, session_expires_at`,
          { hash },
        ),
      );
      const row = used[0];
      if (row) {
        const user = await manager.findOneBy(User, { id: row.user_id });
        if (!user?.active) return { kind: 'invalid' as const };
        const pair = await this.issue(manager, user, row.family_id, row.session_expires_at);
        await this.audit.record(
          manager,
          { ...actor, userId: user.id, role: user.role },
          {
            action: 'auth.refresh',
            entityType: 'user',
            entityId: user.id,
          },
        );
        return { kind: 'ok' as const, pair };
      }
      const stale = await manager.findOneBy(RefreshToken, { tokenHash: hash });
      if (!stale) return { kind: 'invalid' as const };
      if (stale.usedAt && !stale.revokedAt) {
        await execute(
          manager,
          sql(
            `UPDATE refresh_tokens SET revoked_at = now() WHERE family_id = :familyId AND revoked_at IS NULL`,
            { familyId: stale.familyId },
          ),
        );
        await this.audit.record(
          manager,
          { ...actor, userId: stale.userId },
          {
            action: 'auth.refresh_reuse',
            entityType: 'user',
            entityId: stale.userId,
            changes: { familyRevoked: true },
          },
        );
        return { kind: 'reused' as const };
      }
      return { kind: 'invalid' as const };
    });
    if (outcome.kind === 'ok') return outcome.pair;
    this.logger.warn(
      { requestId: actor.requestId, ip: actor.ip, outcome: outcome.kind },
      'Refresh refused',
    );
    throw invalidRefresh();
  }

  async logout(actor: Actor, sessionId: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await revokeSession(manager, sessionId);
      await this.audit.record(manager, actor, {
        action: 'auth.logout',
        entityType: 'user',
        entityId: actor.userId,
      });
    });
  }

  async me(actor: Actor): Promise<UserResponseDto> {
    const user = await this.dataSource.manager.findOneBy(User, { id: actor.userId! });
    if (!user) throw notFound('User');
    return toUserResponse(user);
  }

  /** Starts a session for a user (login, and test fixtures that need a signed-in user). */
  async startSession(user: User): Promise<TokenPairDto> {
    return this.dataSource.transaction((manager) => this.issue(manager, user, randomUUID()));
  }

  /** Whether the user's role must use a second factor and the user has none active yet. */
  enrolmentOnly(user: Pick<User, 'role' | 'mfaEnabledAt'>): boolean {
    return this.config.mfaRequiredRoles.has(user.role) && !user.mfaEnabledAt;
  }

  private async signIn(
    actor: Actor,
    user: User,
    changes: Record<string, unknown>,
  ): Promise<TokenPairDto> {
    const loggedIn = { ...actor, userId: user.id, role: user.role };
    const tokens = await this.dataSource.transaction(async (manager) => {
      const pair = await this.issue(manager, user, randomUUID());
      await this.audit.record(manager, loggedIn, {
        action: 'auth.login',
        entityType: 'user',
        entityId: user.id,
        ...(Object.keys(changes).length > 0 ? { changes } : {}),
      });
      return pair;
    });
    this.logger.log(
      { requestId: actor.requestId, ip: actor.ip, userId: user.id },
      'Login succeeded',
    );
    return tokens;
  }

  private async failed(actor: Actor, userId: string | null, reason: string): Promise<void> {
    this.logger.warn({ requestId: actor.requestId, ip: actor.ip, userId }, 'Login failed');
    await this.audit.recordAlone(actor, {
      action: 'auth.login_failed',
      entityType: 'user',
      entityId: userId,
      changes: { reason },
    });
  }

  /**
   * The next token of a session. A new session ends SESSION_MAX_SECONDS from now; a refreshed
   * one keeps its end, and neither its refresh token nor its access token outlives it.
   */
  private async issue(
    manager: EntityManager,
    user: User,
    familyId: string,
    sessionEnd = new Date(Date.now() + this.config.SESSION_MAX_SECONDS * 1000),
  ): Promise<TokenPairDto> {
    const { token, hash } = newRefreshToken();
    const now = Date.now();
    await manager.insert(RefreshToken, {
      userId: user.id,
      familyId,
      tokenHash: hash,
      expiresAt: new Date(
        Math.min(now + this.config.REFRESH_TOKEN_TTL_SECONDS * 1000, sessionEnd.getTime()),
      ),
      sessionExpiresAt: sessionEnd,
    });
    const claims: AccessTokenClaims = {
      sub: user.id,
      role: user.role,
      sid: familyId,
      ep: user.tokenEpoch,
    };
    const expiresIn = Math.max(
      1,
      Math.min(this.config.JWT_ACCESS_TTL_SECONDS, Math.floor((sessionEnd.getTime() - now) / 1000)),
    );
    return {
      accessToken: await this.jwt.signAsync(claims, signOptions(this.config, expiresIn)),
      refreshToken: token,
      tokenType: 'Bearer',
      expiresIn,
      ...(this.enrolmentOnly(user) ? { mfaEnrolmentRequired: true } : {}),
    };
  }
}
