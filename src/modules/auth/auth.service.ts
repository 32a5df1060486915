import { createHash, randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { Actor } from '../../common/auth/actor';
import { notFound, RateLimitedError } from '../../common/errors/errors';
import { AppConfig } from '../../config/app-config';
import { AuditService } from '../audit/audit.service';
import { UserResponseDto } from '../users/dto/user.dto';
import { dummyPasswordHash, verifyPassword } from '../users/password-hasher';
import { User } from '../users/user.entity';
import { toUserResponse } from '../users/users.service';
import { AuthError, AuthErrorCode } from './auth-errors';
import { TokenPairDto } from './dto/auth.dto';
import { RateLimiterService } from './rate-limiter.service';
import { RefreshToken } from './refresh-token.entity';
import { AccessTokenClaims, hashRefreshToken, newRefreshToken, signOptions } from './tokens';

const invalidCredentials = () =>
  new AuthError(
    AuthErrorCode.InvalidCredentials,
    'The email or password is wrong, or the account is deactivated',
  );
const invalidRefresh = () =>
  new AuthError(AuthErrorCode.InvalidRefreshToken, 'The refresh token is not valid; sign in again');

const LOGIN_WINDOW_MS = 60_000;

/** Counters of consecutive sign-in failures: per account (hashed email) and per address. */
function loginKeys(actor: Actor, email: string): string[] {
  const account = createHash('sha256').update(email).digest('hex').slice(0, 32);
  return [`login:account:${account}`, `login:address:${actor.ip ?? 'unknown'}`];
}

@Injectable()
export class AuthService {
  private readonly logger = new Logger('Auth');

  constructor(
    private readonly jwt: JwtService,
    private readonly config: AppConfig,
    private readonly limiter: RateLimiterService,
    private readonly audit: AuditService,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async login(actor: Actor, email: string, password: string): Promise<TokenPairDto> {
    const normalised = email.trim().toLowerCase();
    const keys = loginKeys(actor, normalised);
    await this.refuseWhileLocked(actor, keys);
    const user = await this.dataSource.manager.findOneBy(User, { email: normalised });
    const ok = await verifyPassword(user?.passwordHash ?? (await dummyPasswordHash()), password);
    if (!user || !ok || !user.active) {
      await this.countFailure(keys);
      this.logger.warn(
        { requestId: actor.requestId, ip: actor.ip, userId: user?.id ?? null },
        'Login failed',
      );
      await this.audit.recordAlone(actor, {
        action: 'auth.login_failed',
        entityType: 'user',
        entityId: user?.id ?? null,
        changes: { reason: !user ? 'unknown_account' : !ok ? 'wrong_password' : 'deactivated' },
      });
      throw invalidCredentials();
    }
    await this.limiter.reset(keys);
    const loggedIn = { ...actor, userId: user.id, role: user.role };
    const tokens = await this.dataSource.transaction(async (manager) => {
      const pair = await this.issue(manager, user, randomUUID());
      await this.audit.record(manager, loggedIn, {
        action: 'auth.login',
        entityType: 'user',
        entityId: user.id,
      });
      return pair;
    });
    this.logger.log(
      { requestId: actor.requestId, ip: actor.ip, userId: user.id },
      'Login succeeded',
    );
    return tokens;
  }

  /**
   * Uses a refresh token once and issues the next in its family. A token already used or
   * revoked revokes the whole family: whoever holds the newer tokens is signed out too.
   */
  async refresh(actor: Actor, refreshToken: string): Promise<TokenPairDto> {
    const hash = hashRefreshToken(refreshToken);
    const outcome = await this.dataSource.transaction(async (manager) => {
      const [used] = (await manager.query(
        `UPDATE refresh_tokens SET used_at = now()
          WHERE token_hash = $1 AND used_at IS NULL AND revoked_at IS NULL AND expires_at > now()
          RETURNING user_id, family_id`,
        [hash],
      )) as [{ user_id: string; family_id: string }[], number];
      const row = used[0];
      if (row) {
        const user = await manager.findOneBy(User, { id: row.user_id });
        if (!user?.active) return { kind: 'invalid' as const };
        const pair = await this.issue(manager, user, row.family_id);
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
        await manager.query(
          `UPDATE refresh_tokens SET revoked_at = now() WHERE family_id = $1 AND revoked_at IS NULL`,
          [stale.familyId],
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
      await manager.query(
        `UPDATE refresh_tokens SET revoked_at = now() WHERE family_id = $1 AND revoked_at IS NULL`,
        [sessionId],
      );
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

  private async issue(manager: EntityManager, user: User, familyId: string): Promise<TokenPairDto> {
    const { token, hash } = newRefreshToken();
    await manager.insert(RefreshToken, {
      userId: user.id,
      familyId,
      tokenHash: hash,
      expiresAt: new Date(Date.now() + this.config.REFRESH_TOKEN_TTL_SECONDS * 1000),
    });
    const claims: AccessTokenClaims = {
      sub: user.id,
      role: user.role,
      sid: familyId,
      ep: user.tokenEpoch,
    };
    return {
      accessToken: await this.jwt.signAsync(claims, signOptions(this.config)),
      refreshToken: token,
      tokenType: 'Bearer',
      expiresIn: this.config.JWT_ACCESS_TTL_SECONDS,
    };
  }

  /**
   * After LOGIN_RATE_LIMIT_PER_MINUTE consecutive failures for the account or from the address
   * (within a minute of the first), further attempts answer 429 until the minute ends, whatever
   * the password. Counted in the database, so every instance shares the count.
   */
  private async refuseWhileLocked(actor: Actor, keys: readonly string[]): Promise<void> {
    const { hits, resetsInMs } = await this.limiter.peek(keys);
    if (hits < this.config.LOGIN_RATE_LIMIT_PER_MINUTE) return;
    // Audited as a 429 in the aggregated access.denied events, not one chain append each.
    this.logger.warn({ requestId: actor.requestId, ip: actor.ip }, 'Login rate limited');
    const seconds = Math.max(1, Math.ceil(resetsInMs / 1000));
    throw new RateLimitedError(seconds, `Too many failed sign-in attempts; retry in ${seconds} s`);
  }

  private async countFailure(keys: readonly string[]): Promise<void> {
    await Promise.all(keys.map((key) => this.limiter.hit(key, LOGIN_WINDOW_MS)));
  }
}
